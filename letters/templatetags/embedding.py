"""The code an organization copies to show a letter on its own website."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

register = template.Library()

# Tall enough for a two-line title, the count and both links on a phone.
BOX_HEIGHT = 300


@register.simple_tag
def embed_codes(letter, version):
    """Addresses of the sign box and the badge, and the HTML to paste for each.

    On the site's own address (SITE_URL, as in emails), whatever host the page
    was read on. Returned as plain text, so the page escapes the code once more
    and shows it as it must be copied.
    """
    language = f"?lang={version.language}" if version else ""
    title = version.title if version else letter.slug

    def absolute(name):
        return settings.SITE_URL + reverse(name, args=[letter.slug])

    letter_url = absolute("public:letter") + language
    box_url = absolute("public:embed") + language
    badge_url = absolute("public:badge") + language
    box = (
        f'<iframe src="{escape(box_url)}" title="{escape(title)}" width="100%" '
        f'height="{BOX_HEIGHT}" frameborder="0" loading="lazy"></iframe>'
    )
    alt = _("Sign the letter: %(title)s") % {"title": title}
    badge = (
        f'<a href="{escape(letter_url)}"><img src="{escape(badge_url)}" alt="{escape(alt)}"></a>'
    )
    return {"box": box, "badge": badge}
