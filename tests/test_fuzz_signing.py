"""Hostile input on the signing forms: never a 500, and either a message or an escaped value.

Each example posts a persona's valid data with some fields replaced by hostile
values (tests/hostile.py) or left out. The answer is the form again with its
errors, or the thank-you page; a saved signature holds no NUL byte, and once
approved it shows on the letter's page escaped, with no markup from the input.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from signatures.models import RateCount, Signature
from tests.hostile import (
    FAKE_ENTRY,
    INDIVIDUAL_FIELDS,
    LINE_BREAKS,
    MEMBER_LINES,
    NETWORK_FIELDS,
    ORGANIZATION_FIELDS,
    SINGLE_LINE_FIELDS,
    TYPED_FIELDS,
    assert_form_refused,
    assert_no_raw_markup,
    assert_public_fields_one_line,
    assert_saved_cleanly,
    assert_shown_escaped,
    example_rolled_back,
    fuzz_letter,  # noqa: F401 (the `letter` fixture)
    fuzz_settings,
    hostile_examples,
    hostile_post,
    hostile_text,
    plain_templates,  # noqa: F401 (an autouse fixture)
    text_examples,
)
from tests.signatures.exports.helpers import export_bytes
from tests.signatures.signing.helpers import INDIVIDUAL, NETWORK, ORGANIZATION

pytestmark = pytest.mark.django_db


def _fresh(letter):
    """Each example starts alike: no signature but the network, no rate-limit count."""
    cache.clear()
    RateCount.objects.all().delete()
    Signature.objects.filter(letter=letter).exclude(kind="network", name="Red Pública").delete()


def check_submission(client, letter, kind, data):
    before = set(Signature.objects.filter(letter=letter).values_list("pk", flat=True))
    response = client.post(reverse(f"signing:sign_{kind}", args=[letter.slug]), data)

    assert response.status_code in (200, 302), response.status_code
    page = response.content.decode()
    assert_no_raw_markup(page)
    if response.status_code == 200:
        assert_form_refused(page)
        assert Signature.objects.filter(letter=letter).count() == len(before)
        return None
    assert response["Location"] == reverse("signing:thanks", args=[letter.slug])
    new = Signature.objects.filter(letter=letter).exclude(pk__in=before)
    assert new.count() <= 1
    signature = new.first()
    if signature is None:  # the honeypot was filled in: nothing saved, the same page
        return None
    assert_saved_cleanly(signature)
    assert_shown_escaped(client, signature)
    return signature


@fuzz_settings
@hostile_examples(ORGANIZATION, [name for name in ORGANIZATION_FIELDS if name in TYPED_FIELDS])
@given(data=hostile_post(ORGANIZATION, ORGANIZATION_FIELDS))
def test_organization_form_survives_hostile_input(client, letter, data):
    with example_rolled_back():
        check_submission(client, letter, "organization", data)


@fuzz_settings
@hostile_examples(INDIVIDUAL, [name for name in INDIVIDUAL_FIELDS if name in TYPED_FIELDS])
@given(data=hostile_post(INDIVIDUAL, INDIVIDUAL_FIELDS))
def test_individual_form_survives_hostile_input(client, letter, data):
    with example_rolled_back():
        check_submission(client, letter, "individual", data)


@fuzz_settings
@hostile_examples(NETWORK, [name for name in NETWORK_FIELDS if name in TYPED_FIELDS])
@given(
    data=hostile_post(
        NETWORK,
        {**NETWORK_FIELDS, "member_organizations": MEMBER_LINES, "member_people": MEMBER_LINES},
    )
)
def test_network_form_survives_hostile_input(client, letter, data):
    with example_rolled_back():
        check_submission(client, letter, "network", data)


@fuzz_settings
@text_examples("params", shape=lambda value: {"network": value, "next": value}, kind="network")
@given(
    kind=st.sampled_from(["organization", "individual", "network", "nobody"]),
    params=st.dictionaries(
        st.sampled_from(["network", "lang", "page", "next", "\x00"]), hostile_text(), max_size=3
    ),
)
def test_signing_pages_survive_hostile_query_strings(client, letter, kind, params):
    cache.clear()
    url = reverse("signing:sign", args=[letter.slug])
    if kind != "nobody":
        url = reverse(f"signing:sign_{kind}", args=[letter.slug])
    response = client.get(url, params)

    assert response.status_code in (200, 302), response.status_code
    assert_no_raw_markup(response.content.decode())


def test_a_nul_byte_in_the_chosen_network_is_ignored_not_a_500(client, letter):
    # Found by the test above: PostgreSQL refuses NUL in a query (DataError, a 500).
    url = reverse("signing:sign_network", args=[letter.slug])

    response = client.get(url, {"network": "Red Pública\x00"})

    assert response.status_code == 200
    assert 'value="Red Pública"' in response.content.decode()


def _entries(text):
    """The lines of a text export between its headings and its totals line."""
    lines = [line for line in text.splitlines() if line.strip()]
    headings = {"Civil society organizations", "Individuals"}
    return [line for line in lines[:-1] if line not in headings]


@pytest.mark.parametrize("line_break", LINE_BREAKS, ids=repr)
@pytest.mark.parametrize("kind", ["organization", "individual", "network"])
def test_line_breaks_in_any_field_never_add_an_entry_to_the_delivered_list(
    client, letter, kind, line_break
):
    """Security review, finding 6: every single-line field is kept on one line, and the
    signature is one entry of the delivered list."""
    _fresh(letter)
    Signature.objects.filter(letter=letter).delete()
    valid = {"organization": ORGANIZATION, "individual": INDIVIDUAL, "network": NETWORK}[kind]
    fake = FAKE_ENTRY.format(line_break)
    data = dict(valid)
    for name in SINGLE_LINE_FIELDS:
        if name in data and name not in ("email", "website"):
            data[name] = fake
    data["website"] = "https://example.org/\u202eInjected"  # a space would make it invalid
    data["email"] = f"{line_break}firmante@example.org{line_break}"
    if kind == "network":
        data["member_organizations"] = f"Sin Fronteras, Observadora\u202e{line_break}CELS"

    signature = check_submission(client, letter, kind, data)

    assert signature is not None
    assert signature.name == "Prof Injected Fake Org, Director"
    assert_public_fields_one_line(signature)
    text = export_bytes(letter, "text", language="en").decode()
    assert len(_entries(text)) == 1, text
