"""One form of a field's value for both audit trails, the letter's and the signatures'."""

import datetime

import pytest
from django_countries.fields import Country

from letters.audit import audit_value
from signatures.models import Signature


def test_a_value_is_kept_as_json_dates_in_iso_8601_and_countries_as_codes():
    moment = datetime.datetime(2030, 1, 2, 3, 4, tzinfo=datetime.UTC)

    assert [audit_value(v) for v in (None, True, False, 3, "texto")] == [
        None,
        True,
        False,
        3,
        "texto",
    ]
    assert audit_value(Country("FR")) == "FR"
    assert audit_value(moment) == "2030-01-02T03:04:00+00:00"
    assert audit_value(moment.date()) == "2030-01-02"


@pytest.mark.django_db
def test_the_letters_settings_and_a_signatures_edit_record_their_values_the_same_way(
    make_letter, make_signature
):
    letter = make_letter(closes_at=None)
    letter.set_options({"closes_at": datetime.datetime(2030, 1, 2, 3, 4, tzinfo=datetime.UTC)})
    signature = make_signature(letter, "Casa Monarca")
    signature.edit({"country": "MX", "lead_order": None, "is_lead": False, "city": "Saltillo"})

    assert letter.events.get().changes == {"closes_at": [None, "2030-01-02T03:04:00+00:00"]}
    assert Signature.objects.get(pk=signature.pk).events.get().changes == {
        "country": ["", "MX"],
        "city": ["", "Saltillo"],
    }
