from django.urls import path

from . import embed, views

app_name = "letters"

urlpatterns = [
    path("", views.home, name="home"),
    path("letters/<slug:slug>/", views.detail, name="detail"),
    # For other websites: a sign box to frame, a count badge to show as an image.
    path("letters/<slug:slug>/embed/", embed.sign_box, name="embed"),
    path("letters/<slug:slug>/badge.svg", embed.badge, name="badge"),
]
