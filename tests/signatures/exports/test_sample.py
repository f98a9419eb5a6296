"""The sample letter, imported and exported as text, against the sample's own list.

Every entry must match once whitespace is normalized; each difference the
delivery format makes on purpose is applied to the sample's list below, with
its reason, so that nothing else may differ.
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from letters.models import Letter
from tests.signatures.exports.helpers import export_bytes

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "samples" / "mexico-asylum-letter-2023-12-18.txt"


def normalize(text):
    return re.sub(r"\s+", " ", text).strip()


def sample_list():
    """The sample's signatory block, one item per paragraph, as pasted."""
    block = SAMPLE.read_text(encoding="utf-8").split("\nKindly,\n", 1)[1]
    return [normalize(paragraph) for paragraph in block.split("\n\n") if paragraph.strip()]


def replace_in(items, old, new):
    """`items` with the one item containing `old` changed; fails if `old` is not found once."""
    found = [index for index, item in enumerate(items) if old in item]
    assert len(found) == 1, (old, found)
    items[found[0]] = items[found[0]].replace(old, new)
    return found[0]


def separators(text):
    """Member separators in one form: the export uses "; " when a member's name has a comma."""
    return re.sub(r"[,;] ", " | ", text)


@pytest.fixture
def exported():
    call_command("import_letter", str(SAMPLE), slug="mexico", stdout=io.StringIO())
    letter = Letter.objects.get(slug="mexico")
    text = export_bytes(letter, "text", language="en").decode()
    return [normalize(paragraph) for paragraph in text.split("\n\n") if paragraph.strip()]


def test_text_export_matches_the_samples_own_list_entry_by_entry(exported):
    expected = sample_list()

    # 1. Plain text: the headings lose the sample's Markdown emphasis.
    replace_in(expected, "#### **Civil society Organizations**", "Civil society organizations")
    replace_in(expected, "**Individuals**", "Individuals")
    # 2. A page break cut Bloque's list in two paragraphs: rejoined into one entry.
    bloque = next(i for i, item in enumerate(expected) if item.startswith("Bloque"))
    assert expected[bloque + 1].startswith("y Refugiados de la Universidad Diego Portales")
    expected[bloque] += " " + expected.pop(bloque + 1)
    # 3. "(RIMD). Center for Gender ..." was glued to Bloque's list by the PDF: CGRS
    #    is its own entry, and alphabetically it follows Bloque.
    replace_in(expected, "(RIMD). Center for Gender & Refugee Studies (CGRS)", "(RIMD)")
    expected.insert(bloque + 1, "Center for Gender & Refugee Studies (CGRS)")
    # 4. GIE's last two members were joined by " y ": two members, separated as the
    #    others; the list's closing period is dropped.
    replace_in(expected, "Sin Fronteras IAP y Migrantólogos.", "Sin Fronteras IAP, Migrantólogos")
    # 5. GTPM's last member followed a period: a member like the others, no closing period.
    replace_in(
        expected,
        "(Observadoras). Melissa Vertiz Hernández, Secretaria Técnica.",
        "(Observadoras); Melissa Vertiz Hernández, Secretaria Técnica",
    )
    # 6. A name's line-final period is punctuation, not part of the name.
    replace_in(expected, "Iglesia Luterana Mexicana.", "Iglesia Luterana Mexicana")
    # 7. The list is alphabetical, accents and case ignored: "Lucia" before "Luciano".
    luciano = expected.index("Luciano Tadeo")
    assert expected[luciano + 1] == "Lucia Luengas"
    expected[luciano], expected[luciano + 1] = "Lucia Luengas", "Luciano Tadeo"
    # 8. The export closes with the totals, each organization counted once.
    expected.append("99 organizations and 19 individuals")

    # 9. Separators follow the rule (", ", or "; " when a member's name has a comma),
    #    where the sample mixes them: compared in one form, checked below.
    assert [separators(item) for item in exported] == [separators(item) for item in expected]


def test_networks_whose_members_have_commas_are_separated_by_semicolons(exported):
    networks = {item.split(":", 1)[0]: item for item in exported if ": " in item}

    assert networks["Bloque Latinoamericano sobre Migración"].count("; ") == 59  # 60 members
    assert (
        "; Cristosal, Advancing Human Rights in Central America - El Salvador; "
        in (networks["Bloque Latinoamericano sobre Migración"])
    )
    assert (
        "; Instituto Para las Mujeres en la Migración, AC (IMUMI); "
        in (networks["Grupo de Identidad y Educación (GIE)"])
    )
    assert (
        "; Save the Children México; Sin Fronteras, IAP; "
        in (networks["Grupo de Trabajo Sobre Política Migratoria-GTPM"])
    )
    # The colon inside a member's name is kept.
    assert (
        "; SMR Scalabrinianas: Misión con Migrantes y Refugiados; "
        in (networks["Grupo de Trabajo Sobre Política Migratoria-GTPM"])
    )


def test_every_accent_of_the_sample_survives_the_export(exported):
    text = "\n".join(exported)

    for name in [
        "Xóchitl Rodríguez Quintero",
        "Moisés Pérez Espino",
        "Asociación RUMIÑAHUI. Red de Ecuatorianos en Europa",
        "Plateforme des Organisations Nationales et Territoriales de la Societe Civile Haitienne",
        "Manuel Ángel Castillo, Investigador",
        "Asociación Pop No'j – Guatemala",
    ]:
        assert name in text
