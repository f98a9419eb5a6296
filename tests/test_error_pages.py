"""Error pages: translated, no traceback, and a 503 when the database is unavailable."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as project_urls


def database_down(request):
    raise OperationalError("connection refused")


def broken(request):
    raise ValueError("a bug")


urlpatterns = [
    path("db-down/", database_down),
    path("broken/", broken),
    *project_urls,
]
handler500 = "config.views.server_error"


@pytest.fixture
def raw_client(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_an_unavailable_database_gives_a_translated_503_without_traceback(raw_client):
    response = raw_client.get("/db-down/", HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "No pudimos conectar con nuestra base de datos" in html
    assert "Traceback" not in html and "connection refused" not in html


def test_a_bug_gives_a_plain_500_without_details(raw_client):
    response = raw_client.get("/broken/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()

    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "a bug" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_a_missing_page_is_a_translated_404(raw_client):
    response = raw_client.get("/letters/no-such-letter/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 404
    assert "No encontramos esa página" in response.content.decode()
