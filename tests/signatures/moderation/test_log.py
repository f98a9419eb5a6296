"""The letter-wide audit log: every event of its signatures, filterable by moderator."""

import pytest
from django.urls import reverse

from signatures.models import Signature, SignatureEvent

pytestmark = pytest.mark.django_db


def log_url(letter):
    return reverse("moderation:log", args=[letter.slug])


def test_the_log_lists_the_letters_events_newest_first_and_filters_by_moderator(
    as_user, moderator, owner, letter, other_letter, signature
):
    casa, cels = signature("Casa Monarca"), signature("CELS")
    theirs = signature("Cristosal", letter=other_letter)
    Signature.objects.filter(pk=casa.pk).approve(by=moderator)
    Signature.objects.filter(pk=cels.pk).reject(by=owner, reason="Not an organization")
    Signature.objects.filter(pk=theirs.pk).approve(by=owner)
    client = as_user(moderator)
    url = log_url(letter)

    everything = client.get(url)
    events = everything.context["events"]
    assert [(e.signature.name, e.action) for e in events] == [
        ("CELS", "rejected"),
        ("Casa Monarca", "approved"),
    ]
    assert "Not an organization" in everything.content.decode()

    by_moderator = client.get(url, {"actor": moderator.pk})
    assert [e.signature.name for e in by_moderator.context["events"]] == ["Casa Monarca"]
    assert {u.username for u in by_moderator.context["actors"]} == {"duena", "moderadora"}

    rejections = client.get(url, {"action": "rejected"})
    assert [e.signature.name for e in rejections.context["events"]] == ["CELS"]


def test_the_log_pages_back_in_time(as_user, moderator, letter, signature, monkeypatch):
    from signatures.moderation import views as moderation_views

    monkeypatch.setattr(moderation_views, "LOG_PAGE_SIZE", 2)
    for n in range(3):
        Signature.objects.filter(pk=signature(f"Org {n}").pk).approve(by=moderator)
    client = as_user(moderator)
    url = log_url(letter)

    first = client.get(url)
    assert [e.signature.name for e in first.context["events"]] == ["Org 2", "Org 1"]
    older = client.get(url, {"before": first.context["next_before"]})
    assert [e.signature.name for e in older.context["events"]] == ["Org 0"]
    assert older.context["next_before"] is None
    assert SignatureEvent.objects.count() == 3
