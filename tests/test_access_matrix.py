"""Who may open each management page and take each action, for every route of the site.

Six personas -- anonymous, a signer holding their manage link, a moderator of
another letter, a moderator, the owner, a superuser -- against every moderation
and management route, with the response each must get, and the database (and the
outbox) unchanged wherever access is refused. The routes come from the URL
configuration itself: a new route that is in neither MATRIX nor PUBLIC fails.
"""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import URLResolver, get_resolver, reverse

from letters import lifecycle
from letters.models import Delivery, Invitation, Letter, LetterEvent, LetterRole
from signatures import tokens
from signatures.models import ExportRecord, Member, Network, Signature, SignatureEvent
from tests.personas import *  # noqa: F403

PERSONAS = ["anonymous", "signer", "other_moderator", "moderator", "owner", "superuser"]

# Routes anyone may use, or that check a signed token instead of a role: the
# matrix does not apply to them. Django's admin checks staff status itself.
PUBLIC = {
    "letters:home", "letters:detail", "letters:embed", "letters:badge",
    "letters:accept_invitation",
    "signatures:public_signatories", "signatures:public_count", "signatures:sign",
    "signatures:sign_organization", "signatures:sign_individual", "signatures:sign_network",
    "signatures:thanks", "signatures:link_sent", "signatures:confirm", "signatures:manage",
    "signatures:withdraw", "signatures:restore",
    "set_language", "login", "logout", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete",
}  # fmt: skip
EXCLUDED_NAMESPACES = ("admin:",)

LOGIN = "login"
OK, REDIRECT, FORBIDDEN = 200, 302, 403

# Expected response by persona, for each kind of access.
MODERATORS = {
    "anonymous": LOGIN,
    "signer": LOGIN,
    "other_moderator": FORBIDDEN,
    "moderator": OK,
    "owner": OK,
    "superuser": OK,
}
OWNERS = {**MODERATORS, "moderator": FORBIDDEN}
SIGNED_IN = {**MODERATORS, "other_moderator": OK}


def _as(expected, code):
    """The same personas, with `code` where access is granted."""
    return {persona: code if outcome == OK else outcome for persona, outcome in expected.items()}


@dataclass
class Check:
    route: str
    method: str = "get"
    expected: dict = field(default_factory=lambda: MODERATORS)
    args: object = None  # world -> URL arguments after the letter's slug
    data: object = None  # world -> POST data
    prepare: object = None  # world -> None, before the request
    changes: bool = True  # an allowed POST changes the database
    letter_arg: bool = True

    @property
    def id(self):
        return f"{self.method.upper()} {self.route}"

    def url(self, world):
        args = [world.letter.slug] if self.letter_arg else []
        args += list(self.args(world)) if self.args else []
        return reverse(self.route, args=args)


def sig(name):
    return lambda world: [world.signatures[name].public_id]


MATRIX = [
    Check("moderation:queue"),
    Check(
        "moderation:bulk",
        "post",
        _as(MODERATORS, REDIRECT),
        data=lambda w: {"action": "approve", "scope": "selected", "ids": [w.signatures["casa"].pk]},
    ),
    Check("moderation:duplicates"),
    Check(
        "moderation:merge",
        args=lambda w: [w.signatures["imumi"].public_id, w.signatures["long"].public_id],
    ),
    Check(
        "moderation:merge",
        "post",
        _as(MODERATORS, REDIRECT),
        args=lambda w: [w.signatures["imumi"].public_id, w.signatures["long"].public_id],
        data=lambda w: {"keep": str(w.signatures["long"].public_id)},
    ),
    Check("moderation:add"),
    Check(
        "moderation:add",
        "post",
        _as(MODERATORS, REDIRECT),
        data=lambda w: {
            "kind": "organization",
            "name": "Casa en papel",
            "visibility": "public",
            "origin": "paper",
            "status": "approved",
        },  # fmt: skip
    ),
    Check("moderation:log"),
    Check("moderation:detail", args=sig("casa")),
    Check(
        "moderation:edit",
        "post",
        _as(MODERATORS, REDIRECT),
        args=sig("casa"),
        data=lambda w: {"name": "Casa Monarca A.C.", "visibility": "public"},
    ),
    Check(
        "moderation:lead",
        "post",
        _as(MODERATORS, REDIRECT),
        args=sig("casa"),
        data=lambda w: {"is_lead": "on", "lead_order": "1"},
    ),
    Check(
        "moderation:networks",
        "post",
        _as(MODERATORS, REDIRECT),
        args=sig("casa"),
        data=lambda w: {"networks": [w.network.pk]},
    ),
    Check(
        "moderation:attach",
        "post",
        _as(MODERATORS, REDIRECT),
        args=sig("casa"),
        data=lambda w: {"network_signature": w.signatures["gtpm"].pk},
    ),
    Check(
        "moderation:detach",
        "post",
        _as(MODERATORS, REDIRECT),
        args=sig("sin"),
        data=lambda w: {"member": w.member.pk},
    ),
    Check(
        "moderation:members",
        "post",
        _as(MODERATORS, REDIRECT),
        args=sig("gtpm"),
        data=lambda w: {"member_organizations": "Sin Fronteras\nCELS", "member_people": ""},
    ),
    Check(
        "moderation:link",
        "post",
        _as(MODERATORS, REDIRECT),
        args=sig("gtpm"),
        data=lambda w: {"member": w.member.pk, "target": ""},
    ),
    Check("signatures:export_index"),
    Check("signatures:export", args=lambda w: ["csv"]),
    Check("signatures:export", "post", args=lambda w: ["csv"]),
    Check("letters:dashboard"),
    Check(
        "letters:delivered_text",
        args=lambda w: ["en"],
        prepare=lambda w: lifecycle.deliver(w.letter, delivered_on=date(2023, 12, 18)),
    ),
    Check("letters:roles", expected=OWNERS),
    Check(
        "letters:roles",
        "post",
        _as(OWNERS, REDIRECT),
        data=lambda w: {"who": "nueva@example.org"},
    ),
    Check(
        "letters:dismiss",
        "post",
        _as(OWNERS, REDIRECT),
        args=lambda w: [LetterRole.objects.get(letter=w.letter, role="moderator").pk],
    ),
    Check(
        "letters:revoke_invitation",
        "post",
        _as(OWNERS, REDIRECT),
        args=lambda w: [w.invitation.pk],
    ),
    Check(
        "letters:resend_invitation",
        "post",
        _as(OWNERS, REDIRECT),
        args=lambda w: [w.invitation.pk],
        changes=False,  # it sends the email again; see the outbox check
    ),
    Check("letters:lifecycle", expected=OWNERS),
    Check("letters:lifecycle_step", "post", _as(OWNERS, REDIRECT), args=lambda w: ["close"]),
    Check(
        "letters:deliver",
        "post",
        _as(OWNERS, REDIRECT),
        data=lambda w: {"delivered_on": "2023-12-18", "confirm": "on"},
    ),
    Check(
        "letters:settings",
        "post",
        _as(OWNERS, REDIRECT),
        data=lambda w: {"email_signers_on_approval": "on", "closes_at": ""},
    ),
    Check("letters:my_letters", expected=SIGNED_IN, letter_arg=False),
    Check("password_change", expected=SIGNED_IN, letter_arg=False),
    Check("password_change_done", expected=SIGNED_IN, letter_arg=False),
]


def route_names(patterns=None, namespace=""):
    """Every named route of the URL configuration, with its namespace."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from route_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_route_is_in_the_matrix_or_declared_public():
    routes = {name for name in route_names() if not name.startswith(EXCLUDED_NAMESPACES)}
    checked = {check.route for check in MATRIX}

    assert routes - checked - PUBLIC == set(), "add these routes to MATRIX or PUBLIC"
    assert checked - routes == set(), "these MATRIX routes no longer exist"
    assert PUBLIC - routes == set(), "these PUBLIC routes no longer exist"


@dataclass
class World:
    letter: object
    signatures: dict
    network: object
    member: object
    invitation: object
    users: dict


@pytest.fixture
def world(letter, other_letter, owner, moderator, other_moderator, superuser, signature):
    network = Network.objects.create(name="Grupo de Trabajo sobre Política Migratoria")
    signatures = {
        "casa": signature("Casa Monarca", email="casa@example.org"),
        "signer": signature("Firmante", email="firmante@example.org"),
        "imumi": signature("IMUMI"),
        "long": signature("Instituto para las Mujeres en la Migración (IMUMI)", status="approved"),
        "sin": signature("Sin Fronteras", status="approved"),
        "gtpm": signature(
            "GTPM", kind="network", network=network, status="approved", members=["Sin Fronteras"]
        ),
    }
    member = signatures["gtpm"].members.get()
    member.signature = signatures["sin"]
    member.save()
    invitation = letter.invite("invitada@example.org", by=owner)
    users = {
        "owner": owner,
        "moderator": moderator,
        "other_moderator": other_moderator,
        "superuser": superuser,
    }
    return World(letter, signatures, network, member, invitation, users)


def snapshot():
    """Everything a management action could change."""
    return {
        "signatures": list(
            Signature.objects.order_by("pk").values_list(
                "pk", "status", "name", "acronym", "is_lead", "lead_order", "merged_into_id"
            )
        ),
        "events": SignatureEvent.objects.count(),
        "members": list(Member.objects.order_by("pk").values_list("pk", "name", "signature_id")),
        "member_of": list(Signature.member_of.through.objects.values_list("pk", "network_id")),
        "roles": list(LetterRole.objects.order_by("pk").values_list("pk", "user_id", "role")),
        "letters": list(
            Letter.objects.order_by("pk").values_list("pk", "status", "email_signers_on_approval")
        ),
        "letter_events": LetterEvent.objects.count(),
        "invitations": list(
            Invitation.objects.order_by("pk").values_list("pk", "accepted_at", "revoked_at")
        ),
        "deliveries": Delivery.objects.count(),
        "exports": ExportRecord.objects.count(),
        "users": get_user_model().objects.count(),
    }


def client_for(persona, world, client):
    if persona == "signer":
        # A signer who opened their manage link: it gives no access to anything else.
        signer = world.signatures["signer"]
        token = tokens.make_token(signer, tokens.MANAGE)
        page = client.get(
            reverse("signatures:manage", args=[world.letter.slug, signer.public_id, token])
        )
        assert page.status_code == 200
    elif persona != "anonymous":
        client.force_login(world.users[persona])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("check", MATRIX, ids=lambda check: check.id)
def test_access(check, persona, world, client, django_capture_on_commit_callbacks, immediate_tasks):
    if check.prepare:
        check.prepare(world)
    client = client_for(persona, world, client)
    before = snapshot()
    url = check.url(world)
    data = check.data(world) if check.data else {}

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, check.method)(url, data)

    expected = check.expected[persona]
    if expected == LOGIN:
        assert response.status_code == 302, response
        assert response.url.startswith(reverse("login") + "?next=")
    else:
        assert response.status_code == expected, response
    refused = expected in (LOGIN, FORBIDDEN)
    if refused:
        assert snapshot() == before
        assert mail.outbox == []
    elif check.method == "post":
        if expected == REDIRECT:
            assert not response.url.startswith(reverse("login"))
        assert (snapshot() != before) is check.changes
        if not check.changes:
            assert [m.to for m in mail.outbox] == [["invitada@example.org"]]


@pytest.mark.django_db
def test_a_moderator_cannot_reach_another_letters_signature_through_their_own_letter(
    world, client, as_user, other_letter, signature
):
    theirs = signature("Cristosal", letter=other_letter)
    client = as_user(world.users["moderator"])
    before = snapshot()

    detail = client.get(reverse("moderation:detail", args=[world.letter.slug, theirs.public_id]))
    edit = client.post(
        reverse("moderation:edit", args=[world.letter.slug, theirs.public_id]),
        {"name": "Hackeada", "visibility": "public"},
    )

    assert (detail.status_code, edit.status_code) == (404, 404)
    assert snapshot() == before
