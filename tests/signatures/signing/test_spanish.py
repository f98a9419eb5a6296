"""Signing in Spanish: forms, messages, pages and emails follow the signer's language."""

import pytest
from django.core import mail

from signatures.models import Signature
from tests.signatures.signing.helpers import (
    INDIVIDUAL,
    ORGANIZATION,
    html_of,
    link,
    run_worker,
    sign_url,
)

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_the_forms_are_in_spanish(client, letter):
    organization = client.get(sign_url(letter, "organization"), **SPANISH).content.decode()
    network = client.get(sign_url(letter, "network"), **SPANISH).content.decode()
    choose = client.get(f"/letters/{letter.slug}/sign/", **SPANISH).content.decode()

    assert '<html lang="es">' in organization
    assert "Firmar en nombre de una organización" in organization
    assert "Estoy autorizada o autorizado a firmar en nombre de esta organización." in organization
    assert "Aviso de privacidad" in organization
    assert "Mostrar mi nombre en la página pública" in organization
    assert '<option value="MX">México</option>' in organization
    assert "Organizaciones integrantes" in network
    assert "¿Cómo firmas?" in choose


def test_errors_are_explained_in_spanish(letter, sign):
    html = sign(letter, "individual", dict(INDIVIDUAL, email="no"), **SPANISH).content.decode()

    assert Signature.objects.count() == 0
    assert "Escribe una dirección de correo electrónico válida." in html  # tú, as Firmas speaks
    assert "Corrige los errores señalados abajo." in html


@pytest.mark.django_db(transaction=True)
def test_a_spanish_signer_gets_spanish_emails_and_pages(client, letter):
    client.post(sign_url(letter, "organization"), ORGANIZATION, **SPANISH)
    signature = Signature.objects.get()
    assert signature.email_language == "es"

    run_worker()

    message = mail.outbox[0]
    assert message.subject == "Confirma tu firma: Carta sobre las restricciones al asilo"
    assert "Gracias por firmar «Carta sobre las restricciones al asilo»" in message.body
    assert "Confirmar mi firma" in html_of(message)
    assert '<html lang="es">' in html_of(message)

    thanks = client.get(f"/letters/{letter.slug}/sign/thanks/", **SPANISH).content.decode()
    assert "Revisa tu correo para confirmar tu firma." in thanks
    confirm_page = client.get(link(message, "confirm"), **SPANISH).content.decode()
    assert "Confirmar mi firma" in confirm_page


def test_emails_follow_the_language_of_the_form_not_the_version_read(letter, sign):
    sign(letter, "individual", dict(INDIVIDUAL, language="es"))

    assert Signature.objects.get().language == "es"  # the version read
    assert mail.outbox[0].subject.startswith("Confirm your signature")  # the form was English
