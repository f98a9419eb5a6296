"""Template filters for share previews (Open Graph and Twitter cards)."""

import html
import re

from django import template
from django.utils.text import Truncator

from letters.markdown import render_markdown

register = template.Library()


@register.filter
def plain_summary(markdown_text, words=40):
    """The first `words` words of Markdown as plain text, for a meta description.

    Returns unescaped text on purpose, so that the template escapes it once: a quote
    in the letter cannot end the attribute it is placed in.
    """
    text = re.sub(r"<[^>]*>", " ", render_markdown(markdown_text or ""))
    text = " ".join(html.unescape(text).split())
    return Truncator(text).words(int(words))
