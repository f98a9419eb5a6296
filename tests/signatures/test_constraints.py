"""The database itself guards the invariants, whatever the code above it does."""

import pytest
from django.db import IntegrityError, transaction

from letters.models import Letter, LetterRole, LetterVersion
from signatures.models import Member, Network, Signature

pytestmark = pytest.mark.django_db


def violates(constraint, create):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    assert constraint in str(error.value)


def test_letter_slugs_are_unique(make_letter):
    make_letter(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(slug="same")


def test_letter_status_must_be_known(make_letter):
    violates("letter_status_valid", lambda: Letter.objects.create(slug="x", status="lost"))


def test_a_letter_has_one_version_per_language_and_one_original(make_letter):
    letter = make_letter(language="en")
    violates(
        "letterversion_one_per_language",
        lambda: LetterVersion.objects.create(letter=letter, language="en", title="t", body="b"),
    )
    violates(
        "letterversion_one_original",
        lambda: LetterVersion.objects.create(
            letter=letter, language="es", title="t", body="b", is_original=True
        ),
    )


def test_one_signature_per_letter_kind_and_email_ignoring_case(make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Casa Monarca", email="Contacto@Example.org")

    violates(
        "signature_one_per_letter_kind_email",
        lambda: make_signature(letter, "Casa Monarca AC", email="contacto@example.ORG"),
    )
    # The same email may sign as an individual too, and sign another letter.
    make_signature(letter, "Ana Hurtado", kind="individual", email="contacto@example.org")
    make_signature(make_letter(slug="other"), "Casa Monarca", email="contacto@example.org")
    # Signatures without an email (imported, received on paper) are not constrained.
    make_signature(letter, "Paper One")
    make_signature(letter, "Paper Two")
    assert Signature.objects.filter(email__iexact="contacto@example.org").count() == 3


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("kind", "robot", "signature_kind_valid"),
        ("status", "maybe", "signature_status_valid"),
        ("visibility", "secret", "signature_visibility_valid"),
        ("name", "", "signature_name_not_blank"),
    ],
)
def test_signature_fields_take_only_known_values(make_letter, field, value, constraint):
    letter = make_letter()
    fields = {"kind": "organization", "name": "Org", field: value}
    violates(constraint, lambda: Signature.objects.create(letter=letter, **fields))


def test_only_lead_signatories_have_a_lead_order(make_letter, make_signature):
    letter = make_letter()
    violates(
        "signature_lead_order_only_for_leads",
        lambda: make_signature(letter, "Org", is_lead=False, lead_order=1),
    )
    assert make_signature(letter, "Lead", is_lead=True, lead_order=1).pk


def test_network_members_have_unique_positions(make_letter, make_signature):
    network = make_signature(make_letter(), "GTPM", kind="network", members=["CELS"])
    violates(
        "member_unique_position",
        lambda: Member.objects.create(network_signature=network, position=1, name="CAREF"),
    )


def test_network_names_are_unique_ignoring_case(db):
    Network.objects.create(name="Grupo de Trabajo sobre Política Migratoria")
    violates(
        "network_name_unique_ci",
        lambda: Network.objects.create(name="GRUPO DE TRABAJO SOBRE POLÍTICA MIGRATORIA"),
    )


def test_a_user_has_one_role_per_letter(make_letter, django_user_model):
    letter = make_letter()
    user = django_user_model.objects.create_user("mod")
    LetterRole.objects.create(letter=letter, user=user, role="moderator")
    violates(
        "letterrole_one_per_user",
        lambda: LetterRole.objects.create(letter=letter, user=user, role="owner"),
    )


def test_the_sort_key_follows_the_name(make_letter, make_signature):
    signature = make_signature(make_letter(), "Árbol")
    signature.name = "Zapote"
    signature.save(update_fields=["name"])
    signature.refresh_from_db()

    assert signature.sort_name.startswith("zapote")
