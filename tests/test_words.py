"""How Firmas speaks: one register in Spanish, names as people say them."""

import re

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django_countries import countries

# Django's Spanish speaks to the reader as "usted"; Firmas says "tú".
USTED = re.compile(
    r"\b(Introduzca|Ingrese|Asegúrese|Escoja|Seleccione|Compruebe|Corrija|Su|su|Por favor)\b"
)


def test_spanish_country_names_are_the_ones_people_use_and_sort_by_them():
    with translation.override("es"):
        names = dict(countries)
        order = [name for _code, name in countries]
    assert names["TT"] == "Trinidad y Tobago"
    assert names["CF"] == "República Centroafricana"
    assert names["SZ"] == "Esuatini"
    assert names["AD"] == "Andorra"
    assert names["CY"] == "Chipre"
    # Filed under the name people look for, not under "P" and "R".
    assert order.index("Alemania") < order.index("Andorra") < order.index("Angola")
    assert order.index("Chile") < order.index("China") < order.index("Chipre")


def test_english_country_names_follow_the_same_overrides():
    with translation.override("en"):
        names = dict(countries)
    assert names["PS"] == "Palestine"
    assert names["TT"] == "Trinidad and Tobago"


class _Form(forms.Form):
    """The fields Firmas's forms are made of, with Django's own messages."""

    email = forms.EmailField()
    name = forms.CharField(max_length=3)
    kind = forms.ChoiceField(choices=[("organization", "Organization")])


def test_django_messages_firmas_shows_speak_tu_not_usted(db, rf):
    with translation.override("es"):
        login = AuthenticationForm(rf.post("/"), data={"username": "nadie", "password": "mal"})
        login.is_valid()
        form = _Form(data={"email": "no-es-correo", "name": "Casa Monarca", "kind": "x"})
        form.is_valid()
        messages = [*login.non_field_errors()]
        messages += [error for errors in form.errors.values() for error in errors]
    assert len(messages) == 4
    assert [message for message in messages if USTED.search(message)] == []
    assert any("correo" in message for message in messages)  # Spanish, not the English fallback


def test_a_language_named_inside_a_spanish_sentence_is_lower_case(
    client, django_user_model, make_letter, make_signature
):
    from letters.models import LetterRole

    letter = make_letter()
    user = django_user_model.objects.create_user("moderadora", password="x")
    LetterRole.objects.create(letter=letter, user=user, role=LetterRole.Role.MODERATOR)
    make_signature(letter, "Casa Monarca", status="pending", language="en")
    client.force_login(user)
    html = client.get(
        f"/letters/{letter.slug}/moderate/", headers={"accept-language": "es"}
    ).content.decode()
    assert "leída en inglés" in html
    assert "leída en Inglés" not in html


@pytest.mark.parametrize(
    "reader, other", [("es", 'lang="en">English</a>'), ("en", 'lang="es">Español</a>')]
)
def test_other_versions_of_a_letter_are_named_in_their_own_language(
    client, make_letter, reader, other
):
    from letters.models import LetterVersion

    letter = make_letter(slug="carta")
    LetterVersion.objects.create(letter=letter, language="es", title="Carta", body="Hola")
    html = client.get("/letters/carta/", headers={"accept-language": reader}).content.decode()
    assert other in html  # "También en: English", "Also in: Español"


def test_the_lifecycle_button_that_opens_a_draft_is_a_verb(client, django_user_model, make_letter):
    from letters.models import LetterRole

    letter = make_letter(status="draft")
    owner = django_user_model.objects.create_user("duena", password="x")
    LetterRole.objects.create(letter=letter, user=owner, role=LetterRole.Role.OWNER)
    client.force_login(owner)
    html = client.get(
        f"/letters/{letter.slug}/manage/lifecycle/", headers={"accept-language": "es"}
    ).content.decode()
    assert ">Abrir a firmas</button>" in html
    assert "Borrador" in html  # the status, still a state


def test_the_admin_index_names_every_section_in_spanish(admin_client):
    html = admin_client.get("/admin/", headers={"accept-language": "es"}).content.decode()
    assert "Protección del acceso" in html
    assert "Cola de tareas" in html
    assert "intentos de acceso" in html.lower()
    for english in ("Axes", "Tasks Database Backend", "Access attempts"):
        assert english not in html


@pytest.mark.parametrize("reader, name", [("es", "México"), ("en", "Mexico")])
def test_a_signatory_country_is_named_in_the_readers_language_never_a_lone_flag(
    client, make_letter, make_signature, reader, name
):
    letter = make_letter(slug="carta")
    make_signature(letter, "Casa Monarca", country="MX")
    html = client.get("/letters/carta/", headers={"accept-language": reader}).content.decode()
    country = re.search(r'<span class="signatory-country">(.*?)</span>\s*</li>', html, re.S)
    assert country is not None
    assert name in country.group(1)
    assert "\U0001f1f2\U0001f1fd" not in html  # the flag 🇲🇽 alone says nothing on Windows


def test_no_form_a_letters_team_or_signers_use_shows_djangos_dashes(
    client, django_user_model, make_letter, make_signature
):
    from letters.models import LetterRole

    owner = django_user_model.objects.create_user("duena-formas", password="x")
    letter = make_letter(slug="formas")
    LetterRole.objects.create(letter=letter, user=owner, role=LetterRole.Role.OWNER)
    signature = make_signature(letter, "Casa Monarca", status="pending")
    client.force_login(owner)
    pages = [
        "moderate/",
        "moderate/add/",
        f"moderate/signatures/{signature.public_id}/",
        "manage/roles/",
        "manage/lifecycle/",
        "sign/organization/",
        "sign/individual/",
        "sign/network/",
        "export/",
    ]
    for page in pages:
        response = client.get(f"/letters/formas/{page}")
        assert response.status_code == 200, page
        assert "---------" not in response.content.decode(), page


def test_the_history_shows_labels_not_stored_values():
    from signatures.templatetags.moderation import change_rows

    with translation.override("es"):
        rows = [
            (str(label), str(before), str(after))
            for label, before, after in change_rows(
                {
                    "role": [None, "moderator"],
                    "country": ["", "MX"],
                    "visibility": ["public", "delivery_only"],
                }
            )
        ]
    assert rows[0][2] != "moderator" and rows[0][1] == "—"
    assert rows[1][2] == "México"
    assert "public" not in rows[2][1] and "delivery_only" not in rows[2][2]
