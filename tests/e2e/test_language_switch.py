"""Switching the language in the middle of a form keeps what was typed."""

from . import data


def test_switching_language_on_a_half_filled_form_keeps_it(open_page, site):
    letter = data.small_letter(require_confirmation=False)
    page = open_page("phone")
    page.goto(f"{letter.get_absolute_url()}sign/individual/")
    page.get_by_label("Full name").fill("Xóchitl Rodríguez Quintero")
    page.get_by_label("Email").fill("xochitl@example.org")
    page.get_by_label("Country").select_option("MX")
    page.get_by_label("I have read the privacy notice").check()

    page.get_by_role("link", name="Español").click()
    page.wait_for_selector("html[lang=es]")

    assert page.get_by_label("Nombre completo").input_value() == "Xóchitl Rodríguez Quintero"
    assert page.get_by_label("Correo").input_value() == "xochitl@example.org"
    assert page.get_by_label("País").input_value() == "MX"
    assert page.get_by_label("He leído el aviso de privacidad").is_checked()
    # Kept only for the way back: nothing of the form stays in the tab once restored.
    assert page.evaluate("() => sessionStorage.length") == 0
    page.assert_fits()
