"""What other websites may show of a letter: a sign box to frame and a count badge.

The sign box is the only page Firmas lets another site frame. It shows what the
public page shows (title, status, count) and nothing else, and its links open
Firmas in a new tab: nothing inside the frame changes data or reads the
visitor's session, so framing it cannot trick anyone into a click that acts.
The badge is an SVG image with the count, cacheable by browsers and proxies.
Both count as the letter page does, from the shared cache (signatures.public.caching):
approved signatures, "delivered only" ones included, each organization once.
"""

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from letters.models import Letter
from signatures.public import caching

# Seconds a browser or proxy may keep the sign box and the badge.
MAX_AGE = 300
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _letter(slug):
    return get_object_or_404(Letter.objects.listed().prefetch_related("versions"), slug=slug)


def _language(request):
    """`?lang=` when the embedding site chose one, else the reader's language."""
    requested = request.GET.get("lang", "")
    return requested if requested in LANGUAGE_CODES else translation.get_language()


@require_GET
@xframe_options_exempt
# Any site may frame this page (and only this one): it acts on nothing, see above.
@csp_replace({"frame-ancestors": ["*"]})
@cache_control(public=True, max_age=MAX_AGE)
def sign_box(request, slug):
    letter = _letter(slug)
    language = _language(request)
    with translation.override(language):
        version = letter.version_for(language)
        response = render(
            request,
            "signatures/public/embed.html",
            {"letter": letter, "version": version, "count": caching.signatory_count(letter)},
        )
    response["Content-Language"] = language
    return response


# Character widths of the badge's 11px sans-serif text, roughly; textLength makes
# the browser fit the text to them whatever font it has.
NARROW, WIDE, AVERAGE = 3.5, 9.5, 6.8


def _text_width(text):
    width = 0.0
    for char in text:
        if char in "ilIj.,;:!|' \u00a0":
            width += NARROW
        elif char in "mwMW":
            width += WIDE
        else:
            width += AVERAGE
    return round(width)


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def badge(request, slug):
    letter = _letter(slug)
    language = _language(request)
    with translation.override(language):
        total = caching.signatory_count(letter).total
        number = formats.number_format(total, force_grouping=True)
        label = ngettext("signatory", "signatories", total)
        label_width, number_width = _text_width(label) + 14, _text_width(number) + 14
        svg = render_to_string(
            "signatures/public/badge.svg",
            {
                "label": label,
                "number": number,
                "title": f"{number} {label}",
                "label_width": label_width,
                "number_width": number_width,
                "width": label_width + number_width,
                "label_text_width": label_width - 14,
                "number_text_width": number_width - 14,
                "label_x": label_width / 2,
                "number_x": label_width + number_width / 2,
                "language": language,
            },
        )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Language"] = language
    return response
