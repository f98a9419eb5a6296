"""Moderation routes, under /letters/<slug>/moderate/ (included from config/urls.py)."""

from django.urls import path

from . import moderation_detail_views as detail
from . import moderation_views as views

app_name = "moderation"

SIGNATURE = "letters/<slug:slug>/moderate/signatures/<uuid:public_id>/"

urlpatterns = [
    path("letters/<slug:slug>/moderate/", views.queue, name="queue"),
    path("letters/<slug:slug>/moderate/bulk/", views.bulk_action, name="bulk"),
    path("letters/<slug:slug>/moderate/duplicates/", views.duplicate_list, name="duplicates"),
    path(
        "letters/<slug:slug>/moderate/merge/<uuid:first>/<uuid:second>/",
        views.merge,
        name="merge",
    ),
    path("letters/<slug:slug>/moderate/add/", views.add, name="add"),
    path("letters/<slug:slug>/moderate/log/", views.log, name="log"),
    path(SIGNATURE, detail.detail, name="detail"),
    path(SIGNATURE + "edit/", detail.edit, name="edit"),
    path(SIGNATURE + "lead/", detail.lead, name="lead"),
    path(SIGNATURE + "networks/", detail.networks, name="networks"),
    path(SIGNATURE + "attach/", detail.attach, name="attach"),
    path(SIGNATURE + "detach/", detail.detach, name="detach"),
    path(SIGNATURE + "members/", detail.members, name="members"),
    path(SIGNATURE + "link/", detail.link, name="link"),
]
