"""What the organizer should check in an import before it counts, entry by entry.

Two kinds of flags, each a code with a label in the user's language:
- warnings, from the reading (pipeline.entries) and from the letter's signatures:
  contact details moved out of a name, numbering, a very long name, an unknown
  country, a kind that looks wrong, a possible duplicate in the file or on the letter;
- errors, which keep the import from being committed until the row is fixed or
  dropped: no name, a field too long for its column, an email that is not one or
  that already signed this letter with the same kind (the database allows one).

Possible duplicates use the keys of signatures.duplicate_keys, as the queue does.
"""

from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from signatures import duplicate_keys
from signatures.importing import parsing
from signatures.importing.pipeline.entries import is_email
from signatures.models import Member, Signature
from signatures.names import identity_key, similar_keys
from signatures.status import LIVE

LONG_NAME = 150

WARNINGS = {
    "contact_moved": _("Contact details were found in the text and kept private"),
    "numbering": _("A number or bullet before the name was removed"),
    "long_name": _("Very long name: check that it is one signatory"),
    "unknown_country": _("Country not recognized"),
    "probable_person": _("Looks like a person's name"),
    "probable_organization": _("Looks like an organization's name"),
    "duplicate_in_file": _("Possibly the same signatory as another row of this import"),
    "duplicate_on_letter": _("Possibly already on this letter"),
    "formula": _("Starts like a spreadsheet formula: kept as text, never calculated"),
}
ERRORS = {
    "no_name": _("No name"),
    "too_long": _("A field is longer than the list allows"),
    "bad_email": _("The email address is not valid"),
    "email_repeated": _("The same email address signs another row of this kind"),
    "email_taken": _("This email address already signed this letter"),
}


def label(code):
    """A flag's label; a code of the reader's own (parsing.FLAGS) keeps its label."""
    labels = {**parsing.FLAGS, **WARNINGS, **ERRORS}
    return labels.get(code, code.replace("_", " "))


def _limits():
    fields = ("name", "acronym", "title", "city", "contact_name", "contact_role", "note")
    limits = {name: Signature._meta.get_field(name).max_length for name in fields}
    limits["member"] = Member._meta.get_field("name").max_length
    return limits


def _keys(entry):
    """The entry's suggestion keys, as duplicate_keys.own_keys writes them, without the
    lookup keys it also makes (half of its time, for 50,000 rows)."""
    if entry["kind"] == Signature.Kind.INDIVIDUAL:
        return {f"person:{identity_key(entry['name'])}"}
    keys = {
        key if key.startswith("acronym:") else f"name:{key}"
        for key in similar_keys(entry["name"], entry["acronym"])
    }
    letters = duplicate_keys.acronym_name(entry["name"])
    if len(letters) >= duplicate_keys.MIN_ACRONYM:
        keys.add(f"abbr:{letters}")
    return keys


def check(letter, entries, *, warnings=True):
    """Sets each live entry's `checks` (codes of errors and of warnings that depend on
    the other rows and on the letter); returns the number of entries with an error.
    Without `warnings`, only the errors (the commit's last look) and no duplicates."""
    limits = _limits()
    live = [entry for entry in entries if not entry["dropped"]]
    by_key, by_email = {}, {}
    for entry in live:
        entry["checks"] = _own_checks(entry, limits)
        entry["keys"] = sorted(_keys(entry)) if entry["name"] and warnings else []
        for key in entry["keys"]:
            by_key.setdefault(key, []).append(entry)
        if entry["email"]:
            by_email.setdefault((entry["kind"], entry["email"].lower()), []).append(entry)
    for group in by_key.values():
        for entry in group[1:] if len(group) > 1 else ():
            _add(entry, "duplicate_in_file")
        if len(group) > 1:
            _add(group[0], "duplicate_in_file")
    for group in by_email.values():
        for entry in group[1:]:
            _add(entry, "email_repeated")
    _against_letter(letter, live, by_key, by_email)
    for entry in entries:
        entry.pop("keys", None)
        if entry["dropped"]:
            entry["checks"] = []
    return sum(has_error(entry) for entry in live)


def _add(entry, code):
    if code not in entry["checks"]:
        entry["checks"].append(code)


def _own_checks(entry, limits):
    checks = []
    if not entry["name"].strip():
        checks.append("no_name")
    elif len(entry["name"]) > LONG_NAME:
        checks.append("long_name")
    too_long = any(len(entry[name]) > limit for name, limit in limits.items() if name in entry)
    too_long = too_long or len(entry["website"]) > 500
    if too_long or any(len(m["name"]) > limits["member"] for m in entry["members"]):
        checks.append("too_long")
    if entry["email"] and not is_email(entry["email"]):
        checks.append("bad_email")
    return checks


def _against_letter(letter, live, by_key, by_email):
    """Possible duplicates among the letter's live signatures; emails already used."""
    keys = sorted(by_key)
    for start in range(0, len(keys), 5000):
        found = Signature.objects.filter(
            letter=letter, status__in=sorted(LIVE), match_keys__overlap=keys[start : start + 5000]
        ).values_list("match_keys", flat=True)
        for match_keys in found.iterator():
            for key in set(match_keys) & by_key.keys():
                for entry in by_key[key]:
                    _add(entry, "duplicate_on_letter")
    emails = sorted({email for _kind, email in by_email})
    for start in range(0, len(emails), 5000):
        taken = (
            Signature.objects.filter(letter=letter)
            .exclude(email="")
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails[start : start + 5000])
            .values_list("kind", "email_lower")
        )
        for kind, email in taken:
            for entry in by_email.get((kind, email), ()):
                _add(entry, "email_taken")


def has_error(entry):
    return any(code in ERRORS for code in entry.get("checks", ()))


def shown(entry):
    """(code, label, is_error) of every flag on the entry, errors first."""
    codes = list(dict.fromkeys([*entry.get("checks", ()), *entry["flags"]]))
    codes.sort(key=lambda code: code not in ERRORS)
    return [(code, label(code), code in ERRORS) for code in codes]
