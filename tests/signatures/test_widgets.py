"""LongSelect writes the markup Django's Select would, in one pass."""

import re

from django import forms

from signatures.widgets import LongSelect

CHOICES = [
    ("", "Any country"),
    ("MX", "México"),
    ("US", 'Estados "Unidos" <b>'),
    ("GT", "Guatemala"),
]


class Plain(forms.Form):
    country = forms.ChoiceField(choices=CHOICES, required=False)


class Long(forms.Form):
    country = forms.ChoiceField(choices=CHOICES, required=False, widget=LongSelect)


def options(html):
    return re.findall(r"<option[^>]*>[^<]*</option>", html.replace("\n", ""))


def test_it_writes_the_same_options_as_djangos_select_with_the_choice_selected():
    plain = str(Plain({"country": "US"})["country"])
    long = str(Long({"country": "US"})["country"])
    assert [o.replace(" ", "") for o in options(long)] == [
        o.replace(" ", "") for o in options(plain)
    ]
    assert '<option value="US" selected>' in long
    assert long.count(" selected") == 1


def test_labels_and_values_are_escaped_and_attributes_kept():
    html = str(Long({"country": "MX"})["country"])
    assert "<b>" not in html
    assert "&lt;b&gt;" in html and "&quot;Unidos&quot;" in html
    assert html.startswith('<select name="country" id="id_country">')


def test_nothing_is_selected_for_an_unknown_value():
    html = str(Long({"country": "ZZ"})["country"])
    assert " selected" not in html
