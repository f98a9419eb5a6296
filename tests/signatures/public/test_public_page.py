import pytest
from django.urls import reverse

from letters.models import LetterVersion
from signatures.models import Member, Signature
from tests.pages import entries

pytestmark = pytest.mark.django_db


def page(client, letter, **params):
    return client.get(reverse("public:letter", args=[letter.slug]), params)


def test_organizations_sort_ignoring_accents_and_case(client, make_letter, make_signature):
    letter = make_letter()
    for name in ["Azul Colectivo", "árbol de la vida", "Arbol Grande", "Ñandú", "Nube"]:
        make_signature(letter, name)

    assert entries(page(client, letter)) == [
        "árbol de la vida",
        "Arbol Grande",
        "Azul Colectivo",
        "Ñandú",  # Ñ sorts with N: accents are ignored
        "Nube",
    ]


def test_lead_signatories_come_first_in_their_order(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Alianza Americas")
    make_signature(letter, "Zeta Convening Org", is_lead=True, lead_order=1)
    make_signature(letter, "Beta Convening Org", is_lead=True, lead_order=2)
    make_signature(letter, "Casa Monarca")

    assert entries(page(client, letter)) == [
        "Zeta Convening Org",
        "Beta Convening Org",
        "Alianza Americas",
        "Casa Monarca",
    ]


def test_networks_mix_with_organizations_and_list_members_inline(
    client, make_letter, make_signature
):
    letter = make_letter()
    make_signature(letter, "Centro de Apoyo")
    make_signature(letter, "Bloque Latinoamericano", kind="network", members=["CELS", "CAREF"])
    make_signature(
        letter,
        "GTPM",
        kind="network",
        members=[
            "Aldeas Infantiles SOS México, I.A.P.",
            "Alianza Américas",
            {"name": "IDC", "role": "Observadoras"},
            {"name": "Melissa Vertiz", "role": "Secretaria Técnica", "kind": "person"},
        ],
    )

    assert entries(page(client, letter)) == [
        "Bloque Latinoamericano: CELS, CAREF",
        "Centro de Apoyo",
        "GTPM: Aldeas Infantiles SOS México, I.A.P.; Alianza Américas; IDC (Observadoras); "
        "Melissa Vertiz, Secretaria Técnica",
    ]


def test_individuals_follow_with_their_roles(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Xóchitl Rodríguez", kind="individual", title="Investigadora")
    make_signature(letter, "Alexandra Hunt", kind="individual")
    make_signature(letter, "Witness at the Border")
    html = page(client, letter).content.decode()

    assert entries(page(client, letter)) == [
        "Witness at the Border",
        "Alexandra Hunt",
        "Xóchitl Rodríguez, Investigadora",
    ]
    assert html.index("Civil society organizations") < html.index("Witness at the Border")
    assert html.index("Witness at the Border") < html.index("Individuals") < html.index("Alexandra")


def test_acronym_follows_the_name_unless_the_name_has_it(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Instituto para las Mujeres en la Migración", acronym="IMUMI")
    make_signature(letter, "Sin Fronteras (SF)", acronym="SF")

    assert entries(page(client, letter)) == [
        "Instituto para las Mujeres en la Migración (IMUMI)",
        "Sin Fronteras (SF)",
    ]


def test_only_approved_public_signatures_are_listed(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Approved Org")
    make_signature(letter, "Hidden At Risk", visibility=Signature.Visibility.DELIVERY_ONLY)
    for status in ["unconfirmed", "pending", "rejected", "withdrawn"]:
        make_signature(letter, f"Org {status}", status=status)
    other = make_letter(slug="another-letter")
    make_signature(other, "Other Letter Org")

    response = page(client, letter)

    assert entries(response) == ["Approved Org"]
    assert "Hidden At Risk" not in response.content.decode()
    # The delivered-only signer is counted although not shown.
    assert response.context["count"].organizations == 2


def test_an_organization_alone_and_inside_networks_counts_once(client, make_letter, make_signature):
    letter = make_letter()
    imumi = make_signature(letter, "Instituto para las Mujeres en la Migración AC", acronym="IMUMI")
    gie = make_signature(letter, "GIE", kind="network", members=["Sin Fronteras IAP"])
    Member.objects.create(network_signature=gie, position=2, name="IMUMI", signature=imumi)
    make_signature(letter, "Sin Fronteras I.A.P.")
    make_signature(letter, "Ana Hurtado", kind="individual")
    make_signature(
        letter, "Red", kind="network", members=[{"name": "Ana Hurtado", "kind": "person"}]
    )

    count = page(client, letter).context["count"]

    # IMUMI, GIE, Sin Fronteras, Red: four organizations; Ana once.
    assert (count.organizations, count.individuals) == (4, 1)


def test_contact_details_never_reach_the_public_page(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(
        letter,
        "Casa Monarca",
        email="private@example.org",
        contact_name="Secret Contact",
        note="Private note to moderators",
    )
    html = page(client, letter).content.decode()

    assert "Casa Monarca" in html
    for private in ["private@example.org", "Secret Contact", "Private note"]:
        assert private not in html


def test_hostile_markdown_is_sanitized(client, make_letter):
    letter = make_letter()
    LetterVersion.objects.filter(letter=letter).update(
        body=(
            "Hello <script>alert('x')</script>\n\n"
            '<img src=x onerror="alert(1)">\n\n'
            "[click](javascript:alert(2)) and [site](https://example.org)\n\n"
            '<a href="#" onclick="steal()">link</a> <iframe src="https://evil.example"></iframe>'
        ),
        recipient="**Minister** <style>body{display:none}</style>",
    )
    html = page(client, letter).content.decode()
    article = html[html.index('<article class="letter"') : html.index("</article>")]

    assert "<script" not in article
    assert "onerror" not in article
    assert "onclick" not in article
    assert "javascript:" not in article
    assert "<iframe" not in article
    assert "<style" not in article
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">site</a>' in article
    assert "<strong>Minister</strong>" in article


def test_names_are_escaped(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "<script>alert(1)</script> Org", kind="network", members=["<b>M</b>"])
    html = page(client, letter).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Org" in html
    assert "&lt;b&gt;M&lt;/b&gt;" in html


def test_spanish_reader_gets_spanish_page_and_version(client, make_letter, make_signature):
    letter = make_letter(language="en", title="Open letter")
    LetterVersion.objects.create(
        letter=letter, language="es", title="Carta abierta", body="Nosotras, las firmantes."
    )
    make_signature(letter, "Alianza Americas")
    make_signature(letter, "Ana Hurtado", kind="individual")

    response = client.get(reverse("public:letter", args=[letter.slug]), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()

    assert '<html lang="es">' in html
    assert "Carta abierta" in html and "Nosotras, las firmantes." in html
    assert "Organizaciones de la sociedad civil" in html
    assert "Personas" in html
    assert "1 organización" in html
    assert 'hreflang="en"' in html  # the other version is linked


def test_english_version_requested_on_a_spanish_page_keeps_english_headings(
    client, make_letter, make_signature
):
    letter = make_letter(language="en", title="Open letter")
    LetterVersion.objects.create(letter=letter, language="es", title="Carta abierta", body="Hola")
    make_signature(letter, "Alianza Americas")

    html = client.get(
        reverse("public:letter", args=[letter.slug]), {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()

    assert "Open letter" in html
    assert "Civil society organizations" in html  # the list follows the letter's language
    assert "Firmantes" in html  # the page around it follows the reader's


def test_draft_letters_are_not_public(client, make_letter):
    letter = make_letter(status="draft")

    assert page(client, letter).status_code == 404
    assert letter.slug not in client.get(reverse("home")).content.decode()


def test_home_lists_open_letters_first(client, make_letter):
    make_letter(slug="open-one", title="Open one")
    make_letter(slug="closed-one", title="Closed one", status="closed")
    html = client.get(reverse("home")).content.decode()

    assert (
        html.index("Open one")
        < html.index("Closed and delivered letters")
        < html.index("Closed one")
    )


def test_the_public_count_says_what_it_counts(client, make_letter, make_signature):
    letter = make_letter(slug="cuenta")
    make_signature(letter, "GTPM", kind="network", members=["CELS"])
    html = client.get(letter.get_absolute_url()).content.decode()
    assert "2 organizations" in html
    assert "including the members that networks list" in html
