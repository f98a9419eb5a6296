"""Downloads under /letters/<slug>/ (see config/urls.py): public data for anyone, every
format for the letter's team, and delivery with its frozen list."""

from django.urls import path, re_path

from signatures.exports import delivery, public, views

app_name = "exports"

urlpatterns = [
    re_path(
        r"^signatories\.(?P<format>csv|json)$",
        public.public_signatories,
        name="public_signatories",
    ),
    path("count.json", public.public_count, name="public_count"),
    path("export/", views.index, name="index"),
    path("export/<str:format>/", views.download, name="download"),
    # Before letters.urls, whose lifecycle/<step>/ would take "deliver" for a step.
    path("manage/lifecycle/deliver/", delivery.deliver_letter, name="deliver"),
    path("manage/delivered-<str:language>.txt", delivery.delivered_text, name="delivered_text"),
    re_path(
        r"^manage/delivered-(?P<language>[-\w]+)\.(?P<format>pdf|docx)$",
        delivery.delivered_letter,
        name="delivered_letter",
    ),
]
