"""Downloads of a letter's signatories for its moderators and owners, in every format.

The public data (signatories.json and .csv, count.json) is signatures.public.data."""

import tempfile

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from letters.access import MODERATE, letter_access_required
from letters.views import team_context
from signatures.exports.data import iter_csv, iter_json
from signatures.exports.formats import DEFAULT_STATUSES, FORMATS, STATUSES, Export, ExportError
from signatures.models import ExportRecord, Signature

# Documents and spreadsheets are built in a file that moves to disk past this size.
SPOOL_BYTES = 8 * 1024 * 1024


def _response(export, attachment=True):
    """The export as a response: CSV and JSON stream, other formats are built first."""
    fmt = export.fmt
    if fmt.name in ("csv", "json"):
        chunks = iter_csv(export) if fmt.name == "csv" else iter_json(export)
        response = StreamingHttpResponse(chunks, content_type=fmt.content_type)
    elif fmt.binary:
        out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (FileResponse closes it)
        export.write(out)
        out.seek(0)
        response = FileResponse(out, content_type=fmt.content_type)
    else:
        response = HttpResponse(content_type=fmt.content_type)
        export.write(response)
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@require_GET
@letter_access_required(MODERATE)
def index(request, letter):
    formats = list(FORMATS.values())
    return render(
        request,
        "signatures/exports/index.html",
        team_context(
            request,
            letter,
            # What each is for, first the letter to send: (group, formats).
            groups=[
                (group, [fmt for fmt in formats if fmt.group == group])
                for group in ("letter", "list", "data")
            ],
            data_formats=[fmt for fmt in formats if fmt.data],
            languages=[(v.language, v.get_language_display()) for v in letter.versions.all()],
            statuses=Signature.Status.choices,
        ),
    )


@require_http_methods(["GET", "POST"])
@letter_access_required(MODERATE)
def download(request, letter, format):
    """GET downloads without contact details; POST (with CSRF) adds them and is recorded."""
    if format not in FORMATS:
        raise Http404
    params = request.POST if request.method == "POST" else request.GET
    statuses = tuple(s for s in params.getlist("status") if s in STATUSES) or DEFAULT_STATUSES
    include_contacts = request.method == "POST"
    try:
        export = Export(
            letter=letter,
            format=format,
            language=language_asked(request, letter, params),
            statuses=statuses,
            include_contacts=include_contacts,
        )
    except ExportError:
        return HttpResponse(status=400)
    export.record(actor=request.user, via=ExportRecord.Via.WEB)
    # Moderators' lists hold unpublished and delivery-only names, and maybe contacts:
    # letter_access_required marks the response private and never stored.
    return _response(export)


def language_asked(request, letter, params=None):
    """The language asked for, if the site has it; else the letter's original."""
    language = (params or request.GET).get("lang", "")
    if language in dict(settings.LANGUAGES):
        return language
    original = letter.original_version()
    return original.language if original else settings.LANGUAGE_CODE
