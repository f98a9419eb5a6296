"""Moderation routes, under /letters/<slug>/ (see config/urls.py)."""

from django.urls import path

from signatures.moderation import dashboard, detail, views

app_name = "moderation"

SIGNATURE = "moderate/signatures/<uuid:public_id>/"

urlpatterns = [
    path("manage/", dashboard.dashboard, name="dashboard"),
    path("moderate/", views.queue, name="queue"),
    path("moderate/bulk/", views.bulk_action, name="bulk"),
    path("moderate/duplicates/", views.duplicate_list, name="duplicates"),
    path("moderate/merge/<uuid:first>/<uuid:second>/", views.merge, name="merge"),
    path("moderate/add/", views.add, name="add"),
    path("moderate/log/", views.log, name="log"),
    path(SIGNATURE, detail.detail, name="detail"),
    path(SIGNATURE + "edit/", detail.edit, name="edit"),
    path(SIGNATURE + "lead/", detail.lead, name="lead"),
    path(SIGNATURE + "networks/", detail.networks, name="networks"),
    path(SIGNATURE + "attach/", detail.attach, name="attach"),
    path(SIGNATURE + "detach/", detail.detach, name="detach"),
    path(SIGNATURE + "members/", detail.members, name="members"),
    path(SIGNATURE + "link/", detail.link, name="link"),
]
