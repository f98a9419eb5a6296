"""The delivery list as text, Markdown and HTML: the format of the product brief, with totals."""

import html.parser

import markdown
import pytest

from tests.signatures.exports.helpers import docx_paragraphs, export_bytes, rich_letter

pytestmark = pytest.mark.django_db

GTPM = (
    "Grupo de Trabajo Sobre Política Migratoria-GTPM: Aldeas Infantiles SOS México, I.A.P.; "
    "Alianza Américas; IDC International Detention Coalition (Observadoras); "
    "Melissa Vertiz Hernández, Secretaria Técnica"
)


def paragraphs(text):
    return [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]


def test_text_export_is_the_delivery_list_with_headings_and_totals(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    text = export_bytes(letter, "text", language="en").decode()

    assert paragraphs(text.rstrip("\n")) == [
        "Civil society organizations",
        "Zeta Convocante",  # the lead signatory comes first
        '=HYPERLINK("http://evil.example")',  # text is delivered as written
        "Árbol de la Vida (ADV)",  # Á sorts with A
        "Bloque Latinoamericano: CELS, CAREF",
        "Discreta A.C.",  # delivery only: not on the website, but in the delivered letter
        GTPM,  # "; " because a member's name has a comma
        "Individuals",
        "Alexandra Hunt",
        "Xóchitl Rodríguez Quintero, Investigadora",
        # 4 organizations, 2 networks and the networks' 5 member organizations;
        # GTPM's Secretaria Técnica is a person.
        "11 organizations and 3 individuals",
    ]


def test_pending_and_rejected_signatures_are_left_out_unless_asked_for(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    default = export_bytes(letter, "text")
    pending = export_bytes(letter, "text", statuses=("pending",)).decode()

    assert b"Pendiente" not in default
    assert b"Rechazada" not in default
    assert paragraphs(pending.rstrip("\n")) == [
        "Civil society organizations",
        "Pendiente",
        "1 organization and 0 individuals",
    ]


def test_spanish_export_translates_headings_and_totals(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    text = export_bytes(letter, "text", language="es").decode()

    assert paragraphs(text)[0] == "Organizaciones de la sociedad civil"
    assert "Personas a título individual" in paragraphs(text)
    assert paragraphs(text)[-1].strip() == "11 organizaciones y 3 personas"


def test_export_language_defaults_to_the_letters_original(make_letter, make_signature):
    letter = make_letter(language="es")
    make_signature(letter, "Casa Monarca")

    text = export_bytes(letter, "text").decode()

    assert text == (
        "Organizaciones de la sociedad civil\n\nCasa Monarca\n\n1 organización y 0 personas\n"
    )


def test_markdown_export_has_headings_and_escapes_names(make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "1. Colectivo *Estrella*")
    make_signature(letter, "Red_de_Apoyo [MX]")
    make_signature(letter, "Ana López", kind="individual", title="# activista")

    text = export_bytes(letter, "markdown").decode()
    rendered = markdown.markdown(text)

    assert paragraphs(text)[0] == "## Civil society organizations"
    assert "<h2>Civil society organizations</h2>" in rendered
    assert "<h2>Individuals</h2>" in rendered
    # Names come out as written: no list, emphasis, link or heading.
    assert "<p>1. Colectivo *Estrella*</p>" in rendered
    assert "<p>Red_de_Apoyo [MX]</p>" in rendered
    assert "<p>Ana López, # activista</p>" in rendered
    assert "<p><em>2 organizations and 1 individual</em></p>" in rendered


class _Paragraphs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.items, self.tag = [], None

    def handle_starttag(self, tag, attrs):
        self.tag = tag

    def handle_data(self, data):
        if self.tag in ("h2", "p", "em") and data.strip():
            self.items.append((self.tag, data.strip()))


def test_html_export_is_a_document_with_escaped_names(make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "<script>alert(1)</script> Colectivo")
    make_signature(letter, "Center for Gender & Refugee Studies", acronym="CGRS")

    document = export_bytes(letter, "html").decode()
    parser = _Paragraphs()
    parser.feed(document)

    assert document.startswith("<!doctype html>")
    assert '<html lang="en">' in document
    assert "<script>" not in document
    assert parser.items == [
        ("h2", "Civil society organizations"),
        ("p", "<script>alert(1)</script> Colectivo"),
        ("p", "Center for Gender & Refugee Studies (CGRS)"),
        ("em", "2 organizations and 0 individuals"),
    ]


FAKE = "Prof\r\n\r\nInjected Fake Org, Director"


@pytest.mark.parametrize("format", ["text", "markdown", "html", "docx"])
def test_a_signature_with_line_breaks_saved_as_is_is_still_one_entry(
    make_letter, make_signature, format
):
    """Security review, finding 6: whatever a row holds (the admin, an import, older
    data), one signature is one entry of the delivered list, in every format."""
    letter = make_letter()
    make_signature(letter, FAKE, acronym="A\u2028B", city=FAKE)
    make_signature(
        letter,
        "Red\u202e Falsa",
        kind="network",
        members=[FAKE, {"name": "Uno", "role": "Rol\x0b\x0bFalso, Director"}],
    )
    make_signature(letter, "Ana\x85Falsa", kind="individual", title=FAKE)

    data = export_bytes(letter, format, language="en")

    if format == "docx":
        found = docx_paragraphs(data)
        entries = found[found.index("Civil society organizations") + 1 : -1]
        entries.remove("Individuals")
    elif format == "html":
        parser = _Paragraphs()
        parser.feed(data.decode())
        entries = [text for tag, text in parser.items if tag == "p"]
    else:
        entries = paragraphs(data.decode().rstrip("\n"))[1:-1]
        entries.remove("Individuals" if format == "text" else "## Individuals")
    assert len(entries) == 3, entries
    for entry in entries:
        assert "\n" not in entry and "\r" not in entry and "\u202e" not in entry, entry
    assert entries[0].replace("\\", "") == "Prof Injected Fake Org, Director (A B)"
    assert entries[-1] == "Ana Falsa, Prof Injected Fake Org, Director"
