"""A letter's dashboard: counts by status and kind, submissions per day, countries, waits."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from signatures.models import Signature
from signatures.moderation import dashboard
from tests.test_csp import assert_strict

pytestmark = pytest.mark.django_db


def dashboard_url(letter):
    return reverse("moderation:dashboard", args=[letter.slug])


def submitted(signature, when):
    Signature.objects.filter(pk=signature.pk).update(created_at=when)
    return signature


def test_counts_by_status_and_kind_with_totals(as_user, moderator, letter, signature):
    signature("Casa Monarca", status="approved")
    signature("CELS", status="approved")
    signature("GTPM", kind="network", status="approved")
    signature("Ana Hurtado", kind="individual")
    signature("Spam", status="rejected")
    response = as_user(moderator).get(dashboard_url(letter))

    table = {status: numbers for _label, numbers, status in response.context["table"]}
    # Columns: organizations, individuals, networks, total.
    assert table["approved"] == [2, 0, 1, 3]
    assert table["pending"] == [0, 1, 0, 1]
    assert table["rejected"] == [1, 0, 0, 1]
    assert response.context["totals"] == [3, 1, 1, 5]
    assert_strict(response)


def test_submissions_per_day_are_drawn_by_the_app_as_svg_bars(
    as_user, moderator, letter, signature
):
    today = timezone.localdate()
    noon = datetime.combine(today, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    noon += timedelta(hours=12)
    for n in range(3):
        submitted(signature(f"Hoy {n}"), noon)
    submitted(signature("Anteayer"), noon - timedelta(days=2))
    response = as_user(moderator).get(dashboard_url(letter))

    chart = response.context["chart"]
    assert [(bar.day, bar.count) for bar in chart.bars] == [
        (today - timedelta(days=2), 1),
        (today - timedelta(days=1), 0),
        (today, 3),
    ]
    assert [bar.height for bar in chart.bars] == [40, 0, 120]
    html = response.content.decode()
    assert html.count('<rect class="bar"') == 3
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_chart_shows_at_most_sixty_days(letter, signature):
    per_day = {date(2024, 1, 1) + timedelta(days=n): 1 for n in range(100)}
    chart = dashboard.chart(per_day, today=date(2024, 12, 31))

    assert len(chart.bars) == dashboard.CHART_DAYS
    assert chart.last == date(2024, 4, 9)


def test_countries_represented_and_the_oldest_pending_submission(
    as_user, moderator, letter, signature
):
    signature("Casa Monarca", country="MX", status="approved")
    signature("Cristosal", country="SV", status="approved")
    signature("Colectivo", country="MX")
    signature("Rechazada", country="AR", status="rejected")
    oldest = submitted(signature("La más antigua"), timezone.now() - timedelta(days=9))
    response = as_user(moderator).get(dashboard_url(letter))

    assert [(name, n) for name, _code, n in response.context["countries"]] == [
        ("Mexico", 2),
        ("El Salvador", 1),
    ]
    assert response.context["oldest_pending"] == oldest
    html = response.content.decode()
    assert "2 countries represented" in html
    assert "La más antigua" in html
    assert "waiting for 1" in html


def test_the_dashboard_costs_the_same_queries_with_more_signatures(
    as_user, moderator, letter, signature
):
    client = as_user(moderator)
    signature("Una")
    with CaptureQueriesContext(connection) as few:
        client.get(dashboard_url(letter))
    for n in range(30):
        signature(f"Org {n}", country=["MX", "GT", "US"][n % 3], status="approved")
    with CaptureQueriesContext(connection) as many:
        client.get(dashboard_url(letter))

    assert len(many) == len(few)


def test_imported_signatures_are_counted_apart_not_as_the_days_submissions(
    as_user, moderator, letter, signature
):
    today = timezone.localdate()
    noon = datetime.combine(today, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    noon += timedelta(hours=12)
    submitted(signature("Por el formulario"), noon)
    for n in range(40):
        submitted(signature(f"Importada {n}", origin="import"), noon)
    response = as_user(moderator).get(dashboard_url(letter))

    assert [bar.count for bar in response.context["chart"].bars] == [1]
    assert response.context["imported"] == 40
    assert "40 imported signatures are not in the chart" in response.content.decode()


def test_the_dashboard_says_what_it_counts_and_what_the_public_page_counts(
    as_user, moderator, letter, signature, make_signature
):
    signature("Casa Monarca", status="approved")
    make_signature(letter, "GTPM", kind="network", members=["CELS", "Sin Fronteras"])
    response = as_user(moderator).get(dashboard_url(letter))
    html = response.content.decode()

    # Two approved signatures here; four organizations on the public page.
    table = {status: numbers for _label, numbers, status in response.context["table"]}
    assert table["approved"][-1] == 2
    assert "Here each signature counts once, a network as one." in html
    assert "organizations 4, individuals 0" in html
