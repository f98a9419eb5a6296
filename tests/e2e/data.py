"""Letters and signatures the end-to-end tests start from."""

import os
import re
from pathlib import Path

from django.core.management import call_command

from letters.models import Letter, LetterRole, LetterVersion
from signatures.models import Network, Signature
from tests.factories import create_signature

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "mexico-asylum-letter-2023-12-18.txt"
SAMPLE_SLUG = "mexico-asylum-letter-2023-12-18"
SAMPLE_TITLE = "Letter to the Secretary of Foreign Affairs of Mexico on U.S. asylum restrictions"

# Of every user the tests make; they log in with it through the login form.
PASSWORD = "correct horse battery"

SPANISH_BODY = """Las organizaciones firmantes expresamos nuestra preocupación por las
negociaciones que podrían restringir gravemente los derechos de las personas en
movilidad en México.

1. **El asilo es un derecho.** Pedimos que se respete el principio de no devolución.
2. **La detención no es la respuesta.** Pedimos alternativas comunitarias.
"""


def sample_letter():
    """The real sample letter (about a hundred organizations, three networks), open,
    with a Spanish version beside the English original."""
    with open(os.devnull, "w") as quiet:
        call_command(
            "import_letter",
            str(SAMPLE),
            slug=SAMPLE_SLUG,
            title=SAMPLE_TITLE,
            status="open",
            stdout=quiet,
        )
    letter = Letter.objects.get(slug=SAMPLE_SLUG)
    LetterVersion.objects.create(
        letter=letter,
        language="es",
        title="Carta a la Secretaria de Relaciones Exteriores sobre las restricciones al asilo",
        recipient="**Alicia Bárcena Ibarra**  \n*Secretaria de Relaciones Exteriores*",
        body=SPANISH_BODY,
        closing="Atentamente,",
    )
    return letter


def small_letter(slug="carta-abierta", status="open", **options):
    """A short letter in English and Spanish; signers confirm, moderators approve."""
    letter = Letter.objects.create(slug=slug, status=status, **options)
    LetterVersion.objects.create(
        letter=letter,
        language="en",
        is_original=True,
        title="Open letter on the right to asylum",
        recipient="**The Secretary of Foreign Affairs**",
        body="We, the undersigned organizations, ask you to protect the right to asylum.",
        closing="Sincerely,",
    )
    LetterVersion.objects.create(
        letter=letter,
        language="es",
        title="Carta abierta sobre el derecho al asilo",
        recipient="**Secretaría de Relaciones Exteriores**",
        body="Las organizaciones firmantes pedimos que se proteja el derecho al asilo.",
        closing="Atentamente,",
    )
    return letter


def signature(letter, name, kind="organization", members=(), **fields):
    """A signature, approved and public unless told otherwise."""
    if kind == Signature.Kind.NETWORK:
        fields.setdefault("network", Network.objects.get_or_create(name=name)[0])
    fields.setdefault("email", re.sub(r"\W+", ".", name.lower()).strip(".") + "@example.org")
    return create_signature(letter, name, kind, members, **fields)


def user_with_role(django_user_model, letter, username, role):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD
    )
    LetterRole.objects.create(letter=letter, user=user, role=role)
    return user
