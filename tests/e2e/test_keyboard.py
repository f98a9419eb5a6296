"""Signing with the keyboard alone (Tab, Space, Enter), and errors a screen reader hears."""

from signatures.models import Signature

from . import data

ACTIVE = """() => {
    const el = document.activeElement;
    return {tag: el.tagName, id: el.id, text: (el.innerText || "").trim(), cls: el.className};
}"""


def tab_to(page, matches, limit=80):
    """Presses Tab until the focused element satisfies `matches`; returns it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if matches(active):
            return active
    raise AssertionError(f"Tab never reached the element; last focused: {active}")


def test_a_person_signs_with_the_keyboard_alone_and_hears_the_errors(open_page, site):
    letter = data.small_letter(require_confirmation=False)
    page = open_page("desktop")
    page.goto(letter.get_absolute_url())

    # The first Tab reaches the skip link.
    first = tab_to(page, lambda a: True, limit=1)
    assert first["text"] == "Skip to content"
    tab_to(page, lambda a: a["text"] == "Sign this letter")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign/")
    tab_to(page, lambda a: a["text"].startswith("As an individual"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign/individual/")

    # Sending the empty form: the error summary takes the focus and is announced.
    tab_to(page, lambda a: a["text"] == "Sign the letter")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate(ACTIVE)["cls"].startswith("error-summary")
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == [
        "Full name: This field is required.",
        "Email: This field is required.",
        "I have read the privacy notice and agree that the organizers keep these details "
        "to deliver this letter: This field is required.",
    ]
    # Each field says it is invalid and points at its own message.
    for field in ("id_name", "id_email", "id_consent"):
        box = page.locator(f"#{field}")
        assert box.get_attribute("aria-invalid") == "true"
        described = box.get_attribute("aria-describedby").split()
        messages = [page.locator(f"#{ident}").inner_text() for ident in described]
        assert any("This field is required." in message for message in messages), field

    # A link of the summary takes the keyboard to its field.
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["text"].startswith("Full name")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'id_name'")
    page.keyboard.type("Xóchitl Rodríguez Quintero")
    tab_to(page, lambda a: a["id"] == "id_email")
    page.keyboard.type("xochitl@example.org")
    tab_to(page, lambda a: a["id"] == "id_consent")
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    tab_to(page, lambda a: a["text"] == "Sign the letter")
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Thank you for signing").wait_for()
    signature = Signature.objects.get(letter=letter)
    assert signature.name == "Xóchitl Rodríguez Quintero"
    assert (signature.email, signature.status) == ("xochitl@example.org", "pending")


def test_the_hidden_bot_field_is_never_reached_with_the_keyboard(open_page, site):
    letter = data.small_letter()
    page = open_page("phone")
    page.goto(f"/letters/{letter.slug}/sign/organization/")

    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        seen.add(active["id"])
        if active["text"] == "Sign the letter":
            break
    assert "id_extra_info" not in seen
    assert {"id_name", "id_email", "id_authorized", "id_consent"} <= seen
