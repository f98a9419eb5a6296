"""The letter's public pages, under /letters/<slug>/ (mounted in config/urls.py)."""

from django.urls import path

from signatures.public import embed, views

app_name = "public"

urlpatterns = [
    path("", views.detail, name="letter"),
    # For other websites: a sign box to frame, a count badge to show as an image.
    path("embed/", embed.sign_box, name="embed"),
    path("badge.svg", embed.badge, name="badge"),
]
