"""Signing journeys in a real browser, from the letter page to the public list.

Mail goes through Django's in-memory backend; the real database task worker
sends it (tests.signatures.signing.helpers.run_worker), as in production.
"""

import re

from django.core import mail

from signatures.models import Signature
from tests.signatures.signing.helpers import link, run_worker

from . import data
from .browser import log_in


def entry_texts(page):
    """The signatory list as shown: one text per entry, flags left out."""
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in page.eval_on_selector_all(
            ".signatory",
            """items => items.map(item => {
                const copy = item.cloneNode(true);
                copy.querySelectorAll('.signatory-country').forEach(flag => flag.remove());
                return copy.textContent;
            })""",
        )
    ]


def count(page):
    """The count under "Signatories", whitespace collapsed."""
    return " ".join(page.inner_text(".signatory-count").split())


def test_an_organization_signs_as_a_network_member_confirms_and_appears_once_approved(
    open_page, site, django_user_model
):
    letter = data.small_letter()
    data.signature(
        letter,
        "Grupo de Trabajo sobre Política Migratoria",
        kind="network",
        acronym="GTPM",
        members=["Sin Fronteras"],
    )
    moderator = data.user_with_role(django_user_model, letter, "moderadora", "moderator")
    page = open_page("desktop")

    page.goto(letter.get_absolute_url())
    page.locator(".sign-box").get_by_role("link", name="Sign this letter").click()
    page.get_by_role("link", name="On behalf of an organization").click()
    page.get_by_label("Name of the organization").fill("Instituto para las Mujeres en la Migración")
    page.get_by_label("Acronym").fill("IMUMI")
    page.get_by_label("Country").select_option("MX")
    page.get_by_label("Website", exact=True).fill("imumi.example")
    page.get_by_label("Grupo de Trabajo sobre Política Migratoria").check()
    page.get_by_label("Your name").fill("Gretchen Kuhner")
    page.get_by_label("Your role in the organization").fill("Directora")
    page.get_by_label("Email").fill("gretchen@imumi.example")
    page.get_by_label("I am authorized to sign for this organization.").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign the letter").click()

    page.get_by_role("heading", name="Thank you for signing").wait_for()
    assert "Check your email to confirm your signature." in page.inner_text("main")
    signature = Signature.objects.get(letter=letter, kind="organization")
    assert signature.status == "unconfirmed"
    assert [n.name for n in signature.member_of.all()] == [
        "Grupo de Trabajo sobre Política Migratoria"
    ]

    run_worker()
    (message,) = mail.outbox
    assert message.to == ["gretchen@imumi.example"]
    page.goto(link(message, "confirm"))
    signature.refresh_from_db()
    assert signature.status == "unconfirmed"  # opening the link changes nothing
    page.get_by_role("button", name="Confirm my signature").click()
    page.get_by_role("status").filter(has_text="Confirmed.").wait_for()
    page.check("journey-organization-confirmed")
    signature.refresh_from_db()
    assert signature.status == "pending"

    page.goto(letter.get_absolute_url())
    assert "IMUMI" not in page.inner_text(".signatories-section")

    # The moderator, on her own computer, approves it from the review queue.
    moderation = open_page("desktop")
    log_in(moderation, "moderadora", f"/letters/{letter.slug}/moderate/")
    row = moderation.locator(".queue-row").filter(has_text="IMUMI")
    row.get_by_role("button", name="Approve").click()
    moderation.get_by_role("status").first.wait_for()
    signature.refresh_from_db()
    assert signature.status == "approved"
    assert signature.events.get(action="approved").actor == moderator

    page.reload()
    entries = entry_texts(page)
    assert "Instituto para las Mujeres en la Migración (IMUMI)" in entries
    # Listed among the network's members too, after the network's own list.
    assert (
        "Grupo de Trabajo sobre Política Migratoria (GTPM): Sin Fronteras, "
        "Instituto para las Mujeres en la Migración (IMUMI)"
    ) in entries
    # Counted once, however many times it is listed.
    assert count(page) == "3 organizations and 0 individuals"
    assert "gretchen@imumi.example" not in page.content()
    assert "Gretchen" not in page.content()


def test_an_individual_signs_in_spanish_on_a_phone_delivered_only_counted_not_listed(
    open_page, site
):
    # This letter asks for neither confirmation nor moderation: a signature counts at once.
    letter = data.small_letter(require_confirmation=False, require_moderation=False)
    data.signature(letter, "Casa Monarca", country="MX")
    page = open_page("phone", locale="es-MX")

    page.goto(letter.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.inner_text("h1") == "Carta abierta sobre el derecho al asilo"
    assert count(page) == "1 organización y 0 personas"
    page.get_by_role("link", name="Firmar esta carta").first.click()
    page.get_by_role("link", name="A título personal").click()
    page.get_by_role("heading", name="Firmar a título personal").wait_for()
    page.check("journey-individual-form-es")
    page.get_by_label("Nombre completo").fill("Xóchitl Rodríguez Quintero")
    page.get_by_label("Cargo o afiliación").fill("Defensora comunitaria")
    page.get_by_label("País").select_option("MX")
    page.locator("#id_email").fill("xochitl@example.org")
    page.get_by_label("Incluirme solo en la carta entregada").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Firmar la carta").click()

    page.get_by_role("heading", name="Gracias por firmar").wait_for()
    signature = Signature.objects.get(letter=letter, kind="individual")
    assert (signature.status, signature.visibility) == ("approved", "delivery_only")
    assert signature.email_language == "es"

    page.goto(letter.get_absolute_url())
    # Counted...
    assert count(page) == "1 organización y 1 persona"
    # ...but never shown on the website.
    assert "Xóchitl" not in page.content()
    assert entry_texts(page) == ["Casa Monarca"]
    page.check("journey-individual-letter-es")
    run_worker()
    assert mail.outbox[0].to == ["xochitl@example.org"]


def test_a_network_signs_with_its_member_list(open_page, site, django_user_model):
    letter = data.small_letter()
    owner = data.user_with_role(django_user_model, letter, "duena", "owner")
    page = open_page("phone")

    page.goto(f"/letters/{letter.slug}/sign/")
    page.get_by_role("link", name="On behalf of a network or coalition").click()
    page.get_by_label("Name of the network").fill("Grupo de Trabajo sobre Política Migratoria")
    page.get_by_label("Acronym").fill("GTPM")
    page.get_by_label("Member organizations").fill(
        "Aldeas Infantiles SOS México, I.A.P.\n"
        "IDC International Detention Coalition, Observadoras\n"
        "Sin Fronteras\n"
    )
    page.get_by_label("People listed by the network").fill("Melissa Vertiz, Secretaria Técnica")
    page.get_by_label("Representative's name").fill("Representante Privada")
    page.get_by_label("Email").fill("secretaria@gtpm.example")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign the letter").click()
    page.get_by_role("heading", name="Thank you for signing").wait_for()

    network = Signature.objects.get(letter=letter, kind="network")
    members = [(m.name, m.role, m.kind) for m in network.members.order_by("position")]
    assert members == [
        ("Aldeas Infantiles SOS México, I.A.P.", "", "organization"),
        ("IDC International Detention Coalition", "Observadoras", "organization"),
        ("Sin Fronteras", "", "organization"),
        ("Melissa Vertiz", "Secretaria Técnica", "person"),
    ]

    run_worker()
    page.goto(link(mail.outbox[0], "confirm"))
    page.get_by_role("button", name="Confirm my signature").click()
    page.get_by_role("status").filter(has_text="Confirmed.").wait_for()
    network.refresh_from_db()
    assert network.approve(by=owner)

    page.goto(letter.get_absolute_url())
    # The delivery format: members after the name, "; " since a member's name has a
    # comma; an organization's role in brackets, a person's after a comma.
    assert entry_texts(page) == [
        "Grupo de Trabajo sobre Política Migratoria (GTPM): Aldeas Infantiles SOS México, "
        "I.A.P.; IDC International Detention Coalition (Observadoras); Sin Fronteras; "
        "Melissa Vertiz, Secretaria Técnica"
    ]
    assert count(page) == "4 organizations and 1 individual"
    assert "secretaria@gtpm.example" not in page.content()
    page.check("journey-network-letter")


def test_the_language_links_switch_the_site_and_come_back_to_the_same_page(open_page, site):
    letter = data.small_letter(require_confirmation=False)
    page = open_page("phone")

    page.goto(letter.get_absolute_url())
    assert page.inner_text("h1") == "Open letter on the right to asylum"
    # The letter page has no form: it sets no CSRF cookie.
    assert "csrftoken" not in {cookie["name"] for cookie in page.context.cookies()}
    page.get_by_role("group", name="Language").get_by_role("link", name="Español").click()
    page.wait_for_function("document.documentElement.lang === 'es'")
    assert page.url == site.url + letter.get_absolute_url()
    assert page.inner_text("h1") == "Carta abierta sobre el derecho al asilo"

    # A form, with a query: the switch comes back to it, and it still signs.
    page.goto(f"/letters/{letter.slug}/sign/individual/?network=x")
    page.get_by_role("heading", name="Firmar a título personal").wait_for()
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Sign as an individual").wait_for()
    assert page.url.endswith(f"/letters/{letter.slug}/sign/individual/?network=x")
    page.get_by_label("Full name").fill("Xóchitl Rodríguez Quintero")
    page.locator("#id_email").fill("xochitl@example.org")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Sign the letter").click()

    page.get_by_role("heading", name="Thank you for signing").wait_for()
    assert Signature.objects.get(letter=letter).email_language == "en"


def test_on_a_busy_connection_the_browser_passes_the_check_and_nothing_typed_is_lost(
    open_page, site, settings
):
    """Security review: the 21st signer on one Wi-Fi lost the whole form. Over the
    limit the form comes back as typed; the browser solves the proof of work; the
    signature goes in."""
    settings.FIRMAS_SIGN_RATE_LIMIT = 1
    settings.FIRMAS_SIGN_PROOF_MAX = 20_000
    letter = data.small_letter(require_confirmation=False, require_moderation=False)
    page = open_page("phone")

    for number, name in enumerate(["Ana Primera", "Bea Segunda"]):
        page.goto(f"/letters/{letter.slug}/sign/individual/")
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Country").select_option("MX")
        page.locator("#id_email").fill(f"persona{number}@example.org")
        page.locator("#id_consent").check()
        page.get_by_role("button", name="Sign the letter").click()
        page.wait_for_load_state()

    # The second: over the limit, the form as typed, the check running in the browser.
    assert page.get_by_label("Full name").input_value() == "Bea Segunda"
    page.locator(".proof-ready").wait_for(state="visible", timeout=30_000)
    assert page.locator("input[name=proof_number]").input_value().isdigit()
    page.check("signing-over-the-limit-checked")
    page.assert_fits()
    page.get_by_role("button", name="Sign the letter").click()

    page.get_by_role("heading", name="Thank you for signing").wait_for()
    names = set(Signature.objects.filter(letter=letter).values_list("name", flat=True))
    assert names == {"Ana Primera", "Bea Segunda"}
