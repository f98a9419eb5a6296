"""The signatory list in the delivery format, as plain text, Markdown and HTML.

The list and its counts come from signatures.public.listing, which the letter page
uses too, so a download and the page never disagree on order or separators.
Section headings are in the export's language, like the letter they go under.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, ngettext

from signatures.public.listing import (
    SignatoryCount,
    SignatoryList,
    build_signatory_list,
    count_signatories,
)


@dataclass
class Block:
    """What every delivery-format export shows: headed sections and a totals line."""

    signatory_list: SignatoryList
    count: SignatoryCount
    organizations_heading: str
    individuals_heading: str
    totals: str

    @property
    def sections(self):
        """(heading, entries) for each section that has entries."""
        return [
            (heading, entries)
            for heading, entries in [
                (self.organizations_heading, self.signatory_list.organizations),
                (self.individuals_heading, self.signatory_list.individuals),
            ]
            if entries
        ]


def totals_line(count):
    """ "12 organizations and 3 individuals", in the active language."""
    organizations = ngettext(
        "%(counter)s organization", "%(counter)s organizations", count.organizations
    ) % {"counter": count.organizations}
    individuals = ngettext(
        "%(counter)s individual", "%(counter)s individuals", count.individuals
    ) % {"counter": count.individuals}
    return f"{organizations} {gettext('and')} {individuals}"


def signatory_block(export):
    with translation.override(export.language):
        count = count_signatories(export.signatures)
        return Block(
            signatory_list=build_signatory_list(export.signatures),
            count=count,
            organizations_heading=gettext("Civil society organizations"),
            individuals_heading=gettext("Individuals"),
            totals=totals_line(count),
        )


def render_text(block):
    """Headings and entries, each its own paragraph as in the sample letter, then the totals."""
    paragraphs = []
    for heading, entries in block.sections:
        paragraphs.append(heading)
        paragraphs.extend(entry.text for entry in entries)
    paragraphs.append(block.totals)
    return "\n\n".join(paragraphs) + "\n"


# Characters Markdown would read as formatting inside a line.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>#|~])")
# Line starts that Markdown would read as a list item, quote or heading.
_MARKDOWN_LINE_START = re.compile(r"^(\d+)([.)])(\s)|^([-+>=])")


def escape_markdown(text):
    """`text` as literal Markdown: "1 de 7 migrando" stays text, "*" no emphasis."""
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    return _MARKDOWN_LINE_START.sub(
        lambda m: f"{m[1]}\\{m[2]}{m[3]}" if m[1] else f"\\{m[4]}", text
    )


def render_markdown(block):
    paragraphs = []
    for heading, entries in block.sections:
        paragraphs.append(f"## {escape_markdown(heading)}")
        paragraphs.extend(escape_markdown(entry.text) for entry in entries)
    paragraphs.append(f"*{escape_markdown(block.totals)}*")
    return "\n\n".join(paragraphs) + "\n"


def render_html(export, block):
    with translation.override(export.language):
        return render_to_string(
            "signatures/exports/list.html",
            {"block": block, "version": export.version, "language": export.language},
        )


def write_text(export, out):
    out.write(render_text(signatory_block(export)).encode())


def write_markdown(export, out):
    out.write(render_markdown(signatory_block(export)).encode())


def write_html(export, out):
    out.write(render_html(export, signatory_block(export)).encode())
