"""The import pages for a letter's team: a file or a pasted list in, its columns, every
entry with its reading and flags, the organizer's corrections, the commit, and the
undo of a whole import.

Access is checked by letters.access.letter_access_required, as on every moderation
page. Nothing becomes a signature before the commit: until then the import is a
draft (ImportBatch) that only the letter's team reaches, by its random id.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from letters.access import MODERATE, OWN, letter_access_required
from signatures.importing import sources
from signatures.importing.forms import CommitForm, EntriesForm, MappingForm, SourceForm
from signatures.importing.pipeline import batches, flags
from signatures.importing.pipeline.batches import ImportRefused
from signatures.models import ImportBatch

PAGE_SIZE = 50
# Which entries the review shows: all of them, those with any flag, those with errors.
SHOWS = ("all", "flagged", "errors")


def _context(request, letter, **extra):
    return {
        "letter": letter,
        "version": letter.version_for(),
        "is_owner": OWN in request.letter_abilities,
        **extra,
    }


def _draft(letter, public_id):
    return get_object_or_404(
        ImportBatch, letter=letter, public_id=public_id, state=ImportBatch.State.DRAFT
    )


@require_http_methods(["GET", "POST"])
@letter_access_required(MODERATE)
def start(request, letter):
    """Upload a file or paste a list; the letter's imports so far, each with its undo."""
    form = SourceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                table = _table(form.cleaned_data)
            except sources.SourceError as error:
                form.add_error(None, str(error))
            else:
                batch = batches.start(letter, table, by=request.user)
                return redirect("importing:review", letter.slug, batch.public_id)
        status = 400
    past = ImportBatch.objects.filter(letter=letter).exclude(state=ImportBatch.State.DRAFT)
    drafts = ImportBatch.objects.filter(letter=letter, state=ImportBatch.State.DRAFT)
    return render(
        request,
        "signatures/importing/start.html",
        _context(
            request,
            letter,
            form=form,
            past=past.select_related("created_by", "undone_by")[:50],
            drafts=drafts.only("public_id", "file_name", "created_at", "source_format")[:10],
            delivered=letter.status == letter.Status.DELIVERED,
        ),
        status=status,
    )


def _table(cleaned):
    upload = cleaned.get("file")
    if upload:
        return sources.read_file(upload.name, upload.read(sources.MAX_BYTES + 1))
    return sources.read_pasted(cleaned["text"])


def _shown(found, show):
    indexed = list(enumerate(found))
    if show == "errors":
        return [(i, entry) for i, entry in indexed if flags.has_error(entry)]
    if show == "flagged":
        return [(i, entry) for i, entry in indexed if entry["flags"] or entry.get("checks")]
    return indexed


def _samples(batch):
    """The first values of each column, to recognize it by."""
    rows = batch.draft["rows"][1:] if batch.draft["has_header"] else batch.draft["rows"]
    width = len(batch.headers)
    return [
        [row[index] for row in rows[:20] if index < len(row) and row[index]][:3]
        for index in range(width)
    ]


def _review(request, letter, batch, status=200, **forms):
    show = request.GET.get("show") if request.GET.get("show") in SHOWS else "all"
    found = batch.draft["entries"]
    page = Paginator(_shown(found, show), PAGE_SIZE).get_page(request.GET.get("page"))
    for _index, entry in page.object_list:
        entry["shown_flags"] = flags.shown(entry)
    if batch.headers:
        forms.setdefault(
            "mapping_form",
            MappingForm(headers=batch.headers, mapping=batch.mapping, samples=_samples(batch)),
        )
    forms.setdefault("entries_form", EntriesForm(shown=list(page.object_list)))
    forms.setdefault("commit_form", CommitForm())
    here = reverse("importing:review", args=[letter.slug, batch.public_id])
    return render(
        request,
        "signatures/importing/review.html",
        _context(
            request,
            letter,
            batch=batch,
            page=page,
            show=show,
            shows=[(name, label) for name, label in _show_labels()],
            counts=batches.counts(found),
            errors=batch.draft["errors"],
            flagged=sum(bool(e["flags"] or e.get("checks")) for e in found if not e["dropped"]),
            notes=batch.draft.get("notes", []),
            here=here,
            **forms,
        ),
        status=status,
    )


def _show_labels():
    return [("all", _("All")), ("flagged", _("To check")), ("errors", _("With errors"))]


@require_http_methods(["GET"])
@letter_access_required(MODERATE)
def review(request, letter, public_id):
    return _review(request, letter, _draft(letter, public_id))


@require_POST
@letter_access_required(MODERATE)
def remap(request, letter, public_id):
    batch = _draft(letter, public_id)
    form = MappingForm(
        request.POST, headers=batch.headers, mapping=batch.mapping, samples=_samples(batch)
    )
    if not form.is_valid():
        return _review(request, letter, batch, status=400, mapping_form=form)
    batches.remap(batch, form.mapping())
    messages.success(request, _("The rows were read again with these columns."))
    return redirect("importing:review", letter.slug, batch.public_id)


@require_POST
@letter_access_required(MODERATE)
def edit(request, letter, public_id):
    batch = _draft(letter, public_id)
    found = batch.draft["entries"]
    indices = [int(i) for i in request.POST.getlist("entry") if i.isascii() and i.isdigit()]
    shown = [(i, found[i]) for i in dict.fromkeys(indices) if i < len(found)][:PAGE_SIZE]
    form = EntriesForm(request.POST, shown=shown)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return _review(request, letter, batch, status=400, entries_form=form)
    batches.edit(batch, form.changes())
    messages.success(request, _("Saved. Nothing is imported until you commit."))
    target = request.POST.get("next", "")
    base = reverse("importing:review", args=[letter.slug, batch.public_id])
    return redirect(target if target.startswith(base + "?") else base)


@require_POST
@letter_access_required(MODERATE)
def commit(request, letter, public_id):
    batch = _draft(letter, public_id)
    form = CommitForm(request.POST)
    if not form.is_valid():
        return _review(request, letter, batch, status=400, commit_form=form)
    try:
        batch = batches.commit(batch, by=request.user, status=form.cleaned_data["status"])
    except ImportRefused as error:
        messages.error(request, str(error))
        return redirect("importing:review", letter.slug, public_id)
    total = sum(batch.counts.get(kind, 0) for kind in ("organization", "network", "individual"))
    messages.success(
        request,
        _("Imported %(count)s signatures. This import can be undone from the import page.")
        % {"count": total},
    )
    return redirect(
        reverse("moderation:queue", args=[letter.slug]) + f"?status={batch.given_status}"
    )


@require_POST
@letter_access_required(MODERATE)
def discard(request, letter, public_id):
    batches.discard(_draft(letter, public_id))
    messages.info(request, _("The import was discarded: nothing was saved."))
    return redirect("importing:start", letter.slug)


@require_POST
@letter_access_required(MODERATE)
def undo(request, letter, public_id):
    batch = get_object_or_404(ImportBatch, letter=letter, public_id=public_id)
    try:
        count = batches.undo(batch, by=request.user)
    except ImportRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Import undone: %(count)s signatures were taken off the letter.") % {"count": count},
        )
    return redirect("importing:start", letter.slug)
