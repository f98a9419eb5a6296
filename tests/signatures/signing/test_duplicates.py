"""Signing twice creates nothing new, reveals nothing, and holds under a surge."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connections
from django.test import Client

from signatures.models import Network, Signature
from tests.signatures.signing.helpers import NETWORK, ORGANIZATION, link, run_worker, sign_url


def test_signing_again_with_the_same_email_adds_nothing_and_shows_the_same_page(
    client, letter, sign
):
    first = sign(letter, "organization")
    again = sign(
        letter,
        "organization",
        dict(ORGANIZATION, name="Otro Nombre", email="GRETCHEN@imumi.example"),
    )

    assert Signature.objects.count() == 1
    assert Signature.objects.get().name == "Instituto para las Mujeres en la Migración"
    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"]
    assert page(client, again["Location"]) == page(client, first["Location"])
    # The same page for everyone, and it tells one who had signed where the correction is.
    assert "If this address had already signed, nothing was changed" in page(
        client, again["Location"]
    )


def page(client, url):
    """The page without its CSRF token, which differs on every response."""
    html = client.get(url).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_the_duplicate_signer_gets_the_existing_signatures_links(letter, sign):
    sign(letter, "organization")
    signature = Signature.objects.get()

    sign(letter, "organization", dict(ORGANIZATION, email="Gretchen@IMUMI.example"))

    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.to == ["gretchen@imumi.example"]  # the address that signed
    assert message.subject.startswith("You have already signed")
    assert str(signature.public_id) in link(message, "manage")
    assert str(signature.public_id) in link(message, "confirm")  # not yet confirmed
    assert signature.events.count() == 1


def test_a_confirmed_duplicate_gets_only_the_manage_link(letter, sign, post):
    sign(letter, "organization")
    post(link(mail.outbox[0], "confirm"))

    sign(letter, "organization")

    assert link(mail.outbox[1], "confirm") is None
    assert link(mail.outbox[1], "manage")


def test_a_duplicate_network_creates_no_network(letter, sign):
    sign(letter, "network")
    sign(letter, "network", dict(NETWORK, name="Una Red Nueva"))

    assert Signature.objects.count() == 1
    assert list(Network.objects.values_list("name", flat=True)) == [NETWORK["name"]]


def test_the_same_email_may_sign_as_a_person_and_for_an_organization(letter, sign):
    sign(letter, "organization")
    sign(letter, "individual", {**dict(ORGANIZATION), "title": "", "name": "Gretchen"})

    assert sorted(Signature.objects.values_list("kind", flat=True)) == [
        "individual",
        "organization",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_same_signature_sent_from_several_threads_at_once_is_saved_once(letter, settings):
    threads = 8
    settings.FIRMAS_EMAILS_PER_ADDRESS_PER_DAY = threads  # each is told, up to the cap
    start = threading.Barrier(threads)
    url = sign_url(letter, "organization")

    def submit(_):
        try:
            start.wait(timeout=10)
            return Client().post(url, ORGANIZATION)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        responses = list(pool.map(submit, range(threads)))

    assert [r.status_code for r in responses] == [302] * threads
    assert {r["Location"] for r in responses} == {f"/letters/{letter.slug}/sign/thanks/"}
    assert Signature.objects.count() == 1

    run_worker()

    subjects = sorted(message.subject.split(":")[0] for message in mail.outbox)
    assert subjects == ["Confirm your signature"] + ["You have already signed"] * (threads - 1)
