"""Who may start letters: superusers grant it on the People page or with grant_organizer,
or invite an organizer by email; accounts have a display name; login lands on My letters."""

import re
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from letters import invitations
from letters.models import OrganizerInvitation, Profile
from letters.people import organizers

pytestmark = pytest.mark.django_db

PEOPLE = reverse("people:people")


def fresh(user):
    """The account as the database has it now (has_perm caches on the instance)."""
    return get_user_model().objects.get(pk=user.pk)


def organizer_url(user):
    return reverse("people:organizer", args=[user.pk])


@pytest.fixture
def ana(django_user_model):
    user = django_user_model.objects.create_user("ana", email="ana@example.org", password="x")
    Profile.objects.create(user=user, display_name="Ana Saldívar (Sin Fronteras)")
    return user


def test_the_people_page_lists_accounts_by_display_name_and_whether_organizers(
    as_user, superuser, ana, owner
):
    organizers.grant(owner)

    page = as_user(superuser).get(PEOPLE).content.decode()

    rows = dict(re.findall(r"<tr>\s*<td>([^<]*)(.*?)</tr>", page, flags=re.S))
    assert "Ana Saldívar (Sin Fronteras)" in rows
    assert "Make organizer" in rows["Ana Saldívar (Sin Fronteras)"]
    assert "Revoke organizer" in rows["duena"]
    assert "Yes (administrator)" in rows["root"]


def test_a_superuser_grants_and_revokes_organizer_and_the_admin_history_says_so(
    as_user, superuser, ana, post
):
    client = as_user(superuser)
    assert not fresh(ana).has_perm("letters.add_letter")

    client.post(organizer_url(ana), {"action": "grant"})
    assert fresh(ana).has_perm("letters.add_letter")
    assert fresh(ana).groups.get().name == "Organizers"

    client.post(organizer_url(ana), {"action": "revoke"})
    assert not fresh(ana).has_perm("letters.add_letter")
    history = LogEntry.objects.filter(object_id=str(ana.pk)).order_by("pk")
    assert [(e.user, e.get_change_message()) for e in history] == [
        (superuser, "Granted organizer (may start letters)."),
        (superuser, "Revoked organizer."),
    ]


def test_grant_organizer_finds_the_account_by_user_name_or_email(ana):
    out = StringIO()
    call_command("grant_organizer", "ANA@example.org", stdout=out)
    assert "ana may now start letters." in out.getvalue()
    assert fresh(ana).has_perm("letters.add_letter")

    call_command("grant_organizer", "ana", stdout=out)
    assert "ana was already an organizer." in out.getvalue()

    call_command("grant_organizer", "ana", "--revoke", stdout=out)
    assert "ana may no longer start letters." in out.getvalue()
    assert not fresh(ana).has_perm("letters.add_letter")


def test_grant_organizer_says_clearly_when_no_or_several_accounts_match(django_user_model):
    django_user_model.objects.create_user("uno", email="misma@example.org")
    django_user_model.objects.create_user("dos", email="misma@example.org")

    with pytest.raises(CommandError, match="No account has the user name or email address"):
        call_command("grant_organizer", "nadie@example.org")
    with pytest.raises(CommandError, match="Several accounts use"):
        call_command("grant_organizer", "misma@example.org")
    assert not get_user_model().objects.filter(groups__name="Organizers").exists()


def test_an_invited_organizer_creates_an_account_names_it_and_may_start_letters(
    client, as_user, superuser, post
):
    Profile.objects.create(user=superuser, display_name="Equipo Firmas")
    as_user(superuser)
    post(PEOPLE, {"email": "nueva@example.org"})
    client.logout()

    (message,) = mail.outbox
    assert message.to == ["nueva@example.org"]
    assert "Equipo Firmas invites you to organize sign-on letters" in message.body
    link = re.search(r"https?://\S+(/invitations/organizer/\S+/)", message.body).group(1)
    assert client.get(link).status_code == 200

    response = client.post(
        link,
        {"username": "nueva", "password1": "un-secreto-largo", "password2": "un-secreto-largo"},
    )
    assert response.url == reverse("people:account")
    client.post(reverse("people:account"), {"display_name": "Nueva Organizadora"})

    nueva = get_user_model().objects.get(username="nueva")
    assert nueva.email == "nueva@example.org"
    assert nueva.has_perm("letters.add_letter")
    assert nueva.profile.display_name == "Nueva Organizadora"
    invitation = OrganizerInvitation.objects.get()
    assert invitation.accepted_by == nueva
    # Once: the same link creates nothing more.
    client.logout()
    again = client.post(link, {"username": "otra", "password1": "x" * 16, "password2": "x" * 16})
    assert again.status_code == 410
    assert not get_user_model().objects.filter(username="otra").exists()


def test_a_forged_organizer_link_grants_nothing(client, superuser, ana):
    invitation = OrganizerInvitation.objects.create(
        email="ana@example.org", invited_by=superuser, language="en"
    )
    client.force_login(ana)
    forged = reverse("people:accept_invitation", args=[invitation.token, "forged"])

    assert client.post(forged).status_code == 404
    good = reverse(
        "people:accept_invitation", args=[invitation.token, invitations.make_token(invitation)]
    )
    assert not fresh(ana).has_perm("letters.add_letter")
    assert client.post(good).url == reverse("my_letters")
    assert fresh(ana).has_perm("letters.add_letter")


def test_the_display_name_shows_in_the_letters_invitation_and_history(as_user, owner, letter, post):
    Profile.objects.create(user=owner, display_name="Gretchen Kuhner")
    as_user(owner)
    post(reverse("letters:roles", args=[letter.slug]), {"email": "invitada@example.org"})
    post(reverse("letters:lifecycle_step", args=[letter.slug, "close"]))

    (message,) = mail.outbox
    assert "Gretchen Kuhner invites you to moderate" in message.body
    history = as_user(owner).get(reverse("letters:lifecycle", args=[letter.slug]))
    assert "<td>Gretchen Kuhner</td>" in history.content.decode()


def test_an_account_edits_its_own_display_name_only(client, ana, owner):
    client.force_login(ana)
    response = client.post(reverse("people:account"), {"display_name": "Ana S."})

    assert response.status_code == 302
    assert Profile.objects.get(user=ana).display_name == "Ana S."
    assert not Profile.objects.filter(user=owner).exists()


@pytest.mark.parametrize(
    ("who", "landing"),
    [("owner", "/manage/"), ("moderator", "/manage/"), ("organizer", "/manage/"), ("ana", "/")],
)
def test_after_login_someone_with_letters_lands_on_my_letters(
    client, owner, moderator, ana, django_user_model, who, landing
):
    organizer = django_user_model.objects.create_user("organiza", password="x")
    organizers.grant(organizer)
    user = {"owner": owner, "moderator": moderator, "organizer": organizer, "ana": ana}[who]

    response = client.post(reverse("login"), {"username": user.username, "password": "x"})

    assert response.status_code == 302
    assert response.url == landing


def test_login_still_follows_next(client, owner):
    queue = reverse("moderation:queue", args=["carta"])
    response = client.post(
        reverse("login") + f"?next={queue}", {"username": "duena", "password": "x"}
    )
    assert response.url == queue


def test_the_demo_account_is_an_organizer(letter, tmp_path):
    call_command(
        "ensure_demo_owner", letter.slug, login_file=str(tmp_path / "login"), stdout=StringIO()
    )

    assert get_user_model().objects.get(username="demo").has_perm("letters.add_letter")


def test_the_people_page_costs_the_same_few_queries_for_many_accounts(
    as_user, superuser, django_user_model, django_assert_max_num_queries
):
    for number in range(30):
        user = django_user_model.objects.create_user(f"cuenta{number}")
        if number % 3 == 0:
            organizers.grant(user)
    client = as_user(superuser)

    with django_assert_max_num_queries(12):
        page = client.get(PEOPLE).content.decode()

    assert page.count("Revoke organizer") == 10
    assert page.count("Make organizer") == 20
