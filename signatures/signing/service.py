"""Signing a letter: a new signature, its networks and members, and later corrections.

The database guards against duplicates: the unique constraint
signature_one_per_letter_kind_email (case-insensitive) makes a second signature
with the same email and kind on a letter impossible, even when both arrive at
once. A duplicate is not an error for the signer: they see the same page as
everyone and get an email with the existing signature's links.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Value
from django.db.models.functions import Lower

from letters.authoring import texts
from signatures import status
from signatures.models import Member, Network, Signature, SignatureEvent
from signatures.names import fold, single_line
from signatures.tasks import send_after_commit

DUPLICATE_CONSTRAINT = "signature_one_per_letter_kind_email"
MAX_MEMBERS = 1000
MAX_NEW_NETWORKS = 10

# Legal forms that follow a comma in an organization's name: "…, A.C.", "…, I.A.P.",
# "…, S.C.", "…, S.A. de C.V.", "…, Inc.". After a comma they are not a role.
_LEGAL_FORM = re.compile(
    r"(a\.?\s?c|i\.?\s?a\.?\s?p|s\.?\s?c|a\.?\s?b\.?\s?p|s\.?\s?a(\.?\s?de\s?c\.?\s?v)?"
    r"|inc|llc|ltd|s\.?\s?l|gmbh)\.?"
    # "Formación y Capacitación, A.C. (FOCA)": an acronym may follow the legal form.
    r"(\s*\([^()]*\))?"
)


@dataclass(frozen=True)
class MemberLine:
    name: str
    role: str = ""
    kind: str = Member.Kind.ORGANIZATION


class MemberListError(ValueError):
    def __init__(self, line_number, problem):
        super().__init__(problem)
        self.line_number = line_number
        self.problem = problem


def parse_member_lines(text, kind=Member.Kind.ORGANIZATION):
    """One member per line; a role may follow the last comma.

    A legal form after the comma ("Aldeas Infantiles SOS México, I.A.P.") stays part
    of the name: it is not a role. Bullets pasted from documents are dropped, and so
    are repeated lines. Raises MemberListError naming the line.
    """
    members, seen = [], set()
    name_limit = Member._meta.get_field("name").max_length
    role_limit = Member._meta.get_field("role").max_length
    for number, raw in enumerate(text.splitlines(), start=1):
        line = single_line(raw).lstrip("-*•·–— ").strip(" ,;")
        if not line:
            continue
        name, role = line, ""
        head, comma, tail = line.rpartition(",")
        if comma and head.strip() and not _LEGAL_FORM.fullmatch(fold(tail)):
            name, role = head.strip(" ,;"), tail.strip()
        if len(name) > name_limit:
            raise MemberListError(number, "name_too_long")
        if len(role) > role_limit:
            raise MemberListError(number, "role_too_long")
        if fold(name) in seen:
            continue
        seen.add(fold(name))
        members.append(MemberLine(name=name, role=role, kind=kind))
        if len(members) > MAX_MEMBERS:
            raise MemberListError(number, "too_many")
    return members


def member_lines_text(members, kind):
    """The inverse of parse_member_lines, for prefilling a form."""
    return "\n".join(
        f"{member.name}, {member.role}" if member.role else member.name
        for member in members
        if member.kind == kind
    )


def parse_network_names(text):
    """Networks typed in by an organization, one per line."""
    names, seen = [], set()
    for raw in text.splitlines():
        name = single_line(raw).strip(" ,;")
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


def network_named(name):
    """The Network with this name (case ignored), created if new.

    A savepoint lets two signers who type the same new network at once both
    succeed: the loser of the race reads the winner's row.
    """
    existing = Network.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Network.objects.create(name=name)
    except IntegrityError:
        return Network.objects.get(name__iexact=name)


def networks_signed(letter):
    """Networks whose signature is on the letter's public list, for "member of" choices."""
    public = Signature.objects.public().filter(letter=letter, kind=Signature.Kind.NETWORK)
    return Network.objects.filter(signatures__in=public).distinct().order_by("name")


def networks_with_member_lists():
    """Networks with a public signature on some listed letter, whose list a new one can
    start from."""
    public = Signature.objects.public().on_listed_letters().filter(kind=Signature.Kind.NETWORK)
    return Network.objects.filter(signatures__in=public).distinct().order_by("name")


def last_public_signature(network):
    """The network's latest public signature with its members, to prefill a new one.

    Only public signatures of listed letters: a pending list was never reviewed, and a
    draft letter's lists are not public yet.
    """
    return (
        Signature.objects.public()
        .on_listed_letters()
        .filter(network=network, kind=Signature.Kind.NETWORK)
        .prefetch_related(Prefetch("members", queryset=Member.objects.order_by("position")))
        .order_by("-created_at", "-pk")
        .first()
    )


def _is_duplicate(error):
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == DUPLICATE_CONSTRAINT


def _existing(signature):
    """The signature that holds the email and kind, matched as the constraint matches."""
    return (
        Signature.objects.annotate(email_lower=Lower("email"))
        .filter(letter=signature.letter, kind=signature.kind)
        .get(email_lower=Lower(Value(signature.email)))
    )


def submit(signature, *, members=(), network_name="", networks=(), new_networks=(), consent=None):
    """Saves a new signature (unsaved instance with letter and kind set) and queues its email.

    Returns (signature, created). When the email already signed the letter as
    this kind, nothing is saved, the existing signature is returned with
    created=False, and its owner gets an email with its links.
    """
    signature.status = status.initial(signature.letter)
    signature.origin = Signature.Origin.FORM
    with transaction.atomic():
        # The text the signer read: an amendment later leaves theirs as it was.
        signature.revision = texts.current_revision(signature.letter)
        try:
            # A savepoint: on a duplicate, the network created for it goes too.
            with transaction.atomic():
                if signature.kind == Signature.Kind.NETWORK:
                    signature.network = network_named(network_name or signature.name)
                signature.save()
        except IntegrityError as error:
            if not _is_duplicate(error):
                raise
            existing = _existing(signature)
            send_after_commit("already_signed", existing)
            return existing, False
        _save_members(signature, members)
        declared = list(networks) + [network_named(name) for name in new_networks]
        if declared:  # a new signature has none to compare with
            signature.member_of.set(declared)
        signature.events.create(
            action=SignatureEvent.Action.CREATED,
            to_status=signature.status,
            changes={"consent": consent or {}},
        )
        if signature.status == Signature.Status.UNCONFIRMED:
            send_after_commit("confirmation", signature)
        else:
            send_after_commit("received", signature)
    return signature, True


def _save_members(signature, members, keep_links=None):
    keep_links = keep_links or {}
    Member.objects.bulk_create(
        Member(
            network_signature=signature,
            position=position,
            kind=member.kind,
            name=member.name,
            role=member.role,
            signature_id=keep_links.get(fold(member.name)),
        )
        for position, member in enumerate(members, start=1)
    )


def _member_text(members):
    return [f"{m.kind}: {m.name}, {m.role}" if m.role else f"{m.kind}: {m.name}" for m in members]


def edit(signature, values, *, members=None, networks=None, new_networks=()):
    """The signer's corrections from the manage page; returns the changes made.

    Members are replaced only when the list changed, keeping each member's link to
    its own signature (set by moderators) when the name is unchanged.
    """
    other_changes = {}
    with transaction.atomic():
        if members is not None:
            current = list(signature.members.order_by("position"))
            as_lines = [MemberLine(name=m.name, role=m.role, kind=m.kind) for m in current]
            if as_lines != list(members):
                links = {fold(m.name): m.signature_id for m in current if m.signature_id}
                signature.members.all().delete()
                _save_members(signature, members, keep_links=links)
                other_changes["members"] = [_member_text(as_lines), _member_text(members)]
        if networks is not None:
            declared = list(networks) + [network_named(name) for name in new_networks]
            before = sorted(n.name for n in signature.member_of.all())
            after = sorted({n.name for n in declared})
            if before != after:
                signature.member_of.set(declared)
                other_changes["member_of"] = [before, after]
        return signature.edit(values, other_changes=other_changes)


def share_links(url, title):
    """Plain links to share a letter: no third-party scripts, nothing loaded until clicked."""
    text = f"{title} {url}"
    return [
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": text})),
    ]


def email_share_link(url, title):
    # quote, not "+", for spaces: mail programs show a "+" literally.
    return "mailto:?" + urlencode({"subject": title, "body": f"{title}\n\n{url}"}, quote_via=quote)
