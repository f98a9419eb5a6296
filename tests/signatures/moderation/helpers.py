"""Addresses the moderation tests ask for."""

from urllib.parse import urlencode

from django.urls import reverse


def queue_url(letter, **params):
    url = reverse("moderation:queue", args=[letter.slug])
    return f"{url}?{urlencode(params)}" if params else url


def bulk_url(letter):
    return reverse("moderation:bulk", args=[letter.slug])
