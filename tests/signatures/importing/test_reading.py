"""The reading rules of issue 15, each with examples taken from real lists."""

import pytest
from django.utils import translation

from signatures.importing.letter import import_letter, parse_letter
from signatures.importing.parsing import FLAGS, parse_signatories, read_entry, read_member
from signatures.models import Signature


def kinds(text):
    return [(e.kind, e.name) for e in parse_letter(text).entries]


# --- One entry: read_entry --------------------------------------------------------


def test_a_row_pasted_from_a_sheet_keeps_the_email_private_and_the_country_apart():
    entry = read_entry("Casa del Migrante 13\tMéxico\tcontacto13@x.org")
    assert (entry.kind, entry.name, entry.country) == ("organization", "Casa del Migrante 13", "MX")
    assert entry.email == "contacto13@x.org"
    assert "contact" in entry.flags
    assert "@" not in entry.name


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("7. Colectivo Michoacán es Diversidad", "Colectivo Michoacán es Diversidad"),
        ("1) Red de Mujeres del Bajío", "Red de Mujeres del Bajío"),
        ("• Fundación Arcoíris", "Fundación Arcoíris"),
        ("- Latinas en el Poder", "Latinas en el Poder"),
        (
            "12\tCentro de Atención a la Familia Migrante Indígena",
            "Centro de Atención a la Familia Migrante Indígena",
        ),  # noqa: E501
    ],
)
def test_numbering_and_bullets_are_taken_off_and_flagged(line, name):
    entry = read_entry(line)
    assert entry.name == name
    assert "numbering" in entry.flags


def test_a_number_that_is_part_of_a_name_stays():
    assert read_entry("1 de 7 migrando").name == "1 de 7 migrando"
    assert read_entry("11.11.11, Belgium").name == "11.11.11"


def test_a_legal_form_and_an_acronym_stay_with_the_organization():
    entry = read_entry("Formación y Capacitación, A.C. (FOCA)")
    assert (entry.kind, entry.name, entry.acronym) == (
        "organization",
        "Formación y Capacitación, A.C.",
        "FOCA",
    )
    assert read_entry("Aldeas Infantiles SOS México, I.A.P.").name == (
        "Aldeas Infantiles SOS México, I.A.P."
    )
    assert read_entry("Border Friends Network, Inc.").name == "Border Friends Network, Inc."


@pytest.mark.parametrize(
    ("line", "name", "country"),
    [
        ("Colectivo Shalom, México", "Colectivo Shalom", "MX"),
        (
            "Comisión de Acción Social Menonita (CASM)- Honduras",
            "Comisión de Acción Social Menonita",
            "HN",
        ),  # noqa: E501
        (
            "Centro Comunitario La Esperanza, A.C. (Guatemala)",
            "Centro Comunitario La Esperanza, A.C.",
            "GT",
        ),  # noqa: E501
        ("Refugee Support Services, Panama", "Refugee Support Services", "PA"),
        ("Witness Collective - USA", "Witness Collective", "US"),
        ("Foro Ciudadano, CR", "Foro Ciudadano", "CR"),
    ],
)
def test_a_trailing_country_moves_to_the_country_field(line, name, country):
    entry = read_entry(line)
    assert (entry.name, entry.country) == (name, country)


@pytest.mark.parametrize(
    "line",
    [
        "Casa del Migrante de Saltillo",
        "Red Mexicana de Organizaciones por la Niñez de México",
        "Attac-Ireland",
        "Casa Uno (CU)",
        "Red Mesoamericana Mujer Salud y Migración (RMMSYM)- México y Centroamérica",
    ],
)
def test_a_country_inside_a_name_or_an_acronym_stays(line):
    entry = read_entry(line)
    assert entry.country == ""
    assert line.startswith(entry.name)


def test_an_email_a_phone_or_a_web_address_never_stays_in_a_name():
    entry = read_entry("• Fundación Puente Abierto, I.A.P. tel. +52 55 5555 0101")
    assert (entry.name, entry.phone) == ("Fundación Puente Abierto, I.A.P.", "+52 55 5555 0101")
    entry = read_entry("[Derechos Digitales](https://www.derechosdigitales.org/13700/)")
    assert (entry.name, entry.website) == (
        "Derechos Digitales",
        "https://www.derechosdigitales.org/13700/",
    )
    assert {"contact", "website"} <= set(read_entry("Red X a@b.org https://x.org/y").flags)


@pytest.mark.parametrize(
    ("line", "name", "role"),
    [
        (
            "Fenaba Addo, Associate Professor of Consumer Science, University of Wisconsin",
            "Fenaba Addo",
            "Associate Professor of Consumer Science, University of Wisconsin",
        ),  # noqa: E501
        (
            "Mei-Lin Chen — Senior Lecturer in Public Policy",
            "Mei-Lin Chen",
            "Senior Lecturer in Public Policy",
        ),  # noqa: E501
        ("Brian Eno / Artist, Musician", "Brian Eno", "Artist, Musician"),
        (
            "TANA BRIDGE, Professor of Social Work, Eastern Michigan University",
            "TANA BRIDGE",
            "Professor of Social Work, Eastern Michigan University",
        ),  # noqa: E501
        (
            "Dr. Kofi Mensah, Research Fellow, Institute for Urban Studies",
            "Dr. Kofi Mensah",
            "Research Fellow, Institute for Urban Studies",
        ),  # noqa: E501
    ],
)
def test_people_with_a_title_and_institution_are_people_with_a_role(line, name, role):
    entry = read_entry(line)
    assert (entry.kind, entry.name, entry.title) == ("individual", name, role)


def test_the_column_can_force_the_kind():
    assert read_entry("Nora Castellanos", kind="organization").kind == "organization"
    entry = read_entry("Molly de Blanc (Debian Project, GNOME Foundation)", kind="person")
    assert (entry.kind, entry.name, entry.title) == (
        "individual",
        "Molly de Blanc",
        "Debian Project, GNOME Foundation",
    )


def test_every_flag_has_a_label_in_english_and_spanish():
    for code in FLAGS:
        with translation.override("es"):
            spanish = str(FLAGS[code])
        with translation.override("en"):
            english = str(FLAGS[code])
        assert spanish and english and spanish != english, code


# --- A block of lines -------------------------------------------------------------


def test_a_list_of_scholars_is_people_not_hundreds_of_organizations():
    lines = [
        "Amara Okafor, Associate Professor of Sociology, University of Lagos",
        "Daniel Whitfield, Professor of Law, Riverside State University",
        "Laura Beltrán, Assistant Professor of Economics, Lakeside College",
        "Kim Geron, Professor of Political Science, California State University East Bay",
    ]
    entries, _ = parse_signatories(lines)
    assert [e.kind for e in entries] == ["individual"] * 4


def test_a_mixed_list_reads_each_entry_by_its_own_text():
    entries, warnings = parse_signatories(
        [
            "Legal Aid Coalition of the Valley",
            "Sisters of Mercy Migrant Ministry",
            "Nora Castellanos",
            "Jonathan Peralta, Attorney",
        ]
    )
    assert [e.kind for e in entries] == ["organization", "organization", "individual", "individual"]
    assert "person-or-organization" in entries[2].flags
    assert any('Read "Jonathan Peralta, Attorney" as a person' in w for w in warnings)


def test_endnotes_totals_instructions_and_page_footers_are_no_signatories():
    entries, warnings = parse_signatories(
        [
            "**333 total signers as of 11:40 am, January 26th, 2021.**",
            "\\[INITIAL SIGNERS – subsequent signers listed after endnotes]",
            "Fenaba Addo, Associate Professor, University of Wisconsin",
            "Page 1 of 2",
            "Elizabeth Armstrong, Professor of Sociology, University of Michigan",
            "**Endnotes**",
            "\\[1] Fenaba R Addo, Jason N Houle, and Daniel Simon, “Young, Black, and (Still)…”",
            "\\[2]https://www.aauw.org/resources/research/deeper-in-debt/",
            "\\[SUBSEQUENT SIGNERS]",
            "Theresa Aiello, Associate Professor of Social Work, New York University",
            "To add your signature, visit: <https://forms.gle/example>",
        ]
    )
    assert [e.name for e in entries] == ["Fenaba Addo", "Elizabeth Armstrong", "Theresa Aiello"]
    assert sum(w.startswith("Left out") for w in warnings) == 8


def test_network_lines_keep_their_members_and_the_numbering_goes():
    [network] = parse_signatories(["3) Red Uno: Colectivo Tierra; Casa Refugio Sur, A.C."])[0]
    assert (network.kind, network.name) == ("network", "Red Uno")
    assert [m.name for m in network.members] == ["Colectivo Tierra", "Casa Refugio Sur, A.C."]
    assert "numbering" in network.flags


def test_a_member_never_keeps_an_email_in_its_name():
    [network] = parse_signatories(["Red Uno: Casa Uno contacto@casauno.org, Casa Dos"])[0]
    assert [(m.name, m.email) for m in network.members] == [
        ("Casa Uno", "contacto@casauno.org"),
        ("Casa Dos", ""),
    ]


def test_a_header_row_pasted_from_a_sheet_is_no_signatory():
    entries, _ = parse_signatories(["Nombre\tPaís\tCorreo", "Colectivo Uno\tChile\tuno@x.cl"])
    assert [(e.name, e.country, e.email) for e in entries] == [("Colectivo Uno", "CL", "uno@x.cl")]


def test_notes_are_in_the_readers_language():
    with translation.override("es"):
        _, warnings = parse_signatories(["Colectivo Shalom, México", "Página 2 de 3"])
    assert 'Leí "México" al final de "Colectivo Shalom" como su país.' in warnings
    assert any(w.startswith("Dejé fuera") for w in warnings)


# --- A whole letter ---------------------------------------------------------------


def test_a_letter_with_no_heading_and_no_closing_is_read_not_refused():
    parsed = parse_letter(
        "March 8, 2025\n\nTo the Assembly\n\nWe, the undersigned, call on you to act now on "
        "this matter of great urgency for everyone.\n\nAlliance for Safe Passage (ASP) - Costa "
        "Rica\nLegal Aid Coalition of the Valley\nJonathan Peralta, Attorney\n"
    )
    assert [(e.kind, e.name, e.country) for e in parsed.entries] == [
        ("organization", "Alliance for Safe Passage", "CR"),
        ("organization", "Legal Aid Coalition of the Valley", ""),
        ("individual", "Jonathan Peralta", ""),
    ]
    assert parsed.body.startswith("We, the undersigned")
    assert any("Found no heading or closing line" in w for w in parsed.warnings)


@pytest.mark.django_db
def test_import_keeps_contacts_private_and_the_country_public():
    summary = import_letter(
        "Kindly,\n\nCasa del Migrante 13\tMéxico\tcontacto13@x.org\n"
        "Proyecto Semillas\tNicaragua\t+505 2222 3333\n",
        slug="sheet",
    )
    rows = Signature.objects.filter(letter=summary.letter).order_by("name")
    assert list(rows.values_list("name", "country", "email")) == [
        ("Casa del Migrante 13", "MX", "contacto13@x.org"),
        ("Proyecto Semillas", "NI", ""),
    ]
    assert "+505 2222 3333" in rows.get(name="Proyecto Semillas").note
    assert not any("@" in name or "+505" in name for name in rows.values_list("name", flat=True))


def test_a_cell_that_is_no_signatory_is_flagged_for_the_preview():
    entry = read_entry("To sign, visit https://forms.example.org/x")
    assert "not-a-signatory" in entry.flags
    assert "not-a-signatory" not in read_entry("Colectivo Tierra").flags


def test_a_member_box_line_reads_as_a_member_with_its_private_contact_apart():
    member = read_member("7. Casa del Migrante 13\tMéxico\tcontacto13@x.org")
    assert (member.kind, member.name, member.country, member.email) == (
        "organization",
        "Casa del Migrante 13",
        "MX",
        "contacto13@x.org",
    )
    assert {"numbering", "contact"} <= set(member.flags)
    person = read_member("Leticia Calderón, Analista en temas migratorios")
    assert (person.kind, person.name, person.role) == (
        "person",
        "Leticia Calderón",
        "Analista en temas migratorios",
    )


def test_two_line_entries_read_as_a_person_and_their_affiliation_and_comments_drop():
    lines = "Jez Humble\nGoogle\n\nFree the press!\n\nAhmed Makani\nVeeva\n\nNawras Abureehan\nCoveo\n\nCandace Ramirez\nPure Storage\n"  # noqa: E501
    entries, warnings = parse_signatories(lines.split("\n"))
    assert [(e.kind, e.name, e.title) for e in entries] == [
        ("individual", "Jez Humble", "Google"),
        ("individual", "Ahmed Makani", "Veeva"),
        ("individual", "Nawras Abureehan", "Coveo"),
        ("individual", "Candace Ramirez", "Pure Storage"),
    ]
    assert any(w.startswith('Left out "Free the press!"') for w in warnings)


def test_handles_are_names_and_a_list_of_them_is_people():
    entries, _ = parse_signatories(
        ["- @ktemkin <kate@ktemk.in>", "- kiara", "- Irenes (@IreneKnapp)", "- Dave Anderson"]
    )
    assert [(e.kind, e.name, e.email) for e in entries] == [
        ("individual", "@ktemkin", "kate@ktemk.in"),
        ("individual", "kiara", ""),
        ("individual", "Irenes", ""),
        ("individual", "Dave Anderson", ""),
    ]
    assert read_entry("@hertog@tech.lgbt (Hertog@fsfe.org)").name == "@hertog@tech.lgbt"


def test_a_place_column_that_names_no_known_country_is_flagged():
    entry = read_entry("Colectivo Uno\tNarnia")
    assert (entry.name, entry.country) == ("Colectivo Uno", "")
    assert "unknown-country" in entry.flags
    assert "unknown-country" not in read_entry("Colectivo Uno\tChile").flags
