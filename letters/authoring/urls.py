"""Writing a letter: its texts and their versions, under /letters/<slug>/manage/text/
(mounted from letters.urls); "New letter" is at /manage/new/ (config.urls)."""

from django.urls import path

from letters.authoring import views

app_name = "authoring"

urlpatterns = [
    path("", views.edit, name="edit"),
    path("versions/", views.revisions, name="revisions"),
    path("versions/<int:number>/", views.revision, name="revision"),
]
