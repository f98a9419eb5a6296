"""Persona data and helpers for the signing tests; fixtures are in conftest.py."""

import re
import signal

from django.core.management import call_command
from django.urls import reverse

ORGANIZATION = {
    "name": "Instituto para las Mujeres en la Migración",
    "acronym": "IMUMI",
    "country": "MX",
    "city": "Ciudad de México",
    "website": "https://imumi.example",
    "new_networks": "",
    "contact_name": "Gretchen Contacto",
    "contact_role": "Directora",
    "email": "gretchen@imumi.example",
    "note": "Private note: please list us under GTPM.",
    "visibility": "public",
    "language": "es",
    "authorized": "on",
    "consent": "on",
}

INDIVIDUAL = {
    "name": "Xóchitl Rodríguez Quintero",
    "title": "Investigadora",
    "country": "MX",
    "email": "xochitl@example.org",
    "note": "",
    "visibility": "public",
    "language": "en",
    "consent": "on",
}

NETWORK = {
    "name": "Grupo de Trabajo sobre Política Migratoria",
    "acronym": "GTPM",
    "website": "https://gtpm.example",
    "member_organizations": (
        "Aldeas Infantiles SOS México, I.A.P.\n"
        "IDC International Detention Coalition, Observadoras\n"
        "Sin Fronteras"
    ),
    "member_people": "Melissa Vertiz, Secretaria Técnica",
    "contact_name": "Representante Privada",
    "email": "secretaria@gtpm.example",
    "note": "",
    "visibility": "public",
    "language": "es",
    "consent": "on",
}

PERSONAS = {"organization": ORGANIZATION, "individual": INDIVIDUAL, "network": NETWORK}


def sign_url(letter, kind):
    return reverse(f"signing:sign_{kind}", args=[letter.slug])


def thanks_url(letter):
    return reverse("signing:thanks", args=[letter.slug])


def run_worker():
    """Runs the real database task worker until the queue is empty."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        # The worker installs its own shutdown handlers; give pytest its own back.
        for number, handler in handlers.items():
            signal.signal(number, handler)


_LINK = re.compile(r"https?://\S+/letters/[-\w]+/signatures/[-0-9a-f]{36}/(confirm|manage)/\S+/")


def link(message, purpose):
    """The path of the `purpose` ("confirm" or "manage") link in an email's text."""
    for match in _LINK.finditer(message.body):
        if match.group(1) == purpose:
            return "/" + match.group(0).split("/", 3)[3]
    return None


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def public_html(client, letter, **params):
    return client.get(reverse("public:letter", args=[letter.slug]), params).content.decode()


class UnreachableMailServer:
    """An email backend whose server refuses connections, as smtplib would report it."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")
