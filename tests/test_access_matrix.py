"""Who may open each page and take each action, for every route of the site.

Nine personas -- anonymous, a signer holding their manage link, a signed-in user
with no role, a moderator of another letter, the owner of another letter, an
organizer (who may start letters, with no role on this one), a moderator, the
owner, a superuser -- against every route, with
the response each must get, and the database (and the outbox) unchanged wherever
access is refused. MATRIX holds the moderation and management routes; PUBLIC the
public pages, signing, the links from signers' emails (a token opens its own
signature, for its own purpose, and nothing else) and the account pages;
test_admin walks every route of Django's admin. The routes come from the URL
configuration itself: a new route that is in neither MATRIX nor PUBLIC fails.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import URLResolver, get_resolver, reverse

from letters import invitations
from letters.authoring import texts
from letters.authoring.revisions import LetterRevision
from letters.models import (
    Delivery,
    DeliveryAnswer,
    Invitation,
    Letter,
    LetterEvent,
    LetterRole,
    LetterVersion,
    OrganizerInvitation,
    Profile,
)
from signatures import tokens
from signatures.exports import delivery as lifecycle
from signatures.importing import sources
from signatures.importing.pipeline import batches
from signatures.models import (
    ExportRecord,
    ImportBatch,
    Member,
    Network,
    Signature,
    SignatureEvent,
)
from tests import factories
from tests.letters.authoring.helpers import edit_data

PERSONAS = [
    "anonymous",
    "signer",
    "no_role",
    "other_moderator",
    "other_owner",
    "organizer",
    "moderator",
    "owner",
    "superuser",
]

# Django's admin checks staff status itself: test_admin walks every one of its routes.
ADMIN_NAMESPACE = "admin:"

LOGIN = "login"
OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404

# Expected response by persona, for each kind of access.
MODERATORS = {
    "anonymous": LOGIN,
    "signer": LOGIN,
    "no_role": FORBIDDEN,
    "other_moderator": FORBIDDEN,
    "other_owner": FORBIDDEN,
    "organizer": FORBIDDEN,
    "moderator": OK,
    "owner": OK,
    "superuser": OK,
}
OWNERS = {**MODERATORS, "moderator": FORBIDDEN}
SIGNED_IN = {**MODERATORS, **dict.fromkeys(["no_role", "other_moderator", "other_owner"], OK)}
SIGNED_IN["organizer"] = OK
# Starting a letter: organizers (and superusers), whatever their roles elsewhere.
ORGANIZERS = {**OWNERS, "owner": FORBIDDEN, "organizer": OK}
# Site-wide pages about every account (letters.access.PEOPLE).
SUPERUSERS = {**OWNERS, "owner": FORBIDDEN}
ANYONE = dict.fromkeys(PERSONAS, OK)
NOBODY = dict.fromkeys(PERSONAS, NOT_FOUND)


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
    outbox: object = None  # recipients of the mail an allowed request sends, if checked

    @property
    def id(self):
        return f"{self.method.upper()} {self.route}"

    def url(self, world):
        args = [world.letter.slug] if self.letter_arg else []
        args += list(self.args(world)) if self.args else []
        return reverse(self.route, args=args)


def sig(name):
    return lambda world: [world.signatures[name].public_id]


AMENDED = {"title": "Letter on asylum restrictions", "body": "Amended"}

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
    Check("importing:start"),
    Check(
        "importing:start",
        "post",
        _as(MODERATORS, REDIRECT),
        data=lambda w: {"text": "Organizaciones\nCasa en papel\nCentro Nuevo"},
    ),
    Check("importing:review", args=lambda w: [w.draft.public_id]),
    Check(
        "importing:remap",
        "post",
        _as(MODERATORS, REDIRECT),
        args=lambda w: [w.draft.public_id],
        data=lambda w: {"column_0": "name", "column_1": "ignore"},
    ),
    Check(
        "importing:edit",
        "post",
        _as(MODERATORS, REDIRECT),
        args=lambda w: [w.draft.public_id],
        data=lambda w: {"entry": "0", "0-kind": "organization", "0-name": "Casa Corregida"},
    ),
    Check(
        "importing:commit",
        "post",
        _as(MODERATORS, REDIRECT),
        args=lambda w: [w.draft.public_id],
        data=lambda w: {"status": "pending"},
    ),
    Check(
        "importing:discard", "post", _as(MODERATORS, REDIRECT), args=lambda w: [w.draft.public_id]
    ),
    Check("importing:undo", "post", _as(MODERATORS, REDIRECT), args=lambda w: [w.batch.public_id]),
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
    Check("exports:index"),
    Check("exports:download", args=lambda w: ["csv"]),
    Check("exports:download", "post", args=lambda w: ["csv"]),
    Check("moderation:dashboard"),
    Check(
        "exports:delivered_text",
        args=lambda w: ["en"],
        prepare=lambda w: lifecycle.deliver(w.letter, delivered_on=date(2023, 12, 18)),
    ),
    Check(
        "exports:delivered_letter",
        args=lambda w: ["es", "pdf"],
        prepare=lambda w: lifecycle.deliver(w.letter, delivered_on=date(2023, 12, 18)),
    ),
    Check(
        "exports:delivered_letter",
        args=lambda w: ["en", "docx"],
        prepare=lambda w: lifecycle.deliver(w.letter, delivered_on=date(2023, 12, 18)),
    ),
    Check(
        "letters:delivery_answer",
        "post",
        _as(OWNERS, REDIRECT),
        prepare=lambda w: lifecycle.deliver(w.letter, delivered_on=date(2023, 12, 18)),
        data=lambda w: {"note": "Recibida", "answered_on": "", "answer": "Gracias"},
    ),
    Check(
        "letters:change_role",
        "post",
        _as(OWNERS, REDIRECT),
        args=lambda w: [LetterRole.objects.get(letter=w.letter, role="moderator").pk],
        data=lambda w: {"role": "owner"},
    ),
    Check("people:people", expected=SUPERUSERS, letter_arg=False),
    Check(
        "people:people",
        "post",
        _as(SUPERUSERS, REDIRECT),
        data=lambda w: {"email": "organiza@example.org"},
        letter_arg=False,
        outbox=[["organiza@example.org"]],
    ),
    Check(
        "people:organizer",
        "post",
        _as(SUPERUSERS, REDIRECT),
        args=lambda w: [w.users["moderator"].pk],
        data=lambda w: {"action": "grant"},
        letter_arg=False,
    ),
    Check(
        "people:organizer",
        "post",
        _as(SUPERUSERS, REDIRECT),
        args=lambda w: [w.users["organizer"].pk],
        data=lambda w: {"action": "revoke"},
        letter_arg=False,
    ),
    Check(
        "people:withdraw_invitation",
        "post",
        _as(SUPERUSERS, REDIRECT),
        args=lambda w: [w.organizer_invitation.pk],
        letter_arg=False,
    ),
    Check("people:account", expected=SIGNED_IN, letter_arg=False),
    Check(
        "people:account",
        "post",
        _as(SIGNED_IN, REDIRECT),
        data=lambda w: {"display_name": "Nombre visible"},
        letter_arg=False,
    ),
    Check("letters:roles", expected=OWNERS),
    Check(
        "letters:roles",
        "post",
        _as(OWNERS, REDIRECT),
        data=lambda w: {"email": "nueva@example.org"},
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
        changes=False,  # it sends the email again
        outbox=[["invitada@example.org"]],
    ),
    Check("letters:lifecycle", expected=OWNERS),
    Check("letters:lifecycle_step", "post", _as(OWNERS, REDIRECT), args=lambda w: ["close"]),
    Check(
        "exports:deliver",
        "post",
        _as(OWNERS, REDIRECT),
        data=lambda w: {
            "delivered_on": "2023-12-18",
            "recipient": "the Secretary",
            "method": "email",
            "confirm": "on",
        },
    ),
    Check(
        "letters:settings",
        "post",
        _as(OWNERS, REDIRECT),
        data=lambda w: {"email_signers_on_approval": "on", "closes_at": ""},
    ),
    Check("letters:authoring:edit", expected=OWNERS),
    Check(
        "letters:authoring:edit",
        "post",
        _as(OWNERS, REDIRECT),
        data=lambda w: edit_data(
            w.letter,
            {"en": {"title": "Letter", "body": "Amended"}, "es": {"title": "C", "body": "H"}},
        ),
    ),
    Check("letters:authoring:revisions"),
    Check("letters:authoring:revision", args=lambda w: [1]),
    Check("new_letter", expected=ORGANIZERS, letter_arg=False),
    Check(
        "new_letter",
        "post",
        _as(ORGANIZERS, REDIRECT),
        data=lambda w: (
            {"title": "Nueva carta", "language": "es", "body": "Texto"}
            | {"allow_individuals": "on"}
        ),
        letter_arg=False,
    ),
    Check("my_letters", expected=SIGNED_IN, letter_arg=False),
    Check("password_change", expected=SIGNED_IN, letter_arg=False),
    Check("password_change_done", expected=SIGNED_IN, letter_arg=False),
]


# Routes anyone may use, and the links from signers' emails, which check a signed
# token instead of a role: the link is the key, whoever holds it, and a link for
# one signature opens no other.


def manage_link(name="signer", purpose=tokens.MANAGE, of=None):
    """URL arguments of `name`'s link, or of `of`'s signature with `name`'s token."""

    def args(world):
        token = tokens.make_token(world.signatures[name], purpose)
        return [world.signatures[of or name].public_id, token]

    return args


def invitation_link(world):
    return [world.invitation.token, invitations.make_token(world.invitation)]


def organizer_invitation_link(world):
    invitation = world.organizer_invitation
    return [invitation.token, invitations.make_token(invitation)]


SIGNER_EDIT = {"name": "Firmante A.C.", "contact_name": "Alguien", "visibility": "public"}
SIGNER_EDIT["language"] = "en"
PERSON = {"name": "Persona Nueva", "email": "nueva@example.org", "visibility": "public"}
PERSON.update(language="en", consent="on")

PUBLIC = [
    Check("home", expected=ANYONE, letter_arg=False),
    Check("public:letter", expected=ANYONE),
    Check("public:embed", expected=ANYONE),
    Check("public:badge", expected=ANYONE),
    Check("exports:public_signatories", expected=ANYONE, args=lambda w: ["json"]),
    Check("exports:public_signatories", expected=ANYONE, args=lambda w: ["csv"]),
    Check("exports:public_count", expected=ANYONE),
    Check("signing:sign", expected=ANYONE),
    Check("signing:sign_organization", expected=ANYONE),
    Check("signing:sign_network", expected=ANYONE),
    Check("signing:sign_individual", expected=ANYONE),
    Check("signing:sign_individual", "post", _as(ANYONE, REDIRECT), data=lambda w: PERSON),
    Check("signing:thanks", expected=ANYONE),
    Check("signing:link_sent", expected=ANYONE),
    Check("signing:confirm", expected=ANYONE, args=manage_link(purpose=tokens.CONFIRM)),
    Check(
        "signing:confirm",
        "post",
        _as(ANYONE, REDIRECT),
        args=manage_link(purpose=tokens.CONFIRM),
        changes=False,  # already confirmed
    ),
    Check("signing:manage", expected=ANYONE, args=manage_link()),
    Check(
        "signing:manage",
        "post",
        _as(ANYONE, REDIRECT),
        args=manage_link(),
        data=lambda w: SIGNER_EDIT,
    ),
    Check("signing:withdraw", "post", _as(ANYONE, REDIRECT), args=manage_link()),
    Check(
        "signing:restore",
        "post",
        _as(ANYONE, REDIRECT),
        args=manage_link(),
        changes=False,  # not withdrawn
    ),
    # A signer's token with another signature's id, or for another purpose: nothing.
    Check("signing:manage", expected=NOBODY, args=manage_link(of="casa")),
    Check(
        "signing:manage",
        "post",
        NOBODY,
        args=manage_link(of="casa"),
        data=lambda w: SIGNER_EDIT,
    ),
    Check("signing:withdraw", "post", NOBODY, args=manage_link(of="casa")),
    Check("signing:restore", "post", NOBODY, args=manage_link(of="casa")),
    Check("signing:confirm", "post", NOBODY, args=manage_link(of="casa", purpose="confirm")),
    Check("signing:confirm", "post", NOBODY, args=manage_link()),
    Check("signing:manage", expected=NOBODY, args=manage_link(purpose=tokens.CONFIRM)),
    Check("accept_invitation", expected=ANYONE, args=invitation_link, letter_arg=False),
    Check(
        "accept_invitation",
        "post",
        NOBODY,
        args=lambda w: [w.invitation.token, "forged"],
        data=lambda w: {"username": "intrusa", "password1": "x" * 12, "password2": "x" * 12},
        letter_arg=False,
    ),
    Check(
        "people:accept_invitation",
        expected=ANYONE,
        args=organizer_invitation_link,
        letter_arg=False,
    ),
    Check(
        "people:accept_invitation",
        "post",
        NOBODY,
        args=lambda w: [w.organizer_invitation.token, "forged"],
        data=lambda w: {"username": "intrusa", "password1": "x" * 12, "password2": "x" * 12},
        letter_arg=False,
    ),
    # A link that keeps the reader's language in a cookie: it changes no data.
    Check(
        "language",
        expected=_as(ANYONE, REDIRECT),
        args=lambda w: ["en"],
        data=lambda w: {"next": "/"},
        letter_arg=False,
    ),
    Check(
        "language",
        "post",
        dict.fromkeys(PERSONAS, 405),  # GET only: there is no form to post
        args=lambda w: ["en"],
        data=lambda w: {"next": "/"},
        changes=False,
        letter_arg=False,
    ),
    Check("login", expected=ANYONE, letter_arg=False),
    Check(
        "login",
        "post",
        ANYONE,  # the form again, with its message
        data=lambda w: {"username": "duena", "password": "wrong"},
        changes=False,
        letter_arg=False,
        outbox=[],
    ),
    Check("logout", "post", _as(ANYONE, REDIRECT), changes=False, letter_arg=False),
    Check("password_reset", expected=ANYONE, letter_arg=False),
    Check(
        "password_reset",
        "post",
        _as(ANYONE, REDIRECT),
        data=lambda w: {"email": "nadie@example.org"},  # no account: no mail
        changes=False,
        letter_arg=False,
        outbox=[],
    ),
    Check("password_reset_done", expected=ANYONE, letter_arg=False),
    Check(
        "password_reset_confirm",
        expected=ANYONE,  # the page that says the link is not valid
        args=lambda w: ["MQ", "forged-token"],
        letter_arg=False,
    ),
    Check("password_reset_complete", expected=ANYONE, letter_arg=False),
]


def routes(patterns=None, namespace="", prefix=""):
    """Every route of the URL configuration: (name with its namespace, or None; pattern)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from routes(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        else:
            name = namespace + pattern.name if pattern.name else None
            yield name, prefix + str(pattern.pattern)


def test_every_route_is_in_the_matrix_or_declared_public():
    names = {name for name, _ in routes() if name and not name.startswith(ADMIN_NAMESPACE)}
    checked = {check.route for check in MATRIX + PUBLIC}

    assert names - checked == set(), "add these routes to MATRIX or PUBLIC"
    assert checked - names == set(), "these routes no longer exist"


def test_every_route_outside_the_admin_has_a_name():
    # An unnamed route could be in neither MATRIX nor PUBLIC.
    unnamed = [pattern for name, pattern in routes() if name is None]
    assert all(pattern.startswith("admin/") for pattern in unnamed), unnamed


@dataclass
class World:
    letter: object
    other_letter: object
    signatures: dict
    network: object
    member: object
    invitation: object
    users: dict
    draft: object  # an import being reviewed
    batch: object  # an import committed

    organizer_invitation: object


def build_world():
    """Two letters with their teams, signatures of every kind, imports, invitations:
    what every check needs. Returns the primary keys of what the checks use."""
    letter, other_letter = factories.asylum_letter(), factories.another_letter()
    owner = factories.create_user("duena", LetterRole.Role.OWNER, letter)
    users = {
        "no_role": factories.create_user("sin-rol"),
        "owner": owner,
        "moderator": factories.create_user("moderadora", LetterRole.Role.MODERATOR, letter),
        "other_moderator": factories.create_user("ajena", LetterRole.Role.MODERATOR, other_letter),
        "other_owner": factories.create_user("otra-duena", LetterRole.Role.OWNER, other_letter),
        "organizer": factories.create_organizer(),
        "superuser": factories.create_superuser(),
    }
    network = Network.objects.create(name="Grupo de Trabajo sobre Política Migratoria")

    def signature(name, **kw):
        return factories.moderated_signature(letter, name, **kw)

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
    texts.current_revision(letter)  # the text its signers were given, version 1
    draft = batches.start(
        letter, sources.read_pasted("Nombre\tPaís\nCasa Importada\tMéxico\n"), by=owner
    )
    committed = batches.start(letter, sources.read_pasted("Centro Importado\n"), by=owner)
    committed = batches.commit(committed, by=owner, status="pending")
    signatures["imported"] = batches.signatures_of(committed).get()
    organizer_invitation = OrganizerInvitation.objects.create(
        email="organizadora-invitada@example.org", invited_by=users["superuser"], language="es"
    )
    return {
        "letter": letter.pk,
        "other_letter": other_letter.pk,
        "signatures": {name: signature.pk for name, signature in signatures.items()},
        "network": network.pk,
        "member": member.pk,
        "invitation": invitation.pk,
        "users": {persona: user.pk for persona, user in users.items()},
        "draft": draft.pk,
        "batch": committed.pk,
        "organizer_invitation": organizer_invitation.pk,
    }


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The world, built once for the module's tests in a transaction of its own: each
    test runs in a savepoint inside it, which takes back what the test changed, and
    the whole is rolled back once the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(built, db):
    """The world as the database has it, in objects of this test's own."""
    cache.clear()
    signatures = Signature.objects.in_bulk(built["signatures"].values())
    users = get_user_model().objects.in_bulk(built["users"].values())
    return World(
        letter=Letter.objects.get(pk=built["letter"]),
        other_letter=Letter.objects.get(pk=built["other_letter"]),
        signatures={name: signatures[pk] for name, pk in built["signatures"].items()},
        network=Network.objects.get(pk=built["network"]),
        member=Member.objects.get(pk=built["member"]),
        invitation=Invitation.objects.get(pk=built["invitation"]),
        users={persona: users[pk] for persona, pk in built["users"].items()},
        draft=ImportBatch.objects.get(pk=built["draft"]),
        batch=ImportBatch.objects.get(pk=built["batch"]),
        organizer_invitation=OrganizerInvitation.objects.get(pk=built["organizer_invitation"]),
    )


def _watched():
    """Everything a management action could change, as querysets of the values compared."""
    return {
        "signatures": Signature.objects.values_list(
            "pk", "status", "name", "acronym", "is_lead", "lead_order", "merged_into_id"
        ),
        "events": SignatureEvent.objects.values_list("pk"),
        "members": Member.objects.values_list("pk", "name", "signature_id"),
        "member_of": Signature.member_of.through.objects.values_list("pk", "network_id"),
        "roles": LetterRole.objects.values_list("pk", "user_id", "role"),
        "letters": Letter.objects.values_list("pk", "status", "email_signers_on_approval"),
        "texts": LetterVersion.objects.values_list("pk", "title", "body"),
        "revisions": LetterRevision.objects.values_list("pk", "texts"),
        "letter_events": LetterEvent.objects.values_list("pk"),
        "invitations": Invitation.objects.values_list("pk", "accepted_at", "revoked_at"),
        "deliveries": Delivery.objects.values_list("pk"),
        "delivery_answers": DeliveryAnswer.objects.values_list("pk", "note", "answer"),
        "organizers": get_user_model().objects.filter(groups__name="Organizers").values_list("pk"),
        "profiles": Profile.objects.values_list("user_id", "display_name"),
        "organizer_invitations": OrganizerInvitation.objects.values_list(
            "pk", "accepted_at", "revoked_at"
        ),
        "exports": ExportRecord.objects.values_list("pk"),
        "users": get_user_model().objects.values_list("pk"),
        "imports": ImportBatch.objects.values_list("pk", "state", "mapping", "draft"),
    }


def snapshot():
    """A digest of each watched table's values, all read in one query: a thousand tests
    take two snapshots each."""
    watched = _watched()
    columns, params = [], []
    for queryset in watched.values():
        sql, more = queryset.order_by().query.sql_with_params()
        columns.append(
            f"(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ({sql}) x)"  # noqa: S608 (Django's SQL)
        )
        params += more
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        return dict(zip(watched, cursor.fetchone(), strict=True))


def client_for(persona, world, client):
    if persona == "signer":
        # A signer who opened their manage link: it gives no access to anything else.
        signer = world.signatures["signer"]
        token = tokens.make_token(signer, tokens.MANAGE)
        page = client.get(
            reverse("signing:manage", args=[world.letter.slug, signer.public_id, token])
        )
        assert page.status_code == 200
    elif persona != "anonymous":
        client.force_login(world.users[persona])
    return client


@pytest.mark.django_db
@pytest.mark.usefixtures("uninstrumented_templates")
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("check", MATRIX + PUBLIC, ids=lambda check: check.id)
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
    refused = expected in (LOGIN, FORBIDDEN, NOT_FOUND)
    if refused:
        assert snapshot() == before
        assert mail.outbox == []
    elif check.method == "post":
        if expected == REDIRECT:
            assert not response.url.startswith(reverse("login"))
        assert (snapshot() != before) is check.changes
    if check.outbox is not None and not refused:
        assert [m.to for m in mail.outbox] == check.outbox


# Pages that show private data: every team page, "my letters", and the pages a
# signer's or an invitee's link opens. Django's password pages show none.
PRIVATE_ROUTES = {check.route for check in MATRIX} - {"password_change", "password_change_done"}
PRIVATE_ROUTES |= {"signing:confirm", "signing:manage", "signing:withdraw", "signing:restore"}
PRIVATE_ROUTES |= {"accept_invitation", "people:accept_invitation"}
PRIVATE_PAGES = [
    check
    for check in MATRIX + PUBLIC
    if check.route in PRIVATE_ROUTES and check.expected["superuser"] in (OK, REDIRECT)
]


@pytest.mark.django_db
@pytest.mark.parametrize("check", PRIVATE_PAGES, ids=lambda check: check.id)
def test_pages_with_private_data_are_never_cached(
    check, world, client, django_capture_on_commit_callbacks, immediate_tasks
):
    """Security review, finding 17: no browser or proxy keeps a page with private data."""
    if check.prepare:
        check.prepare(world)
    client = client_for("superuser", world, client)

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, check.method)(
            check.url(world), check.data(world) if check.data else {}
        )

    assert response.status_code == check.expected["superuser"], response
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= cache_control, response.get("Cache-Control")


@pytest.mark.django_db
def test_a_moderator_cannot_reach_another_letters_signature_through_their_own_letter(
    world, client, as_user
):
    theirs = factories.moderated_signature(world.other_letter, "Cristosal")
    client = as_user(world.users["moderator"])
    before = snapshot()

    detail = client.get(reverse("moderation:detail", args=[world.letter.slug, theirs.public_id]))
    edit = client.post(
        reverse("moderation:edit", args=[world.letter.slug, theirs.public_id]),
        {"name": "Hackeada", "visibility": "public"},
    )

    assert (detail.status_code, edit.status_code) == (404, 404)
    assert snapshot() == before


@pytest.mark.django_db
def test_the_queue_cursor_cannot_read_another_letters_signature(world, client, as_user):
    """Security review, finding 1: the queue's ?after=/?before= cursor reads its row
    from this letter's own signatures, and only a cursor the queue itself signed for
    this letter moves the page; anything else shows the first page."""
    from signatures.moderation import queue

    other_letter = world.other_letter
    hidden = factories.moderated_signature(other_letter, "Mmm Oculta", visibility="delivery_only")
    client = as_user(world.users["moderator"])
    url = reverse("moderation:queue", args=[world.letter.slug])
    first = client.get(url, {"status": "all", "order": "name"})
    everyone = [row.name for row in first.context["page"].rows]
    assert len(everyone) == len(world.signatures)

    forged = [
        {"after": hidden.pk},  # a bare id, of another letter's signature
        {"before": hidden.pk},
        {"after": queue.cursor(other_letter, hidden.pk)},  # signed for the other letter
        {"after": queue.cursor(world.letter, hidden.pk)},  # not a row of this letter
        {"before": queue.cursor(world.letter, hidden.pk)},
        {"after": "not-a-cursor"},
        {"before": "MQ:forged"},
    ]
    for cursor in forged:
        response = client.get(url, {"status": "all", "order": "name", **cursor})
        assert response.status_code == 200, cursor
        assert [row.name for row in response.context["page"].rows] == everyone, cursor


def admin_url(pattern, world):
    """A URL for an admin route, with an existing object wherever the route takes one."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    parts = pattern.split("/")
    model = None
    if len(parts) > 3:
        try:
            model = apps.get_model(parts[1], parts[2])
        except (LookupError, ValueError):
            model = None
    obj = model.objects.order_by("pk").first() if model else None
    signature = world.signatures["casa"]
    values = {
        "object_id": obj.pk if obj else 1,
        "id": obj.pk if obj else 1,
        "content_type_id": ContentType.objects.get_for_model(Signature).pk,
        "app_label": "signatures",
        "url": "nowhere/",
    }
    if "content_type_id" in pattern:
        values["object_id"] = signature.pk

    def value(match):
        return str(values[match.group("name")])

    url = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, pattern)
    url = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, url)
    return "/" + url.replace("^", "").replace("$", "")


def admin_routes(world):
    return [(name or pattern, admin_url(pattern, world)) for name, pattern in admin_patterns()]


def admin_patterns():
    return [(name, pattern) for name, pattern in routes() if pattern.startswith("admin/")]


def test_the_admin_walk_covers_every_admin_route():
    named = {name for name, _ in routes() if name and name.startswith(ADMIN_NAMESPACE)}
    walked = {name for name, _ in admin_patterns() if name}

    assert named == walked
    assert len(admin_patterns()) > 50  # every model's pages, not just the index


@pytest.mark.django_db
@pytest.mark.usefixtures("uninstrumented_templates")
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin(persona, world, client):
    """Only staff gets past the admin's login: every route, GET and POST, for everyone else."""
    client = client_for(persona, world, client)
    login = reverse("admin:login")
    for route, url in admin_routes(world):
        before = snapshot()
        for method in ("get", "post"):
            if persona == "superuser" and method == "post":
                continue  # it may do what the admin does; only the refusals are checked
            if method == "get":
                response = client.get(url)
            else:
                response = client.post(url, {"action": "delete_selected", "post": "yes"})
            if route == "admin:login":  # its form for everyone, staff goes on to the index
                expected = 302 if persona == "superuser" else 200
                assert response.status_code == expected, (url, method)
                continue
            if persona == "superuser":
                # 403: a read-only model's add page, or autocompletion for no field;
                # 404: a route that takes no such object; 405: logging out takes POST.
                assert response.status_code in (200, 302, 403, 404, 405), (url, response)
                if response.status_code == 302:
                    assert not response.url.startswith(login), url
                if route.endswith("_changelist") or route == "admin:index":
                    assert response.status_code == 200, url
            else:
                assert response.status_code == 302, (url, method, response.status_code)
                assert response.url.startswith((login, reverse("admin:index"))), url
        assert snapshot() == before, url
