"""Each signature keeps the text its signer read; an amendment after people signed makes
a new version, says so on the public page, and emails the earlier signers only when the
owner chooses to."""

import pytest
from django.core import mail
from django.urls import reverse

from letters.authoring import texts
from letters.models import LetterRole
from signatures import tokens
from signatures.models import Signature
from signatures.tasks import send_amendment_emails
from tests.letters.authoring.helpers import current_text, edit_data, edit_url
from tests.signatures.signing.helpers import INDIVIDUAL, ORGANIZATION, sign_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(django_user_model, letter):
    user = django_user_model.objects.create_user("duena", "duena@example.org", "x")
    LetterRole.objects.create(letter=letter, user=user, role=LetterRole.Role.OWNER)
    return user


def amend(client, letter, body, **extra):
    english = {**current_text(letter, "en"), "body": body}
    spanish = current_text(letter, "es")
    return client.post(edit_url(letter), edit_data(letter, {"en": english, "es": spanish}, **extra))


def test_a_signature_records_the_text_its_signer_was_given(post, letter):
    post(sign_url(letter, "organization"), ORGANIZATION)

    signature = Signature.objects.get()
    assert signature.revision == texts.current_revision(letter)
    assert signature.revision.number == 1
    assert signature.revision.texts["en"]["body"] == "We, the undersigned, ask you to act."


def test_amending_a_signed_text_makes_a_new_version_and_keeps_the_old(
    post, client, letter, owner, django_capture_on_commit_callbacks
):
    post(sign_url(letter, "organization"), ORGANIZATION)
    client.force_login(owner)

    response = amend(client, letter, "We, the undersigned, ask you to act today.", note="Urgency")

    assert response.status_code == 302
    first, second = letter.revisions.order_by("number")
    assert (first.number, second.number, second.note) == (1, 2, "Urgency")
    assert first.texts["en"]["body"] == "We, the undersigned, ask you to act."
    assert second.texts["en"]["body"] == "We, the undersigned, ask you to act today."
    assert Signature.objects.get().revision == first
    assert mail.outbox[-1].to == [ORGANIZATION["email"]]  # their receipt, nothing more
    assert len(mail.outbox) == 1

    client.logout()
    post(sign_url(letter, "individual"), INDIVIDUAL)
    assert Signature.objects.get(kind="individual").revision == second


def test_editing_a_text_nobody_signed_changes_it_in_place(client, letter, owner):
    client.force_login(owner)

    amend(client, letter, "A better first draft.")

    assert letter.revisions.get().texts["en"]["body"] == "A better first draft."


def test_the_public_page_says_amended_with_what_changed(post, client, letter, owner):
    post(sign_url(letter, "organization"), ORGANIZATION)
    client.force_login(owner)
    amend(client, letter, "We, the undersigned, ask you to act <today>.")
    client.logout()

    page = client.get(letter.get_absolute_url()).content.decode()

    assert "Amended on" in page
    assert "ask you to <del>act.</del><ins>act &lt;today&gt;.</ins>" in page
    assert "<today>" not in page


def test_the_team_sees_which_version_each_signer_signed(post, client, letter, owner):
    post(sign_url(letter, "organization"), ORGANIZATION)
    client.force_login(owner)
    amend(client, letter, "An amended text.")
    signature = Signature.objects.get()

    detail = client.get(reverse("moderation:detail", args=[letter.slug, signature.public_id]))
    earlier = client.get(reverse("letters:authoring:revision", args=[letter.slug, 1]))
    versions = client.get(reverse("letters:authoring:revisions", args=[letter.slug]))

    assert "Version 1" in detail.content.decode()
    assert "We, the undersigned, ask you to act." in earlier.content.decode()
    assert "An amended text." not in earlier.content.decode()
    rows = [(revision.number, count) for revision, count in versions.context["rows"]]
    assert rows == [(2, 0), (1, 1)]


def test_signers_of_earlier_texts_are_emailed_only_when_the_owner_chooses(
    post, client, letter, owner, django_capture_on_commit_callbacks
):
    post(sign_url(letter, "organization"), ORGANIZATION)
    withdrawn = Signature.objects.get()
    post(sign_url(letter, "individual"), INDIVIDUAL)
    Signature.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        amend(client, letter, "We ask you to act now.")
    assert len(mail.outbox) == 2  # the two receipts: no amendment email
    earlier = Signature.objects.get(kind="individual")

    with django_capture_on_commit_callbacks(execute=True):
        response = amend(client, letter, "We ask you to act at once.", notify="on", note="Sooner")

    assert response.status_code == 302
    assert letter.revisions.count() == 2  # nobody had signed the amendment: corrected in place
    sent = mail.outbox[2:]
    assert [message.to for message in sent] == [[INDIVIDUAL["email"]]]
    body = sent[0].body
    assert "amended" in sent[0].subject
    assert "Sooner" in body
    assert "[-act.-]{+act at once.+}" in body
    assert f"/signatures/{earlier.public_id}/manage/" in body
    html = sent[0].alternatives[0][0]
    assert "<ins>" in html and "<del>" in html


def test_signers_of_the_amended_text_itself_get_no_amendment_email(post, client, letter, owner):
    """Someone who signs between the amendment and the worker's run read the new text."""
    post(sign_url(letter, "organization"), ORGANIZATION)
    client.force_login(owner)
    amend(client, letter, "We ask you to act now.")  # not notified yet
    client.logout()
    post(sign_url(letter, "individual"), INDIVIDUAL)
    mail.outbox.clear()

    sent = send_amendment_emails.call(texts.current_revision(letter).pk)

    assert sent == 1
    assert [message.to for message in mail.outbox] == [[ORGANIZATION["email"]]]


def test_a_signer_of_an_earlier_text_is_told_on_their_own_page(post, client, letter, owner):
    post(sign_url(letter, "organization"), ORGANIZATION)
    signature = Signature.objects.get()
    manage = reverse(
        "signing:manage",
        args=[letter.slug, signature.public_id, tokens.make_token(signature, tokens.MANAGE)],
    )
    assert "it was amended since" not in client.get(manage).content.decode()
    client.force_login(owner)
    amend(client, letter, "An amended text.")
    client.logout()

    assert "it was amended since" in client.get(manage).content.decode()


def test_a_letter_with_signatures_is_kept_whole_with_the_texts_they_signed(post, letter):
    """Its signatures' trail is never deleted (security review, finding 13), so neither
    is the letter, nor the texts its signers were given."""
    from django.db.models import ProtectedError

    from letters.authoring.revisions import LetterRevision

    post(sign_url(letter, "organization"), ORGANIZATION)
    revisions = LetterRevision.objects.count()

    with pytest.raises(ProtectedError):
        letter.delete()

    assert Signature.objects.filter(letter=letter).exists()
    assert LetterRevision.objects.count() == revisions >= 1
