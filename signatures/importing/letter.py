"""Importing an existing letter: its text, and the signatory block pasted under it.

`parse_letter` reads the text without touching the database; `import_letter`
stores what it read, all or nothing. The signatory-block heuristics live in
`signatures.importing.parsing`; every guess they make is returned as a warning.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext

from letters.authoring import texts
from letters.models import Letter, LetterVersion
from signatures import duplicate_keys
from signatures.importing.headings import (
    INDIVIDUAL,
    NETWORK,
    ORGANIZATION,
    PERSON,
)
from signatures.importing.parsing import quote
from signatures.importing.reading.letters import (
    LetterImportError,
    ParsedLetter,
    parse_letter,
)
from signatures.models import Member, Network, Signature, SignatureEvent
from signatures.names import fold, identity_key, sort_key

__all__ = [
    "LetterExists",
    "LetterImportError",
    "ParsedLetter",
    "ImportSummary",
    "parse_letter",
    "import_letter",
]


class LetterExists(LetterImportError):
    """A letter with the slug exists and `replace` was not asked for."""


@dataclass
class NetworkSummary:
    name: str
    organizations: int
    people: int

    @property
    def members(self):
        return self.organizations + self.people


@dataclass
class ImportSummary:
    letter: Letter
    organizations: int
    individuals: int
    networks: list[NetworkSummary]
    linked_members: int
    warnings: list[str]

    @property
    def member_organizations(self):
        return sum(network.organizations for network in self.networks)

    @property
    def member_people(self):
        return sum(network.people for network in self.networks)


def title_from_slug(slug):
    """ "mexico-asylum-letter-2023-12-18" → "Mexico asylum letter 2023-12-18"."""
    date = re.search(r"\d{4}-\d{2}-\d{2}$", slug)
    words = slug[: date.start()] if date else slug
    title = re.sub(r"[-_]+", " ", words).strip()
    title = f"{title} {date.group(0)}".strip() if date else title
    return title[:1].upper() + title[1:]


def _check(parsed, slug, language, status, title):
    try:
        validate_slug(slug)
    except ValidationError:
        raise LetterImportError(
            gettext("“%(slug)s” is not a valid slug: use letters, numbers, hyphens or underscores.")
            % {"slug": slug}
        ) from None
    if len(slug) > Letter._meta.get_field("slug").max_length:
        raise LetterImportError(gettext("The slug “%(slug)s” is too long.") % {"slug": slug})
    if language not in dict(settings.LANGUAGES):
        codes = ", ".join(dict(settings.LANGUAGES))
        raise LetterImportError(
            gettext("Unknown language “%(language)s”: use one of %(codes)s.")
            % {"language": language, "codes": codes}
        )
    if status not in Letter.Status.values:
        codes = ", ".join(Letter.Status.values)
        raise LetterImportError(
            gettext("Unknown status “%(status)s”: use one of %(codes)s.")
            % {"status": status, "codes": codes}
        )
    limits = [("title", title, LetterVersion), ("closing", parsed.closing, LetterVersion)]
    for entry in parsed.entries:
        limits += [("name", entry.name, Signature), ("acronym", entry.acronym, Signature)]
        limits += [("title", entry.title, Signature)]
        limits += [(f, getattr(m, f), Member) for m in entry.members for f in ("name", "role")]
    for name, value, model in limits:
        if len(value) > model._meta.get_field(name).max_length:
            raise LetterImportError(
                gettext(
                    "A %(model)s's %(field)s is too long, which usually means the list was "
                    "misread: “%(value)s”."
                )
                % {"model": model._meta.verbose_name, "field": name, "value": quote(value, 120)}
            )


def _link_members(members, signatures):
    """Point each member to the same organization's (or person's) own signature here."""
    by_key = {}
    for signature in signatures:
        group = PERSON if signature.kind == INDIVIDUAL else ORGANIZATION
        keys = [identity_key(signature.name, signature.acronym)]
        if signature.acronym:
            keys.append(fold(signature.acronym))
        for key in keys:
            by_key.setdefault((group, key), signature)
    linked = 0
    for member, parsed in members:
        own = by_key.get((parsed.kind, identity_key(parsed.core_name)))
        if own is not None and own.pk != member.network_signature_id:
            member.signature = own
            linked += 1
    return linked


def _duplicates(signatures):
    seen, warnings = {}, []
    for signature in signatures:
        key = (signature.kind == INDIVIDUAL, identity_key(signature.name, signature.acronym))
        if key in seen:
            warnings.append(
                gettext(
                    "“%(first)s” and “%(second)s” look like one signatory; both were imported, "
                    "for a moderator to merge."
                )
                % {"first": seen[key].name, "second": signature.name}
            )
        seen.setdefault(key, signature)
    return warnings


def import_letter(parsed_or_text, *, slug, language="en", title=None, status="open", replace=False):
    """Create the letter, its original version and its approved signatures, all or nothing.

    With `replace`, an existing letter with this slug is deleted first, in the
    same transaction; without it, an existing slug is an error.
    """
    parsed = parse_letter(parsed_or_text) if isinstance(parsed_or_text, str) else parsed_or_text
    title = title or title_from_slug(slug)
    _check(parsed, slug, language, status, title)
    now = timezone.now()
    try:
        with transaction.atomic():
            existing = Letter.objects.select_for_update().filter(slug=slug).first()
            if existing and not replace:
                raise LetterExists(
                    gettext(
                        "A letter with the slug “%(slug)s” exists already: choose another "
                        "slug, or replace it."
                    )
                    % {"slug": slug}
                )
            if existing:
                try:
                    existing.delete()
                except (ProtectedError, RestrictedError):
                    # Its audit trail, exports or delivery are kept for good (finding 13).
                    raise LetterImportError(
                        gettext(
                            "The letter “%(slug)s” has a history (moderation, exports or its "
                            "delivery), which is never deleted, so it cannot be replaced: "
                            "import the text under another slug."
                        )
                        % {"slug": slug}
                    ) from None
            letter = Letter.objects.create(slug=slug, date=parsed.date, status=status)
            LetterVersion.objects.create(
                letter=letter,
                language=language,
                is_original=True,
                title=title,
                recipient=parsed.recipient,
                body=parsed.body,
                closing=parsed.closing,
            )
            return _create_signatures(letter, parsed, language, now)
    except IntegrityError as error:
        raise LetterImportError(
            gettext("The database refused the import: %(error)s") % {"error": error}
        ) from error


def _website(url):
    """A web address fit for the website field ("www.x.org" gets its scheme), or ""."""
    url = url if "://" in url else f"https://{url}" if url else ""
    try:
        URLValidator()(url)
    except ValidationError:
        return ""
    return url[:500]


def _private_contacts(entries):
    """(email, note) per entry: an email once per kind (the database allows one per letter
    and kind), a phone number in the note to the organizers. Never in a public field."""
    seen, contacts = set(), []
    for entry in entries:
        email = entry.email.lower()[:254]
        if (entry.kind, email) in seen:
            email = ""
        seen.add((entry.kind, email))
        note = gettext("Phone: %(phone)s") % {"phone": entry.phone} if entry.phone else ""
        contacts.append((email, note))
    return contacts


def _create_signatures(letter, parsed, language, now):
    networks = {}
    for entry in parsed.of_kind(NETWORK):
        network, _ = Network.objects.get_or_create(
            name__iexact=entry.name, defaults={"name": entry.name, "acronym": entry.acronym}
        )
        networks[id(entry)] = network
    contacts = _private_contacts(parsed.entries)
    # The imported list signed the letter's text as imported: its first revision.
    revision = texts.current_revision(letter)
    signatures = Signature.objects.bulk_create(
        Signature(
            letter=letter,
            revision=revision,
            kind=entry.kind,
            network=networks.get(id(entry)),
            name=entry.name,
            sort_name=sort_key(entry.name),
            acronym=entry.acronym,
            title=entry.title,
            country=entry.country,
            website=_website(entry.website),
            email=email,
            note=note,
            status=Signature.Status.APPROVED,
            visibility=Signature.Visibility.PUBLIC,
            origin=Signature.Origin.IMPORT,
            language=language,
            is_lead=entry.is_lead,
            lead_order=entry.lead_order,
            decided_at=now,
        )
        for entry, (email, note) in zip(parsed.entries, contacts, strict=True)
    )
    SignatureEvent.objects.bulk_create(
        SignatureEvent(
            signature=signature,
            action=SignatureEvent.Action.IMPORTED,
            to_status=Signature.Status.APPROVED,
            # What the importer guessed about this entry, for the moderators.
            reason="\n".join(entry.warnings),
        )
        for signature, entry in zip(signatures, parsed.entries, strict=True)
    )
    members = [
        (
            Member(
                network_signature=signature,
                position=position,
                kind=member.kind,
                name=member.name,
                role=member.role,
            ),
            member,
        )
        for signature, entry in zip(signatures, parsed.entries, strict=True)
        for position, member in enumerate(entry.members, 1)
    ]
    linked = _link_members(members, signatures)
    Member.objects.bulk_create(member for member, _ in members)
    # bulk_create skips Signature.save(): the keys of duplicate suggestions, here.
    duplicate_keys.refresh(letter)
    return ImportSummary(
        letter=letter,
        organizations=len(parsed.of_kind(ORGANIZATION)),
        individuals=len(parsed.of_kind(INDIVIDUAL)),
        networks=[
            NetworkSummary(
                entry.name,
                organizations=sum(m.kind == ORGANIZATION for m in entry.members),
                people=sum(m.kind == PERSON for m in entry.members),
            )
            for entry in parsed.of_kind(NETWORK)
        ],
        linked_members=linked,
        warnings=parsed.warnings + _duplicates(signatures),
    )
