from django.urls import path

from . import embed, views, views_manage

app_name = "letters"

MANAGE = "letters/<slug:slug>/manage/"

urlpatterns = [
    path("", views.home, name="home"),
    path("letters/<slug:slug>/", views.detail, name="detail"),
    # For other websites: a sign box to frame, a count badge to show as an image.
    path("letters/<slug:slug>/embed/", embed.sign_box, name="embed"),
    path("letters/<slug:slug>/badge.svg", embed.badge, name="badge"),
    # Managing a letter: moderators see the dashboard, owners the rest.
    path("manage/", views_manage.my_letters, name="my_letters"),
    path(MANAGE, views_manage.dashboard, name="dashboard"),
    path(MANAGE + "roles/", views_manage.roles, name="roles"),
    path(MANAGE + "roles/<int:role_id>/remove/", views_manage.dismiss, name="dismiss"),
    path(
        MANAGE + "invitations/<int:invitation_id>/withdraw/",
        views_manage.revoke,
        name="revoke_invitation",
    ),
    path(
        MANAGE + "invitations/<int:invitation_id>/resend/",
        views_manage.resend,
        name="resend_invitation",
    ),
    path(MANAGE + "lifecycle/", views_manage.lifecycle_page, name="lifecycle"),
    path(MANAGE + "lifecycle/deliver/", views_manage.deliver, name="deliver"),
    path(MANAGE + "lifecycle/<str:step>/", views_manage.lifecycle_step, name="lifecycle_step"),
    path(MANAGE + "settings/", views_manage.letter_settings, name="settings"),
    path(
        MANAGE + "delivered-<str:language>.txt",
        views_manage.delivered_text,
        name="delivered_text",
    ),
    path(
        "invitations/<uuid:token>/<str:signature>/",
        views_manage.accept_invitation,
        name="accept_invitation",
    ),
]
