"""Hostile input on every moderation and management form, posted by the letter's owner.

Moderators paste what signers sent them; a compromised or careless account posts
anything. Never a 500: each form answers with its message, a confirmation page or
a redirect; whatever it saved holds no NUL byte and reaches the public page escaped.
"""

import itertools
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from letters.models import LetterRole
from signatures.models import Signature
from tests.hostile import (
    BAD_EMAILS,
    FAKE_ENTRY,
    LINE_BREAKS,
    TYPED_FIELDS,
    assert_all_saved_cleanly,
    assert_no_raw_markup,
    assert_public_fields_one_line,
    assert_shown_escaped,
    choice_like,
    email_like,
    fuzz_letter,  # noqa: F401 (the `letter` fixture)
    fuzz_settings,
    hostile_examples,
    hostile_post,
    hostile_text,
    integer_like,
    plain_templates,  # noqa: F401 (an autouse fixture)
    text_examples,
    url_like,
)

pytestmark = pytest.mark.django_db

# The fields moderators type freely: the explicit examples put the extremes in these.
TYPED_BY_MODERATORS = {*TYPED_FIELDS, "q", "reason_text", "actor", "action", "role"}
TYPED_BY_MODERATORS |= {"recipient", "email"}

CHECKBOX = st.sampled_from(["on", "", "0", "false", "\x00"])
STATUS = choice_like(["unconfirmed", "pending", "approved", "rejected", "withdrawn", "all"])
KIND = choice_like(["organization", "individual", "network"])
VISIBILITY = choice_like(["public", "delivery_only"])
DATE = st.one_of(
    st.sampled_from(["2023-12-18", "18/12/2023", "2023-02-30", "0000-00-00", "9999-12-31"]),
    st.dates().map(str),
    hostile_text(),
)
DATETIME = st.one_of(st.datetimes().map(str), DATE)

FILTERS = {
    "q": hostile_text(),
    "status": STATUS,
    "kind": KIND,
    "network": integer_like(),
    "country": choice_like(["MX", "US", "XX"]),
    "language": choice_like(["es", "en"]),
    "visibility": VISIBILITY,
    "origin": choice_like(["form", "import", "email", "paper"]),
    "duplicates": CHECKBOX,
    "lead": CHECKBOX,
    "order": choice_like(["oldest", "newest", "name"]),
    "after": integer_like(),
    "before": integer_like(),
    "next": url_like(),
}


@dataclass
class Form:
    """One form: where it posts, valid data, and what to try in each field."""

    route: str
    valid: object  # world -> data
    fields: dict
    args: object = None  # world -> URL arguments after the letter's slug
    method: str = "post"
    saves_signature: str = ""  # the world's signature whose public fields it edits
    extra_fields: dict = field(default_factory=dict)


def sig(name):
    return lambda w: [w["signatures"][name].public_id]


FORMS = [
    Form("moderation:queue", lambda w: {"status": "pending"}, FILTERS, method="get"),
    Form(
        "moderation:bulk",
        lambda w: {"action": "approve", "scope": "selected", "ids": [w["signatures"]["casa"].pk]},
        {
            **FILTERS,
            "action": choice_like(["approve", "reject", "restore"]),
            "scope": choice_like(["selected", "filter"]),
            "ids": integer_like(),
            "reason_code": choice_like(["spam", "duplicate", "other", ""]),
            "reason_text": hostile_text(),
            "confirmed": CHECKBOX,
            "expected": integer_like(),
        },
    ),
    Form(
        "moderation:merge",
        lambda w: {"keep": str(w["signatures"]["imumi"].public_id)},
        {"keep": st.one_of(hostile_text(), st.uuids().map(str)), "reason_text": hostile_text()},
        args=lambda w: [w["signatures"]["imumi"].public_id, w["signatures"]["long"].public_id],
    ),
    Form(
        "moderation:add",
        lambda w: {
            "kind": "organization",
            "name": "Casa en papel",
            "visibility": "public",
            "origin": "paper",
            "status": "approved",
        },
        {
            "kind": KIND,
            "name": hostile_text(),
            "acronym": hostile_text(),
            "title": hostile_text(),
            "country": choice_like(["MX", "XX"]),
            "city": hostile_text(),
            "website": url_like(),
            "visibility": VISIBILITY,
            "contact_name": hostile_text(),
            "contact_role": hostile_text(),
            "email": email_like(),
            "note": hostile_text(),
            "origin": choice_like(["email", "paper", "form", "import"]),
            "status": STATUS,
        },
        saves_signature="new",
    ),
    Form(
        "moderation:log",
        lambda w: {},
        {"actor": hostile_text(), "action": hostile_text(), "before": integer_like()},
        method="get",
    ),
    Form(
        "moderation:edit",
        lambda w: {"name": "Casa Monarca A.C.", "visibility": "public"},
        {
            "name": hostile_text(),
            "acronym": hostile_text(),
            "title": hostile_text(),
            "country": choice_like(["MX", "XX"]),
            "city": hostile_text(),
            "website": url_like(),
            "visibility": VISIBILITY,
            "next": url_like(),
        },
        args=sig("casa"),
        saves_signature="casa",
    ),
    Form(
        "moderation:lead",
        lambda w: {"is_lead": "on", "lead_order": "1"},
        {"is_lead": CHECKBOX, "lead_order": integer_like()},
        args=sig("casa"),
    ),
    Form(
        "moderation:networks",
        lambda w: {"networks": [w["network"].pk]},
        {"networks": integer_like()},
        args=sig("casa"),
    ),
    Form(
        "moderation:attach",
        lambda w: {"network_signature": w["signatures"]["gtpm"].pk, "role": ""},
        {"network_signature": integer_like(), "role": hostile_text()},
        args=sig("casa"),
    ),
    Form(
        "moderation:detach",
        lambda w: {"member": w["member"].pk},
        {"member": integer_like()},
        args=sig("sin"),
    ),
    Form(
        "moderation:members",
        lambda w: {"member_organizations": "Sin Fronteras\nCELS", "member_people": ""},
        {
            "member_organizations": st.lists(hostile_text(), max_size=20).map("\n".join),
            "member_people": st.lists(hostile_text(), max_size=20).map("\n".join),
        },
        args=sig("gtpm"),
        saves_signature="gtpm",
    ),
    Form(
        "moderation:link",
        lambda w: {"member": w["member"].pk, "target": ""},
        {"member": integer_like(), "target": integer_like()},
        args=sig("gtpm"),
    ),
    Form(
        "letters:roles",
        lambda w: {"email": "nueva@example.org"},
        {
            "email": st.one_of(email_like(), st.sampled_from(BAD_EMAILS), hostile_text()),
            "role": choice_like(["owner", "moderator"]),
        },
    ),
    Form(
        "letters:settings",
        lambda w: {"email_signers_on_approval": "on", "closes_at": ""},
        {"email_signers_on_approval": CHECKBOX, "closes_at": DATETIME},
    ),
    Form(
        "exports:deliver",
        lambda w: {"delivered_on": "2023-12-18", "confirm": ""},  # not confirmed: not delivered
        {
            "delivered_on": DATE,
            "recipient": hostile_text(),
            "method": choice_like(["email", "in_person", "post"]),
            "note": hostile_text(),
            "confirm": st.sampled_from(["", "0", "\x00"]),
        },
    ),
    Form(
        "exports:download",
        lambda w: {"lang": "es"},
        {
            "lang": choice_like(["es", "en"]),
            "status": st.one_of(STATUS, st.lists(STATUS, max_size=4)),
            "include_contacts": CHECKBOX,
        },
        args=lambda w: ["csv"],
        method="get",
    ),
]


@pytest.fixture
def world(letter, make_signature, django_user_model):
    from signatures.signing.service import network_named

    owner = django_user_model.objects.create_user("duena", password="x")
    LetterRole.objects.create(letter=letter, user=owner, role=LetterRole.Role.OWNER)
    network = network_named("Grupo de Trabajo sobre Política Migratoria")
    signatures = {
        "casa": make_signature(letter, "Casa Monarca", status="pending", email="casa@example.org"),
        "imumi": make_signature(letter, "IMUMI", status="pending"),
        "long": make_signature(letter, "Instituto para las Mujeres en la Migración (IMUMI)"),
        "sin": make_signature(letter, "Sin Fronteras"),
        "gtpm": make_signature(
            letter, "GTPM", kind="network", network=network, members=["Sin Fronteras"]
        ),
    }
    member = signatures["gtpm"].members.get()
    member.signature = signatures["sin"]
    member.save()
    return {"letter": letter, "owner": owner, "signatures": signatures, "network": network,
            "member": member}  # fmt: skip


def check_form(client, world, form, data):
    letter = world["letter"]
    args = [letter.slug] + list(form.args(world) if form.args else [])
    url = reverse(form.route, args=args)
    before = set(Signature.objects.values_list("pk", flat=True))
    response = getattr(client, form.method)(url, data)

    assert response.status_code in (200, 302, 400, 403, 404, 409, 410), response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/html"):
        assert_no_raw_markup(body.decode())
    # A moderator may add a signature without an email.
    assert_all_saved_cleanly(Signature.objects.filter(letter=letter), email=False)
    if response.status_code == 302 and form.saves_signature:
        if form.saves_signature == "new":
            new = Signature.objects.exclude(pk__in=before)
            if not new.exists():
                return
            signature = new.get()
        else:
            signature = world["signatures"][form.saves_signature]
            signature.refresh_from_db()
        assert_shown_escaped(client, signature)


@pytest.mark.parametrize("form", FORMS, ids=lambda form: f"{form.method.upper()} {form.route}")
def test_moderation_form_survives_hostile_input(client, world, form):
    client.force_login(world["owner"])
    fields = {**form.fields, **form.extra_fields}

    typed = [name for name in fields if name in TYPED_BY_MODERATORS] or list(fields)

    @fuzz_settings
    @hostile_examples(form.valid(world), typed)
    @given(data=st.deferred(lambda: hostile_post(form.valid(world), fields)))
    def post(data):
        check_form(client, world, form, data)

    post()


@fuzz_settings
@text_examples("step", method="post")
@given(
    step=hostile_text().filter(lambda s: s and "/" not in s),
    method=st.sampled_from(["get", "post"]),
)
def test_lifecycle_steps_survive_hostile_names(client, world, step, method):
    client.force_login(world["owner"])
    url = reverse("letters:lifecycle_step", args=[world["letter"].slug, "STEP"])
    response = getattr(client, method)(url.replace("STEP", quote(step, safe="")))

    assert response.status_code in (302, 400, 404, 405), response.status_code
    world["letter"].refresh_from_db()
    assert world["letter"].status == "open"


ACCOUNT = {
    "username": "invitada",
    "password1": "una-clave-larga-9",
    "password2": "una-clave-larga-9",
}


def test_the_invitation_account_form_survives_hostile_input(client, world):
    from letters import invitations

    numbers = itertools.count()

    @fuzz_settings
    @hostile_examples(ACCOUNT, ["username", "password1", "password2"])
    @given(
        data=hostile_post(
            ACCOUNT,
            {"username": hostile_text(), "password1": hostile_text(), "password2": hostile_text()},
        )
    )
    def accept(data):
        client.logout()
        cache.clear()
        # One open invitation per address: a new address for each example.
        address = f"invitada{next(numbers)}@example.org"
        invitation = world["letter"].invite(address, by=world["owner"])
        token = invitations.make_token(invitation)
        url = reverse("accept_invitation", args=[invitation.token, token])
        response = client.post(url, data)

        assert response.status_code in (200, 302), response.status_code
        assert_no_raw_markup(response.content.decode())
        invitation.refresh_from_db()
        if response.status_code == 302:  # an account made, and the invitation used up
            assert invitation.accepted_by is not None
            assert "\x00" not in invitation.accepted_by.username
            invitation.accepted_by.delete()
        else:
            assert invitation.accepted_at is None

    accept()


def test_digits_that_int_refuses_are_ignored_not_a_500(client, world):
    # Found by the tests above: "²".isdigit() is true, int("²") raises ValueError.
    letter, gtpm = world["letter"], world["signatures"]["gtpm"]
    client.force_login(world["owner"])

    queue = client.get(reverse("moderation:queue", args=[letter.slug]), {"after": "²"})
    log = client.get(reverse("moderation:log", args=[letter.slug]), {"before": "①"})
    detach = client.post(
        reverse("moderation:detach", args=[letter.slug, gtpm.public_id]), {"member": "²"}
    )
    link = client.post(
        reverse("moderation:link", args=[letter.slug, gtpm.public_id]),
        {"member": str(world["member"].pk), "target": "²"},
    )

    assert [queue.status_code, log.status_code] == [200, 200]
    assert [detach.status_code, link.status_code] == [404, 404]
    world["member"].refresh_from_db()
    assert world["member"].signature == world["signatures"]["sin"]


@pytest.mark.parametrize("line_break", LINE_BREAKS, ids=repr)
def test_line_breaks_typed_by_a_moderator_are_kept_on_one_line(client, world, line_break):
    """Security review, finding 6: the moderators' forms keep single-line fields on one
    line too, members and roles included."""
    letter, casa, gtpm = world["letter"], world["signatures"]["casa"], world["signatures"]["gtpm"]
    fake = FAKE_ENTRY.format(line_break)
    fields = dict.fromkeys(("name", "acronym", "title", "city"), fake)
    client.force_login(world["owner"])

    edit = client.post(
        reverse("moderation:edit", args=[letter.slug, casa.public_id]),
        {**fields, "visibility": "public"},
    )
    add = client.post(
        reverse("moderation:add", args=[letter.slug]),
        {
            **fields,
            "kind": "individual",
            "contact_name": fake,
            "contact_role": fake,
            "email": f"{line_break}nueva@example.org",
            "visibility": "public",
            "origin": "paper",
            "status": "approved",
        },  # fmt: skip
    )
    attach = client.post(
        reverse("moderation:attach", args=[letter.slug, casa.public_id]),
        {"network_signature": gtpm.pk, "role": fake},
    )
    members = client.post(
        reverse("moderation:members", args=[letter.slug, gtpm.public_id]),
        {"member_organizations": f"CELS\u202e, Rol{line_break}", "member_people": ""},
    )

    assert [edit.status_code, add.status_code, attach.status_code] == [302, 302, 302]
    assert members.status_code == 302
    for signature in Signature.objects.filter(letter=letter):
        assert_public_fields_one_line(signature)
    casa.refresh_from_db()
    assert casa.name == "Prof Injected Fake Org, Director"


def test_the_delivery_answer_survives_hostile_input(client, world):
    """After delivery: the note and the answer are saved without NUL bytes, the frozen
    record never changes, and the lifecycle page shows them escaped."""
    from letters.models import Delivery, DeliveryAnswer
    from signatures.exports.delivery import deliver

    letter = world["letter"]
    delivery = deliver(letter, by=world["owner"], recipient="la Secretaría", method="email")
    frozen = Delivery.objects.filter(pk=delivery.pk).values().get()
    client.force_login(world["owner"])
    url = reverse("letters:delivery_answer", args=[letter.slug])
    valid = {"note": "Recibida", "answered_on": "2024-01-20", "answer": "Gracias"}
    fields = {"note": hostile_text(), "answered_on": DATE, "answer": hostile_text()}

    @fuzz_settings
    @hostile_examples(valid, ["note", "answer"])
    @given(data=hostile_post(valid, fields))
    def post(data):
        response = client.post(url, data)

        assert response.status_code in (302, 400), response.status_code
        for answer in DeliveryAnswer.objects.all():
            assert "\x00" not in answer.note + answer.answer
        page = client.get(reverse("letters:lifecycle", args=[letter.slug])).content.decode()
        assert_no_raw_markup(page)
        assert Delivery.objects.filter(pk=delivery.pk).values().get() == frozen

    post()
