"""Owners invite moderators and co-owners by email and remove them; invitations are the only
way into a letter's team, with an account the invitee has or makes."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from letters import invitations
from letters.models import Invitation, LetterEvent, LetterRole

pytestmark = pytest.mark.django_db


def roles_url(letter):
    return reverse("letters:roles", args=[letter.slug])


def accept_link(message):
    match = re.search(r"https?://\S+(/invitations/[-0-9a-f]{36}/\S+/)", message.body)
    return match.group(1)


def test_finding_9_an_existing_account_joins_only_by_accepting_an_invitation(
    client, as_user, owner, letter, django_user_model, post
):
    """Security review, finding 9: an owner could appoint any account by its user name or
    email and then read its email on the roles page."""
    ana = django_user_model.objects.create_user("ana", email="ana@example.org", password="x")
    as_user(owner)

    post(roles_url(letter), {"email": "ana@example.org"})

    assert not LetterRole.objects.filter(letter=letter, user=ana).exists()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    link = accept_link(mail.outbox[0])
    as_user(ana)
    client.post(link)
    assert LetterRole.objects.get(letter=letter, user=ana).role == "moderator"
    page = as_user(owner).get(roles_url(letter)).content.decode()
    team = page.split('id="who"')[1].split("</table>")[0]
    assert ">ana<" in team
    assert "ana@example.org" not in team


def test_finding_9_the_form_says_nothing_of_which_accounts_exist(
    as_user, owner, letter, django_user_model
):
    django_user_model.objects.create_user("ana", email="ana@example.org")
    client = as_user(owner)

    with_account = client.post(roles_url(letter), {"email": "ana@example.org"}, follow=True)
    without = client.post(roles_url(letter), {"email": "nadie@example.org"}, follow=True)
    by_name = client.post(roles_url(letter), {"email": "ana"})

    def said(response):
        return [str(m) for m in response.context["messages"]]

    assert said(with_account) == ["An invitation is on its way to ana@example.org."]
    assert said(without) == ["An invitation is on its way to nadie@example.org."]
    assert by_name.status_code == 400
    assert "Enter a valid email address" in by_name.content.decode()
    assert LetterRole.objects.filter(letter=letter).count() == 1


def test_emails_of_the_team_are_shown_to_no_one_but_superusers(
    as_user, owner, moderator, superuser, letter
):
    moderator.email = "moderadora@example.org"
    moderator.save()

    assert "moderadora@example.org" not in as_user(owner).get(roles_url(letter)).content.decode()
    people = as_user(superuser).get(reverse("people:people")).content.decode()
    assert "moderadora@example.org" in people


def test_an_owner_removes_a_moderator_but_not_the_last_owner(as_user, owner, moderator, letter):
    client = as_user(owner)
    owner_role = LetterRole.objects.get(letter=letter, user=owner)
    refused = client.post(reverse("letters:dismiss", args=[letter.slug, owner_role.pk]))
    assert "A letter always has an owner" in str(list(refused.wsgi_request._messages)[0])
    assert LetterRole.objects.filter(pk=owner_role.pk, role="owner").exists()

    role = LetterRole.objects.get(letter=letter, user=moderator)
    client.post(reverse("letters:dismiss", args=[letter.slug, role.pk]))

    assert not LetterRole.objects.filter(pk=role.pk).exists()
    event = LetterEvent.objects.get(letter=letter, action="role_removed")
    assert event.changes == {"user": ["moderadora", None], "role": ["moderator", None]}
    assert as_user(moderator).get(reverse("moderation:queue", args=[letter.slug])).status_code == (
        403
    )


def test_an_owner_invites_a_co_owner_who_may_then_manage_the_team(
    client, as_user, owner, letter, post
):
    as_user(owner)
    post(roles_url(letter), {"email": "nueva@example.org", "role": "owner"})

    message = mail.outbox[0]
    assert "run" in message.subject and "co-owner" in message.body
    client.logout()
    client.post(accept_link(message), NEW_ACCOUNT)
    tarde = LetterRole.objects.get(letter=letter, user__username="tarde")
    assert tarde.role == "owner"
    assert as_user(tarde.user).get(roles_url(letter)).status_code == 200


def test_a_moderator_invited_to_own_the_letter_becomes_an_owner(
    client, as_user, owner, moderator, letter, post
):
    as_user(owner)
    post(roles_url(letter), {"email": "otra@example.org", "role": "owner"})

    as_user(moderator)
    client.post(accept_link(mail.outbox[0]))

    assert LetterRole.objects.get(letter=letter, user=moderator).role == "owner"


def test_the_last_owner_cannot_step_down_but_can_once_there_is_a_co_owner(
    as_user, owner, moderator, letter
):
    client = as_user(owner)
    mine = LetterRole.objects.get(letter=letter, user=owner)
    theirs = LetterRole.objects.get(letter=letter, user=moderator)

    refused = client.post(
        reverse("letters:change_role", args=[letter.slug, mine.pk]), {"role": "moderator"}
    )
    assert "A letter always has an owner" in str(list(refused.wsgi_request._messages)[0])
    mine.refresh_from_db()
    assert mine.role == "owner"

    client.post(reverse("letters:change_role", args=[letter.slug, theirs.pk]), {"role": "owner"})
    client.post(reverse("letters:change_role", args=[letter.slug, mine.pk]), {"role": "moderator"})

    roles = dict(LetterRole.objects.filter(letter=letter).values_list("user__username", "role"))
    assert roles == {"duena": "moderator", "moderadora": "owner"}
    changes = [e.changes["role"] for e in letter.events.filter(action="role_changed")]
    assert sorted(changes) == [["moderator", "owner"], ["owner", "moderator"]]


def test_the_model_refuses_to_remove_or_demote_the_last_owner(owner, moderator, letter):
    from letters.models import LastOwnerError

    mine = LetterRole.objects.get(letter=letter, user=owner)
    with pytest.raises(LastOwnerError):
        letter.dismiss(mine, by=owner)
    with pytest.raises(LastOwnerError):
        letter.change_role(mine, "moderator", by=owner)

    assert LetterRole.objects.get(pk=mine.pk).role == "owner"
    assert not letter.events.exists()


def test_the_roles_page_shows_display_names(as_user, owner, moderator, letter):
    from letters.models import Profile

    Profile.objects.create(user=moderator, display_name="Mariana López (IMUMI)")

    page = as_user(owner).get(roles_url(letter)).content.decode()

    assert "Mariana López (IMUMI)" in page
    assert ">moderadora<" not in page


def test_an_invitation_emails_a_link_that_creates_the_account_and_the_role(
    client, as_user, owner, letter, post
):
    as_user(owner)
    post(roles_url(letter), {"email": "nueva@example.org"})

    invitation = Invitation.objects.get(letter=letter)
    assert invitation.email == "nueva@example.org"
    assert [m.to for m in mail.outbox] == [["nueva@example.org"]]
    message = mail.outbox[0]
    assert "Letter on asylum restrictions" in message.subject
    assert "duena" in message.body
    link = accept_link(message)

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "nueva@example.org" in page.content.decode()
    response = client.post(
        link,
        {"username": "nueva", "password1": "una clave larga 1", "password2": "una clave larga 1"},
    )

    user = get_user_model().objects.get(username="nueva")
    assert response.status_code == 302
    assert response.url == reverse("moderation:queue", args=[letter.slug])
    assert user.email == "nueva@example.org"
    assert LetterRole.objects.get(letter=letter, user=user).role == "moderator"
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (user, True)
    assert client.get(reverse("moderation:queue", args=[letter.slug])).status_code == 200

    again = client.post(
        link,
        {"username": "otra", "password1": "una clave larga 1", "password2": "una clave larga 1"},
    )
    assert again.status_code == 410
    assert not get_user_model().objects.filter(username="otra").exists()


def test_a_signed_in_user_accepts_with_their_account(client, as_user, owner, letter, post):
    as_user(owner)
    post(roles_url(letter), {"email": "colega@example.org"})
    link = accept_link(mail.outbox[0])
    colega = get_user_model().objects.create_user("colega", password="x")

    as_user(colega)
    assert "Accept as colega" in client.get(link).content.decode()
    client.post(link)

    assert LetterRole.objects.get(letter=letter, user=colega).role == "moderator"


def invitation_url(invitation):
    return reverse("accept_invitation", args=[invitation.token, invitations.make_token(invitation)])


NEW_ACCOUNT = {
    "username": "tarde",
    "password1": "una clave larga 1",
    "password2": "una clave larga 1",
}


def test_a_forged_link_creates_nothing(client, letter, owner):
    invitation = letter.invite("tarde@example.org", by=owner)
    forged = invitation_url(invitation).rstrip("/") + "x/"

    assert client.post(forged, NEW_ACCOUNT).status_code == 404
    assert not get_user_model().objects.filter(username="tarde").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_link_creates_nothing(client, letter, owner, settings, monkeypatch):
    import time

    invitation = letter.invite("tarde@example.org", by=owner)
    signed_days_ago = time.time() - (settings.FIRMAS_INVITATION_DAYS + 1) * 86400
    with monkeypatch.context() as patched:
        patched.setattr("django.core.signing.time.time", lambda: signed_days_ago)
        url = invitation_url(invitation)

    response = client.post(url, NEW_ACCOUNT)

    assert response.status_code == 410
    assert not get_user_model().objects.filter(username="tarde").exists()
    assert not LetterRole.objects.filter(letter=letter, role="moderator").exists()


def test_a_withdrawn_invitation_no_longer_works(client, as_user, owner, letter):
    invitation = letter.invite("retirada@example.org", by=owner)
    url = invitation_url(invitation)
    as_user(owner).post(reverse("letters:revoke_invitation", args=[letter.slug, invitation.pk]))
    client.logout()

    assert client.get(url).status_code == 410
    assert LetterEvent.objects.filter(letter=letter, action="revoked").count() == 1


def test_login_offers_a_password_reset_that_emails_a_link(client, owner, post):
    login = client.get(reverse("login"))
    assert reverse("password_reset") in login.content.decode()

    post(reverse("password_reset"), {"email": "duena@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "otra clave muy larga", "new_password2": "otra clave muy larga"},
    )
    owner.refresh_from_db()
    assert owner.check_password("otra clave muy larga")


def test_a_moderator_on_an_owners_page_is_told_it_is_for_owners_not_to_ask_to_join(
    client, django_user_model, make_letter
):
    from letters.models import LetterRole

    letter = make_letter(slug="carta-equipo")
    moderator = django_user_model.objects.create_user("mod-equipo", password="x")
    outsider = django_user_model.objects.create_user("ajena", password="x")
    LetterRole.objects.create(letter=letter, user=moderator, role=LetterRole.Role.MODERATOR)

    client.force_login(moderator)
    on_team = client.get("/letters/carta-equipo/manage/roles/")
    client.force_login(outsider)
    stranger = client.get("/letters/carta-equipo/manage/roles/")

    assert on_team.status_code == stranger.status_code == 403
    assert "This page is for the letter's owners." in on_team.content.decode()
    assert "ask its owner to add you" not in on_team.content.decode()
    assert "ask its owner to add you" in stranger.content.decode()
    assert "private" in on_team["Cache-Control"]
