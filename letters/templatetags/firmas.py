from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from config.language import IN_A_SENTENCE, LANGUAGE_CODES, switch_url
from letters.authoring.texts import address_html
from letters.markdown import render_markdown
from letters.people.models import display_name

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    # Safe to mark: render_markdown sanitizes its output to an allow-list.
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter
def address_block(version):
    """The letter version's address block (its recipients), escaped or sanitized."""
    return mark_safe(address_html(version))  # noqa: S308


@register.filter(name="display_name")
def display_name_filter(user):
    """An account as others see it: its display name, else its user name ("" for nobody)."""
    return display_name(user)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The header's language links: (code, name in its own language, URL, whether current).

    Each language is named in itself ("Español", "English") whatever the page's
    language, so that a reader who cannot read this one finds their own.
    """
    request = context["request"]
    current = (translation.get_language() or "").split("-")[0]
    return [
        (
            code,
            translation.get_language_info(code)["name_local"].capitalize(),
            switch_url(request, code),
            code == current,
        )
        for code in LANGUAGE_CODES
    ]


@register.filter
def language_in_sentence(code):
    """The name of the language `code` as it reads inside a sentence of this page."""
    return IN_A_SENTENCE.get(code, code)


@register.simple_tag
def form_errors(form):
    """The errors of `form` for an error summary, in the order the fields are shown.

    Each is (id of the element to link to, or "", the field's label, the message).
    A group of radios or checkboxes has no element with the field's own id: the
    link goes to its first choice ("_0").
    """
    helper = getattr(form, "helper", None)
    order = [pointer.name for pointer in helper.layout.get_field_names()] if helper else []
    names = [name for name in order if name in form.fields]
    names += [name for name in form.fields if name not in names]
    items = [("", "", error) for error in form.non_field_errors()]
    for name in names:
        field = form[name]
        if not field.errors:
            continue
        if field.is_hidden:
            items.append(("", "", field.errors[0]))
            continue
        widget = field.field.widget
        anchor = field.auto_id
        if getattr(widget, "input_type", "") in {"radio", "checkbox"} and hasattr(
            widget, "choices"
        ):
            anchor += "_0"
        items.append((anchor, str(field.label).rstrip(".:"), field.errors[0]))
    return items
