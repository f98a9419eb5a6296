"""The whole letter, ready to send: date, recipient, body, closing, then the signatory list.

DOCX is built with python-docx, PDF with WeasyPrint from an HTML template. The
letter's Markdown goes through letters.markdown first, so both formats start
from the same sanitized HTML the letter page shows. Both are written from a
LetterDocument: an export's (the letter and its list now) or a delivery's (the
letter and its list as they were delivered, signatures.exports.delivery).
"""

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import html as lxml_html

from letters.authoring.texts import address_html
from letters.markdown import render_markdown
from signatures.exports.text import signatory_block

FONT = "Georgia"
# Django's Spanish DATE_FORMAT is already the long form; its English one abbreviates the month.
LONG_DATE_FORMATS = {"en": "F j, Y"}
# Word's spelling checker wants a region.
DOCX_LANGUAGES = {"es": "es-MX", "en": "en-US"}
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_SPACES = re.compile(r"\s+")
# Control characters, which text pasted from a PDF may hold and DOCX (XML) cannot.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(text):
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class LetterDocument:
    """What a letter document shows, in one language."""

    language: str
    title: str
    version: object  # title, recipient, body and closing: a LetterVersion or the text delivered
    date: str  # the long form, in the letter's language
    block: object  # the signatory list: `sections` [(heading, entries with .text)], `totals`


def document_of(export):
    """The document of an export: the letter's version and its list as they are now."""
    version = export.version
    return LetterDocument(
        language=export.language,
        title=version.title if version else export.letter.slug,
        version=version,
        date=letter_date(export),
        block=signatory_block(export),
    )


def letter_date(export):
    """The long form a letter is dated with: "December 18, 2023", "18 de diciembre de 2023"."""
    if not export.letter.date:
        return ""
    with translation.override(export.language):
        return date_format(
            export.letter.date, LONG_DATE_FORMATS.get(export.language, "DATE_FORMAT")
        )


# PDF ------------------------------------------------------------------------


def _refuse_fetching():
    """A WeasyPrint URL fetcher that fetches nothing.

    Letters come from many hands; even sanitized, a PDF renderer that follows
    URLs could be made to read local files or reach internal hosts.
    """
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Firmas does not fetch resources for PDFs: {url[:80]}")

    return NoFetching()


def render_letter_html(document):
    with translation.override(document.language):
        html = render_to_string(
            "signatures/exports/letter.html",
            {
                "version": document.version,
                "language": document.language,
                "date": document.date,
                "block": document.block,
            },
        )
    # A PDF would show control characters pasted into a name as stray glyphs.
    return _xml_safe(html)


def write_pdf(export, out):
    write_pdf_document(document_of(export), out)


def write_pdf_document(document, out):
    # Imported here: WeasyPrint loads Pango when imported, which only PDF exports need.
    from weasyprint import HTML

    HTML(string=render_letter_html(document), url_fetcher=_refuse_fetching()).write_pdf(out)


# DOCX -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    code: bool = False
    subscript: bool = False
    superscript: bool = False
    href: str = ""

    def inside(self, element):
        tag = element.tag
        changes = {
            "b": {"bold": True},
            "strong": {"bold": True},
            "i": {"italic": True},
            "em": {"italic": True},
            "u": {"underline": True},
            "s": {"strike": True},
            "code": {"code": True},
            "sub": {"subscript": True},
            "sup": {"superscript": True},
            "a": {"href": element.get("href", "")},
        }.get(tag, {})
        return _Format(**{**self.__dict__, **changes})


@dataclass
class _DocxWriter:
    """Adds sanitized letter HTML (letters.markdown's allow-list) to a document."""

    document: object
    compact: bool = False  # the recipient block: lines without space between them
    _line_start: bool = field(default=True, init=False)

    def paragraph(self, indent=0, style=None):
        paragraph = self.document.add_paragraph(style=style)
        if indent:
            paragraph.paragraph_format.left_indent = Cm(indent)
        if self.compact:
            paragraph.paragraph_format.space_after = Pt(0)
        self._line_start = True
        return paragraph

    def add(self, fragment):
        if fragment.strip():
            self.blocks(lxml_html.fragment_fromstring(fragment, create_parent="div"))

    def blocks(self, container, indent=0):
        loose = []  # inline content outside any block, gathered into one paragraph
        if container.text and container.text.strip():
            loose.append(container.text)
        for child in container:
            if child.tag in ("p", "ul", "ol", "blockquote", "pre", "hr", "table", *HEADINGS):
                self._flush(loose, indent)
                loose = []
                self.block(child, indent)
                if child.tail and child.tail.strip():
                    loose.append(child.tail)
            else:
                loose.append(child)
        self._flush(loose, indent)

    def _flush(self, loose, indent):
        if not loose:
            return
        paragraph = self.paragraph(indent)
        for item in loose:
            if isinstance(item, str):
                self.text(paragraph, item, _Format())
            else:
                self.inline(paragraph, item, _Format().inside(item))
                if item.tail:
                    self.text(paragraph, item.tail, _Format())

    def block(self, element, indent):
        tag = element.tag
        if tag == "p":
            self.inline(self.paragraph(indent), element, _Format())
        elif tag in HEADINGS:
            paragraph = self.paragraph(indent)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(10)
            self.inline(paragraph, element, _Format(bold=True))
        elif tag in ("ul", "ol"):
            self.list(element, indent, ordered=tag == "ol")
        elif tag == "blockquote":
            self.blocks(element, indent + 1)
        elif tag == "pre":
            paragraph = self.paragraph(indent)
            for number, line in enumerate(element.text_content().rstrip("\n").split("\n")):
                run = paragraph.add_run(_xml_safe(line))
                run.font.name = "Courier New"
                if number:
                    run.add_break()
        elif tag == "hr":
            paragraph = self.paragraph(indent)
            paragraph.add_run("* * *")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif tag == "table":
            self.table(element)

    def list(self, element, indent, ordered):
        number = int(element.get("start") or 1) if ordered else None
        for item in element.iterfind("li"):
            paragraph = self.paragraph(indent + 0.75)
            paragraph.paragraph_format.first_line_indent = Cm(-0.6)
            # Numbers are written, not Word numbering, which would continue across lists.
            paragraph.add_run(f"{number}.\t" if ordered else "•\t")
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(indent + 0.75))
            self._line_start = True
            nested = [child for child in item if child.tag in ("p", "ul", "ol")]
            first_p = next((child for child in nested if child.tag == "p"), None)
            if item.text:
                self.text(paragraph, item.text, _Format())
            for child in item:
                if child is first_p:
                    self.inline(paragraph, child, _Format())
                elif child in nested:
                    self.block(child, indent + 0.75)
                else:
                    self.inline(paragraph, child, _Format().inside(child))
                if child.tail and child not in nested:
                    self.text(paragraph, child.tail, _Format())
            if ordered:
                number += 1

    def table(self, element):
        rows = element.xpath(".//tr")
        width = max((len(row.xpath("./th|./td")) for row in rows), default=0)
        if not width:
            return
        table = self.document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for row in rows:
            cells = table.add_row().cells
            for cell, source in zip(cells, row.xpath("./th|./td"), strict=False):
                self._line_start = True
                self.inline(cell.paragraphs[0], source, _Format(bold=source.tag == "th"))

    def inline(self, paragraph, element, fmt):
        if element.tag == "br":
            paragraph.add_run().add_break()
            self._line_start = True
            return
        if element.text:
            self.text(paragraph, element.text, fmt)
        for child in element:
            if child.tag == "br":
                paragraph.add_run().add_break()
                self._line_start = True
            else:
                self.inline(paragraph, child, fmt.inside(child))
            if child.tail:
                self.text(paragraph, child.tail, fmt)

    def text(self, paragraph, text, fmt):
        text = _SPACES.sub(" ", _xml_safe(text))
        if self._line_start:
            text = text.lstrip()
        if not text:
            return
        self._line_start = False
        run = paragraph.add_run(text)
        run.bold = fmt.bold or None
        run.italic = fmt.italic or None
        run.underline = fmt.underline or bool(fmt.href) or None
        run.font.strike = fmt.strike or None
        run.font.subscript = fmt.subscript or None
        run.font.superscript = fmt.superscript or None
        if fmt.code:
            run.font.name = "Courier New"
        if fmt.href:
            run.font.color.rgb = RGBColor(0x1D, 0x5C, 0x63)
            _wrap_in_hyperlink(paragraph, run, fmt.href)


def _wrap_in_hyperlink(paragraph, run, href):
    """Make `run` a link to `href` (python-docx has no API for hyperlinks)."""
    relationship = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relationship)
    run._r.addprevious(hyperlink)
    hyperlink.append(run._r)


def _set_up(document, letter):
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    # The language, so that Word checks spelling in Spanish for a Spanish letter.
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), DOCX_LANGUAGES.get(letter.language, letter.language))
    normal.element.get_or_add_rPr().append(language)
    entry = document.styles.add_style("Signatory", WD_STYLE_TYPE.PARAGRAPH)
    entry.base_style = normal
    entry.paragraph_format.space_after = Pt(4)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.2)
    properties = document.core_properties
    properties.title = _xml_safe(letter.title)
    properties.language = letter.language
    properties.author = ""
    properties.comments = ""


def write_docx(export, out):
    write_docx_document(document_of(export), out)


def write_docx_document(letter, out):
    document = Document()
    _set_up(document, letter)
    version, date = letter.version, letter.date
    if date:
        document.add_paragraph(_xml_safe(date))
    if version and (version.recipients.strip() or version.recipient):
        _DocxWriter(document, compact=True).add(address_html(version))
        document.paragraphs[-1].paragraph_format.space_after = Pt(12)
    if version:
        _DocxWriter(document).add(render_markdown(version.body))
        if version.closing:
            document.add_paragraph(_xml_safe(version.closing))
    block = letter.block
    for heading, entries in block.sections:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(_xml_safe(heading)).bold = True
        for entry in entries:
            document.add_paragraph(_xml_safe(entry.text), style="Signatory")
    totals = document.add_paragraph()
    totals.paragraph_format.space_before = Pt(12)
    totals.add_run(_xml_safe(block.totals)).italic = True
    document.save(out)
