"""The whole letter as DOCX and PDF, read back with python-docx and pypdf."""

import io
import re

import docx
import pypdf
import pytest

from letters.models import LetterVersion
from tests.signatures.exports.helpers import docx_paragraphs, export_bytes, pdf_text, rich_letter

pytestmark = pytest.mark.django_db


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def test_docx_is_the_whole_letter_then_the_list(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    paragraphs = docx_paragraphs(export_bytes(letter, "docx", language="en"))

    assert paragraphs[:5] == [
        "December 18, 2023",
        "The Minister",
        "We, the undersigned, ask you to act.",
        "Kindly,",
        "Civil society organizations",
    ]
    assert paragraphs[5] == "Zeta Convocante"
    assert "Árbol de la Vida (ADV)" in paragraphs
    assert "Bloque Latinoamericano: CELS, CAREF" in paragraphs
    assert "Discreta A.C." in paragraphs
    assert paragraphs[-4:] == [
        "Individuals",
        "Alexandra Hunt",
        "Xóchitl Rodríguez Quintero, Investigadora",
        "11 organizations and 3 individuals",
    ]


def test_docx_keeps_the_letters_formatting_and_language(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    document = docx.Document(io.BytesIO(export_bytes(letter, "docx", language="es")))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]

    assert [p.text for p in paragraphs[:5]] == [
        "18 de diciembre de 2023",
        # Two recipient lines, joined by a line break as in the Markdown.
        "Sra. Alicia Bárcena Ibarra\nSecretaria de Relaciones Exteriores",
        "Las organizaciones firmantes pedimos acción.",
        "Atentamente,",
        "Organizaciones de la sociedad civil",
    ]
    recipient = paragraphs[1].runs
    assert recipient[0].bold and recipient[0].text == "Sra. Alicia Bárcena Ibarra"
    assert [run.text for run in recipient if run.italic] == ["Secretaria de Relaciones Exteriores"]
    assert [run.text for run in paragraphs[2].runs if run.bold] == ["acción"]
    assert document.core_properties.title == "Una carta abierta"
    assert document.core_properties.language == "es"


def test_docx_renders_lists_links_and_drops_raw_html(make_letter, make_signature):
    letter = make_letter()
    LetterVersion.objects.filter(letter=letter).update(
        body=(
            "We ask:\n\n1. **Protect** asylum.\n2. Read [the report](https://example.org/r).\n\n"
            "- a point\n\n<script>alert('x')</script><b onclick=\"x()\">bold</b>\n\n"
            "> a quotation"
        )
    )
    make_signature(letter, "Casa Monarca")

    data = export_bytes(letter, "docx")
    paragraphs = docx_paragraphs(data)

    assert paragraphs[1:7] == [
        "We ask:",
        "1.\tProtect asylum.",
        "2.\tRead the report.",
        "•\ta point",
        "bold",
        "a quotation",
    ]
    document_xml = docx.Document(io.BytesIO(data)).part.blob.decode()
    assert "alert" not in document_xml
    assert "<w:hyperlink" in document_xml
    relationships = docx.Document(io.BytesIO(data)).part.rels.values()
    assert "https://example.org/r" in [rel.target_ref for rel in relationships if rel.is_external]


def test_pdf_is_the_whole_letter_with_its_accents(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    data = export_bytes(letter, "pdf", language="es")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = squeeze(pdf_text(data))

    assert data.startswith(b"%PDF-")
    assert reader.metadata.title == "Una carta abierta"
    order = [
        "18 de diciembre de 2023",
        "Sra. Alicia Bárcena Ibarra",
        "Secretaria de Relaciones Exteriores",
        "Las organizaciones firmantes pedimos acción.",
        "Atentamente,",
        "Organizaciones de la sociedad civil",
        "Zeta Convocante",
        "Árbol de la Vida (ADV)",
        "Grupo de Trabajo Sobre Política Migratoria-GTPM: Aldeas Infantiles SOS México, I.A.P.;",
        "Personas a título individual",
        "Xóchitl Rodríguez Quintero, Investigadora",
        "11 organizaciones y 3 personas",
    ]
    positions = [text.find(piece) for piece in order]
    assert -1 not in positions, [piece for piece in order if piece not in text]
    assert positions == sorted(positions)


def test_pdf_renders_no_script_and_fetches_nothing(make_letter, make_signature, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body::before { content: 'LOCAL FILE READ' }")
    letter = make_letter()
    LetterVersion.objects.filter(letter=letter).update(
        body=(
            f'<link rel="stylesheet" href="file://{secret}">'
            f'<img src="file://{secret}"><script>document.write("SCRIPT RAN")</script>'
            "Plain words."
        )
    )
    make_signature(letter, "Casa Monarca")

    text = pdf_text(export_bytes(letter, "pdf"))

    assert "Plain words." in text
    assert "LOCAL FILE READ" not in text
    assert "SCRIPT RAN" not in text
    assert "Casa Monarca" in text


def test_control_characters_pasted_from_a_pdf_do_not_break_the_docx(make_letter, make_signature):
    letter = make_letter()
    LetterVersion.objects.filter(letter=letter).update(closing="Kindly,\x0c")
    make_signature(letter, "Casa\x0c Monarca\x0b", kind="network", members=["Uno\x01", "Dos"])

    paragraphs = docx_paragraphs(export_bytes(letter, "docx"))

    assert "Kindly," in paragraphs
    assert "Casa Monarca: Uno, Dos" in paragraphs


def test_control_characters_do_not_show_in_the_pdf(make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Casa\x0c Monarca\x0b")

    text = pdf_text(export_bytes(letter, "pdf"))

    assert "Casa Monarca" in text
