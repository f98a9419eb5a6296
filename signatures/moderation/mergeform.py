"""The merge page's form: which signature is kept, and, field by field, what it holds.

Two records of one signatory rarely agree: the new one has the country, the imported
one the acronym. The moderator sees both side by side and picks, for every field
where they differ, the value the kept signature will hold; by default what is
filled wins, the kept signature's own value first. Nothing is dropped unseen: a
field left on the other record's value stays on it, rejected and merged but kept,
and the audit trail records before and after.
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from signatures.models import Signature
from signatures.signing.forms import SingleLineFields

# The fields a merge may carry over, in the order the page shows them.
MERGED_FIELDS = [
    "name", "acronym", "title", "country", "city", "website", "language",
    "contact_name", "contact_role", "email", "note",
]  # fmt: skip
BOTH = "both"  # the two notes, one after the other


def shown(signature, name):
    """A field's value as the page shows it."""
    if name == "country":
        return signature.country.name if signature.country else ""
    if name == "language":
        return signature.get_language_display() if signature.language else ""
    return getattr(signature, name) or ""


def default_choice(pair, keep, name):
    """What is filled wins, the kept signature's own value first; two notes: both."""
    first = pair.index(keep)
    filled = [index for index in (first, 1 - first) if getattr(pair[index], name)]
    if name == "note" and len(filled) == 2:
        return BOTH
    return str(filled[0]) if filled else str(first)


def _differ(pair, name):
    first, second = (str(getattr(s, name) or "").strip() for s in pair)
    return first != second


class MergeForm(SingleLineFields, forms.Form):
    keep = forms.ChoiceField(label=_("Keep"), widget=forms.RadioSelect)
    reason_text = forms.CharField(
        label=_("Note for the audit trail"), required=False, max_length=1000
    )

    def __init__(self, *args, pair, default_keep, **kwargs):
        super().__init__(*args, **kwargs)
        self.pair = pair
        # Two identical names must still be told apart: status and date of each.
        self.fields["keep"].choices = [
            (
                str(s.public_id),
                f"{s.display_name} ({s.get_status_display().lower()}, "
                f"{date_format(timezone.localtime(s.created_at), 'SHORT_DATE_FORMAT')})",
            )
            for s in pair
        ]
        self.differing = [
            name
            for name in MERGED_FIELDS
            if str(getattr(pair[0], name) or "").strip()
            != str(getattr(pair[1], name) or "").strip()
        ]
        for name in self.differing:
            choices = [("0", ""), ("1", "")]
            if name == "note" and pair[0].note and pair[1].note:
                choices.append((BOTH, _("Both notes")))
            initial = default_choice(pair, default_keep, name)
            self.fields[f"take_{name}"] = forms.ChoiceField(
                label=Signature._meta.get_field(name).verbose_name,
                choices=choices,
                initial=initial,
                widget=forms.RadioSelect,
                required=False,  # not sent: the default, what is filled
            )

    def rows(self):
        """For the page: (label, field name, [(choice value, shown value, checked)...])."""
        rows = []
        for name in self.differing:
            field = self[f"take_{name}"]
            chosen = str(field.value())
            options = [
                (str(index), shown(s, name), chosen == str(index))
                for index, s in enumerate(self.pair)
            ]
            if len(field.field.choices) == 3:
                options.append((BOTH, _("Both notes"), chosen == BOTH))
            rows.append((field.label, field.html_name, options))
        return rows

    def kept(self):
        return next(s for s in self.pair if str(s.public_id) == self.cleaned_data["keep"])

    def values(self):
        """{field: value} the kept signature takes from its pair or from both."""
        keep = self.kept()
        values = {}
        for name in self.differing:
            choice = self.cleaned_data[f"take_{name}"] or default_choice(self.pair, keep, name)
            if choice == BOTH:
                other = next(s for s in self.pair if s.pk != keep.pk)
                values[name] = f"{keep.note}\n\n{other.note}"
                continue
            source = self.pair[int(choice)]
            if source.pk != keep.pk:
                values[name] = getattr(source, name)
        return values
