"""Signing, and the links from signers' emails, under /letters/<slug>/ (see config/urls.py)."""

from django.urls import path

from signatures.signing import views

app_name = "signing"

# The links from signers' emails: the public id, then a signed token for one purpose.
LINK = "signatures/<uuid:public_id>/"

urlpatterns = [
    path("sign/", views.choose, name="sign"),
    path("sign/organization/", views.sign, {"kind": "organization"}, name="sign_organization"),
    path("sign/individual/", views.sign, {"kind": "individual"}, name="sign_individual"),
    path("sign/network/", views.sign, {"kind": "network"}, name="sign_network"),
    path("sign/thanks/", views.thanks, name="thanks"),
    path("sign/new-link-sent/", views.link_sent, name="link_sent"),
    path(LINK + "confirm/<str:token>/", views.confirm, name="confirm"),
    path(LINK + "manage/<str:token>/", views.manage, name="manage"),
    path(LINK + "manage/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path(LINK + "manage/<str:token>/restore/", views.restore, name="restore"),
]
