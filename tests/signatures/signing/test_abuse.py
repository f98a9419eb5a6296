"""Abuse and edge cases: rate limit, honeypot, CSRF, letters that take no signatures."""

import re
import time
from datetime import timedelta
from html import unescape as html_unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from signatures.models import Network, Signature
from signatures.signing import proofofwork
from tests.signatures.signing.helpers import INDIVIDUAL, ORGANIZATION, sign_url, thanks_url
from tests.test_csp import assert_strict


def person(number):
    return dict(INDIVIDUAL, email=f"person{number}@example.org", name=f"Person {number}")


def proof_fields(response):
    """The proof-of-work fields of a page, as the browser receives them."""
    html = response.content.decode()
    return dict(re.findall(r'<input type="hidden" name="(proof_\w+)" value="([^"]*)">', html))


def solved_proof(response):
    """The page's puzzle solved, as the browser solves it (static/js/proof.js)."""
    fields = proof_fields(response)
    puzzle = {
        "salt": html_unescape(fields["proof_salt"]),
        "challenge": fields["proof_challenge"],
        "maxnumber": int(re.search(r'data-proof-max="(\d+)"', response.content.decode())[1]),
    }
    return {**fields, "proof_salt": puzzle["salt"], "proof_number": proofofwork.solve(puzzle)}


def test_over_the_rate_limit_the_form_comes_back_as_typed_with_a_check_to_pass(
    letter, sign, settings
):
    """Security review, "the rate limit punishes shared connections": the 21st person
    on one Wi-Fi got "Nothing was saved" and lost the whole form."""
    settings.FIRMAS_SIGN_RATE_LIMIT = 3

    for number in range(3):
        assert sign(letter, "individual", person(number)).status_code == 302
    response = sign(letter, "individual", person(99))

    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.FIRMAS_SIGN_RATE_WINDOW
    assert "Many signatures came from your connection" in html
    assert 'value="Person 99"' in html and 'value="person99@example.org"' in html
    assert set(proof_fields(response)) == set(proofofwork.FIELDS)
    assert "js/proof.js" in html
    assert_strict(response)
    assert Signature.objects.count() == 3
    assert len(mail.outbox) == 3


def test_with_the_check_passed_the_signature_goes_in(letter, sign, settings):
    settings.FIRMAS_SIGN_RATE_LIMIT = 1
    settings.FIRMAS_SIGN_PROOF_MAX = 2000
    sign(letter, "individual", person(1))
    refused = sign(letter, "individual", person(2))

    accepted = sign(letter, "individual", {**person(2), **solved_proof(refused)})
    replayed = sign(letter, "individual", {**person(3), **solved_proof(refused)})

    assert (refused.status_code, accepted.status_code, replayed.status_code) == (429, 302, 429)
    assert Signature.objects.filter(email="person2@example.org").exists()
    assert not Signature.objects.filter(email="person3@example.org").exists()


@pytest.mark.parametrize("forgery", ["number", "challenge", "signature", "expired"])
def test_a_wrong_or_forged_check_is_refused(letter, sign, settings, forgery):
    settings.FIRMAS_SIGN_RATE_LIMIT = 1
    settings.FIRMAS_SIGN_PROOF_MAX = 2000
    sign(letter, "individual", person(1))
    proof = solved_proof(sign(letter, "individual", person(2)))
    if forgery == "number":
        proof["proof_number"] = proof["proof_number"] + 1
    elif forgery == "challenge":  # a puzzle of one's own, with the site's signature
        proof["proof_challenge"] = proofofwork._digest(proof["proof_salt"], 0)
        proof["proof_number"] = 0
    elif forgery == "signature":
        proof["proof_signature"] = "0" * 64
    else:
        assert not proofofwork.solved(proof, now=time.time() + proofofwork.LIFETIME + 1)
        assert proofofwork.solved(proof)  # the same one, in time: only the clock refused it
        return

    assert sign(letter, "individual", {**person(2), **proof}).status_code == 429
    assert not Signature.objects.filter(email="person2@example.org").exists()


def test_the_rate_limit_counts_each_address_on_its_own(letter, sign, settings):
    settings.FIRMAS_SIGN_RATE_LIMIT = 1

    first = sign(letter, "individual", person(1), REMOTE_ADDR="203.0.113.1")
    second = sign(letter, "individual", person(2), REMOTE_ADDR="203.0.113.2")
    third = sign(letter, "individual", person(3), REMOTE_ADDR="203.0.113.1")

    assert [first.status_code, second.status_code, third.status_code] == [302, 302, 429]


def test_behind_a_proxy_the_limit_uses_the_address_the_proxy_saw(letter, sign, settings):
    settings.FIRMAS_SIGN_RATE_LIMIT = 1
    settings.NUM_PROXIES = 1

    def from_client(number, address):
        # A client can forge the left part of the header; the proxy appends the real one.
        forwarded = f"198.51.100.{number}, {address}"
        return sign(letter, "individual", person(number), HTTP_X_FORWARDED_FOR=forwarded)

    assert from_client(1, "203.0.113.7").status_code == 302
    assert from_client(2, "203.0.113.7").status_code == 429
    assert from_client(3, "203.0.113.8").status_code == 302


def test_invalid_forms_do_not_use_up_the_limit(letter, sign, settings):
    settings.FIRMAS_SIGN_RATE_LIMIT = 1

    for _ in range(3):
        assert sign(letter, "individual", dict(INDIVIDUAL, email="")).status_code == 200

    assert sign(letter, "individual").status_code == 302


def test_a_bot_that_fills_the_hidden_field_sees_success_and_saves_nothing(client, letter, sign):
    data = dict(ORGANIZATION, extra_info="http://spam.example", new_networks="Spam Network")

    response = sign(letter, "organization", data)

    assert response.status_code == 302
    assert response["Location"] == thanks_url(letter)
    assert Signature.objects.count() == 0
    assert Network.objects.count() == 0
    assert mail.outbox == []


def test_the_hidden_field_is_hidden_from_people(client, letter):
    html = client.get(sign_url(letter, "individual")).content.decode()

    assert 'class="hp-field"' in html
    assert 'aria-hidden="true"' in html
    assert 'tabindex="-1"' in html


@pytest.mark.parametrize("kind", ["organization", "individual", "network"])
def test_every_form_is_protected_against_cross_site_posts(letter, kind):
    client = Client(enforce_csrf_checks=True)

    response = client.post(sign_url(letter, kind), {"name": "x", "email": "x@example.org"})

    assert response.status_code == 403
    assert "We could not accept this form" in response.content.decode()
    assert Signature.objects.count() == 0


@pytest.mark.parametrize("status", ["closed", "delivered"])
def test_a_closed_letter_refuses_signatures_with_a_clear_page(client, letter, sign, status):
    letter.status = status
    letter.save()

    page = client.get(sign_url(letter, "individual"))
    response = sign(letter, "individual")
    letter_page = client.get(letter.get_absolute_url()).content.decode()

    assert page.status_code == response.status_code == 403
    assert "This letter no longer takes signatures" in response.content.decode()
    assert Signature.objects.count() == 0
    assert reverse("signing:sign", args=[letter.slug]) not in letter_page
    assert "Sign this letter" not in letter_page


def test_a_letter_past_its_closing_date_refuses_signatures(client, letter, sign):
    letter.closes_at = timezone.now() - timedelta(minutes=1)
    letter.save()

    response = sign(letter, "organization")
    letter_page = client.get(letter.get_absolute_url()).content.decode()

    assert response.status_code == 403
    assert Signature.objects.count() == 0
    assert "Sign this letter" not in letter_page
    assert "This letter no longer takes signatures." in letter_page


def test_a_draft_letter_is_not_found(client, letter, sign):
    letter.status = "draft"
    letter.save()

    assert client.get(reverse("signing:sign", args=[letter.slug])).status_code == 404
    assert sign(letter, "individual").status_code == 404
    assert Signature.objects.count() == 0


def test_an_open_letter_offers_the_sign_button(client, letter):
    html = client.get(letter.get_absolute_url()).content.decode()

    assert f'href="{reverse("signing:sign", args=[letter.slug])}"' in html
    assert "Sign this letter" in html


def _bodies(message):
    """The text and HTML of an email, as its recipient gets them."""
    return [message.body, *(content for content, _type in message.alternatives)]


@pytest.mark.parametrize("require_confirmation", [True, False])
def test_the_emails_to_a_typed_address_never_carry_the_signers_chosen_name(
    letter, sign, require_confirmation
):
    """Security review, finding 16: the signing form mails whatever address is typed,
    so nothing typed into the form travels with it."""
    letter.require_confirmation = require_confirmation
    letter.save()
    spam = dict(person(1), name="Cheap pills at https://spam.example/buy now")

    sign(letter, "individual", spam)
    sign(letter, "individual", spam)  # already signed: the owner of the address is told

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        for body in _bodies(message):
            assert "spam.example" not in body and "Cheap pills" not in body
        assert "Letter on asylum restrictions" in message.body


def test_emails_to_one_address_are_capped_per_day_whatever_the_client(letter, sign, settings):
    """Security review, finding 16: the per-client limit does not stop many clients
    mailing one address; a daily cap per recipient does."""
    settings.FIRMAS_EMAILS_PER_ADDRESS_PER_DAY = 2
    victim = "victim@example.org"

    responses = [
        sign(letter, "individual", dict(person(n), email=victim), REMOTE_ADDR=f"203.0.113.{n}")
        for n in range(1, 5)
    ]
    sign(letter, "individual", person(9), REMOTE_ADDR="203.0.113.9")  # another address

    # The page is the same either way: the cap tells the sender nothing.
    assert [response.status_code for response in responses] == [302, 302, 302, 302]
    assert [message.to for message in mail.outbox] == [[victim], [victim], [person(9)["email"]]]


def test_the_daily_email_count_outlives_the_sweep_of_ended_windows_until_the_day_ends(
    letter, settings, monkeypatch
):
    from types import SimpleNamespace

    from signatures.models import RateCount
    from signatures.signing import ratelimit

    settings.FIRMAS_EMAILS_PER_ADDRESS_PER_DAY = 2
    morning = 1_700_000_000 // 86400 * 86400 + 8 * 3600
    clock = SimpleNamespace(time=lambda: morning)
    monkeypatch.setattr(ratelimit, "time", clock)

    assert ratelimit.allow_email("Victim@example.org")
    for hours in range(1, 12):  # sign counts all day long, each sweeping ended windows
        ratelimit.increment(f"sign:203.0.113.{hours}", now=morning + hours * 3600)
    ratelimit.forget_ended_windows(now=morning + 12 * 3600)
    clock.time = lambda: morning + 12 * 3600
    assert ratelimit.allow_email(" victim@example.org")
    assert not ratelimit.allow_email("victim@example.org")
    assert "victim" not in " ".join(RateCount.objects.values_list("key", flat=True))

    clock.time = lambda: morning + 24 * 3600
    assert ratelimit.allow_email("victim@example.org")  # a new day
    ratelimit.forget_ended_windows(now=morning + 72 * 3600)
    assert not RateCount.objects.exists()
