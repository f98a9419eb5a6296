"""Merging duplicates: one signature kept, the other marked merged, networks moved, all audited."""

import pytest
from django.urls import reverse

from signatures.models import Member, MergeError, Network, Signature, SignatureEvent
from signatures.public.listing import build_signatory_list

pytestmark = pytest.mark.django_db


def merge_url(letter, first, second):
    return reverse("moderation:merge", args=[letter.slug, first.public_id, second.public_id])


@pytest.fixture
def imumi_twice(letter, signature, make_signature):
    """IMUMI signed twice; the short one is declared in GIE and listed by GTPM."""
    gie = Network.objects.create(name="Grupo de Identidad y Educación")
    short = signature("IMUMI", email="imumi@example.org")
    short.member_of.add(gie)
    long = signature("Instituto para las Mujeres en la Migración AC (IMUMI)", status="approved")
    gtpm = make_signature(
        letter, "GTPM", kind="network", members=["Sin Fronteras", "IMUMI"], status="approved"
    )
    Member.objects.filter(network_signature=gtpm, name="IMUMI").update(signature=short)
    return short, long, gtpm, gie


def test_merging_keeps_one_and_moves_the_networks_of_the_other(
    as_user, moderator, letter, imumi_twice
):
    short, long, gtpm, gie = imumi_twice
    response = as_user(moderator).post(
        merge_url(letter, short, long),
        {"keep": str(long.public_id), "reason_text": "Same institute, two forms"},
    )

    assert response.status_code == 302
    short.refresh_from_db()
    assert (short.status, short.merged_into) == ("rejected", long)
    assert Signature.objects.filter(pk=short.pk).exists()  # kept for the audit trail
    assert list(long.member_of.all()) == [gie]
    assert list(short.member_of.all()) == []
    assert Member.objects.get(network_signature=gtpm, name="IMUMI").signature == long
    long.refresh_from_db()
    assert long.status == "approved"


def test_the_merge_is_recorded_on_both_with_before_and_after(
    as_user, moderator, letter, imumi_twice
):
    short, long, gtpm, gie = imumi_twice
    as_user(moderator).post(
        merge_url(letter, short, long),
        {"keep": str(long.public_id), "reason_text": "Same institute, two forms"},
    )

    gone = SignatureEvent.objects.get(signature=short, action="merged")
    kept = SignatureEvent.objects.get(signature=long, action="merged")
    assert (gone.actor, kept.actor) == (moderator, moderator)
    assert gone.reason == kept.reason == "Same institute, two forms"
    assert (gone.from_status, gone.to_status) == ("pending", "rejected")
    assert gone.changes["merged_into"] == [None, f"{long.display_name} (#{long.pk})"]
    assert gone.changes["member_of"] == [["Grupo de Identidad y Educación"], []]
    assert gone.changes["memberships"] == [["GTPM"], []]
    assert kept.changes["merged"] == [None, f"IMUMI (#{short.pk})"]
    assert kept.changes["member_of"] == [[], ["Grupo de Identidad y Educación"]]
    assert kept.changes["memberships"] == [[], ["GTPM"]]


def test_the_page_compares_both_and_suggests_keeping_the_approved_one(
    as_user, moderator, letter, imumi_twice
):
    short, long, _gtpm, _gie = imumi_twice
    response = as_user(moderator).get(merge_url(letter, short, long))

    html = response.content.decode()
    assert response.status_code == 200
    assert "imumi@example.org" in html
    assert response.context["form"].initial["keep"] == str(long.public_id)
    assert not SignatureEvent.objects.filter(action="merged").exists()


def test_after_the_merge_the_public_list_names_the_organization_once(
    as_user, moderator, letter, imumi_twice
):
    short, long, gtpm, _gie = imumi_twice
    short.approve()
    as_user(moderator).post(merge_url(letter, short, long), {"keep": str(long.public_id)})

    entries = build_signatory_list(Signature.objects.filter(letter=letter).public())
    names = [entry.name for entry in entries.organizations]
    assert names == ["GTPM", "Instituto para las Mujeres en la Migración AC (IMUMI)"]


def test_a_signature_of_another_letter_cannot_be_merged(
    as_user, moderator, letter, other_letter, signature
):
    ours = signature("IMUMI")
    theirs = signature("IMUMI", letter=other_letter)
    response = as_user(moderator).post(merge_url(letter, ours, theirs), {"keep": str(ours.pk)})

    assert response.status_code == 404
    assert Signature.objects.get(pk=theirs.pk).merged_into is None


def test_an_individual_and_an_organization_are_not_merged(as_user, moderator, letter, signature):
    person = signature("Leticia Calderón", kind="individual")
    organization = signature("Leticia Calderón")
    response = as_user(moderator).post(
        merge_url(letter, person, organization), {"keep": str(organization.public_id)}, follow=True
    )

    assert "An individual and an organization cannot be merged." in response.content.decode()
    assert Signature.objects.get(pk=person.pk).status == "pending"
    assert not SignatureEvent.objects.exists()


def test_merging_into_itself_or_into_a_merged_one_is_refused(letter, signature):
    a, b, c = signature("IMUMI"), signature("IMUMI A.C."), signature("IMUMI (México)")
    with pytest.raises(MergeError):
        a.merge_into(a)
    b.merge_into(c)
    with pytest.raises(MergeError):
        a.merge_into(b)
    assert Signature.objects.get(pk=a.pk).status == "pending"


def test_restoring_a_merged_signature_clears_the_merge(as_user, moderator, letter, signature):
    a, b = signature("IMUMI"), signature("IMUMI A.C.")
    a.merge_into(b, by=moderator)
    as_user(moderator).post(
        reverse("moderation:bulk", args=[letter.slug]),
        {"action": "restore", "scope": "selected", "ids": [a.pk]},
    )

    a.refresh_from_db()
    assert (a.status, a.merged_into) == ("pending", None)
    restored = SignatureEvent.objects.get(signature=a, action="restored")
    assert restored.changes == {"merged_into": [b.pk, None]}


def _state(*signatures):
    """What a merge moves: each signature's declared networks and the list links to it."""
    return {
        signature.pk: (
            sorted(signature.member_of.values_list("name", flat=True)),
            sorted(Member.objects.filter(signature=signature).values_list("pk", flat=True)),
        )
        for signature in signatures
    }


@pytest.mark.parametrize("restore", ["from the queue", "one signature"])
def test_restoring_a_merged_signature_gives_back_what_the_merge_moved(
    as_user, moderator, letter, imumi_twice, make_signature, restore
):
    """Security review, finding 12: the restore is the exact inverse of the merge, for
    the declared networks and the network-list links, and it is audited on both."""
    short, long, gtpm, gie = imumi_twice
    shared = Network.objects.create(name="Red Compartida")
    own = Network.objects.create(name="Red Propia")
    short.member_of.add(shared)
    long.member_of.add(shared, own)
    redlac = make_signature(letter, "REDLAC", kind="network", members=["IMUMI AC"])
    Member.objects.filter(network_signature=redlac).update(signature=long)
    before = _state(short, long)
    public_before = [e.text for e in build_signatory_list(Signature.objects.public()).organizations]
    client = as_user(moderator)

    client.post(merge_url(letter, short, long), {"keep": str(long.public_id)})
    assert _state(short, long) != before
    if restore == "one signature":
        Signature.objects.get(pk=short.pk).move("reconsider", by=moderator)
    else:
        client.post(
            reverse("moderation:bulk", args=[letter.slug]),
            {"action": "restore", "scope": "selected", "ids": [short.pk]},
        )

    assert _state(short, long) == before
    short.refresh_from_db()
    assert (short.status, short.merged_into) == ("pending", None)
    public = [e.text for e in build_signatory_list(Signature.objects.public()).organizations]
    assert public == public_before
    restored = SignatureEvent.objects.get(signature=short, action="restored")
    assert restored.changes["member_of"] == [
        [],
        ["Grupo de Identidad y Educación", "Red Compartida"],
    ]
    assert restored.changes["memberships"] == [[], ["GTPM"]]
    given_back = SignatureEvent.objects.get(signature=long, action="restored")
    assert given_back.changes["merged"] == [f"IMUMI (#{short.pk})", None]
    assert given_back.changes["member_of"] == [
        ["Grupo de Identidad y Educación", "Red Compartida", "Red Propia"],
        ["Red Compartida", "Red Propia"],
    ]
    assert given_back.changes["memberships"] == [["GTPM", "REDLAC"], ["REDLAC"]]
    assert (given_back.from_status, given_back.to_status) == ("approved", "approved")
    history = client.get(reverse("moderation:detail", args=[letter.slug, short.public_id]))
    assert "added_to_kept" not in history.content.decode()  # the ids are for the restore


@pytest.fixture
def alianza_twice(signature):
    """Alianza Americas imported bare, and again through the form with its details."""
    imported = signature("Alianza Americas", origin="import", status="approved", acronym="AA")
    new = signature(
        "Alianza Americas", country="US", email="info@alianza.example", contact_name="Rosa"
    )
    return imported, new


def test_the_merge_page_shows_both_records_field_by_field_before_anything_is_lost(
    as_user, moderator, letter, alianza_twice
):
    imported, new = alianza_twice
    html = as_user(moderator).get(merge_url(letter, imported, new)).content.decode()

    assert "What the kept signature holds" in html
    assert "info@alianza.example" in html and "(empty)" in html
    assert 'name="take_country"' in html and 'name="take_acronym"' in html
    assert 'name="take_name"' not in html  # the same on both: nothing to choose


def test_merging_keeps_what_is_filled_from_both_by_default(
    as_user, moderator, letter, alianza_twice
):
    imported, new = alianza_twice
    response = as_user(moderator).post(
        merge_url(letter, imported, new), {"keep": str(imported.public_id)}
    )

    kept, merged = Signature.objects.get(pk=imported.pk), Signature.objects.get(pk=new.pk)
    assert response.status_code == 302
    assert response.url == reverse("moderation:duplicates", args=[letter.slug])
    assert (kept.country, kept.email, kept.contact_name, kept.acronym) == (
        "US",
        "info@alianza.example",
        "Rosa",
        "AA",
    )
    # The address moved: one address signs a letter once per kind. Its merge says so.
    assert merged.email == ""
    merge_event = merged.events.get(action=SignatureEvent.Action.MERGED)
    assert merge_event.changes["email"] == ["info@alianza.example", ""]
    edit = kept.events.get(action=SignatureEvent.Action.EDITED)
    assert edit.changes["country"] == ["", "US"]
    assert edit.actor == moderator


def test_the_moderator_chooses_field_by_field(as_user, moderator, letter, signature):
    first = signature("CAFAMI", acronym="CAFAMI", country="MX")
    second = signature("Casa de Acogida, Formación y Empoderamiento", country="US")
    as_user(moderator).post(
        merge_url(letter, first, second),
        {"keep": str(first.public_id), "take_name": "1", "take_country": "0"},
    )

    kept = Signature.objects.get(pk=first.pk)
    assert kept.name == "Casa de Acogida, Formación y Empoderamiento"
    assert (kept.acronym, kept.country) == ("CAFAMI", "MX")  # nothing dropped unchosen


def test_a_delivered_only_duplicate_keeps_the_merged_signature_off_the_public_page(
    as_user, moderator, letter, signature
):
    public = signature("Sin Fronteras", status="approved")
    private = signature("Sin Fronteras IAP", visibility="delivery_only")
    as_user(moderator).post(merge_url(letter, public, private), {"keep": str(public.public_id)})

    assert Signature.objects.get(pk=public.pk).visibility == "delivery_only"
