"""An import from start to end: the draft read from a source, the organizer's changes,
the commit (one transaction) and the undo of a whole batch.

Nothing becomes a signature before `commit`: the draft ImportBatch holds the rows
and the entries read from them. The commit creates every signature, its audit
event naming the batch, its network and members, or nothing at all. `undo` takes a
committed batch back until the letter is delivered: the signatures are rejected,
a status move recorded in each one's audit trail with the batch named, so they
leave the public list, the counts and the duplicate suggestions; their private
fields are erased (as signatures.retention erases them), so that the same list can
come in again; the audit events stay as they are (they are never deleted).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.authoring import texts
from letters.models import Letter
from signatures import duplicate_keys, retention
from signatures.importing.pipeline import columns, entries, flags
from signatures.importing.sources import Table
from signatures.models import ImportBatch, ImportMapping, Member, Network, Signature, SignatureEvent
from signatures.names import sort_key

State = ImportBatch.State
STATUSES = (Signature.Status.PENDING, Signature.Status.APPROVED)
_BATCH_SIZE = 2000
# A draft holds contact details: one left this long, never committed nor discarded,
# is deleted when anyone starts an import.
DRAFT_DAYS = 7


class ImportRefused(ValueError):
    """The import cannot go ahead as asked; the message says why, for the organizer."""


# --- The draft ---------------------------------------------------------------------------


def _guess_from_cells(rows):
    """Fields for a table without a header row, from what its cells hold."""
    width = max(len(row) for row in rows)
    sample = rows[:200]
    fields = []
    for index in range(width):
        cells = [row[index] for row in sample if index < len(row) and row[index]]
        share = len(cells) or 1
        if sum(entries.is_email(cell) for cell in cells) * 2 > share:
            fields.append("email")
        elif sum(bool(entries.country_code(cell)) for cell in cells) * 2 > share:
            fields.append("country")
        elif sum(bool(entries.website(cell)) and "." in cell for cell in cells) * 2 > share:
            fields.append("website")
        elif "name" not in fields and cells:
            fields.append("name")
        else:
            fields.append(columns.IGNORE)
    return columns.clean(fields, width)


def remembered(letter, headers):
    """The mapping this letter's organizers chose last for this header row, if any."""
    found = ImportMapping.objects.filter(
        letter=letter, headers_key=columns.headers_key(headers)
    ).first()
    return columns.clean(found.mapping, len(headers)) if found else None


def start(letter, table: Table, *, by):
    """A draft batch for `table`, read with the remembered or guessed columns."""
    forgotten = timezone.now() - datetime.timedelta(days=DRAFT_DAYS)
    ImportBatch.objects.filter(state=State.DRAFT, created_at__lt=forgotten).delete()
    batch = ImportBatch(
        letter=letter,
        created_by=by,
        file_name=table.name,
        source_format=table.format,
        checksum=table.checksum,
    )
    if table.block:
        batch.draft = {"block": table.block, "rows": [], "has_header": False}
    else:
        has_header = columns.looks_like_header(table.rows[0])
        width = table.width
        if has_header:
            header = table.rows[0] + [""] * (width - len(table.rows[0]))
            batch.headers = header
            batch.mapping = remembered(letter, header) or columns.guess(header)
        else:
            batch.headers = [_("Column %(number)s") % {"number": n} for n in range(1, width + 1)]
            batch.mapping = _guess_from_cells(table.rows)
        batch.draft = {"rows": table.rows, "has_header": has_header, "block": ""}
    _read(batch)
    batch.save()
    return batch


def _read(batch):
    draft = batch.draft
    if draft["block"]:
        draft["entries"], draft["notes"] = entries.from_block(draft["block"])
    else:
        rows = draft["rows"][1:] if draft["has_header"] else draft["rows"]
        first = 2 if draft["has_header"] else 1
        draft["entries"] = entries.from_rows(rows, batch.mapping, first)
        draft["notes"] = []
    draft["errors"] = flags.check(batch.letter, draft["entries"])


def remap(batch, mapping):
    """Reads the rows again with the organizer's columns (their changes to entries go)."""
    batch.mapping = columns.clean(mapping, len(batch.headers))
    _read(batch)
    batch.save(update_fields=["mapping", "draft"])


EDITABLE = ("kind", "name", "acronym", "title", "country", "email")


def merge(entries_to_merge):
    """Merges entries into the first: its fields kept, blanks filled from the others,
    members, networks and readings joined; the others are left out."""
    kept, *others = entries_to_merge
    for other in others:
        for field in entries.TEXT_FIELDS:
            if not kept[field] and other[field]:
                kept[field] = other[field]
        names = {member["name"].casefold() for member in kept["members"]}
        kept["members"] += [m for m in other["members"] if m["name"].casefold() not in names]
        kept["networks"] = list(dict.fromkeys([*kept["networks"], *other["networks"]]))
        kept["notes"].append(_("Merged with line %(line)s.") % {"line": other["line"]})
        other["dropped"] = True
        other["notes"].append(_("Merged into line %(line)s.") % {"line": kept["line"]})


def edit(batch, changes):
    """Applies the organizer's changes: {entry index: {field: value, "dropped": bool,
    "merge": bool}}; the entries marked "merge" become one."""
    found = batch.draft["entries"]
    merging = [found[i] for i, values in sorted(changes.items()) if values.get("merge")]
    for index, values in changes.items():
        if not 0 <= index < len(found):
            continue
        entry = found[index]
        entry["dropped"] = bool(values.get("dropped"))
        if "country" in values and values["country"] != entry["country"]:
            typed, values["country"] = values["country"], entries.country_code(values["country"])
            if typed and not values["country"]:
                entries.flag(entry, "unknown_country")
        for field in EDITABLE:
            if field in values and values[field] != entry[field]:
                entry[field] = values[field]
                entry.setdefault("edited", []).append(field)
        entries.guard(entry)
    if len(merging) > 1:
        merge(merging)
    batch.draft["errors"] = flags.check(batch.letter, found)
    batch.save(update_fields=["draft"])


def discard(batch):
    if batch.state == State.DRAFT:
        batch.delete()


# --- Commit ----------------------------------------------------------------------------


def _network(name, acronym="", cache=None):
    key = name.casefold()
    if key not in cache:
        cache[key], _created = Network.objects.get_or_create(
            name__iexact=name, defaults={"name": name, "acronym": acronym}
        )
    return cache[key]


def commit(batch, *, by, status):
    """Creates the batch's signatures, all or none; returns the batch, committed."""
    if status not in STATUSES:
        raise ImportRefused(_("Imported signatures are either pending or approved."))
    try:
        with transaction.atomic():
            return _commit(batch, by, status)
    except IntegrityError:
        raise ImportRefused(
            _("The database refused the import (an email address signed meanwhile?): check again.")
        ) from None


def _commit(batch, by, status):
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != State.DRAFT:
        raise ImportRefused(_("This import was already committed or discarded."))
    letter = Letter.objects.select_for_update().get(pk=batch.letter_id)
    if letter.status == Letter.Status.DELIVERED:
        raise ImportRefused(_("The letter is delivered: its list can no longer change."))
    found = batch.draft["entries"]
    if flags.check(letter, found, warnings=False):
        raise ImportRefused(_("Some rows have errors: fix them or leave them out first."))
    live = [entry for entry in found if not entry["dropped"]]
    if not live:
        raise ImportRefused(_("There is nothing to import: every row is left out."))
    now, networks = timezone.now(), {}
    # The gathered list signed the letter's text as it is now.
    revision = texts.current_revision(letter)
    signatures = Signature.objects.bulk_create(
        [_signature(letter, revision, entry, status, now, networks) for entry in live],
        batch_size=_BATCH_SIZE,
    )
    SignatureEvent.objects.bulk_create(
        [
            SignatureEvent(
                signature=signature,
                action=SignatureEvent.Action.IMPORTED,
                actor=by,
                to_status=status,
                batch=batch,
                reason="\n".join(entry["notes"])[:5000],
            )
            for signature, entry in zip(signatures, live, strict=True)
        ],
        batch_size=_BATCH_SIZE,
    )
    Member.objects.bulk_create(
        [
            Member(
                network_signature=signature,
                position=position,
                kind=member["kind"],
                name=member["name"],
                role=member["role"],
            )
            for signature, entry in zip(signatures, live, strict=True)
            for position, member in enumerate(entry["members"], 1)
        ],
        batch_size=_BATCH_SIZE,
    )
    through = Signature.member_of.through
    through.objects.bulk_create(
        [
            through(signature_id=signature.pk, network_id=_network(name, cache=networks).pk)
            for signature, entry in zip(signatures, live, strict=True)
            if entry["kind"] == Signature.Kind.ORGANIZATION
            for name in entry["networks"]
        ],
        batch_size=_BATCH_SIZE,
        ignore_conflicts=True,
    )
    # bulk_create skips Signature.save(): the keys of duplicate suggestions, here.
    duplicate_keys.refresh(letter)
    if batch.headers and batch.draft.get("has_header"):
        ImportMapping.objects.update_or_create(
            letter=letter,
            headers_key=columns.headers_key(batch.headers),
            defaults={"mapping": batch.mapping},
        )
    batch.counts = counts(found)
    batch.given_status, batch.state, batch.committed_at = status, State.COMMITTED, now
    batch.draft = {}
    batch.save()
    return batch


def _signature(letter, revision, entry, status, now, networks):
    kind = entry["kind"]
    network = _network(entry["name"], entry["acronym"], networks) if kind == "network" else None
    return Signature(
        letter=letter,
        revision=revision,
        kind=kind,
        network=network,
        name=entry["name"],
        sort_name=sort_key(entry["name"]),
        acronym=entry["acronym"],
        title=entry["title"],
        country=entry["country"],
        city=entry["city"],
        website=entry["website"],
        contact_name=entry["contact_name"],
        contact_role=entry["contact_role"],
        email=entry["email"],
        note=entry["note"],
        status=status,
        visibility=Signature.Visibility.PUBLIC,
        origin=Signature.Origin.IMPORT,
        decided_at=now if status == Signature.Status.APPROVED else None,
    )


def counts(found):
    live = [entry for entry in found if not entry["dropped"]]
    by_kind = {kind: sum(entry["kind"] == kind for entry in live) for kind in entries.KINDS}
    return {
        **by_kind,
        "members": sum(len(entry["members"]) for entry in live),
        "left_out": len(found) - len(live),
        "flagged": sum(bool(entry["flags"] or entry.get("checks")) for entry in live),
    }


# --- Undo ------------------------------------------------------------------------------


def signatures_of(batch):
    """The signatures a batch created (through their IMPORTED events)."""
    created = SignatureEvent.objects.filter(batch=batch).values("signature_id")
    return Signature.objects.filter(letter_id=batch.letter_id, pk__in=created)


def undo(batch, *, by):
    """Rejects every signature of a committed batch still live; returns how many."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state != State.COMMITTED:
            raise ImportRefused(_("Only an import that was committed can be undone."))
        letter = Letter.objects.get(pk=batch.letter_id)
        if letter.status == Letter.Status.DELIVERED:
            raise ImportRefused(_("The letter is delivered: its imports can no longer be undone."))
        reason = _("Import undone: %(batch)s") % {"batch": batch}
        changed = signatures_of(batch).reject(by=by, reason=reason)
        # What the import brought in private goes too, so that the same list can be
        # imported again (an email signs a letter once per kind, even when rejected).
        signatures_of(batch).update(**retention.PRIVATE_FIELDS, updated_at=timezone.now())
        batch.state, batch.undone_at, batch.undone_by = State.UNDONE, timezone.now(), by
        batch.save(update_fields=["state", "undone_at", "undone_by"])
    return len(changed)
