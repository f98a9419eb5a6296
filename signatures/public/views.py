"""The home page and a letter's public page (and, for its team, a draft's)."""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language

from letters.access import readable_letter
from letters.authoring import texts
from letters.models import Letter
from signatures.public import caching


def home(request):
    letters = Letter.objects.listed().prefetch_related("versions")
    return render(
        request,
        "signatures/public/home.html",
        {
            "open_letters": [letter for letter in letters if letter.status == Letter.Status.OPEN],
            "past_letters": [letter for letter in letters if letter.status != Letter.Status.OPEN],
        },
    )


def only_language(request, version):
    """Whether the language the reader asked for (or reads the site in) has no version,
    so that they read the original."""
    wanted = (request.GET.get("lang") or get_language() or "").split("-")[0]
    return bool(version) and version.language != wanted


@dataclass
class Amendment:
    revision: object
    language: str
    changes: list


def amendment(letter, version):
    """The letter's last amendment, with what it changed in this version's language, or
    None for a text never amended."""
    revision = letter.revisions.order_by("-number").first()
    earlier = texts.previous(revision) if revision else None
    if earlier is None or version is None:
        return None
    language, changes = texts.changes_between(earlier, revision, version.language)
    return Amendment(revision, language, changes)


def asked_as_shown(request, version, list_page):
    """Whether the query names the language and page the page shows, as it writes them.

    Any other value (`?lang=fr`, `?page=999`, `?page=01`) gets the page it falls back
    to, never a shared cache entry of its own (security review, finding 8).
    """
    lang, number = request.GET.get("lang"), request.GET.get("page")
    return (lang is None or (version is not None and lang == version.language)) and (
        number is None or number == str(list_page.number)
    )


def detail(request, slug):
    """The letter and its public list, a page of PAGE_SIZE entries at a time.

    The whole page comes from the cache (signatures.public.caching.page_by_address), without
    a query; or else its count and its page of the list do: it costs the same few
    queries with 20 signatures or 100,000.
    """
    cacheable = caching.page_cacheable(request, parameters={"lang", "page"})
    if cacheable and (response := caching.page_by_address(request)):
        return response
    letter = readable_letter(request, slug, Letter.objects.prefetch_related("versions"))
    version = letter.version_for(request.GET.get("lang"))
    list_page = caching.list_page(letter, version, request.GET.get("page"))

    def page():
        context = {
            "letter": letter,
            "version": version,
            "only_language": only_language(request, version),
            "amendment": amendment(letter, version),
            "other_versions": [v for v in letter.versions.all() if v != version],
            "count": caching.signatory_count(letter),
            "list_page": list_page,
        }
        return render(request, "signatures/public/letter.html", context)

    if request.draft_preview:
        # The team's look at a draft: theirs alone, never stored by anyone.
        response = page()
        add_never_cache_headers(response)
        return response
    if cacheable and asked_as_shown(request, version, list_page):
        # The same for every anonymous reader: it has no form (the language switch is
        # a link), so no CSRF token. Whether it takes signatures also changes with the
        # clock (its closing date).
        return caching.shared_page(
            request, letter, "letter", page, letter.is_accepting_signatures(), by_address=True
        )
    return page()
