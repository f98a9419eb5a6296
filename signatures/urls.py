from django.urls import path, re_path

from . import export_views, views

app_name = "signatures"

# Routes live under /letters/<slug>/ next to the letter page (see config/urls.py).
urlpatterns = [
    re_path(
        r"^letters/(?P<slug>[-\w]+)/signatories\.(?P<format>csv|json)$",
        export_views.public_signatories,
        name="public_signatories",
    ),
    re_path(
        r"^letters/(?P<slug>[-\w]+)/count\.json$", export_views.public_count, name="public_count"
    ),
    path("letters/<slug:slug>/export/", export_views.index, name="export_index"),
    path("letters/<slug:slug>/export/<str:format>/", export_views.download, name="export"),
    # Signing.
    path("letters/<slug:slug>/sign/", views.choose, name="sign"),
    path(
        "letters/<slug:slug>/sign/organization/",
        views.sign,
        {"kind": "organization"},
        name="sign_organization",
    ),
    path(
        "letters/<slug:slug>/sign/individual/",
        views.sign,
        {"kind": "individual"},
        name="sign_individual",
    ),
    path("letters/<slug:slug>/sign/network/", views.sign, {"kind": "network"}, name="sign_network"),
    path("letters/<slug:slug>/sign/thanks/", views.thanks, name="thanks"),
    path("letters/<slug:slug>/sign/new-link-sent/", views.link_sent, name="link_sent"),
    # Links from signers' emails: the public id, then a signed token for one purpose.
    path(
        "letters/<slug:slug>/signatures/<uuid:public_id>/confirm/<str:token>/",
        views.confirm,
        name="confirm",
    ),
    path(
        "letters/<slug:slug>/signatures/<uuid:public_id>/manage/<str:token>/",
        views.manage,
        name="manage",
    ),
    path(
        "letters/<slug:slug>/signatures/<uuid:public_id>/manage/<str:token>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path(
        "letters/<slug:slug>/signatures/<uuid:public_id>/manage/<str:token>/restore/",
        views.restore,
        name="restore",
    ),
]
