import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from letters.models import Letter, LetterVersion
from signatures.importing import letter as importers
from signatures.importing.letter import (
    LetterExists,
    LetterImportError,
    import_letter,
    parse_letter,
    title_from_slug,
)
from signatures.importing.parsing import ParsedEntry
from signatures.models import Member, Network, Signature, SignatureEvent

SAMPLE = Path(settings.BASE_DIR) / "samples" / "mexico-asylum-letter-2023-12-18.txt"
SLUG = "mexico-asylum-letter-2023-12-18"

# Hand count of the sample's signatory list, read line by line from the file.
#
# "Civil society organizations": 20 lines, plus "Center for Gender & Refugee
# Studies (CGRS)", glued to the end of the Bloque line after "(RIMD)." = 21 entries:
#   17 standalone organizations: Alianza Americas; Center for Gender & Refugee
#     Studies (CGRS); Centro de Apoyo a las Identidades Trans; Centro de Atención a
#     la Familia Migrante Indígena; Coalición de Derechos Humanos; Colectivo Michoacán
#     es Diversidad; Derechos Humanos Integrales en Acción A.C.; Formación y
#     Capacitación AC; Fundación Arcoíris por el respeto a la Diversidad Sexual;
#     Fundación para la Justicia y el Estado Democrático; Instituto para las Mujeres
#     en la Migración AC (IMUMI); Oficina en Washington para Asuntos Latinoamericanos
#     (WOLA); Pastoral de Migración Iglesia Luterana Mexicana; Red Franciscana para
#     Migrantes Colombia; Red Nacional de apoyo a personas migrantes y refugiadas LGBT
#     México (REDAPM); Sin Fronteras I.A.P.; Witness at the Border EEUU.
#   3 networks:
#     Bloque Latinoamericano sobre Migración: 60 members, all organizations
#       (BLOQUE_MEMBERS below, the line broken by a page break after "Clínica
#       Jurídica de Migrantes", and without CGRS).
#     Grupo de Identidad y Educación (GIE): 15 members, 14 organizations and 1
#       person, "Dra. Leticia Calderón Chelius" (GIE_MEMBERS; the list ends
#       "Sin Fronteras IAP y Migrantólogos", two members).
#     Grupo de Trabajo Sobre Política Migratoria-GTPM: 27 members, 21
#       organizations and 6 people (GTPM_MEMBERS): 19 organizations up to
#       "Servicio Jesuita a Refugiados", counting "Save the Children México, Sin
#       Fronteras, IAP" as two; "SMR Scalabrinianas: ..."; Leticia Calderón, Brenda
#       Valdés, Elba Coria, Manuel Ángel Castillo, Gloria Ciria Valdéz Gardea; "IDC
#       International Detention Coalition (Observadoras)"; Melissa Vertiz Hernández.
# "Individuals": 12 lines, Alexandra Hunt to Xóchitl Rodríguez Quintero.
# In all: 17 + 3 + 12 = 32 signatures; 102 network members (95 organizations, 7 people).

BLOQUE_MEMBERS = [
    "Centro de Estudios Legales y Sociales (CELS)",
    "Comisión Argentina para los Refugiados y Migrantes (CAREF)",
    "Red Nacional de Líderes Migrantes en Argentina",
    "Cáritas Brasileira",
    "Centro de Direitos Humanos e Cidadania do Imigrante - CDHIC – Brasil",
    "Instituto Migrações e Direitos Humanos",
    "Clínica Jurídica de Migrantes y Refugiados de la Universidad Diego Portales-Chile",
    "Fundación de Ayuda Social de las Iglesias Cristianas (FASIC)",
    "Secretariado Nacional de Pastoral Social-Caritas Colombia",
    "Servicio Jesuita a Refugiados Ecuador (SJR-Ecuador)",
    "Asociación Comité de Familiares de Migrantes Fallecidos y Desaparecidos de El Salvador (COFAMIDE) – El Salvador",  # noqa: E501
    "Cristosal, Advancing Human Rights in Central America - El Salvador",
    "Asociación RUMIÑAHUI. Red de Ecuatorianos en Europa",
    "Centro de Atención y Desarrollo Integral Migrante (CADIM)",
    "Federación Zacatecana de Migrantes",
    "Latinas en el Poder",
    "National Network for Immigrant and Refugee Rights (NNIRR)",
    "South Texas Human Rights Center (El Centro de Derechos Humanos Del Sur de Texas)",
    "Coalición de Derechos Humanos, Tucson, Arizona",
    "Asociación Coordinadora Comunitaria de Servicios para la Salud (ACSS)",
    "Asociación de Familiares de Migrantes Desaparecidos de Guatemala (AFAMIDEG)",
    "Asociación Pop No'j – Guatemala",
    "Equipo de Estudios Comunitarios y Acción Psicosocial (ECAP)",
    "Grupo Articulador de la Sociedad Civil en Materia Migratoria para Guatemala",
    "Mesa de Coordinación Transfronteriza Migraciones y Género (MTMG)",
    "Action Secours Ambulance (ASA)",
    "Asociación Hermanas Scalabrinianas/Pastoral de Movilidad Humana",
    "Plateforme des Organisations Nationales et Territoriales de la Societe Civile Haitienne (PONT-SCH) – Haití",  # noqa: E501
    "Comisión de Acción Social Menonita (CASM)- Honduras",
    "Comité de Familiares de Migrantes Desaparecidos del Centro de Honduras (COFAMICENH)-Honduras",
    "Comité de Familiares de Migrantes Desaparecidos del Progreso (COFAMIPRO)- Honduras",
    "Foro Nacional para las Migraciones en Honduras (FONAMIH)- Honduras",
    "Organismo Cristiano de Desarrollo Integral de Honduras (OCDIH)- Honduras",
    "Asylum Access México. (AAMX) – México",
    "Casa del Migrante de Saltillo (CDMS)- México",
    "Casa Monarca Ayuda Humanitaria al Migrante- México",
    "Centro de Atención a la Familia Migrante Indígena (CAFAMI)- México",
    "Centro de Derechos Humanos de la Montaña-Tlachinollan (CDHM)- México",
    "Estancia del Migrante González y Martínez- México",
    "FM4 Paso Libre-México",
    "Formación y Capacitación (FOCA)-México",
    "Iniciativa Ciudadana para la Promoción de la Cultura del Diálogo (ICPCD)- México",
    "Iniciativa Kino A. C",
    "Instituto para las Mujeres en la Migración (IMUMI)- México",
    "Proyecto de Derechos Humanos, Económicos, Sociales y Culturales A.C (Prodesc)-México",
    "Red Pedro Pantoja Zona Norte- México",
    "Red de Documentación de las Organizaciones Defensoras de Migrantes (REDODEM)- México",
    "Red de Mujeres del Bajío AC-México",
    "Unión Nacional de Organizaciones Regionales Campesinas Autónomas. A.C. (UNORCA A.C.)",
    "Red Nacional de Jornaleros y Jornaleras Agrícolas",
    "Servicio Ecuaménico para la Dignidad Humana (SEDHU)",
    "CTA de Trabajadores",
    "Fundación para la Justicia y el Estado Democrático de Derecho (FJEDD)",
    "Red de las Américas sobre Nacionalidad y Apatridia (Red ANA)",
    "Red Mesoamericana Mujer Salud y Migración (RMMSYM)- México y Centroamérica",
    "Living Water Community",
    "Red Jesuita con Migrantes Latinoamérica y el Caribe (RJM LAC)-Regional",
    "Red Sudamericana para las Migraciones Ambientales (RESAMA)- Regional",
    "International Detention Coalition (IDC)- Regional/Global",
    "Red Internacional de Migración y Desarrollo (RIMD)",
]
GIE_MEMBERS = [
    (
        "organization",
        "Colectivo de Federaciones y Organizaciones Migrantes Mexicanas (COLEFOM)",
        "",
    ),  # fmt: skip
    ("organization", "1 de 7 migrando", ""),
    ("organization", "Apoyo a Migrantes Venezolanos", ""),
    ("organization", "Casa del Migrante Saltillo", ""),
    ("organization", "Centro Comunitario de Atención al Migrante y Necesitado- (CCAMYN)", ""),
    ("organization", "Centro de Atención a la Familia Migrante Indígena (CAFAMI)", ""),
    ("organization", "Clínica Jurídica IBERO", ""),
    ("organization", "Comunidad en Retorno", ""),
    ("organization", "Deportados Unidos en la Lucha (DUL)", ""),
    ("organization", "Instituto Para las Mujeres en la Migración, AC (IMUMI)", ""),
    ("person", "Dra. Leticia Calderón Chelius", ""),
    ("organization", "Otros Dreams en Acción (ODA)", ""),
    ("organization", "Red de Mujeres del Bajío", ""),
    ("organization", "Sin Fronteras IAP", ""),
    ("organization", "Migrantólogos", ""),
]
GTPM_MEMBERS = [
    ("organization", "Aldeas Infantiles SOS México, I.A.P.", ""),
    ("organization", "Alianza Américas", ""),
    ("organization", "American Friends Services Committee", ""),
    ("organization", "Asylum Access México (AAMX) A.C.", ""),
    ("organization", "Casa del Migrante Saltillo (Frontera con Justicia A.C.)", ""),
    ("organization", "Centro de Derechos Humanos Fray Matías de Córdova, A.C.", ""),
    ("organization", "Coalición Pro Defensa del Migrante de Baja California", ""),
    ("organization", "Comisión Mexicana de Defensa y Promoción de los Derechos Humanos", ""),
    ("organization", "Fundación Appleseed México, A.C.", ""),
    ("organization", "DHIA. Derechos Humanos Integrales en Acción, A.C.", ""),
    ("organization", "IMUMI Instituto para las Mujeres en la Migración", ""),
    ("organization", "Iniciativa Ciudadana para la Promoción de la Cultura del Diálogo, A.C.", ""),
    ("organization", "INSYDE Instituto para la Seguridad y la Democracia", ""),
    ("organization", "M3 Movimiento Migrante Mesoamericano", ""),
    ("organization", "Paso de Esperanza A.C.", ""),
    ("organization", "REDIM Red por los Derechos de la Infancia en México", ""),
    ("organization", "Save the Children México", ""),
    ("organization", "Sin Fronteras, IAP", ""),
    ("organization", "Servicio Jesuita a Refugiados", ""),
    ("organization", "SMR Scalabrinianas: Misión con Migrantes y Refugiados", ""),
    ("person", "Leticia Calderón", "Analista en temas migratorios"),
    ("person", "Brenda Valdés", ""),
    ("person", "Elba Coria", ""),
    ("person", "Manuel Ángel Castillo", "Investigador"),
    (
        "person",
        "Gloria Ciria Valdéz Gardea",
        "fundadora y coordinadora del Seminario Niñez Migrante",
    ),
    ("organization", "IDC International Detention Coalition", "Observadoras"),
    ("person", "Melissa Vertiz Hernández", "Secretaria Técnica"),
]
STANDALONE = [  # (name, acronym) in the order of the list
    ("Alianza Americas", ""),
    ("Center for Gender & Refugee Studies", "CGRS"),
    ("Centro de Apoyo a las Identidades Trans", ""),
    ("Centro de Atención a la Familia Migrante Indígena", ""),
    ("Coalición de Derechos Humanos", ""),
    ("Colectivo Michoacán es Diversidad", ""),
    ("Derechos Humanos Integrales en Acción A.C.", ""),
    ("Formación y Capacitación AC", ""),
    ("Fundación Arcoíris por el respeto a la Diversidad Sexual", ""),
    ("Fundación para la Justicia y el Estado Democrático", ""),
    ("Instituto para las Mujeres en la Migración AC", "IMUMI"),
    ("Oficina en Washington para Asuntos Latinoamericanos", "WOLA"),
    ("Pastoral de Migración Iglesia Luterana Mexicana", ""),
    ("Red Franciscana para Migrantes Colombia", ""),
    ("Red Nacional de apoyo a personas migrantes y refugiadas LGBT México", "REDAPM"),
    ("Sin Fronteras I.A.P.", ""),
    ("Witness at the Border EEUU", ""),
]
INDIVIDUALS = [
    "Alexandra Hunt",
    "Ana Hurtado",
    "Eduardo",
    "Luciano Tadeo",
    "Lucia Luengas",
    "Marco Vinicio",
    "Mercedes Pérez",
    "Moisés Pérez Espino",
    "Patricia Zamudio",
    "Rebecca N Eichler",
    "Thomas H Cartwright",
    "Xóchitl Rodríguez Quintero",
]


@pytest.fixture(scope="module")
def sample_text():
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample(sample_text):
    with translation.override("en"):  # the notes are in the reader's language
        return parse_letter(sample_text)


def entry_named(parsed, name):
    return next(entry for entry in parsed.entries if entry.name == name)


def members_of(parsed, name):
    return [(m.kind, m.name, m.role) for m in entry_named(parsed, name).members]


BLOQUE = "Bloque Latinoamericano sobre Migración"
GIE = "Grupo de Identidad y Educación"
GTPM = "Grupo de Trabajo Sobre Política Migratoria-GTPM"


# --- The letter around the list ----------------------------------------------------


def test_sample_date_is_read_from_the_english_date_line(sample):
    assert sample.date == datetime.date(2023, 12, 18)


def test_sample_recipient_is_kept_as_markdown_with_its_hard_line_breaks(sample):
    assert sample.recipient == (
        "**Ms. Alicia Bárcena Ibarra**  \n"
        "*Secretary of Foreign Affairs*  \n"
        "**Government of Mexico**"
    )


def test_sample_body_runs_from_we_the_undersigned_to_just_before_the_closing(sample):
    assert sample.body.startswith("We, the undersigned, are civil society organizations")
    assert sample.body.endswith("on the above-mentioned issues.")
    assert "Kindly" not in sample.body
    # Kept as written, Markdown and the PDF's page break included.
    assert "1. **MPP exposed migrant and asylum seekers to great danger.**" in sample.body
    assert "opportunity to seek**\n\n**asylum.**" in sample.body


def test_sample_closing_is_the_short_line_before_the_list(sample):
    assert sample.closing == "Kindly,"


# --- The hand count ----------------------------------------------------------------


def test_sample_has_17_standalone_organizations_3_networks_and_12_individuals(sample):
    organizations = [(e.name, e.acronym) for e in sample.of_kind("organization")]
    assert organizations == STANDALONE
    assert [(e.name, e.acronym) for e in sample.of_kind("network")] == [
        (BLOQUE, ""),
        (GIE, "GIE"),
        (GTPM, "GTPM"),
    ]
    assert [(e.name, e.title) for e in sample.of_kind("individual")] == [
        (name, "") for name in INDIVIDUALS
    ]
    assert len(sample.entries) == 32
    assert not any(entry.is_lead for entry in sample.entries)


def test_sample_keeps_the_entries_in_the_order_of_the_list(sample):
    names = [entry.name for entry in sample.entries]
    assert names[:4] == [STANDALONE[0][0], BLOQUE, STANDALONE[1][0], STANDALONE[2][0]]
    assert names.index(GIE) + 1 == names.index(GTPM) == names.index(STANDALONE[10][0]) - 1


def test_bloque_has_60_organization_members_spelled_as_written(sample):
    assert members_of(sample, BLOQUE) == [("organization", name, "") for name in BLOQUE_MEMBERS]


def test_gie_has_14_organizations_and_1_person(sample):
    assert members_of(sample, GIE) == GIE_MEMBERS


def test_gtpm_has_21_organizations_and_6_people(sample):
    assert members_of(sample, GTPM) == GTPM_MEMBERS


# --- The ambiguous spots, one reading each -----------------------------------------


def test_page_break_joins_the_line_starting_in_lower_case_with_one_space(sample):
    names = [m.name for m in entry_named(sample, BLOQUE).members]
    joined = "Clínica Jurídica de Migrantes y Refugiados de la Universidad Diego Portales-Chile"
    assert joined in names
    assert not any(name.startswith("y Refugiados") for name in names)


def test_cgrs_glued_after_rimd_is_a_standalone_organization(sample):
    bloque = entry_named(sample, BLOQUE)
    assert bloque.members[-1].name == "Red Internacional de Migración y Desarrollo (RIMD)"
    cgrs = entry_named(sample, "Center for Gender & Refugee Studies")
    assert (cgrs.kind, cgrs.acronym) == ("organization", "CGRS")


def test_melissa_glued_after_observadoras_is_a_gtpm_person_with_her_role(sample):
    melissa = entry_named(sample, GTPM).members[-1]
    assert (melissa.kind, melissa.name, melissa.role) == (
        "person",
        "Melissa Vertiz Hernández",
        "Secretaria Técnica",
    )
    assert not any(entry.name.startswith("Melissa") for entry in sample.entries)


def test_role_in_parentheses_is_a_role_but_an_acronym_or_legal_name_is_not(sample):
    gtpm = {m.name: m for m in entry_named(sample, GTPM).members}
    assert gtpm["IDC International Detention Coalition"].role == "Observadoras"
    assert gtpm["Casa del Migrante Saltillo (Frontera con Justicia A.C.)"].role == ""
    bloque = {m.name: m for m in entry_named(sample, BLOQUE).members}
    assert bloque["Centro de Estudios Legales y Sociales (CELS)"].role == ""


def test_colon_inside_a_member_name_is_kept(sample):
    names = [m.name for m in entry_named(sample, GTPM).members]
    assert "SMR Scalabrinianas: Misión con Migrantes y Refugiados" in names


def test_last_two_gie_members_joined_by_y_are_split(sample):
    names = [m.name for m in entry_named(sample, GIE).members]
    assert names[-2:] == ["Sin Fronteras IAP", "Migrantólogos"]


def test_y_inside_a_last_member_name_is_not_split():
    parsed = parse_letter(
        "Kindly,\n\n**Organizations**\n\n"
        "Red X: Alpha (A), Red Internacional de Migración y Desarrollo (RIMD)\n\n"
        "Red Y: Beta (B), Red Mesoamericana Mujer Salud y Migración (RMMSYM)- México y Centroamérica\n"  # noqa: E501
    )
    assert [m.name for m in parsed.entries[0].members][-1] == (
        "Red Internacional de Migración y Desarrollo (RIMD)"
    )
    assert len(parsed.entries[1].members) == 2


def test_comma_in_a_semicolon_list_separates_save_the_children_from_sin_fronteras(sample):
    names = [m.name for m in entry_named(sample, GTPM).members]
    position = names.index("Save the Children México")
    assert names[position + 1] == "Sin Fronteras, IAP"


def test_legal_forms_and_enumerations_after_a_comma_stay_in_the_name(sample):
    gie = [m.name for m in entry_named(sample, GIE).members]
    assert "Instituto Para las Mujeres en la Migración, AC (IMUMI)" in gie
    gtpm = [m.name for m in entry_named(sample, GTPM).members]
    assert "Aldeas Infantiles SOS México, I.A.P." in gtpm
    bloque = [m.name for m in entry_named(sample, BLOQUE).members]
    prodesc = "Proyecto de Derechos Humanos, Económicos, Sociales y Culturales A.C (Prodesc)-México"
    assert prodesc in bloque
    assert "Económicos" not in bloque


def test_city_after_a_comma_stays_in_the_member_name_but_not_in_its_identity(sample):
    bloque = {m.name: m for m in entry_named(sample, BLOQUE).members}
    coalicion = bloque["Coalición de Derechos Humanos, Tucson, Arizona"]
    assert coalicion.qualifier == "Tucson, Arizona"
    assert coalicion.core_name == "Coalición de Derechos Humanos"
    assert "Tucson" not in bloque and "Arizona" not in bloque


def test_tagline_after_a_comma_stays_in_the_member_name(sample):
    bloque = {m.name: m for m in entry_named(sample, BLOQUE).members}
    cristosal = bloque["Cristosal, Advancing Human Rights in Central America - El Salvador"]
    assert cristosal.core_name == "Cristosal"


def test_periods_inside_member_names_do_not_split_them(sample):
    bloque = [m.name for m in entry_named(sample, BLOQUE).members]
    assert "Asociación RUMIÑAHUI. Red de Ecuatorianos en Europa" in bloque
    assert "Asylum Access México. (AAMX) – México" in bloque
    unorca = "Unión Nacional de Organizaciones Regionales Campesinas Autónomas. A.C. (UNORCA A.C.)"
    assert unorca in bloque
    gtpm = [m.name for m in entry_named(sample, GTPM).members]
    assert "DHIA. Derechos Humanos Integrales en Acción, A.C." in gtpm


def test_standalone_names_lose_a_line_final_period_but_not_an_abbreviations(sample):
    names = [entry.name for entry in sample.of_kind("organization")]
    assert "Pastoral de Migración Iglesia Luterana Mexicana" in names
    assert "Sin Fronteras I.A.P." in names


SAMPLE_WARNINGS = [
    'Joined "…e Direitos Humanos, Clínica Jurídica de Migrantes" and "y Refugiados',
    '"Cristosal, Advancing Human Rights in Central America - El Salvador" as one name',
    'read "Tucson, Arizona" as a place',
    'Kept "Proyecto de Derechos Humanos, Económicos, Sociales y Culturales A.C (Prodesc)-México" as one name',  # noqa: E501
    '"Center for Gender & Refugee Studies (CGRS)" follows',
    '"Instituto Para las Mujeres en la Migración, AC (IMUMI)" as one name: "AC" is a legal form',
    'Read the member "Dra. Leticia Calderón Chelius" as a person',
    'Split the last member "Sin Fronteras IAP y Migrantólogos"',
    'Split "Save the Children México, Sin Fronteras, IAP" at its comma',
    'the person "Leticia Calderón" with the role "Analista en temas migratorios"',
    'Read the member "Brenda Valdés" as a person',
    'Read the member "Elba Coria" as a person',
    'the person "Manuel Ángel Castillo" with the role "Investigador"',
    'the person "Gloria Ciria Valdéz Gardea" with the role "fundadora y coordinadora',
    'Read "(Observadoras)" as the role of the member "IDC International Detention Coalition"',
    'the person "Melissa Vertiz Hernández" with the role "Secretaria Técnica"',
    '"Melissa Vertiz Hernández" follows "… International Detention Coalition (Observadoras)."',
]


def test_sample_warnings_name_each_guess_in_reading_order(sample):
    assert len(sample.warnings) == len(SAMPLE_WARNINGS)
    for warning, expected in zip(sample.warnings, SAMPLE_WARNINGS, strict=True):
        assert expected in warning


def test_cgrs_warning_explains_the_alphabetical_reasoning(sample):
    [warning] = [w for w in sample.warnings if "Center for Gender" in w]
    assert "separate organization" in warning
    assert f'between "{BLOQUE}" and "Centro de Apoyo a las Identidades Trans"' in warning


# --- Other letters: Spanish, lead signatories, messy lines ---------------------------

SPANISH = """\
Ciudad de México, 18 de diciembre de 2023

**Dra. Alicia Bárcena**
*Secretaria de Relaciones Exteriores*

Las organizaciones firmantes expresamos nuestra preocupación.

Atentamente,

## Organizaciones convocantes

**Sin Fronteras IAP**

Instituto para las Mujeres en la Migración (IMUMI)

#### Organizaciones de la sociedad civil

Alianza Americas
Red Uno (RU): Casa Uno A.C.; Elena Poniatowska, periodista

## A título individual

Ana Hurtado, investigadora
Marco Vinicio.
"""


def test_spanish_letter_reads_date_headings_closing_and_lead_signatories():
    parsed = parse_letter(SPANISH)
    assert parsed.date == datetime.date(2023, 12, 18)
    assert parsed.recipient.startswith("**Dra. Alicia Bárcena**")
    assert parsed.body == "Las organizaciones firmantes expresamos nuestra preocupación."
    assert parsed.closing == "Atentamente,"
    summary = [(e.kind, e.name, e.acronym, e.title, e.lead_order) for e in parsed.entries]
    assert summary == [
        ("organization", "Sin Fronteras IAP", "", "", 1),
        ("organization", "Instituto para las Mujeres en la Migración", "IMUMI", "", 2),
        ("organization", "Alianza Americas", "", "", None),
        ("network", "Red Uno", "RU", "", None),
        ("individual", "Ana Hurtado", "", "investigadora", None),
        ("individual", "Marco Vinicio", "", "", None),
    ]
    members = [(m.kind, m.name, m.role) for m in parsed.entries[3].members]
    assert members == [
        ("organization", "Casa Uno A.C.", ""),
        ("person", "Elena Poniatowska", "periodista"),
    ]


@pytest.mark.parametrize(
    "heading",
    ["**Personas**", "Individuos", "#### Firmas individuales", "**A título individual**"],
)
def test_spanish_individual_headings_open_the_individuals_section(heading):
    parsed = parse_letter(f"Atentamente,\n\nAlianza Americas\n\n{heading}\n\nAna Hurtado\n")
    assert [(e.kind, e.name) for e in parsed.entries] == [
        ("organization", "Alianza Americas"),
        ("individual", "Ana Hurtado"),
    ]


def test_lead_heading_in_english_marks_lead_signatories_in_order():
    parsed = parse_letter(
        "Sincerely,\n\n### Lead signatories\n\nB Org\n\nA Org\n\n### Organizations\n\nC Org\n"
    )
    assert [(e.name, e.is_lead, e.lead_order) for e in parsed.entries] == [
        ("B Org", True, 1),
        ("A Org", True, 2),
        ("C Org", False, None),
    ]


def test_an_invalid_date_is_warned_about_and_left_empty():
    parsed = parse_letter("February 30, 2023\n\nKindly,\n\n**Organizations**\n\nA Org\n")
    assert parsed.date is None
    assert any('"february 30, 2023" is not a valid date' in w for w in parsed.warnings)


def test_a_line_after_a_trailing_comma_continues_the_entry_and_is_warned_about():
    parsed = parse_letter(
        "Kindly,\n\n**Organizations**\n\nRed Uno: Casa Uno (CU), Casa Dos (CD),\n\nCasa Tres (CT)\n"
    )
    [network] = parsed.entries
    assert [m.name for m in network.members] == ["Casa Uno (CU)", "Casa Dos (CD)", "Casa Tres (CT)"]
    assert any('the first part ends with ","' in w for w in parsed.warnings)


def test_entries_before_any_heading_are_read_by_their_own_text_with_a_warning():
    parsed = parse_letter("Kindly,\n\nCasa Uno A.C.\n\nAna Hurtado, investigadora\n\nB Org (BO)\n")
    assert [(e.kind, e.name, e.acronym, e.title) for e in parsed.entries] == [
        ("organization", "Casa Uno A.C.", "", ""),
        ("individual", "Ana Hurtado", "", "investigadora"),
        ("organization", "B Org", "BO", ""),
    ]
    assert any("Found no heading before the first entry" in w for w in parsed.warnings)


def test_a_text_without_a_signatory_block_is_refused():
    with pytest.raises(LetterImportError, match="no signatory block"):
        parse_letter("December 18, 2023\n\nTo whom it may concern.\n\nWe write to you.\n")


def test_title_from_slug_keeps_a_trailing_date():
    assert title_from_slug(SLUG) == "Mexico asylum letter 2023-12-18"
    assert title_from_slug("carta_abierta") == "Carta abierta"


# --- Importing into the database ---------------------------------------------------


@pytest.fixture
def imported(db, sample):
    return import_letter(sample, slug=SLUG)


@pytest.mark.django_db
def test_import_creates_the_letter_and_its_original_version(imported, sample):
    letter = Letter.objects.get(slug=SLUG)
    assert (letter.date, letter.status) == (datetime.date(2023, 12, 18), "open")
    [version] = letter.versions.all()
    assert (version.language, version.is_original) == ("en", True)
    assert version.title == "Mexico asylum letter 2023-12-18"
    assert (version.recipient, version.body, version.closing) == (
        sample.recipient,
        sample.body,
        "Kindly,",
    )


@pytest.mark.django_db
def test_import_creates_approved_public_imported_signatures_by_kind(imported):
    signatures = Signature.objects.filter(letter__slug=SLUG)
    counts = {kind: signatures.filter(kind=kind).count() for kind in Signature.Kind.values}
    assert counts == {"organization": 17, "network": 3, "individual": 12}
    assert signatures.public().count() == 32
    assert set(signatures.values_list("origin", "language")) == {("import", "en")}
    assert not signatures.filter(decided_at__isnull=True).exists()
    imumi = signatures.get(acronym="IMUMI")
    assert imumi.display_name == "Instituto para las Mujeres en la Migración AC (IMUMI)"
    assert imumi.sort_name.startswith("instituto para las mujeres")


@pytest.mark.django_db
def test_import_records_one_imported_event_per_signature_with_its_guesses(imported):
    events = SignatureEvent.objects.filter(signature__letter__slug=SLUG)
    assert events.count() == 32
    assert set(events.values_list("action", "from_status", "to_status")) == {
        ("imported", "", "approved")
    }
    gtpm_event = events.get(signature__name=GTPM)
    assert "Melissa Vertiz Hernández" in gtpm_event.reason
    assert events.get(signature__name="Alianza Americas").reason == ""


@pytest.mark.django_db
def test_import_creates_networks_and_their_members_in_order(imported):
    assert sorted(Network.objects.values_list("name", "acronym")) == [
        (BLOQUE, ""),
        (GIE, "GIE"),
        (GTPM, "GTPM"),
    ]
    gtpm = Signature.objects.get(letter__slug=SLUG, name=GTPM)
    assert gtpm.network.name == GTPM
    rows = list(gtpm.members.values_list("position", "kind", "name", "role"))
    assert rows == [(n, *member) for n, member in enumerate(GTPM_MEMBERS, 1)]
    bloque = Signature.objects.get(letter__slug=SLUG, name=BLOQUE)
    assert list(bloque.members.values_list("name", flat=True)) == BLOQUE_MEMBERS
    assert Member.objects.filter(network_signature__letter__slug=SLUG).count() == 102


@pytest.mark.django_db
def test_imumi_in_three_networks_links_to_its_own_signature(imported):
    imumi = Signature.objects.get(letter__slug=SLUG, acronym="IMUMI")
    assert sorted(imumi.memberships.values_list("name", flat=True)) == [
        "IMUMI Instituto para las Mujeres en la Migración",
        "Instituto Para las Mujeres en la Migración, AC (IMUMI)",
        "Instituto para las Mujeres en la Migración (IMUMI)- México",
    ]


@pytest.mark.django_db
def test_members_link_to_standalone_signatures_only_when_identity_keys_match(imported):
    linked = dict(
        Member.objects.filter(network_signature__letter__slug=SLUG, signature__isnull=False)
        .values_list("name", "signature__name")
    )  # fmt: skip
    assert linked == {
        "Instituto para las Mujeres en la Migración (IMUMI)- México": "Instituto para las Mujeres en la Migración AC",  # noqa: E501
        "Instituto Para las Mujeres en la Migración, AC (IMUMI)": "Instituto para las Mujeres en la Migración AC",  # noqa: E501
        "IMUMI Instituto para las Mujeres en la Migración": "Instituto para las Mujeres en la Migración AC",  # noqa: E501
        "Centro de Atención a la Familia Migrante Indígena (CAFAMI)- México": "Centro de Atención a la Familia Migrante Indígena",  # noqa: E501
        "Centro de Atención a la Familia Migrante Indígena (CAFAMI)": "Centro de Atención a la Familia Migrante Indígena",  # noqa: E501
        "Coalición de Derechos Humanos, Tucson, Arizona": "Coalición de Derechos Humanos",
        "Formación y Capacitación (FOCA)-México": "Formación y Capacitación AC",
        "DHIA. Derechos Humanos Integrales en Acción, A.C.": "Derechos Humanos Integrales en Acción A.C.",  # noqa: E501
        "Sin Fronteras IAP": "Sin Fronteras I.A.P.",
        "Sin Fronteras, IAP": "Sin Fronteras I.A.P.",
        "Alianza Américas": "Alianza Americas",
    }
    assert imported.linked_members == 11


@pytest.mark.django_db
def test_import_summary_counts_by_kind_and_network(imported):
    assert (imported.organizations, imported.individuals) == (17, 12)
    assert [(n.name, n.organizations, n.people) for n in imported.networks] == [
        (BLOQUE, 60, 0),
        (GIE, 14, 1),
        (GTPM, 21, 6),
    ]
    assert (imported.member_organizations, imported.member_people) == (95, 7)
    assert len(imported.warnings) == len(SAMPLE_WARNINGS)


def _counts():
    return (
        Letter.objects.count(),
        LetterVersion.objects.count(),
        Signature.objects.count(),
        Member.objects.count(),
        SignatureEvent.objects.count(),
        Network.objects.count(),
    )


@pytest.mark.django_db
def test_replacing_an_imported_letter_is_refused_and_changes_nothing(sample):
    import_letter(sample, slug=SLUG)
    first = _counts()
    assert first == (1, 1, 32, 102, 32, 3)
    # The import's own trail is history, which is never deleted (security review,
    # finding 13); a letter with none yet can be replaced (see the command's tests).
    with pytest.raises(LetterImportError, match="has a history"):
        import_letter(sample, slug=SLUG, replace=True)
    assert _counts() == first


@pytest.mark.django_db
def test_existing_slug_without_replace_is_refused_and_changes_nothing(sample):
    import_letter(sample, slug=SLUG, title="The first import")
    before = _counts()
    with pytest.raises(LetterExists, match="exists already"):
        import_letter(sample, slug=SLUG, title="The second import")
    assert _counts() == before
    assert LetterVersion.objects.get().title == "The first import"


@pytest.mark.django_db
def test_a_failure_midway_leaves_no_letter_behind(sample, monkeypatch):
    def broken(*args):
        raise RuntimeError("linking failed")

    monkeypatch.setattr(importers, "_link_members", broken)
    with pytest.raises(RuntimeError):
        import_letter(sample, slug=SLUG)
    assert _counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_a_failing_replace_keeps_the_old_letter(sample, monkeypatch, make_letter):
    make_letter(slug=SLUG, title="Kept")
    before = _counts()
    monkeypatch.setattr(importers, "_link_members", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        import_letter(sample, slug=SLUG, title="Replacement", replace=True)
    assert _counts() == before
    assert LetterVersion.objects.get().title == "Kept"


@pytest.mark.django_db
def test_a_database_constraint_failure_is_reported_and_rolled_back(sample):
    # A lead order without the lead flag breaks signature_lead_order_only_for_leads.
    sample_copy = parse_letter(SAMPLE.read_text(encoding="utf-8"))
    sample_copy.entries.append(ParsedEntry("organization", "Rogue Org", lead_order=1))
    with pytest.raises(LetterImportError, match="database refused"):
        import_letter(sample_copy, slug=SLUG)
    assert _counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_a_name_too_long_for_the_database_is_refused_before_writing():
    text = "Kindly,\n\n**Organizations**\n\n" + "Organización " * 30 + "\n"
    with pytest.raises(LetterImportError, match="too long"):
        import_letter(text, slug="too-long")
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_import_rejects_an_invalid_slug_language_or_status(sample):
    with pytest.raises(LetterImportError, match="not a valid slug"):
        import_letter(sample, slug="no spaces please")
    with pytest.raises(LetterImportError, match="Unknown language"):
        import_letter(sample, slug=SLUG, language="fr")
    with pytest.raises(LetterImportError, match="Unknown status"):
        import_letter(sample, slug=SLUG, status="published")
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_lead_signatories_are_stored_with_their_order():
    summary = import_letter(SPANISH, slug="carta", language="es", status="draft")
    leads = Signature.objects.filter(letter=summary.letter, is_lead=True).order_by("lead_order")
    assert list(leads.values_list("name", "lead_order")) == [
        ("Sin Fronteras IAP", 1),
        ("Instituto para las Mujeres en la Migración", 2),
    ]
    assert summary.letter.status == "draft"
    assert summary.letter.versions.get().language == "es"


@pytest.mark.django_db
def test_an_existing_network_is_reused_case_insensitively():
    existing = Network.objects.create(name="RED UNO", acronym="RU")
    import_letter(SPANISH, slug="carta", language="es")
    assert Network.objects.count() == 1
    assert Signature.objects.get(kind="network").network == existing


# --- The command -------------------------------------------------------------------


def run_import(*args):
    out = StringIO()
    with translation.override("en"):
        call_command("import_letter", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_imports_the_sample_under_its_file_name_and_prints_the_summary():
    output = run_import(str(SAMPLE))
    assert Letter.objects.filter(slug=SLUG).exists()
    lines = output.splitlines()
    assert "Standalone organizations: 17" in lines
    assert "Networks: 3" in lines
    assert f"  {BLOQUE}: 60 members (organizations: 60, people: 0)" in lines
    assert f"  {GIE}: 15 members (organizations: 14, people: 1)" in lines
    assert f"  {GTPM}: 27 members (organizations: 21, people: 6)" in lines
    assert (
        "Network members: organizations: 95, people: 7 (11 of them also signed on their own)"
        in lines
    )
    assert "Individuals: 12" in lines
    assert f"Readings to check ({len(SAMPLE_WARNINGS)}):" in lines
    for expected in SAMPLE_WARNINGS:
        assert any(line.startswith("  - ") and expected in line for line in lines), expected


@pytest.mark.django_db
def test_command_takes_slug_title_language_and_status():
    options = ["--slug", "asilo", "--title", "Asilo", "--language", "es", "--status", "closed"]
    run_import(str(SAMPLE), *options)
    version = LetterVersion.objects.get(letter__slug="asilo")
    assert (version.title, version.language, version.letter.status) == ("Asilo", "es", "closed")


@pytest.mark.django_db
def test_command_refuses_an_existing_slug_unless_asked_to_replace():
    run_import(str(SAMPLE))
    with pytest.raises(CommandError, match="--replace"):
        run_import(str(SAMPLE))
    # Imported, it has a history (the import's own trail), which is never deleted.
    with pytest.raises(CommandError, match="has a history"):
        run_import(str(SAMPLE), "--replace")
    assert _counts() == (1, 1, 32, 102, 32, 3)


@pytest.mark.django_db
def test_command_replaces_a_letter_with_no_history_yet(make_letter):
    make_letter(slug=SLUG, title="Made by hand, its list still to come")
    output = run_import(str(SAMPLE), "--replace")
    assert "Standalone organizations: 17" in output
    assert _counts() == (1, 1, 32, 102, 32, 3)


def test_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run_import(str(tmp_path / "missing.txt"))


def test_command_reports_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Organización".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run_import(str(path))


@pytest.mark.django_db
def test_command_reports_a_text_without_signatories(tmp_path):
    path = tmp_path / "empty-list.txt"
    path.write_text("Hello.\n\nKindly,\n\n**Individuals**\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lists nobody"):
        run_import(str(path))
    assert not Letter.objects.exists()


def test_the_totals_line_of_an_export_is_not_read_as_an_entry():
    parsed = parse_letter(
        "**Organizaciones de la sociedad civil**\n\nAlianza Americas\n\n"
        "**Personas a título individual**\n\nAna Hurtado\n\n"
        "1 organización y 1 persona\n\n99 organizations and 19 individuals\n"
    )

    assert [(e.kind, e.name) for e in parsed.entries] == [
        ("organization", "Alianza Americas"),
        ("individual", "Ana Hurtado"),
    ]


def test_the_sites_own_headings_are_recognized_in_every_language():
    for organizations, individuals in [
        ("Civil society organizations", "Individuals"),
        ("Organizaciones de la sociedad civil", "Personas a título individual"),
    ]:
        parsed = parse_letter(f"{organizations}\n\nCasa Monarca\n\n{individuals}\n\nElba Coria\n")
        assert [e.kind for e in parsed.entries] == ["organization", "individual"]
