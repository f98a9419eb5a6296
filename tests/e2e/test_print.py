"""The letter page printed from the browser reads as the delivered letter."""

import io
import re

from pypdf import PdfReader

from . import data
from .browser import SCREENSHOTS


def test_the_letter_prints_with_its_list_and_without_page_furniture(open_page, site):
    letter = data.sample_letter()
    page = open_page("desktop")
    page.goto(letter.get_absolute_url())

    page.emulate_media(media="print")
    for hidden in (".site-header", ".sign-box", ".sign-cta", ".site-footer", ".letter-status"):
        assert not page.locator(hidden).first.is_visible(), hidden
    # A network's members follow its name on the same line, as delivered.
    members = page.locator(".signatory-network .signatory-members").first
    assert members.evaluate("el => getComputedStyle(el).display") == "inline"
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(format="A4", path=str(SCREENSHOTS / "letter-print.pdf"))

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Ms. Alicia Bárcena Ibarra" in flat
    assert "Civil society organizations" in flat
    assert "Grupo de Identidad y Educación (GIE): Colectivo de Federaciones" in flat
    assert "Xóchitl Rodríguez Quintero" in flat
    for furniture in ("Sign this letter", "Firmas: sign-on letters", "Log in", "Put this letter"):
        assert furniture not in flat
