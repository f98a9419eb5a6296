from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import language, lockout
from config.passwordreset import QueuedPasswordResetForm, UnlockingPasswordResetConfirmView
from letters import views as letter_views
from letters.authoring import views as authoring_views
from letters.people import views as people_views
from signatures.moderation import dashboard
from signatures.public import views as public_views

# The admin's login, as guarded as the site's (its URLs read the attribute when built).
admin.site.login = lockout.guarded(admin.site.login)

# Everything about one letter, mounted once under /letters/<slug>/; each room's routes
# are relative to it. Exports come before the team's pages: see signatures.exports.urls.
letter_pages = [
    path("", include("signatures.public.urls")),
    path("", include("signatures.signing.urls")),
    path("", include("signatures.exports.urls")),
    path("", include("signatures.moderation.urls")),
    path("", include("signatures.importing.urls")),
    path("manage/", include("letters.urls")),
]

urlpatterns = [
    path("", public_views.home, name="home"),
    path("manage/", dashboard.my_letters, name="my_letters"),
    path("manage/new/", authoring_views.new_letter, name="new_letter"),
    path(
        "invitations/<uuid:token>/<str:signature>/",
        letter_views.accept_invitation,
        name="accept_invitation",
    ),
    path("", include("letters.people.urls")),
    path("letters/<slug:slug>/", include(letter_pages)),
    # The header's language links (a GET: they change no data, see config/language.py).
    path("i18n/<str:code>/", language.switch, name="language"),
    # Both login pages (this one and the admin's, below) are slowed down past the limits
    # rather than refused, and remember the browsers people log in from (config/lockout.py).
    path("accounts/login/", lockout.guarded(people_views.LoginView.as_view()), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset and change: Django's views, with templates in templates/registration/;
    # the reset's email leaves through the task queue (config/passwordreset.py).
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        UnlockingPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
]

handler500 = "config.views.server_error"
