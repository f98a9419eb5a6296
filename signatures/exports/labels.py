"""What a person reads in a spreadsheet: column headings and values in the export's language.

CSV and XLSX are opened by people, in Excel or LibreOffice: their header says
"Nombre", "Tipo", "Estado" in a Spanish export, and their kinds and statuses read
"Organización", "Aprobada". The JSON export is read by programs: it keeps the
stable machine names of signatures.exports.data.COLUMNS and the stored values
(docs/exports.md), whatever the language.
"""

from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from signatures.models import Signature

COLUMN_LABELS = {
    "kind": _("Kind"),
    "name": _("Name"),
    "acronym": _("Acronym"),
    "network": pgettext_lazy("the network an entry is listed by", "Network"),
    "role": _("Role or position"),
    "country": _("Country code"),
    "country_name": _("Country"),
    "city": _("City"),
    "website": _("Website"),
    "language": _("Language"),
    "signed_at": _("Signed at"),
    "approved_at": _("Approved at"),
    "lead": _("Lead signatory"),
    "status": _("Status"),
    "delivery_only": _("Delivered only"),
    "contact_name": _("Contact name"),
    "contact_role": _("Contact's role"),
    "email": _("Email"),
    "note": _("Note"),
}
# Columns whose stored values are choices, shown by their label.
CHOICE_COLUMNS = {"kind": Signature.Kind, "status": Signature.Status}


def headers(names, language):
    """The headings of the columns `names`, in `language`."""
    with translation.override(language):
        return [str(COLUMN_LABELS[name]) for name in names]


def value_labels(language):
    """{column: {stored value: label}} for the choice columns, and the words for yes and
    no, in `language`: looked up once per export, never per row."""
    with translation.override(language):
        labels = {
            column: {value: str(label) for value, label in choices.choices}
            for column, choices in CHOICE_COLUMNS.items()
        }
        labels["yes"], labels["no"] = gettext("yes"), gettext("no")
    return labels


def readable(name, value, labels):
    """`value` of the column `name` as a person reads it (a choice by its label)."""
    if name in CHOICE_COLUMNS and value:
        return labels[name].get(value, value)
    return value
