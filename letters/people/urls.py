"""Site-wide pages about people (see config/urls.py): the People page and one's account."""

from django.urls import path

from letters.people import views

app_name = "people"

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<int:user_id>/organizer/", views.organizer, name="organizer"),
    path(
        "people/invitations/<int:invitation_id>/withdraw/",
        views.withdraw,
        name="withdraw_invitation",
    ),
    path("account/", views.account, name="account"),
    path(
        "invitations/organizer/<uuid:token>/<str:signature>/",
        views.accept_invitation,
        name="accept_invitation",
    ),
]
