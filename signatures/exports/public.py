"""The public list as data, for anyone: signatories.json and .csv, and count.json.

Only approved, public signatures and no private field (Export(public=True)); each
file is made once per list version and shared through the cache, gzip-compressed.
"""

import re
import zlib

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_GET, require_safe

from letters.listversion import list_version, token_time
from letters.models import Letter
from signatures.exports.data import iter_csv, iter_json
from signatures.exports.formats import Export
from signatures.exports.views import language_asked
from signatures.public.caching import cached, signatory_count

# Public data may be a few minutes old; the letter page is always current.
PUBLIC_MAX_AGE = 300
COUNT_MAX_AGE = 60
# zlib's window bits for a gzip container, which browsers and HTTP clients take.
GZIP_WBITS = 31
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@require_safe  # HEAD too: caches and link checkers ask for the headers alone
def public_signatories(request, slug, format):
    """The public list as data: approved signatures shown on the website, no private field."""
    letter = get_object_or_404(Letter.objects.listed().prefetch_related("versions"), slug=slug)
    language = language_asked(request, letter)
    # The list version (letters.listversion) changes with every change to the list:
    # the freshness check costs a primary-key read, not a count of the signatures.
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
