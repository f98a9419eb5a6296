"""Import routes, under /letters/<slug>/ (see config/urls.py): the team's import pages."""

from django.urls import path

from signatures.importing import views

app_name = "importing"

BATCH = "moderate/import/<uuid:public_id>/"

urlpatterns = [
    path("moderate/import/", views.start, name="start"),
    path(BATCH, views.review, name="review"),
    path(BATCH + "columns/", views.remap, name="remap"),
    path(BATCH + "entries/", views.edit, name="edit"),
    path(BATCH + "commit/", views.commit, name="commit"),
    path(BATCH + "discard/", views.discard, name="discard"),
    path(BATCH + "undo/", views.undo, name="undo"),
]
