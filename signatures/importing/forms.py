"""Forms of the import pages: the source, the columns, the entries' corrections, the commit."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from signatures.importing.pipeline import columns
from signatures.importing.pipeline.batches import EDITABLE, STATUSES
from signatures.importing.sources import MAX_BYTES
from signatures.models import Signature
from signatures.names import single_line


class SourceForm(forms.Form):
    """A file to upload, or a list pasted in: one of the two."""

    file = forms.FileField(
        label=_("A spreadsheet or CSV file"),
        required=False,
        help_text=_(
            "CSV (any encoding, comma, semicolon or tab), XLSX or ODS; "
            "a Google Forms export as it is."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.tsv,.txt,.xlsx,.ods,text/csv,text/plain"}
        ),
    )
    text = forms.CharField(
        label=_("Or paste a list"),
        required=False,
        max_length=MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "A signatory list from a letter, an email or WhatsApp, one entry per line, "
            "or rows copied from a spreadsheet."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page writes its own <form>, with the enctype an upload needs.
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        has_file, has_text = bool(cleaned.get("file")), bool((cleaned.get("text") or "").strip())
        if has_file == has_text:
            raise forms.ValidationError(_("Choose a file or paste a list (one of the two)."))
        upload = cleaned.get("file")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(max)s MB can be imported at once."),
                params={"max": MAX_BYTES // (1024 * 1024)},
            )
        return cleaned


FIELD_CHOICES = list(columns.FIELDS.items())


class MappingForm(forms.Form):
    """The field each column holds: one choice per column."""

    def __init__(self, *args, headers, mapping, samples, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = []
        for index, header in enumerate(headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header or _("Column %(number)s") % {"number": index + 1},
                choices=FIELD_CHOICES,
                initial=mapping[index] if index < len(mapping) else columns.IGNORE,
            )
            self.columns.append((self[name], samples[index]))

    def mapping(self):
        return [self.cleaned_data[f"column_{index}"] for index in range(len(self.columns))]


KIND_CHOICES = Signature.Kind.choices


class EntriesForm(forms.Form):
    """Corrections to the entries shown on one page: kind, public fields, email, left out."""

    def __init__(self, *args, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = shown  # [(index, entry)]
        for index, entry in shown:
            self.fields[f"{index}-kind"] = forms.ChoiceField(
                label=_("Kind"), choices=KIND_CHOICES, initial=entry["kind"]
            )
            for field, label, limit in (
                ("name", _("Name"), 300),
                ("acronym", _("Acronym"), 50),
                ("title", _("Title or affiliation"), 300),
                ("country", _("Country"), 60),
                ("email", _("Email (private)"), 254),
            ):
                self.fields[f"{index}-{field}"] = forms.CharField(
                    label=label, required=False, max_length=limit * 2, initial=entry[field]
                )
            self.fields[f"{index}-dropped"] = forms.BooleanField(
                label=_("Leave out"), required=False, initial=entry["dropped"]
            )
            self.fields[f"{index}-merge"] = forms.BooleanField(label=_("Merge"), required=False)

    def changes(self):
        """{index: {field: value, "dropped": bool}} for Batch edits."""
        found = {}
        for index, _entry in self.shown:
            values = {
                field: single_line(self.cleaned_data[f"{index}-{field}"])
                for field in EDITABLE
                if field != "kind"
            }
            values["kind"] = self.cleaned_data[f"{index}-kind"]
            values["dropped"] = self.cleaned_data[f"{index}-dropped"]
            values["merge"] = self.cleaned_data[f"{index}-merge"]
            found[index] = values
        return found

    def rows(self):
        """(index, entry, {field: bound field}) for the template."""
        return [
            (
                index,
                entry,
                {
                    name: self[f"{index}-{name}"]
                    for name in (
                        "kind",
                        "name",
                        "acronym",
                        "title",
                        "country",
                        "email",
                        "dropped",
                        "merge",
                    )  # fmt: skip
                },
            )
            for index, entry in self.shown
        ]


class CommitForm(forms.Form):
    status = forms.ChoiceField(
        label=_("The imported signatures are"),
        choices=[
            (STATUSES[0], _("Pending: they wait in the review queue")),
            (STATUSES[1], _("Approved: they go on the list at once")),
        ],
        initial=STATUSES[0],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
