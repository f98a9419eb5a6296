"""Writing a letter in the browser: "New letter", its texts side by side with a preview,
and its earlier texts.

Access goes through letters.access: organizers start letters, owners write them,
the whole team reads earlier texts. The preview is made here, by the server, with
the public page's own template and sanitizer (templates/includes/_letter_text.html):
no script in the page, so the Content-Security-Policy stays strict.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from letters.access import MODERATE, OWN, letter_access_required, organizer_required
from letters.authoring import diff, paste, texts
from letters.authoring.forms import DetailsForm, NewLetterForm, SaveForm, text_forms
from letters.authoring.revisions import LetterRevision
from letters.models import Letter, LetterVersion
from letters.views import team_context


@require_http_methods(["GET", "POST"])
@organizer_required
def new_letter(request):
    form = NewLetterForm(request.POST or None, initial=_new_letter_initial())
    warnings = []
    if request.method == "POST" and form.is_valid():
        warnings = form.warnings()
        if not warnings or request.POST.get("accept_warnings"):
            try:
                letter = texts.create_letter(
                    form.save(commit=False),
                    form.cleaned_data["language"],
                    form.text(),
                    request.user,
                )
            except IntegrityError:  # the same address, taken a moment ago by someone else
                form.add_error("slug", form.slug_taken(form.cleaned_data["slug"]))
                return render(request, "letters/authoring/new.html", {"form": form}, status=400)
            messages.success(
                request,
                _("The letter is saved as a draft. Only its team can see it until you open it."),
            )
            return redirect("letters:authoring:edit", letter.slug)
    status = 400 if form.is_bound and (form.errors or warnings) else 200
    context = {"form": form, "warnings": warnings}
    return render(request, "letters/authoring/new.html", context, status=status)


def _new_letter_initial():
    # A new letter has the same options as a letter made in the admin.
    defaults = {
        name: Letter._meta.get_field(name).default
        for name in NewLetterForm.Meta.fields
        if name.startswith(("allow_", "require_"))
    }
    return {"language": (get_language() or "es").split("-")[0], **defaults}


@dataclass
class Column:
    """One language on the edit page: its form, its stored version, its preview."""

    language: str
    version: object
    form: object
    preview: object = None
    warnings: list = None

    @property
    def is_original(self):
        return self.form.original


@require_http_methods(["GET", "POST"])
@letter_access_required(OWN)
def edit(request, letter):
    """The letter's texts side by side; Preview shows them as readers will; Save keeps
    them (as a new version once someone signed). A save on top of someone else's is
    refused with their text shown, and this one's kept in the form."""
    revision = texts.current_revision(letter)
    data = request.POST if request.method == "POST" else None
    columns = [Column(code, version, form) for code, version, form in text_forms(letter, data)]
    save_form = SaveForm(data, initial={"token": texts.token(revision)})
    details = DetailsForm(data, instance=letter)
    page = EditPage(request, letter, revision, columns, save_form, details)
    if request.method == "GET":
        return page.render()
    forms = [save_form, details, *(column.form for column in columns)]
    if not all(form.is_valid() for form in forms):
        return page.render(status=400)
    submitted = {c.language: c.form.text(keep=c.version) for c in columns if c.form.has_text()}
    for column in columns:
        column.warnings = column.form.warnings()
    if "preview" in request.POST:
        page.preview(submitted)
        return page.render()
    if letter.status == Letter.Status.DELIVERED:
        messages.error(request, _("The letter is delivered: its text no longer changes."))
        return page.render(status=409)
    if page.has_warnings and not save_form.cleaned_data["accept_warnings"]:
        messages.warning(request, _("Look at the warnings below before saving."))
        return page.render(status=400)
    try:
        saved = texts.save_texts(
            letter,
            submitted,
            expected_token=save_form.cleaned_data["token"],
            by=request.user,
            note=save_form.cleaned_data["note"],
        )
    except texts.EditConflict as conflict:
        return page.conflict(conflict.revision, submitted)
    options = letter.set_options(details.values(), by=request.user)
    _report(request, saved, notify=save_form.cleaned_data["notify"], options=options)
    return redirect("letters:authoring:edit", letter.slug)


def _report(request, saved, notify, options=None):
    """Says what the save did; for an amendment, queues the emails if the owner chose to.

    An amendment nobody has signed yet may be corrected again, and its signers of
    earlier texts told then (the owner may have saved before deciding).
    """
    if not saved.changed:
        if options:
            messages.success(request, _("Saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return
    if notify and saved.revision.is_amendment:
        texts.notify_signers.send(sender=LetterRevision, revision=saved.revision)
        messages.success(request, _("Saved; the signers of earlier texts will get an email."))
    elif saved.amended:
        messages.success(request, _("Saved as a new version. Nobody was emailed."))
    else:
        messages.success(request, _("Saved."))


class EditPage:
    """The edit page's context, and its variants: preview and conflict."""

    def __init__(self, request, letter, revision, columns, save_form, details):
        self.request, self.letter, self.revision = request, letter, revision
        self.columns, self.save_form, self.details = columns, save_form, details
        self.extra = {}

    @property
    def has_warnings(self):
        return any(column.warnings for column in self.columns)

    def preview(self, submitted):
        for column in self.columns:
            text = submitted.get(column.language)
            column.preview = LetterVersion(language=column.language, **text) if text else None
        self.extra["previewing"] = True

    def conflict(self, theirs, submitted):
        """Someone saved first: their text against this one's, and a token to save over it."""
        messages.error(
            self.request,
            _(
                "Someone else saved this letter while you were editing. Your text is "
                "still below; compare it with theirs, then save again to keep yours."
            ),
        )
        self.extra["conflict"] = [
            (code, diff.compare(theirs.text(code), text)) for code, text in submitted.items()
        ]
        self.extra["their_revision"] = theirs
        data = self.save_form.data.copy()
        data["token"] = texts.token(theirs)
        self.save_form = SaveForm(data)
        self.save_form.is_valid()
        return self.render(status=409)

    def render(self, status=200):
        if not any(column.warnings for column in self.columns) and not self.save_form.is_bound:
            for column in self.columns:
                column.warnings = texts_warnings(column.version)
        context = team_context(
            self.request,
            self.letter,
            columns=self.columns,
            save_form=self.save_form,
            details=self.details,
            revision=self.revision,
            signed=texts.is_signed(self.revision),
            amendment=self.revision.is_amendment,
            has_warnings=self.has_warnings,
            has_errors=any(
                form.errors
                for form in [self.save_form, self.details, *(c.form for c in self.columns)]
            ),
            **self.extra,
        )
        return render(self.request, "letters/authoring/edit.html", context, status=status)


def texts_warnings(version):
    """Paste damage in a stored version, shown when the page opens."""
    return paste.check(version.body) if version else []


@require_GET
@letter_access_required(MODERATE)
def revisions(request, letter):
    """Every text the letter has had, and how many signers were given each."""
    rows = letter.revisions.order_by("-number").select_related("actor")
    counts = dict(
        letter.signatures.order_by().values_list("revision__number").annotate(n=Count("pk"))
    )
    listed = [(revision, counts.get(revision.number, 0)) for revision in rows]
    return render(
        request,
        "letters/authoring/revisions.html",
        team_context(request, letter, rows=listed),
    )


@require_GET
@letter_access_required(MODERATE)
def revision(request, letter, number):
    """One earlier (or the current) text, in each language, and what it changed."""
    shown = letter.revisions.filter(number=number).first()
    if shown is None:
        raise Http404
    earlier = texts.previous(shown)
    languages = [
        (
            code,
            LetterVersion(language=code, **text),
            texts.changes_between(earlier, shown, code)[1] if earlier else [],
        )
        for code, text in shown.texts.items()
    ]
    return render(
        request,
        "letters/authoring/revision.html",
        team_context(request, letter, shown=shown, earlier=earlier, languages=languages),
    )
