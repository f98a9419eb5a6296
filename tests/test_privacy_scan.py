"""No public page, export or log line carries a signer's private details.

A letter is populated with signers whose contact emails, names, roles and notes
are distinctive, some of them not public at all (pending, rejected, withdrawn,
"delivered only"). Every public page and public export, in both languages, with
their headers, is scanned for those strings; then the signing and moderation
flows run with every logger at DEBUG, and no log record holds an email address.
"""

import logging
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from letters.models import LetterRole, LetterVersion
from signatures import tokens
from signatures.models import RateCount, Signature
from tests.signatures.signing.helpers import INDIVIDUAL, NETWORK, ORGANIZATION, link

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def private(tag):
    """Contact details no public page may show, each easy to find."""
    return {
        "email": f"zz-{tag}-contacto@privado.example",
        "contact_name": f"Zenaida Privada {tag.title()}",
        "contact_role": f"Cargo-Secreto-{tag}",
        "note": f"Nota-Secreta-{tag}",
    }


# Signatures the public may see, and the ones it may not (by status or choice).
PUBLIC = [
    ("organization", "Casa Monarca Pública", {}),
    ("individual", "Ana Hurtado Pública", {"title": "Investigadora"}),
]
HIDDEN = [
    ("organization", "Solo Entrega A.C.", {"visibility": "delivery_only"}),
    ("individual", "Defensora En Riesgo", {"visibility": "delivery_only"}),
    ("organization", "Pendiente Oculta", {"status": "pending"}),
    ("organization", "Sin Confirmar Oculta", {"status": "unconfirmed"}),
    ("organization", "Rechazada Oculta", {"status": "rejected"}),
    ("individual", "Retirada Oculta", {"status": "withdrawn"}),
]


@pytest.fixture
def letter(make_letter, make_signature):
    cache.clear()
    letter = make_letter(slug="carta-privada", title="Letter about privacy")
    LetterVersion.objects.create(
        letter=letter, language="es", title="Carta sobre la privacidad", body="Hola"
    )
    for number, (kind, name, extra) in enumerate(PUBLIC + HIDDEN):
        make_signature(letter, name, kind=kind, **private(f"s{number}"), **extra)
    make_signature(
        letter,
        "Red Pública de Defensoras",
        kind="network",
        members=[
            "Sin Fronteras",
            {"name": "Melissa Vertiz", "kind": "person", "role": "Secretaria"},
        ],
        **private("net"),
    )
    return letter


def secrets_of(letter):
    """Every private string of the letter's signers."""
    found = set()
    for signature in Signature.objects.filter(letter=letter):
        found |= {signature.email, signature.contact_name, signature.contact_role, signature.note}
        if signature.status != "approved" or signature.visibility != "public":
            found.add(signature.name)
    return {value for value in found if value}


def public_urls(letter):
    slug = letter.slug
    signature = Signature.objects.filter(letter=letter).first()
    urls = [
        reverse("home"),
        reverse("public:letter", args=[slug]),
        reverse("public:letter", args=[slug]) + "?page=2",
        reverse("public:embed", args=[slug]),
        reverse("public:badge", args=[slug]),
        reverse("exports:public_signatories", args=[slug, "json"]),
        reverse("exports:public_signatories", args=[slug, "csv"]),
        reverse("exports:public_count", args=[slug]),
        reverse("signing:sign", args=[slug]),
        reverse("signing:sign_organization", args=[slug]),
        reverse("signing:sign_individual", args=[slug]),
        reverse("signing:sign_network", args=[slug]),
        # A network that signed before: its last public list prefills the form.
        reverse("signing:sign_network", args=[slug]) + "?network=Red Pública de Defensoras",
        reverse("signing:thanks", args=[slug]),
        reverse("signing:link_sent", args=[slug]),
        reverse("login"),
        reverse("password_reset"),
        # Not found: a letter, a page, a forged link to a real signature.
        reverse("public:letter", args=["no-such-letter"]),
        f"/letters/{slug}/nothing-here/",
        reverse("signing:manage", args=[slug, signature.public_id, "1abc:forged"]),
        reverse("signing:confirm", args=[slug, signature.public_id, "1abc:forged"]),
    ]
    return [url + sep + lang for url in urls for sep, lang in _languages(url)]


def _languages(url):
    sep = "&" if "?" in url else "?"
    return [(sep, "lang=en"), (sep, "lang=es"), ("", "")]


def scan(response):
    """The body and headers of a response, as text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    return body.decode() + "\n" + headers


@pytest.mark.parametrize("accept_language", ["en", "es"])
def test_no_public_page_or_export_shows_private_details(client, letter, accept_language):
    secrets = secrets_of(letter)
    assert len(secrets) > 30
    pages = 0
    for url in public_urls(letter):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept_language)
        assert response.status_code in (200, 302, 404), url
        text = scan(response)
        leaked = {secret for secret in secrets if secret in text}
        assert leaked == set(), url
        assert not EMAIL.search(text.replace("firmas@localhost", "")), url
        pages += 1
    # The scan did read the public list: the public names are there.
    page = client.get(reverse("public:letter", args=[letter.slug])).content.decode()
    assert "Casa Monarca Pública" in page
    assert "Melissa Vertiz" in page
    assert pages == len(public_urls(letter))


def test_the_letter_page_metadata_shows_no_signer(client, letter):
    page = client.get(reverse("public:letter", args=[letter.slug])).content.decode()
    head = page.split("</head>")[0]

    assert 'property="og:title"' in head
    for secret in secrets_of(letter) | {"Casa Monarca Pública"}:
        assert secret not in head


def test_a_closed_and_a_delivered_letter_show_no_private_details(client, letter):
    from datetime import date

    from signatures.exports import delivery as lifecycle

    secrets = secrets_of(letter)
    lifecycle.deliver(letter, delivered_on=date(2024, 1, 15))
    for url in public_urls(letter):
        text = scan(client.get(url))
        assert {secret for secret in secrets if secret in text} == set(), url


# The flows, with every logger listening.


@pytest.fixture
def every_log(caplog):
    """caplog at DEBUG on every logger, including those that do not propagate."""
    caplog.set_level(logging.DEBUG)
    detached = []
    for name in ["django", "django.request", *logging.root.manager.loggerDict]:
        logger = logging.getLogger(name)
        caplog.set_level(logging.DEBUG, logger=name)
        if not logger.propagate:
            logger.addHandler(caplog.handler)
            detached.append(logger)
    yield caplog
    for logger in detached:
        logger.removeHandler(caplog.handler)


def log_text(caplog):
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_info or record.exc_text:
            lines.append(
                logging.Formatter().formatException(record.exc_info)
                if record.exc_info
                else record.exc_text
            )
        lines.extend(str(value) for value in vars(record).values())
    return "\n".join(lines)


def test_signing_and_moderating_log_no_email_address(
    client, letter, every_log, django_capture_on_commit_callbacks, settings, django_user_model
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.FIRMAS_SIGN_RATE_LIMIT = 3  # and one over the limit, logged as a 429

    def post(url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    # Signing, each kind; a duplicate; a bad form; over the rate limit.
    for kind, data in [("organization", ORGANIZATION), ("individual", INDIVIDUAL)]:
        assert post(reverse(f"signing:sign_{kind}", args=[letter.slug]), data).status_code == 302
    post(reverse("signing:sign_network", args=[letter.slug]), NETWORK)
    post(reverse("signing:sign_individual", args=[letter.slug]), dict(INDIVIDUAL, email="x@"))
    over = post(reverse("signing:sign_individual", args=[letter.slug]), INDIVIDUAL)
    assert over.status_code == 429
    signed = Signature.objects.filter(
        letter=letter, email__in=[ORGANIZATION["email"], INDIVIDUAL["email"]]
    )
    assert signed.count() == 2

    # Confirming, correcting, withdrawing and restoring from the emailed links.
    for message in list(mail.outbox):
        confirm = link(message, "confirm")
        if confirm:
            client.get(confirm)
            post(confirm)
    organization = signed.get(kind="organization")
    manage = reverse(
        "signing:manage",
        args=[letter.slug, organization.public_id, tokens.make_token(organization, tokens.MANAGE)],
    )
    client.get(manage)
    edit = {k: v for k, v in ORGANIZATION.items() if k not in {"email", "consent", "authorized"}}
    post(manage, dict(edit, city="Tijuana"))
    post(manage + "withdraw/")
    post(manage + "restore/")
    client.get(reverse("signing:manage", args=[letter.slug, organization.public_id, "x:y"]))

    # Moderating: the queue searched by email, approve, reject with a reason, edit, export.
    moderator = django_user_model.objects.create_user("moderadora", password="x")
    LetterRole.objects.create(letter=letter, user=moderator, role=LetterRole.Role.MODERATOR)
    client.force_login(moderator)
    queue = reverse("moderation:queue", args=[letter.slug])
    assert client.get(queue, {"q": INDIVIDUAL["email"]}).status_code == 200
    pending = list(Signature.objects.filter(letter=letter, status="pending"))
    assert pending
    bulk = reverse("moderation:bulk", args=[letter.slug])
    post(bulk, {"action": "approve", "scope": "selected", "ids": [pending[0].pk]})
    post(
        bulk,
        {
            "action": "reject",
            "scope": "selected",
            "ids": [s.pk for s in pending[1:]] or [pending[0].pk],
            "reason_code": "other",
            "reason_text": "duplicada, escribir a otra@privado.example",
        },
    )
    detail = reverse("moderation:detail", args=[letter.slug, organization.public_id])
    client.get(detail)
    post(detail + "edit/", {"name": "IMUMI corregida", "visibility": "public"})
    client.get(reverse("exports:index", args=[letter.slug]))
    export = post(reverse("exports:download", args=[letter.slug, "csv"]))
    # With contact details, by POST: the export has them, the logs must not.
    assert b"zz-s0-contacto@privado.example" in b"".join(export.streaming_content)
    client.get(reverse("moderation:log", args=[letter.slug]))

    # A mail server that refuses the connection, while someone signs.
    settings.EMAIL_BACKEND = "tests.signatures.signing.helpers.UnreachableMailServer"
    cache.clear()
    RateCount.objects.all().delete()  # under the rate limit again
    post(
        reverse("signing:sign_individual", args=[letter.slug]),
        dict(INDIVIDUAL, email="outage@privado.example", name="Durante el apagón"),
    )

    text = log_text(every_log)
    assert len(every_log.records) > 20  # the loggers did listen
    assert "429" in text or "Too Many Requests" in text
    assert EMAIL.findall(text) == []
    for secret in secrets_of(letter):
        if "@" in secret:
            assert secret not in text


# The three doors of imports: the team's import page, the command line and the network
# signing form's member boxes. Whatever contact details were typed or pasted into names,
# none reaches a public name, page or export once everything is approved.

CONTACTS = ["zz-puerta@privado.example", "+52 55 9876 5432", "www.redprivada.org"]
PHONE = re.compile(r"\+?\d[\d ().-]{7,}\d")


def test_no_door_of_imports_lets_a_contact_detail_into_a_public_name(
    client, letter, tmp_path, django_user_model, django_capture_on_commit_callbacks, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    moderator = django_user_model.objects.create_user("importadora", password="x")
    LetterRole.objects.create(letter=letter, user=moderator, role=LetterRole.Role.MODERATOR)
    email, phone, url = CONTACTS
    # The import page: a spreadsheet's rows, and a pasted list.
    client.force_login(moderator)
    start = reverse("importing:start", args=[letter.slug])
    sheet = (
        "Nombre;País\n"
        f"1. Colectivo Hoja {email};México\n"
        f"Brigada Hoja {phone};Guatemala\n"
        f"Centro Hoja ({url});Honduras\n"
    ).encode("cp1252")
    pasted = f"Organizaciones\n- Casa Pegada {email}\nRed Pegada: Uno {phone}, Dos {url}\n"
    for data in ({"file": SimpleUploadedFile("hoja.csv", sheet)}, {"text": pasted}):
        draft = client.post(start, data)
        commit = draft.url.rstrip("/") + "/commit/"
        assert client.post(commit, {"status": "approved"}).status_code == 302
    client.logout()
    # The command line.
    path = tmp_path / "lista.csv"
    path.write_text(f"Nombre,Correo\nAsociación Comando {phone},\n", encoding="utf-8")
    call_command("import_signatures", letter.slug, str(path), "--status", "approved")
    # The network form's member boxes, pasted from a sheet.
    members = f"Casa Miembro\tMéxico\t{email}\n7. Colectivo Miembro {phone}\nRed Miembro {url}\n"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("signing:sign_network", args=[letter.slug]),
            {**NETWORK, "email": "red-puerta@privado.example", "member_organizations": members},
        )
    Signature.objects.filter(letter=letter).exclude(status="approved").update(status="approved")

    names = list(Signature.objects.filter(letter=letter).values_list("name", "acronym", "title"))
    names += list(
        Signature.objects.filter(letter=letter, kind="network").values_list(
            "members__name", "members__role", "name"
        )
    )
    for values in names:
        for value in values:
            assert not any(detail in (value or "") for detail in CONTACTS), values
            assert not EMAIL.search(value or "") and not PHONE.search(value or ""), values
    page = client.get(reverse("public:letter", args=[letter.slug])).content.decode()
    assert "Colectivo Hoja" in page and "Casa Miembro" in page and "Asociación Comando" in page
    for url_ in public_urls(letter):
        text = scan(client.get(url_))
        assert email not in text and phone not in text, url_
        assert not EMAIL.search(text.replace("firmas@localhost", "")), url_


# After what moderators and operators do: each action, made through its own page, and
# then every public page scanned again (security review, "how it is checked").


def _team(letter, django_user_model):
    moderator = django_user_model.objects.create_user("moderadora-scan", password="x")
    LetterRole.objects.create(letter=letter, user=moderator, role=LetterRole.Role.MODERATOR)
    admin = django_user_model.objects.create_superuser("raiz-scan", "raiz@example.org", "x")
    return moderator, admin


def _sig(letter, name):
    return Signature.objects.get(letter=letter, name=name)


def admin_bulk_delete(client, letter, moderator, admin):
    """An operator deletes a public network's member with the admin's bulk action."""
    from signatures.models import Member

    member = Member.objects.get(name="Sin Fronteras")
    client.force_login(admin)
    response = client.post(
        reverse("admin:signatures_member_changelist"),
        {"action": "delete_selected", "_selected_action": [member.pk], "post": "yes"},
    )
    assert response.status_code == 302
    return "Sin Fronteras"


def merge_and_restore(client, letter, moderator, admin):
    """The delivery-only organization merged into a public one, then given back."""
    hidden, public = _sig(letter, "Solo Entrega A.C."), _sig(letter, "Casa Monarca Pública")
    client.force_login(moderator)
    merged = client.post(
        reverse("moderation:merge", args=[letter.slug, hidden.public_id, public.public_id]),
        {"keep": str(public.public_id)},
    )
    restored = client.post(
        reverse("moderation:bulk", args=[letter.slug]),
        {"action": "restore", "scope": "selected", "ids": [hidden.pk]},
    )
    assert merged.status_code == restored.status_code == 302
    hidden.refresh_from_db()
    assert hidden.merged_into is None
    return None


def attach(client, letter, moderator, admin):
    """The delivery-only organization placed in the public network's list."""
    hidden, network = _sig(letter, "Solo Entrega A.C."), _sig(letter, "Red Pública de Defensoras")
    client.force_login(moderator)
    client.post(
        reverse("moderation:attach", args=[letter.slug, hidden.public_id]),
        {"network_signature": network.pk, "role": ""},
    )
    return None


def visibility_edit(client, letter, moderator, admin):
    """A moderator asks, in the edit form, for the delivery-only signer to be public."""
    hidden = _sig(letter, "Defensora En Riesgo")
    client.force_login(moderator)
    client.post(
        reverse("moderation:edit", args=[letter.slug, hidden.public_id]),
        {"name": "Defensora En Riesgo", "visibility": "public"},
    )
    hidden.refresh_from_db()
    assert hidden.visibility == "delivery_only"
    return None


ACTIONS = [admin_bulk_delete, merge_and_restore, attach, visibility_edit]


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__)
def test_after_each_moderation_action_no_public_page_shows_private_details(
    client, letter, django_user_model, action
):
    secrets = secrets_of(letter)
    moderator, admin = _team(letter, django_user_model)
    for url in public_urls(letter):  # every page in the shared cache first
        client.get(url)

    gone = action(client, letter, moderator, admin)
    client.logout()

    for url in public_urls(letter):
        text = scan(client.get(url))
        assert {secret for secret in secrets if secret in text} == set(), url
        assert not EMAIL.search(text.replace("firmas@localhost", "")), url
    page = client.get(reverse("public:letter", args=[letter.slug])).content.decode()
    assert "Ana Hurtado Pública" in page  # the scan read the list
    if gone:
        assert gone not in page
