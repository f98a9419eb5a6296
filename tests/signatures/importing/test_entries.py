"""Rows read as signatories: what each column says, what the guard takes out of names,
and the flags that tell the organizer what to check."""

import pytest

from signatures.importing.pipeline import entries


def read(row, fields):
    (entry,) = entries.from_rows([row], fields)
    return entry


def test_a_members_cell_makes_a_network_one_member_per_line():
    entry = read(
        ["Red Jesuita con Migrantes", "Casa del Migrante\nCentro Prodh, A.C.\nFM4 Paso Libre"],
        ["name", "members"],
    )

    assert entry["kind"] == "network"
    assert [m["name"] for m in entry["members"]] == [
        "Casa del Migrante", "Centro Prodh, A.C.", "FM4 Paso Libre",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("Organización", "organization"), ("Red o coalición", "network"),
     ("A título personal", "individual"), ("Individual", "individual"), ("Network", "network")],
)  # fmt: skip
def test_a_kind_column_decides_the_kind(cell, kind):
    assert read([cell, "Colectivo Uno"], ["kind", "name"])["kind"] == kind


def test_a_person_in_an_organizations_file_is_flagged_not_moved():
    entry = read(["Brenda Valdés", "Organización"], ["name", "kind"])
    assert entry["kind"] == "organization"
    assert "probable_person" in entry["flags"]


def test_an_organization_signing_as_a_person_is_flagged():
    entry = read(["Fundación para la Justicia", "Persona"], ["name", "kind"])
    assert "probable_organization" in entry["flags"]


def test_a_formula_stays_text_and_is_flagged():
    entry = read(['=HYPERLINK("http://evil")'], ["name"])
    assert entry["name"].startswith("=") and "formula" in entry["flags"]


def test_an_unknown_country_is_flagged_and_left_blank():
    entry = read(["Casa", "Narnia"], ["name", "country"])
    assert entry["country"] == "" and "unknown_country" in entry["flags"]


@pytest.mark.parametrize(
    "text", ["México", "Mexico", "MX", "MEX", "mx", "Estados Unidos", "EE.UU."]
)
def test_countries_read_in_spanish_english_and_iso(text):
    assert entries.country_code(text) in {"MX", "US"}


def test_an_email_in_the_name_joins_the_note_when_the_email_column_has_another():
    entry = read(["Casa 13 contacto13@x.org", "otra@x.org"], ["name", "email"])
    assert entry["name"] == "Casa 13"
    assert entry["email"] == "otra@x.org" and "contacto13@x.org" in entry["note"]
    assert "contact_moved" in entry["flags"]


def test_the_guard_cleans_members_and_titles():
    entry = entries.blank(1)
    entry.update(name="Red", title="Directora +52 55 1111 2222")
    entry["members"] = [{"kind": "organization", "name": "Uno uno@x.org", "role": ""}]

    entries.guard(entry)

    assert entry["title"] == "Directora" and entry["members"][0]["name"] == "Uno"
    assert entry["email"] == "uno@x.org" and "+52 55 1111 2222" in entry["note"]
