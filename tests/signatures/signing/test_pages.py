"""Every signing page honours the strict Content-Security-Policy; mail survives an outage."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from signatures.models import Signature
from tests.signatures.signing.helpers import (
    INDIVIDUAL,
    ORGANIZATION,
    link,
    run_worker,
    sign_url,
    thanks_url,
)
from tests.test_csp import assert_strict


def test_every_signing_page_satisfies_the_policy(client, letter, sign, settings, monkeypatch):
    sign(letter, "organization")
    message = mail.outbox[0]
    pages = [
        client.get(reverse("signing:sign", args=[letter.slug])),
        client.get(sign_url(letter, "organization")),
        client.get(sign_url(letter, "individual")),
        client.get(sign_url(letter, "network")),
        sign(letter, "individual", {"name": "", "email": "no"}),  # errors shown
        client.get(thanks_url(letter)),
        client.get(link(message, "confirm")),
        client.get(link(message, "manage")),
        client.get(link(message, "manage")[:-4] + "xx/"),  # not valid
    ]
    spanish = [
        client.get(sign_url(letter, kind), HTTP_ACCEPT_LANGUAGE="es")
        for kind in ["organization", "individual", "network"]
    ]
    settings.FIRMAS_SIGN_RATE_LIMIT = 1
    pages.append(sign(letter, "individual"))  # 429
    later = signing.time.time() + timedelta(days=400).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)
    pages.append(client.get(link(message, "manage")))  # expired
    monkeypatch.undo()
    letter.status = "closed"
    letter.save()
    pages.append(client.get(sign_url(letter, "organization")))

    assert [page.status_code for page in pages] == [200] * 8 + [404, 429, 410, 403]
    for page in pages + spanish:
        assert_strict(page)
    assert "Firmar la carta" in spanish[0].content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_outage_retries_the_email_later(client, letter, settings):
    settings.EMAIL_BACKEND = "tests.signatures.signing.helpers.UnreachableMailServer"
    client.post(sign_url(letter, "organization"), ORGANIZATION)

    run_worker()

    failed = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    assert failed.args_kwargs["args"][0] == "confirmation"
    assert retry.args_kwargs["args"][3] == 2  # the second attempt
    assert retry.run_after > timezone.now() + timedelta(minutes=1)
    assert Signature.objects.get().status == "unconfirmed"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert len(mail.outbox) == 1
    assert link(mail.outbox[0], "confirm")


@pytest.mark.django_db
def test_the_empty_form_comes_from_the_cache_without_reading_the_letter_and_still_signs(letter):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    url = sign_url(letter, "individual")
    Client().get(url)
    reader = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as captured:
        html = reader.get(url).content.decode()
    # One primary-key read of the letter's list version (letters.listversion), nothing else.
    read = [q["sql"] for q in captured if "letters_" in q["sql"] or "signatures_" in q["sql"]]
    assert len(read) == 1 and 'FROM "letters_listversion"' in read[0], read

    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = reader.post(url, {**INDIVIDUAL, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Signature.objects.get().email == INDIVIDUAL["email"]


@pytest.mark.django_db
def test_a_name_typed_like_the_token_placeholder_stays_text_in_the_cached_form(
    letter, make_signature
):
    """Security review, finding 15: the cached form is split only where the token goes,
    at a placeholder made for each rendering, never at text a signer chose."""
    from django.test import Client

    from signatures.signing.service import network_named

    typed = "Red firmas-csrf-token-placeholder"
    network = make_signature(letter, typed, kind="network", members=["Sin Fronteras"])
    network.network = network_named(typed)
    network.save()
    url = sign_url(letter, "organization")
    Client().get(url)  # renders it into the cache

    for _ in range(2):
        reader = Client(enforce_csrf_checks=True)
        html = reader.get(url).content.decode()
        token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

        assert typed in html  # not cut where a token was put in
        assert f"Red {token}" not in html
        assert html.count("firmas-csrf-") == html.count(typed)  # no placeholder left


@pytest.mark.django_db
def test_a_closed_letters_form_is_not_served_from_the_cache(client, letter):
    url = sign_url(letter, "individual")
    client.get(url)
    letter.close()

    assert client.get(url).status_code == 403
