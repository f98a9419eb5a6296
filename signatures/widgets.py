"""A select for long, flat lists of choices, such as the 250 countries.

Django renders each option through a template of its own: 10 ms for the country
list, on every signing form and every moderation page. This widget writes the same
markup in one pass, each value and label escaped. Groups of options are not
supported: none of its lists has any.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

_SELECTED = mark_safe(" selected")  # noqa: S308 - a constant


class LongSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, _SELECTED if choice in chosen else "", label)
                for choice, label in ((str(v), label) for v, label in self.choices)
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )
