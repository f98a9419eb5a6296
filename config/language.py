"""The reader's choice of language: a link, not a form.

The header's "Español" and "English" are links to `/i18n/<language>/?next=<this
page>`. The link keeps the choice in the language cookie (which
django.middleware.locale.LocaleMiddleware reads on every request) and sends the
reader back to the page they were on, when it is a page of this site; else home.
It changes no data, only how the site speaks to this reader, so a GET may do it:
and because the switch needs no form, a page without a form of its own needs no
CSRF token, and the public letter page can be cached whole (signatures.public.caching).
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import escape_uri_path
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# A language's name inside a sentence ("read in English", "leída en inglés"): Spanish
# writes it in lower case, where settings.LANGUAGES names it alone, as a label.
IN_A_SENTENCE = {
    "es": pgettext_lazy("a language's name inside a sentence", "Spanish"),
    "en": pgettext_lazy("a language's name inside a sentence", "English"),
}


@require_safe
def switch(request, code):
    """Keep `code` as the reader's language, then go back to `?next=` (if it is on this site)."""
    if code not in LANGUAGE_CODES:
        raise Http404
    response = HttpResponseRedirect(safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    # The redirect carries a cookie of this reader's: no shared cache may keep it.
    add_never_cache_headers(response)
    return response


def safe_next(request):
    """`?next=` when it is a page of this site (never another host or scheme), else home."""
    target = request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def switch_url(request, code):
    """The link that switches this page to `code`: back to this page, in that language.

    A page asked with `?lang=` (the letter page: the version to read) comes back
    with `?lang=<code>`, so that the letter follows the interface's language.
    """
    path = escape_uri_path(request.path)
    if request.GET:
        query = request.GET.copy()
        if "lang" in query:
            query["lang"] = code
        path += "?" + query.urlencode()
    return reverse("language", args=[code]) + "?" + urlencode({"next": path})
