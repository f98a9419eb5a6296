"""The count and the public data answer from the cache; the signing form is rendered once."""

import gzip
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signatures.models import Network, Signature
from tests.signatures.signing.helpers import INDIVIDUAL, sign_url

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def counting(captured):
    """Queries that count signatures (not the cache's own bookkeeping)."""
    return [q["sql"] for q in captured if "COUNT(" in q["sql"] and "signatures_" in q["sql"]]


def test_count_json_has_the_public_count(client, letter, make_signature):
    make_signature(letter, "Casa Monarca")
    make_signature(letter, "Ana Hurtado", kind="individual")
    make_signature(letter, "Hidden", visibility=Signature.Visibility.DELIVERY_ONLY)
    make_signature(letter, "Waiting", status=Signature.Status.PENDING)

    response = client.get(reverse("exports:public_count", args=[letter.slug]))

    assert response.json() == {"organizations": 2, "individuals": 1, "total": 3}
    assert "public" in response["Cache-Control"]


def test_count_json_counts_once_per_change(client, letter, make_signature):
    url = reverse("exports:public_count", args=[letter.slug])
    make_signature(letter, "Casa Monarca")
    client.get(url)

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert counting(captured) == []

    make_signature(letter, "Alianza Americas")
    assert client.get(url).json()["organizations"] == 2


def test_public_data_is_revalidated_without_counting(client, letter, make_signature):
    make_signature(letter, "Casa Monarca")
    url = reverse("exports:public_signatories", args=[letter.slug, "json"])
    etag = client.get(url)["ETag"]

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert not [q for q in captured if "signatures_" in q["sql"]]


def test_the_form_is_rendered_once_and_each_signer_gets_their_own_token(letter):
    first, second = (Client(enforce_csrf_checks=True) for _ in range(2))
    url = sign_url(letter, "individual")
    rendered = first.get(url)
    cached = second.get(url)

    assert rendered.templates and not cached.templates
    tokens = [CSRF.search(r.content.decode()).group(1) for r in (rendered, cached)]
    assert tokens[0] != tokens[1]
    assert CSRF.sub("", rendered.content.decode()) == CSRF.sub("", cached.content.decode())
    data = dict(INDIVIDUAL, csrfmiddlewaretoken=tokens[1])
    assert second.post(url, data).status_code == 302
    assert Signature.objects.filter(email=INDIVIDUAL["email"]).exists()


def test_the_cached_form_offers_a_network_as_soon_as_it_is_approved(client, letter, make_signature):
    url = sign_url(letter, "organization")
    client.get(url)
    network = Network.objects.create(name="Grupo de Trabajo sobre Política Migratoria")

    make_signature(letter, network.name, kind="network", network=network)

    assert "Grupo de Trabajo sobre Política Migratoria" in client.get(url).content.decode()


def test_a_form_with_a_message_or_a_query_is_rendered_for_its_reader(client, letter):
    url = sign_url(letter, "individual")
    client.get(url)

    assert client.get(url, {"utm_source": "mail"}).templates


def test_public_data_is_made_once_and_sent_compressed_to_who_takes_it(
    client, letter, make_signature
):
    make_signature(letter, "Casa Monarca")
    url = reverse("exports:public_signatories", args=[letter.slug, "csv"])
    plain = b"".join(client.get(url).streaming_content)

    with CaptureQueriesContext(connection) as captured:
        compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert not [q for q in captured if "signatures_" in q["sql"]]
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain
    assert "Casa Monarca" in plain.decode()

    make_signature(letter, "Alianza Americas")
    assert "Alianza Americas" in b"".join(client.get(url).streaming_content).decode()
