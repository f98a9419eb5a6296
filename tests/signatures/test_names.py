import pytest

from signatures.names import fold, identity_key, similar_keys, single_line, sort_key

# --- fold and sort_key -------------------------------------------------------------


def test_fold_ignores_case_accents_and_extra_spaces():
    assert fold("  Árbol   de la  VIDA ") == "arbol de la vida"
    assert fold("Niñez Migrante") == "ninez migrante"


def test_sort_key_ignores_accents_and_case():
    names = ["Azul", "arbol", "Árbol", "Ámbar", "Brasil"]
    assert sorted(names, key=sort_key) == ["Ámbar", "arbol", "Árbol", "Azul", "Brasil"]


def test_sort_key_puts_accented_initials_with_their_letter_not_after_z():
    assert sort_key("Árbol") < sort_key("Azul") < sort_key("Zapata")
    assert sort_key("Óscar") < sort_key("Pedro")


def test_sort_key_skips_leading_quotes_and_punctuation():
    assert sort_key("“Casa” Monarca") < sort_key("Centro")
    assert sort_key("¡Alto!") < sort_key("Bravo")


def test_sort_key_orders_names_equal_once_folded_deterministically():
    assert sort_key("arbol") != sort_key("Árbol")
    assert sorted(["Árbol", "arbol"], key=sort_key) == sorted(["arbol", "Árbol"], key=sort_key)


# --- identity_key: spellings of one organization -----------------------------------

SAME_ORGANIZATION = [
    pytest.param(
        [
            "Instituto para las Mujeres en la Migración AC (IMUMI)",
            "Instituto Para las Mujeres en la Migración, AC (IMUMI)",
            "IMUMI Instituto para las Mujeres en la Migración",
            "Instituto para las Mujeres en la Migración (IMUMI)- México",
        ],
        id="IMUMI: legal form, acronym in parentheses, leading acronym, country tag",
    ),
    pytest.param(
        [
            "Centro de Atención a la Familia Migrante Indígena",
            "Centro de Atención a la Familia Migrante Indígena (CAFAMI)- México",
            "Centro de Atención a la Familia Migrante Indígena (CAFAMI)",
        ],
        id="CAFAMI",
    ),
    pytest.param(
        ["Sin Fronteras I.A.P.", "Sin Fronteras IAP", "Sin Fronteras, IAP", "Sin Fronteras"],
        id="I.A.P. spelled three ways",
    ),
    pytest.param(
        [
            "DHIA. Derechos Humanos Integrales en Acción, A.C.",
            "Derechos Humanos Integrales en Acción A.C.",
        ],
        id="leading acronym with a period",
    ),
    pytest.param(
        ["Formación y Capacitación AC", "Formación y Capacitación (FOCA)-México"],
        id="AC versus acronym and country",
    ),
    pytest.param(
        ["Red de Mujeres del Bajío", "Red de Mujeres del Bajío AC-México"],
        id="legal form glued to a country tag",
    ),
    pytest.param(["Iniciativa Kino A. C", "Iniciativa Kino"], id="A. C with a space"),
    pytest.param(
        ["Asylum Access México. (AAMX) – México", "Asylum Access México (AAMX) A.C."],
        id="stray period and en dash",
    ),
    pytest.param(
        [
            "International Detention Coalition (IDC)- Regional/Global",
            "IDC International Detention Coalition",
        ],  # fmt: skip
        id="regional tag",
    ),
    pytest.param(
        [
            "Red Mesoamericana Mujer Salud y Migración (RMMSYM)- México y Centroamérica",
            "Red Mesoamericana Mujer Salud y Migración",
        ],  # fmt: skip
        id="two countries joined by y",
    ),
    pytest.param(
        [
            "Grupo de Trabajo Sobre Política Migratoria-GTPM",
            "Grupo de Trabajo sobre Política Migratoria",
        ],  # fmt: skip
        id="acronym after a dash",
    ),
    pytest.param(["Alianza Americas", "Alianza Américas"], id="accent"),
    pytest.param(
        [
            "Centro de Direitos Humanos e Cidadania do Imigrante - CDHIC – Brasil",
            "Centro de Direitos Humanos e Cidadania do Imigrante",
        ],  # fmt: skip
        id="dash acronym then country",
    ),
]


@pytest.mark.parametrize("spellings", SAME_ORGANIZATION)
def test_identity_key_is_the_same_for_spellings_of_one_organization(spellings):
    keys = {identity_key(spelling) for spelling in spellings}
    assert len(keys) == 1, keys


DIFFERENT_ORGANIZATIONS = [
    pytest.param(
        "Red de Mujeres del Bajío",
        "Red Nacional de Jornaleros y Jornaleras Agrícolas",
        id="two Red",
    ),
    # A name truncated in one list is probably the same foundation, but a prefix
    # could also be a different organization: the importer does not merge on a
    # guess, and the two sit next to each other in the alphabetical list.
    pytest.param(
        "Fundación para la Justicia y el Estado Democrático",
        "Fundación para la Justicia y el Estado Democrático de Derecho (FJEDD)",
        id="truncated name",
    ),
    # Words matter in identity; similar_keys catches this pair for moderators.
    pytest.param(
        "Casa del Migrante Saltillo", "Casa del Migrante de Saltillo (CDMS)", id="de differs"
    ),
    # A dash is also part of names: only known country or region tags go.
    pytest.param(
        "Centro de Derechos Humanos de la Montaña-Tlachinollan (CDHM)- México",
        "Centro de Derechos Humanos de la Montaña",
        id="dash inside the name",
    ),
    pytest.param(
        "Secretariado Nacional de Pastoral Social-Caritas Colombia",
        "Secretariado Nacional de Pastoral Social",
        id="dash then more name",
    ),
    # Leading letters that do not start like the rest are part of the name.
    pytest.param("FM4 Paso Libre-México", "Paso Libre", id="FM4 is the name"),
    pytest.param("CTA de Trabajadores", "Trabajadores", id="CTA is the name"),
    # A country without a dash is part of the name.
    pytest.param(
        "Red Franciscana para Migrantes Colombia",
        "Red Franciscana para Migrantes",
        id="country without dash",
    ),  # fmt: skip
]


@pytest.mark.parametrize(("first", "second"), DIFFERENT_ORGANIZATIONS)
def test_identity_key_keeps_distinct_organizations_apart(first, second):
    assert identity_key(first) != identity_key(second)


def test_identity_key_keeps_the_words_of_the_name():
    assert identity_key("IMUMI Instituto para las Mujeres en la Migración") == (
        "instituto para las mujeres en la migracion"
    )
    assert identity_key("CTA de Trabajadores") == "cta de trabajadores"


def test_identity_key_falls_back_to_the_acronym_when_the_name_says_nothing():
    assert identity_key("", "IMUMI") == "imumi"
    assert identity_key("(IMUMI)", "IMUMI") == "imumi"
    assert identity_key("A.C.") == "a c"


# --- similar_keys: looser, for duplicate suggestions --------------------------------


def test_similar_keys_ignore_common_words():
    assert similar_keys("Casa del Migrante Saltillo") & similar_keys(
        "Casa del Migrante de Saltillo (CDMS)"
    )


def test_similar_keys_match_an_acronym_alone_with_the_full_name():
    full = similar_keys("Instituto para las Mujeres en la Migración", "IMUMI")
    assert "acronym:imumi" in full
    assert similar_keys("IMUMI") & full
    assert similar_keys("Instituto para las Mujeres en la Migración (IMUMI)- México") & full


def test_similar_keys_take_the_acronym_from_a_leading_or_dashed_acronym():
    assert "acronym:dhia" in similar_keys("DHIA. Derechos Humanos Integrales en Acción, A.C.")
    assert "acronym:gtpm" in similar_keys("Grupo de Trabajo Sobre Política Migratoria-GTPM")
    assert "acronym:unorca" in similar_keys(
        "Unión Nacional de Organizaciones Regionales Campesinas Autónomas. A.C. (UNORCA A.C.)"
    )


def test_similar_keys_do_not_take_a_legal_name_in_parentheses_for_an_acronym():
    keys = similar_keys("Casa del Migrante Saltillo (Frontera con Justicia A.C.)")
    assert not any(key.startswith("acronym:") for key in keys)


def test_similar_keys_keep_distinct_organizations_apart():
    assert not similar_keys("Red de Mujeres del Bajío") & similar_keys(
        "Red Nacional de Jornaleros y Jornaleras Agrícolas"
    )
    # Truncation is not caught by keys: it needs a pairwise comparison.
    assert not similar_keys("Fundación para la Justicia y el Estado Democrático") & similar_keys(
        "Fundación para la Justicia y el Estado Democrático de Derecho (FJEDD)"
    )


# --- single_line ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Prof\r\n\r\nInjected Fake Org, Director", "Prof Injected Fake Org, Director"),
        ("a\x0bb\x0cc\x1cd\x85e\u2028f\u2029g\tz", "a b c d e f g z"),
        ("  Casa   Monarca  ", "Casa Monarca"),
        ("Casa\x00\x1b[31m Monarca\x7f", "Casa[31m Monarca"),
        ("\u202eevil\u202c \u2066x\u2069", "evil x"),
        ("\u202e", ""),
        # Kept: marks that reorder nothing, joiners of emoji and scripts, accents.
        ("مرصد\u200f", "مرصد\u200f"),
        ("👩🏽\u200d⚖️ Árbol e\u0301", "👩🏽\u200d⚖️ Árbol e\u0301"),
        ("", ""),
        (None, ""),
    ],
)
def test_single_line_keeps_one_line_without_controls_or_overrides(typed, kept):
    assert single_line(typed) == kept
