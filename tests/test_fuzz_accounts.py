"""Hostile input on the account forms, the language switcher and the public pages' parameters.

Never a 500: the login forms answer with their message (or the lockout page),
the password reset never says whether an account exists, the language switch
never redirects to another site, and the public pages ignore what they cannot read.
"""

import re
from urllib.parse import quote, unquote, urlsplit

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile import (
    assert_no_raw_markup,
    email_like,
    fuzz_letter,  # noqa: F401 (the `letter` fixture)
    fuzz_settings,
    has_error_message,
    hostile_examples,
    hostile_post,
    hostile_text,
    integer_like,
    plain_templates,  # noqa: F401 (an autouse fixture)
    text_examples,
    url_like,
)

pytestmark = pytest.mark.django_db


# What a client may put in a header: the web server (gunicorn, like any HTTP/1.1
# server) refuses NUL, CR and LF in header values before Django sees them.
def header(strategy):
    return strategy.map(lambda text: re.sub(r"[\x00\r\n]", "", text))


HEADER = header(hostile_text())

LOGIN = {"username": "moderadora", "password": "wrong", "next": "/manage/"}
LOGIN_FIELDS = {
    "username": st.one_of(hostile_text(), email_like()),
    "password": hostile_text(),
    "next": url_like(),
}


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_user("moderadora", password="correcto-caballo-42")


def _fresh():
    cache.clear()
    AccessAttempt.objects.all().delete()


@pytest.mark.parametrize("route", ["login", "admin:login"])
def test_login_forms_survive_hostile_input(client, moderator, route, settings):
    settings.NUM_PROXIES = 1  # and the forwarded address is the client's to write

    @fuzz_settings
    @hostile_examples(LOGIN, LOGIN_FIELDS, forwarded="203.0.113.9", agent="x" * 10_000)
    @given(
        data=hostile_post(LOGIN, LOGIN_FIELDS),
        forwarded=st.one_of(st.sampled_from(["203.0.113.9", "::1", "fe80::1%eth0"]), HEADER),
        agent=HEADER,
    )
    def log_in(data, forwarded, agent):
        _fresh()
        response = client.post(
            reverse(route),
            data,
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=forwarded,
            HTTP_USER_AGENT=agent,
        )

        assert response.status_code == 200, response.status_code
        page = response.content.decode()
        assert_no_raw_markup(page)
        assert has_error_message(page)
        assert "_auth_user_id" not in client.session

    log_in()


@fuzz_settings
@hostile_examples({}, ["email"])
@given(data=hostile_post({"email": "moderadora@example.org"}, {"email": email_like()}))
def test_password_reset_survives_hostile_input(client, moderator, data):
    _fresh()
    mail.outbox.clear()
    response = client.post(reverse("password_reset"), data)

    assert response.status_code in (200, 302), response.status_code
    assert_no_raw_markup(response.content.decode())
    if response.status_code == 200:
        assert has_error_message(response.content.decode())
    else:  # the same page whether or not an account has that address
        assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []  # the only account has no email address


@fuzz_settings
@text_examples("uid", "token", method="post")
@given(uid=hostile_text(), token=hostile_text(), method=st.sampled_from(["get", "post"]))
def test_password_reset_links_survive_forgery(client, moderator, uid, token, method):
    url = reverse("password_reset_confirm", args=["U", "T"])
    url = url.replace("/U/T/", f"/{quote(uid or 'x', safe='')}/{quote(token or 'x', safe='')}/")
    response = getattr(client, method)(url, {"new_password1": "x", "new_password2": "x"})

    assert response.status_code in (200, 404), response.status_code
    moderator.refresh_from_db()
    assert moderator.check_password("correcto-caballo-42")


@fuzz_settings
@text_examples("code", "next_url", referer=None)
@given(
    code=st.one_of(st.sampled_from(["es", "en", "fr", "ES"]), hostile_text()),
    next_url=url_like(),
    referer=st.one_of(st.none(), header(url_like())),
)
def test_language_switcher_survives_hostile_input_and_stays_on_the_site(
    client, code, next_url, referer
):
    extra = {"HTTP_REFERER": referer} if referer else {}
    url = reverse("language", args=["es"]).replace("/es/", f"/{quote(code or 'x', safe='')}/")
    response = client.get(url, {"next": next_url}, **extra)

    assert response.status_code in (302, 404), response.status_code
    if response.status_code == 302:
        # A path on this site, however it is written: no other host, no scheme.
        location = unquote(response["Location"])
        parts = urlsplit(location.replace("\\", "/"))
        assert parts.scheme == "" and parts.netloc == "", location
        assert response.cookies["django_language"].value in ("es", "en")


PUBLIC_PARAMS = {
    "lang": st.one_of(st.sampled_from(["es", "en", "fr", ""]), hostile_text()),
    "page": integer_like(),
    "network": hostile_text(),
    "format": hostile_text(),
}


@fuzz_settings
@hostile_examples(
    {}, PUBLIC_PARAMS, name="params", route="public:letter", accept_language="x" * 10_000
)
@given(
    route=st.sampled_from(
        [
            "home",
            "public:letter",
            "public:embed",
            "public:badge",
            "exports:public_count",
            "json",
            "csv",
            "signing:thanks",
        ]
    ),
    params=st.fixed_dictionaries({}, optional=PUBLIC_PARAMS),
    accept_language=st.one_of(
        st.just("es"),
        HEADER,
    ),
)
def test_public_pages_ignore_hostile_parameters(client, letter, route, params, accept_language):
    if route in ("json", "csv"):
        url = reverse("exports:public_signatories", args=[letter.slug, route])
    elif route == "home":
        url = reverse(route)
    else:
        url = reverse(route, args=[letter.slug])
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert_no_raw_markup(body.decode())


PEOPLE_FORMS = {
    "people:account": ({"display_name": "Ana"}, {"display_name": hostile_text()}),
    "people:people": (
        {"email": "nueva@example.org"},
        {"email": st.one_of(email_like(), hostile_text())},
    ),
}


@pytest.mark.parametrize("route", PEOPLE_FORMS)
def test_people_forms_survive_hostile_input(client, django_user_model, route):
    """The superuser's People page and one's Account page: never a 500, what is saved
    holds no NUL byte, and the People page shows every display name escaped."""
    from letters.models import OrganizerInvitation, Profile

    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(root)
    valid, fields = PEOPLE_FORMS[route]

    @fuzz_settings
    @hostile_examples(valid, fields)
    @given(data=hostile_post(valid, fields))
    def post(data):
        response = client.post(reverse(route), data)

        assert response.status_code in (200, 302, 400), response.status_code
        assert_no_raw_markup(response.content.decode())
        for name in Profile.objects.values_list("display_name", flat=True):
            assert "\x00" not in name
        for email in OrganizerInvitation.objects.values_list("email", flat=True):
            assert "\x00" not in email and "@" in email
        assert_no_raw_markup(client.get(reverse("people:people")).content.decode())

    post()
