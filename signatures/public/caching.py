"""The public list, its count and the signing forms: computed once, shared in the cache.

A letter's public page, its count and its public data are derived from its
signatures; counting 100,000 rows on every request would sink the server in a
surge. Each derived value is cached under the letter's *list version*, a token the
database replaces, by triggers, in the transaction of every write to the letter or
its list, however it is made (letters.listversion); reading it is one primary-key
read.
The first reader after a change recomputes the value (while it does, the others
get the previous one); everyone else, on every server, gets it from the cache.
Values also carry the letter's own updated_at, so a change to the letter (its
status, its options) shows at once too.
"""

import hashlib
import logging
import secrets
import time
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

from letters.listversion import list_version
from signatures.models import Signature
from signatures.public.listing import build_signatory_list, count_signatories

logger = logging.getLogger(__name__)

# Derived values are recomputed at least this often, whatever happens.
TIMEOUT = 6 * 3600
# A list this long (or a count this high) that keeps changing, as an unmoderated
# letter does in a surge, is recomputed at most every RECOMPUTE_SECONDS.
LARGE = 10_000
RECOMPUTE_SECONDS = 5
# Entries of the list on one page of a letter; the exports carry the whole list.
PAGE_SIZE = 500
# Part of every key: bump it when what is cached changes shape.
SCHEMA = "4"


def _version(letter, token):
    """What a cached value of this letter was computed from: its list and the letter."""
    stamp = int(letter.updated_at.timestamp() * 1_000_000) if letter.updated_at else 0
    return f"{token}:{stamp}"


def _is_large(value):
    if isinstance(value, bytes):  # a data file: a megabyte is a long list
        return len(value) >= 1_000_000
    size = getattr(value, "total", value)
    return isinstance(size, int) and size >= LARGE


def cached(kind, letter, compute, *parts, max_age=None):
    """`compute()` for this letter's current list, from the cache when it is there.

    When the list has changed, one process recomputes the value and the others
    meanwhile get the previous one, so that a change does not set every server
    counting at once. A large list that keeps changing is recomputed at most
    every RECOMPUTE_SECONDS. With `max_age`, a value is also recomputed once it
    is that many seconds old, for what changes without a new list version.
    """
    return _cached(kind, letter, compute, *parts, max_age=max_age)[1]


def _cached(kind, letter, compute, *parts, max_age=None):
    """cached(), and the version the value was computed for."""
    key = ":".join(["firmas", SCHEMA, kind, str(letter.pk), *map(str, parts)])
    version = _version(letter, list_version(letter.pk))
    if max_age:
        version += f":{int(time.time() // max_age)}"
    entry = cache.get(key)
    if entry is not None and entry[0] == version:
        return entry
    lock = f"{key}:recomputing"
    locked = cache.add(lock, version, timeout=RECOMPUTE_SECONDS)
    if not locked and entry is not None:
        return entry
    value = compute()
    cache.set(key, (version, value), timeout=TIMEOUT)
    if locked and not _is_large(value):
        cache.delete(lock)
    return version, value


def signatory_count(letter):
    """The letter's SignatoryCount (every approved signature, delivery-only ones too)."""
    return cached(
        "count",
        letter,
        lambda: count_signatories(Signature.objects.filter(letter=letter).approved()),
    )


@dataclass
class ListPage:
    """One page of the public list, rendered: what the letter page shows."""

    html: str
    number: int
    pages: int
    first: int
    last: int
    total: int

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.pages

    @property
    def previous_number(self):
        return self.number - 1

    @property
    def next_number(self):
        return self.number + 1

    @property
    def numbers(self):
        """The page numbers to link: the first, the last and those near this one (None: a gap)."""
        shown = sorted(
            {1, self.pages, *range(self.number - 3, self.number + 4)}
            & set(range(1, self.pages + 1))
        )
        numbers = []
        for n in shown:
            if numbers and n > numbers[-1] + 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def public_entries(letter):
    """How many entries the public list has (one per public signature)."""
    return cached(
        "entries", letter, lambda: Signature.objects.filter(letter=letter).public().count()
    )


def list_page(letter, version, number):
    """Page `number` (1 when not a page number; the last when past it) of the public list,
    rendered in the version's language for the reader's language."""
    total = public_entries(letter)
    pages = max(1, -(-total // PAGE_SIZE))
    try:
        number = min(max(1, int(number)), pages)
    except (TypeError, ValueError):
        number = 1
    language = version.language if version else ""

    def render():
        offset = (number - 1) * PAGE_SIZE
        signatory_list = build_signatory_list(
            Signature.objects.filter(letter=letter).public(), offset=offset, limit=PAGE_SIZE
        )
        html = (
            render_to_string(
                "includes/_signatory_list.html",
                {"signatory_list": signatory_list, "version": version},
            )
            if signatory_list
            else ""
        )
        first = offset + 1 if html else 0
        last = offset + len(signatory_list.organizations) + len(signatory_list.individuals)
        return ListPage(html, number, pages, first, last, total)

    return cached("list", letter, render, language, get_language(), number)


def shared_page(request, letter, name, render, *parts, by_address=False, form=False):
    """A page rendered once per letter, list version, language and address, for everyone.

    For pages that are the same for every anonymous reader: `render()` renders
    the page, kept compressed in the cache. A page with a `form` is the same for
    everyone but for the CSRF token: `render(csrf_token)` renders it with a
    placeholder token; the cached HTML (in pieces split at the placeholder) gets
    each reader's own token (and CSRF cookie), as if it had been rendered for them.
    A page without a form gets neither: no token, no cookie. Use only where
    page_cacheable(request) holds. With `by_address`, the page is also kept where
    page_by_address() finds it without reading the letter.
    """

    def page():
        if not form:
            return [zlib.compress(render().content, 1)]
        # Stands for the CSRF token, which each reader gets their own of. Made anew for
        # each rendering, after the page's text was written: no name typed into the page
        # can hold it, so the page is split only where the token goes (security
        # review, finding 15).
        placeholder = f"firmas-csrf-{secrets.token_hex(16)}"
        html = render(placeholder).content
        return [zlib.compress(piece, 1) for piece in html.split(placeholder.encode())]

    address = _address(request)
    version, pieces = _cached("page", letter, page, name, address, *parts)
    if by_address:
        until = letter.accepting_until()
        entry = (letter.pk, version.split(":", 1)[0], until.timestamp() if until else None)
        cache.set(_address_key(address), (*entry, pieces), timeout=TIMEOUT)
    return _respond(request, pieces)


def page_by_address(request):
    """A letter's shared page from the cache, without reading the letter: None when the
    cache has none for this address and the letter as it is now.

    The page, kept under its address by shared_page(by_address=True), is served when
    it was made under the letter's current list version, which the database replaces
    with every change to the letter, its language versions or its list
    (letters.listversion). The version is read from the database (one primary-key
    read) at most once every settings.FIRMAS_PAGE_RECHECK_SECONDS for an address; in between,
    the cache remembers that the page was current, and the page and that note come in
    one cache round trip. So a change shows to anonymous readers within that many
    seconds (one, by default); the people who made it, signed in or just shown a
    message, never get a shared page. A deleted letter has no version, so its page
    stops being served as quickly. A letter that closes by the clock is read again
    from its closing time on.
    """
    address = _address(request)
    key, checked_key = _address_key(address), _checked_key(address)
    found = cache.get_many([key, checked_key])
    entry = found.get(key)
    if entry is None:
        return None
    letter_id, token, until, pieces = entry
    if until is not None and time.time() >= until:
        return None
    window = settings.FIRMAS_PAGE_RECHECK_SECONDS
    checked_token, checked_at = found.get(checked_key) or (None, 0.0)
    now = time.time()
    if not (window and checked_token == token and now - checked_at < window):
        if list_version(letter_id) != token:
            return None
        if window:
            # Kept as long as the page: an entry that expired every second would be
            # deleted by every reader of the database cache at once.
            cache.set(checked_key, (token, now), timeout=TIMEOUT)
    return _respond(request, pieces)


def _address(request):
    """What a shared page depends on besides the letter: where it was asked, in what language."""
    query = sorted(request.GET.items())
    where = (request.scheme, request.get_host(), request.path, query, get_language())
    return hashlib.md5(repr(where).encode(), usedforsecurity=False).hexdigest()


def _address_key(address):
    return f"firmas:{SCHEMA}:page-by-address:{address}"


def _checked_key(address):
    """Where the cache notes the list version the page was last found current at, and when."""
    return f"firmas:{SCHEMA}:page-by-address-checked:{address}"


def _respond(request, pieces):
    if len(pieces) == 1:  # no form, so no token: nothing of this reader's in the page
        return HttpResponse(zlib.decompress(pieces[0]))
    token = get_token(request).encode()
    return HttpResponse(token.join(zlib.decompress(piece) for piece in pieces))


def page_cacheable(request, parameters=()):
    """Whether `request` may get a shared page: an anonymous GET with no flash message,
    whose query string has only these `parameters` (which the page's key includes), each
    once: the key holds one value of each, so a page built from a repeated one
    (`?lang=x&lang=en`) could show another value than its key says (security review,
    finding 7)."""
    return (
        not settings.DEBUG
        and request.method == "GET"
        and set(request.GET) <= set(parameters)
        and all(len(values) == 1 for _, values in request.GET.lists())
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )
