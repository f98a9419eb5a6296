from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from signatures.models import Signature, SignatureEvent
from signatures.retention import ERASED
from tests.factories import past_event
from tests.pages import entries

pytestmark = pytest.mark.django_db

PRIVATE = {
    "email": "defensora@example.org",
    "contact_name": "Defensora Privada",
    "contact_role": "Coordinadora",
    "note": "Please call before publishing",
}


def purge(*args):
    out = StringIO()
    call_command("purge_contacts", *args, stdout=out)
    return out.getvalue()


def test_purging_a_delivered_letter_erases_contacts_and_keeps_the_public_list(
    client, make_letter, make_signature
):
    letter = make_letter(status="delivered")
    signature = make_signature(letter, "Casa Monarca", **PRIVATE)
    signature.events.create(
        action=SignatureEvent.Action.EDITED,
        changes={"email": ["old@example.org", PRIVATE["email"]], "name": ["Casa", "Casa Monarca"]},
    )
    make_signature(letter, "Ana Hurtado", kind="individual", email="ana@example.org")
    url = reverse("public:letter", args=[letter.slug])
    listed_before = entries(client.get(url))

    output = purge(letter.slug)

    signature.refresh_from_db()
    assert "2 signatures" in output
    assert (signature.email, signature.contact_name, signature.contact_role, signature.note) == (
        "",
        "",
        "",
        "",
    )
    assert signature.name == "Casa Monarca" and signature.status == Signature.Status.APPROVED
    changes = signature.events.get(action="edited").changes
    assert changes == {"email": [ERASED, ERASED], "name": ["Casa", "Casa Monarca"]}
    assert not Signature.objects.filter(letter=letter).exclude(email="").exists()
    assert entries(client.get(url)) == listed_before == ["Casa Monarca", "Ana Hurtado"]


def test_an_undelivered_letter_cannot_be_purged(make_letter, make_signature):
    letter = make_letter(status="open")
    signature = make_signature(letter, "Casa Monarca", **PRIVATE)

    with pytest.raises(CommandError, match="delivered"):
        purge(letter.slug)

    signature.refresh_from_db()
    assert signature.email == PRIVATE["email"]


def test_purge_needs_a_letter_or_withdrawn_but_not_both(make_letter):
    with pytest.raises(CommandError):
        purge()
    with pytest.raises(CommandError):
        purge(make_letter().slug, "--withdrawn")
    with pytest.raises(CommandError, match="No letter"):
        purge("no-such-letter")


def test_withdrawn_contacts_are_erased_after_the_grace_period(
    settings, make_letter, make_signature
):
    settings.FIRMAS_WITHDRAWN_GRACE_DAYS = 30
    letter = make_letter()
    old = make_signature(letter, "Old Withdrawal", status="withdrawn", **PRIVATE)
    recent = make_signature(
        letter, "Recent Withdrawal", status="withdrawn", email="recent@example.org"
    )
    make_signature(letter, "Still Signed", email="active@example.org")
    for signature, days in [(old, 31), (recent, 29)]:
        past_event(signature, SignatureEvent.Action.WITHDRAWN, days)

    output = purge("--withdrawn")

    assert "1 withdrawn" in output
    emails = dict(Signature.objects.values_list("name", "email"))
    assert emails == {
        "Old Withdrawal": "",
        "Recent Withdrawal": "recent@example.org",
        "Still Signed": "active@example.org",
    }
    assert Signature.objects.get(pk=old.pk).contact_name == ""


def test_a_signer_who_withdrew_again_keeps_their_contact_for_the_grace_period(
    settings, make_letter, make_signature
):
    """Security review, finding 11: the grace period runs from the latest withdrawal."""
    settings.FIRMAS_WITHDRAWN_GRACE_DAYS = 30
    letter = make_letter()
    signature = make_signature(letter, "Volvió y se fue", status="approved", **PRIVATE)
    for action, days in [("withdrawn", 40), ("restored", 35), ("withdrawn", 0)]:
        past_event(signature, action, days)
    Signature.objects.filter(pk=signature.pk).update(status="withdrawn")

    output = purge("--withdrawn")

    assert "0 withdrawn" in output
    signature.refresh_from_db()
    assert (signature.email, signature.contact_name) == (PRIVATE["email"], PRIVATE["contact_name"])

    later = timezone.now() + timedelta(days=31)
    from signatures.retention import purge_withdrawn

    assert purge_withdrawn(now=later) == 1
    signature.refresh_from_db()
    assert signature.email == ""
