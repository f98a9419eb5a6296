"""The letter team's pages, under /letters/<slug>/manage/ (see config/urls.py)."""

from django.urls import include, path

from letters import views
from letters.delivery import views as delivery

app_name = "letters"

urlpatterns = [
    path("roles/", views.roles, name="roles"),
    path("roles/<int:role_id>/remove/", views.dismiss, name="dismiss"),
    path("roles/<int:role_id>/role/", views.change_role, name="change_role"),
    path("invitations/<int:invitation_id>/withdraw/", views.revoke, name="revoke_invitation"),
    path("invitations/<int:invitation_id>/resend/", views.resend, name="resend_invitation"),
    path("lifecycle/", views.lifecycle_page, name="lifecycle"),
    path("lifecycle/<str:step>/", views.lifecycle_step, name="lifecycle_step"),
    path("settings/", views.letter_settings, name="settings"),
    path("text/", include("letters.authoring.urls")),
    path("delivery/answer/", delivery.answer, name="delivery_answer"),
]
