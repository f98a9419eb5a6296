"""Every page carries a strict Content-Security-Policy and honours it."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def assert_strict(response):
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)
    assert not EVENT_HANDLER.search(html)
    assert not JAVASCRIPT_URL.search(html)


def test_public_pages_satisfy_the_policy(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Casa Monarca", country="MX")
    make_signature(letter, "GTPM", kind="network", members=["CELS"])
    make_signature(letter, "Ana Hurtado", kind="individual", title="Investigadora")

    for url in [
        reverse("home"),
        reverse("public:letter", args=[letter.slug]),
        reverse("login"),
    ]:
        for language in ["en", "es"]:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            assert_strict(response)


def test_pages_cannot_be_framed(client, make_letter):
    response = client.get(reverse("public:letter", args=[make_letter().slug]))

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
