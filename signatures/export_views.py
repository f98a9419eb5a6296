"""Downloads of a letter's signatories: public data for anyone, every format for its moderators."""

import re
import tempfile
import zlib

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from letters.access import MODERATE, letter_access_required
from letters.models import Letter

from .caching import cached, list_version, signatory_count, token_time
from .exports import DEFAULT_STATUSES, FORMATS, STATUSES, Export, ExportError
from .exports_data import iter_csv, iter_json
from .models import ExportRecord, Signature

# Public data may be a few minutes old; the letter page is always current.
PUBLIC_MAX_AGE = 300
COUNT_MAX_AGE = 60
# zlib's window bits for a gzip container, which browsers and HTTP clients take.
GZIP_WBITS = 31
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
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


@require_safe  # HEAD too: caches and link checkers ask for the headers alone
def public_signatories(request, slug, format):
    """The public list as data: approved signatures shown on the website, no private field."""
    letter = get_object_or_404(Letter.objects.listed().prefetch_related("versions"), slug=slug)
    language = _language(request, letter)
    # The list version (signatures.caching) changes with every change to the list:
    # the freshness check costs a cache lookup, not a count of the signatures.
    version = list_version(letter.pk)
    letter_time = letter.updated_at.timestamp()
    etag = f'"{format}-{language}-{version}-{int(letter_time * 1_000_000):x}"'
    last_modified = max(letter_time, token_time(version))
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        export = Export(letter=letter, format=format, public=True, language=language)
        body = _public_body(export)
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(body, content_type=export.fmt.content_type)
            response["Content-Encoding"] = "gzip"
        else:
            response = StreamingHttpResponse(_gunzip(body), content_type=export.fmt.content_type)
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _public_body(export):
    """The public file, gzip-compressed, made once per list version and shared in the cache:
    a popular letter's data is downloaded far more often than its list changes."""

    def build():
        chunks = iter_csv(export) if export.format == "csv" else iter_json(export)
        compressor = zlib.compressobj(6, zlib.DEFLATED, GZIP_WBITS)
        parts = [compressor.compress(chunk.encode()) for chunk in chunks]
        parts.append(compressor.flush())
        return b"".join(parts)

    return cached("data", export.letter, build, export.format, export.language)


def _gunzip(body, size=1 << 16):
    """The file as it was, a piece at a time, for a client that does not take gzip."""
    decompressor = zlib.decompressobj(GZIP_WBITS)
    for start in range(0, len(body), size):
        yield decompressor.decompress(body[start : start + size])
    yield decompressor.flush()


@require_GET
def public_count(request, slug):
    """The letter's count as JSON, from the cache: each organization once, as on its page."""
    letter = get_object_or_404(Letter.objects.listed(), slug=slug)
    count = signatory_count(letter)
    response = JsonResponse(
        {
            "organizations": count.organizations,
            "individuals": count.individuals,
            "total": count.total,
        }
    )
    patch_cache_control(response, public=True, max_age=COUNT_MAX_AGE)
    return response


@require_GET
@letter_access_required(MODERATE)
def index(request, letter):
    return render(
        request,
        "exports/index.html",
        {
            "letter": letter,
            "version": letter.version_for(None),
            "formats": list(FORMATS.values()),
            "data_formats": [fmt for fmt in FORMATS.values() if fmt.data],
            "languages": [(v.language, v.get_language_display()) for v in letter.versions.all()],
            "statuses": Signature.Status.choices,
        },
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
            language=_language(request, letter, params),
            statuses=statuses,
            include_contacts=include_contacts,
        )
    except ExportError:
        return HttpResponse(status=400)
    export.record(actor=request.user, via=ExportRecord.Via.WEB)
    response = _response(export)
    # Moderators' lists hold unpublished and delivery-only names, and maybe contacts.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _language(request, letter, params=None):
    """The language asked for, if the site has it; else the letter's original."""
    language = (params or request.GET).get("lang", "")
    if language in dict(settings.LANGUAGES):
        return language
    original = letter.original_version()
    return original.language if original else settings.LANGUAGE_CODE
