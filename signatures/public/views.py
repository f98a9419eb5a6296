from django.shortcuts import get_object_or_404, render

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


def detail(request, slug):
    """The letter and its public list, a page of PAGE_SIZE entries at a time.

    The whole page comes from the cache (signatures.public.caching.page_by_address), without
    a query; or else its count and its page of the list do: it costs the same few
    queries with 20 signatures or 100,000.
    """
    cacheable = caching.page_cacheable(request, parameters={"lang", "page"})
    if cacheable and (response := caching.page_by_address(request, slug)):
        return response
    letter = get_object_or_404(Letter.objects.listed().prefetch_related("versions"), slug=slug)
    version = letter.version_for(request.GET.get("lang"))

    def page():
        context = {
            "letter": letter,
            "version": version,
            "other_versions": [v for v in letter.versions.all() if v != version],
            "count": caching.signatory_count(letter),
            "list_page": caching.list_page(letter, version, request.GET.get("page")),
        }
        return render(request, "signatures/public/letter.html", context)

    if cacheable:
        # The same for every anonymous reader: it has no form (the language switch is
        # a link), so no CSRF token. Whether it takes signatures also changes with the
        # clock (its closing date).
        return caching.shared_page(
            request, letter, "letter", page, letter.is_accepting_signatures(), by_address=True
        )
    return page()
