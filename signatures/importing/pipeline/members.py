"""A network's member list as a signer pastes it, read before it counts.

The network signing form's boxes take one member per line, but people paste what
they have: rows copied from a spreadsheet ("Casa del Migrante 13<TAB>México<TAB>
contacto13@x.org"), numbered lines ("7. Colectivo …"), bullets, email addresses and
phone numbers. `read` keeps the member's name and its role, takes the rest out
(contact details stay private: they go to the signature's note for the organizers,
never to a member's public name), and says what it did, so that the signer sees
the reading before submitting ("Check the list") and the moderators see the same
on the signature's page (`flag_members`). Pure functions, no database.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from signatures.importing.pipeline import contacts
from signatures.names import person_reason, single_line

ORGANIZATION, PERSON = "organization", "person"
LONG_NAME = 150


@dataclass
class MemberReading:
    organizations_text: str = ""
    people_text: str = ""
    organizations: int = 0
    people: int = 0
    emails: int = 0  # lines that held an email address
    phones: int = 0
    urls: int = 0
    numbered: int = 0
    tabbed: int = 0
    private: list = field(default_factory=list)  # contact details taken out
    notes: list = field(default_factory=list)  # (box, line number, message)

    @property
    def changed(self):
        return bool(self.emails or self.phones or self.urls or self.numbered or self.tabbed)

    def summary(self):
        """One sentence: what the lists hold and what was taken out."""
        parts = [
            ngettext("%(count)d organization", "%(count)d organizations", self.organizations)
            % {"count": self.organizations},
            ngettext("%(count)d person", "%(count)d people", self.people) % {"count": self.people},
        ]
        text = _("%(organizations)s and %(people)s") % {
            "organizations": parts[0],
            "people": parts[1],
        }
        found = []
        if self.emails:
            found.append(
                ngettext(
                    "%(count)d line held an email address, which will stay private",
                    "%(count)d lines held an email address, which will stay private",
                    self.emails,
                )
                % {"count": self.emails}
            )
        if self.phones:
            found.append(
                ngettext(
                    "%(count)d line held a phone number, which will stay private",
                    "%(count)d lines held a phone number, which will stay private",
                    self.phones,
                )
                % {"count": self.phones}
            )
        if self.urls:
            found.append(
                ngettext(
                    "%(count)d line held a web address, left out of the name",
                    "%(count)d lines held a web address, left out of the name",
                    self.urls,
                )
                % {"count": self.urls}
            )
        if self.numbered:
            found.append(
                ngettext(
                    "%(count)d number or bullet was removed",
                    "%(count)d numbers or bullets were removed",
                    self.numbered,
                )
                % {"count": self.numbered}
            )
        if self.tabbed:
            found.append(
                ngettext(
                    "%(count)d line was a spreadsheet row: only its first cell was kept",
                    "%(count)d lines were spreadsheet rows: only their first cell was kept",
                    self.tabbed,
                )
                % {"count": self.tabbed}
            )
        return "; ".join([text, *found]) + "."


def _line(raw, reading):
    """The member's text from one pasted line, and what was taken out of it."""
    line = raw.replace("\u00a0", " ")
    cells = [cell.strip() for cell in line.split("\t")]
    cells = [cell for cell in cells if cell]
    if len(cells) > 1:
        reading.tabbed += 1
        # The other cells (a country, an address, a phone) never become the name.
        for cell in cells[1:]:
            found = contacts.split(cell)
            reading.private += found.emails + found.phones + found.urls
    text = single_line(cells[0] if cells else "")
    text, numbered = contacts.strip_numbering(text)
    reading.numbered += numbered
    found = contacts.split(text)
    tab_found = [contacts.split(cell) for cell in cells[1:]]
    reading.emails += bool(found.emails or any(f.emails for f in tab_found))
    reading.phones += bool(found.phones or any(f.phones for f in tab_found))
    reading.urls += bool(found.urls)
    reading.private += found.emails + found.phones + found.urls
    return found.text.strip(" ,;")


def _box(text, kind, reading, label):
    kept = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        if not raw.strip():
            continue
        member = _line(raw, reading)
        if not member:
            continue
        name = member.rsplit(",", 1)[0] if kind == PERSON else member
        if kind == ORGANIZATION and person_reason(name):
            reading.notes.append(
                (label, number, _("“%(name)s” looks like a person's name.") % {"name": name})
            )
        elif kind == PERSON and not person_reason(name.split(",")[0]):
            reading.notes.append(
                (label, number, _("“%(name)s” may not be a person.") % {"name": name[:80]})
            )
        if len(member) > LONG_NAME:
            reading.notes.append((label, number, _("A very long line: is it one member?")))
        kept.append(member)
    return kept


def read(organizations, people):
    """How a network's two member boxes read: the cleaned text of each, and what was found."""
    reading = MemberReading()
    orgs = _box(organizations, ORGANIZATION, reading, _("Member organizations"))
    persons = _box(people, PERSON, reading, _("People listed by the network"))
    reading.organizations_text, reading.people_text = "\n".join(orgs), "\n".join(persons)
    reading.organizations, reading.people = len(orgs), len(persons)
    reading.private = list(dict.fromkeys(reading.private))
    return reading


def flag_members(members):
    """(member, message) for the saved members a moderator should look at: a person in
    the organizations' list, a very long name, contact details or numbering left in."""
    flagged = []
    for member in members:
        if contacts.has_contact(member.name) or contacts.has_contact(member.role):
            flagged.append((member, _("Holds contact details")))
        elif contacts.strip_numbering(member.name)[1]:
            flagged.append((member, _("Starts with a number or bullet")))
        elif len(member.name) > LONG_NAME:
            flagged.append((member, _("Very long name: check that it is one member")))
        elif member.kind == ORGANIZATION and person_reason(member.name):
            flagged.append((member, _("Looks like a person's name")))
    return flagged
