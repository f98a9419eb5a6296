"""Organizations that sign "as a member of" a network appear among its members too."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signatures.models import Member, Network, Signature
from signatures.public.listing import build_signatory_list
from tests.signatures.public.test_public_page import entries


def org(make_signature, letter, name, *networks, **kw):
    signature = make_signature(letter, name, **kw)
    signature.member_of.set(networks)
    return signature


def test_a_declared_member_follows_the_networks_own_list_and_keeps_its_own_entry(
    client, letter, make_signature
):
    gtpm = Network.objects.create(name="GTPM")
    make_signature(letter, "GTPM", kind="network", network=gtpm, members=["Zeta Listed", "Alfa"])
    org(make_signature, letter, "Casa Monarca", gtpm)
    org(make_signature, letter, "Instituto para las Mujeres", gtpm, acronym="IMUMI")

    response = client.get(letter.get_absolute_url())

    assert entries(response) == [
        "Casa Monarca",
        "GTPM: Zeta Listed, Alfa, Casa Monarca, Instituto para las Mujeres (IMUMI)",
        "Instituto para las Mujeres (IMUMI)",
    ]
    # GTPM, its two listed members, Casa Monarca and IMUMI: declared members count once.
    assert response.context["count"].organizations == 5


def test_a_member_the_network_already_lists_is_not_repeated(client, letter, make_signature):
    gtpm = Network.objects.create(name="GTPM")
    network = make_signature(letter, "GTPM", kind="network", network=gtpm, members=["IMUMI"])
    linked = org(make_signature, letter, "Sin Fronteras I.A.P.", gtpm)
    Member.objects.create(network_signature=network, position=2, name="SF", signature=linked)
    org(make_signature, letter, "Instituto para las Mujeres", gtpm, acronym="IMUMI")
    org(make_signature, letter, "Casa Monarca", gtpm)

    assert "GTPM: IMUMI, SF, Casa Monarca" in entries(client.get(letter.get_absolute_url()))


def test_only_public_organizations_and_networks_on_the_letter_take_part(
    client, letter, make_letter, make_signature
):
    gtpm = Network.objects.create(name="GTPM")
    unsigned = Network.objects.create(name="Red Sin Firma")
    make_signature(letter, "GTPM", kind="network", network=gtpm, members=["Alfa"])
    org(make_signature, letter, "Pending Org", gtpm, status="pending")
    org(make_signature, letter, "Hidden Org", gtpm, visibility="delivery_only")
    org(make_signature, letter, "Casa Monarca", unsigned)
    other = make_letter(slug="other-letter")
    org(make_signature, other, "Other Letter Org", gtpm)

    listed = entries(client.get(letter.get_absolute_url()))

    assert listed == ["Casa Monarca", "GTPM: Alfa"]


def test_the_delivered_list_includes_delivered_only_members(letter, make_signature):
    gtpm = Network.objects.create(name="GTPM")
    make_signature(letter, "GTPM", kind="network", network=gtpm, members=["Alfa"])
    org(make_signature, letter, "Hidden Org", gtpm, visibility="delivery_only")

    delivered = build_signatory_list(Signature.objects.filter(letter=letter).approved())

    assert [entry.text for entry in delivered.organizations] == [
        "GTPM: Alfa, Hidden Org",
        "Hidden Org",
    ]


def test_the_page_takes_the_same_number_of_queries_however_many_declare(
    client, letter, make_signature, django_assert_num_queries
):
    networks = [Network.objects.create(name=f"Red {n}") for n in range(3)]
    for network in networks:
        make_signature(letter, network.name, kind="network", network=network, members=["Alfa"])
    url = reverse("public:letter", args=[letter.slug])
    client.get(url)  # cached once: each visit below comes after a change, as it would
    org(make_signature, letter, "First", *networks)

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(30):
        org(make_signature, letter, f"Org {number}", *networks)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)

    red = next(entry for entry in entries(response) if entry.startswith("Red 0"))
    assert red.startswith("Red 0: Alfa, First, Org 0, Org 1, Org 10")
