"""An organizer writes a letter in the browser: creates it in Spanish, adds the English
version, previews it, looks at the draft as readers will (an anonymous visitor gets a
404), and opens it. On a phone: nothing wider than the screen, and axe-core clean."""

from django.contrib.auth.models import Permission

from letters.authoring import texts
from letters.models import Letter

from . import data
from .browser import log_in

BODY = """Las organizaciones firmantes pedimos al Gobierno de México:

1. Respetar el derecho de asilo.
2. Detener las deportaciones exprés.

## Nuestras razones

Un enlace muy largo que no debe ensanchar la página: https://ejemplo.org/una/ruta/larguisima/sin/espacios/para/probar/que/se/parte/bien"""


def assert_phone_width(page):
    """Nothing wider than the phone's screen. A mobile browser widens its layout to the
    content, so BrowserPage.assert_fits alone cannot see it: compare with the viewport."""
    page.assert_fits()
    width = page.viewport_size["width"]
    content = page.evaluate("document.documentElement.scrollWidth")
    assert content <= width, f"{page.url}: {content}px on a {width}px screen"


ENGLISH = "The undersigned organizations ask the Government of Mexico to respect asylum."


def test_an_organizer_creates_translates_previews_and_opens_a_letter(
    open_page, site, django_user_model
):
    organizer = django_user_model.objects.create_user(
        "organizadora", email="organizadora@example.org", password=data.PASSWORD
    )
    organizer.user_permissions.add(Permission.objects.get(codename="add_letter"))
    page = open_page("phone")
    page.set_viewport_size({"width": 390, "height": 844})

    # "My letters" offers a new letter; the organizer works in Spanish.
    log_in(page, "organizadora", "/manage/")
    page.goto("/i18n/es/?next=/manage/")
    page.get_by_role("link", name="Nueva carta").click()
    page.get_by_role("heading", name="Nueva carta").wait_for()
    page.check("authoring-new")
    assert_phone_width(page)

    page.get_by_label("Título").fill("Carta sobre el asilo en México")
    page.get_by_label("Fecha de la carta").fill("2023-12-18")
    page.get_by_label("Destinatarios").fill(
        "Andrés Manuel López Obrador, Presidente, Gobierno de México"
    )
    page.get_by_label("Texto de la carta").fill(BODY)
    page.get_by_label("Despedida").fill("Atentamente,")
    page.get_by_role("button", name="Guardar el borrador").click()
    page.get_by_role("heading", name="Carta sobre el asilo en México").wait_for()
    letter = Letter.objects.get(slug="carta-sobre-el-asilo-en-mexico")
    assert letter.status == "draft"
    assert letter.original_version().language == "es"

    # The edit page: Spanish marked as the original; the English version added.
    page.check("authoring-edit")
    assert_phone_width(page)
    english = page.locator("section.text-column", has=page.get_by_role("heading", name="Inglés"))
    english.get_by_label("Título").fill("Letter on asylum in Mexico")
    english.get_by_label("Texto de la carta").fill(ENGLISH)
    english.get_by_label("Despedida").fill("Sincerely,")

    # Preview, made by the server: nothing saved yet.
    page.get_by_role("button", name="Vista previa").click()
    page.get_by_role("heading", name="Vista previa: aún sin guardar").wait_for()
    preview = page.locator(".letter-preview")
    assert "Detener las deportaciones exprés." in preview.inner_text()
    assert ENGLISH in preview.inner_text()
    assert not letter.versions.filter(language="en").exists()
    page.check("authoring-preview")
    assert_phone_width(page)

    page.get_by_role("button", name="Guardar", exact=True).click()
    page.get_by_text("Guardado.").wait_for()
    assert letter.versions.get(language="en").title == "Letter on asylum in Mexico"

    # The draft as readers will see it, with the team's banner.
    page.goto(f"/letters/{letter.slug}/")
    page.get_by_text("Borrador: solo el equipo de la carta ve esto.").wait_for()
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    assert "Presidente" in page.locator(".letter-recipient").inner_text()
    page.check("authoring-draft-preview")
    assert_phone_width(page)

    # Someone outside the team: the draft does not exist.
    visitor = open_page("phone", locale="es")
    response = visitor.goto(f"/letters/{letter.slug}/")
    assert response.status == 404

    # Opened: everyone reads it, in their language.
    page.goto(f"/letters/{letter.slug}/manage/lifecycle/")
    page.get_by_role("button", name="Abrir a firmas").click()
    page.get_by_role("status").first.wait_for()
    letter.refresh_from_db()
    assert letter.status == "open"
    reader = open_page("phone", locale="en")
    reader.set_viewport_size({"width": 390, "height": 844})
    reader.goto(f"/letters/{letter.slug}/")
    reader.get_by_role("heading", name="Letter on asylum in Mexico").wait_for()
    assert reader.get_by_text("Draft").count() == 0
    reader.check("authoring-opened-english")
    assert_phone_width(reader)


def test_an_amended_letter_and_its_versions_are_accessible_at_both_sizes(
    open_page, site, django_user_model
):
    """The owner amends a signed letter: the edit page with warnings and errors, the
    versions, an earlier text, and the public page's "amended" comparison."""
    letter = data.small_letter()
    data.user_with_role(django_user_model, letter, "duena", "owner")
    signed = data.signature(letter, "Casa Monarca")
    signed.revision = texts.current_revision(letter)
    signed.save(update_fields=["revision"])
    for size in ("phone", "desktop"):
        page = open_page(size)
        log_in(page, "duena", "/manage/")
        page.goto(f"/letters/{letter.slug}/manage/text/")
        english = page.locator(
            "section.text-column", has=page.get_by_role("heading", name="English")
        )
        body = english.get_by_label("Text of the letter")
        body.fill(body.input_value() + f" Now ({size}).\n\n- 1. A pasted list")
        spanish = page.locator(
            "section.text-column", has=page.get_by_role("heading", name="Spanish")
        )
        spanish.get_by_label("Title").fill("")
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_role("heading", name="Please correct the errors below.").wait_for()
        page.check("authoring-edit-errors")
        assert_phone_width(page) if size == "phone" else page.assert_fits()

        spanish.get_by_label("Title").fill("Carta abierta sobre el derecho al asilo")
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("A bullet in front of a number").first.wait_for()
        page.check("authoring-edit-warnings")
        page.get_by_label("Save anyway: the text is meant as it is.").check()
        page.get_by_label("Email the people who signed an earlier text").check()
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("Saved; the signers of earlier texts will get an email.").wait_for()

        page.goto(f"/letters/{letter.slug}/manage/text/versions/")
        page.check("authoring-versions")
        page.goto(f"/letters/{letter.slug}/manage/text/versions/1/")
        page.check("authoring-version")
        page.goto(f"/letters/{letter.slug}/")
        page.get_by_text("Amended on").click()
        page.locator(".letter-amended ins").first.wait_for()
        page.check("authoring-amended")
        assert_phone_width(page) if size == "phone" else page.assert_fits()
    assert letter.revisions.count() == 2
