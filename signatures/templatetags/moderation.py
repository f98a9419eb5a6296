"""Template filters for the moderation pages: the audit trail as people read it.

Also used by the letter's own history (LetterEvent.changes), which has the same shape.
"""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from letters.models import Letter, LetterRole
from signatures.models import MERGE_MOVES, Signature

register = template.Library()

# Keys of SignatureEvent.changes that are not fields of Signature.
LABELS = {
    "members": _("Members"),
    "member_of": _("Member of networks"),
    "memberships": _("Listed by networks"),
    "member_links": _("Members linked to their own signature"),
    "merged_into": _("Merged into"),
    "merged": _("Merged from"),
    "origin": _("Origin"),
    "consent": _("Consent"),
    # A letter's own events (LetterEvent.changes).
    "user": _("User"),
    "role": _("Role"),
    "email": _("Email"),
}


def _label(name):
    if name in LABELS:
        return LABELS[name]
    for model in (Signature, Letter):
        try:
            return model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            continue
    return name  # an unknown key is shown as it is


def _choices(name):
    """{stored value: label} when the change `name` is of a field with choices, else {}:
    the history says "Moderator", "Open for signatures", "México", never the stored value."""
    if name == "role":
        return dict(LetterRole.Role.choices)
    for model in (Signature, Letter):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return dict(field.flatchoices) if getattr(field, "choices", None) else {}
    return {}


def _text(value, choices=None):
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if choices and isinstance(value, str) and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


@register.filter
def change_rows(changes):
    """(label, before, after) for each change in a SignatureEvent (before is "" for a detail)."""
    rows = []
    for name, value in (changes or {}).items():
        if name == MERGE_MOVES:  # ids for the restore; the names are in the other changes
            continue
        choices = _choices(name)
        if isinstance(value, list) and len(value) == 2:
            rows.append((_label(name), _text(value[0], choices), _text(value[1], choices)))
        elif name != "consent":
            rows.append((_label(name), "", _text(value, choices)))
    return rows


@register.filter
def status_label(status):
    return dict(Signature.Status.choices).get(status, status or "—")
