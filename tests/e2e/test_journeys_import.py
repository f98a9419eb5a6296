"""Imports in a real browser, on a phone: a Google-Forms-shaped CSV through the review to
the queue and back out with its undo; a network's pasted member list checked before
signing."""

from signatures.models import ImportBatch, Signature
from tests.signatures.importing.files import ROWS, csv_bytes, xlsx_bytes

from . import data
from .browser import log_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_moderator_imports_a_google_forms_csv_fixes_it_commits_and_undoes_it(
    open_page, site, django_user_model
):
    letter = data.small_letter()
    data.user_with_role(django_user_model, letter, "moderadora", "moderator")
    upload = csv_bytes([*ROWS, ["", "", "7. Colectivo Siete", "", "Honduras", "", "", ""]],
                       encoding="cp1252", delimiter=";")  # fmt: skip
    page = open_page("phone")
    start = f"/letters/{letter.slug}/moderate/import/"

    log_in(page, "moderadora", start)
    page.check("import-start")
    page.assert_fits()
    page.get_by_label("A spreadsheet or CSV file").set_input_files(
        {"name": "respuestas.csv", "mimeType": "text/csv", "buffer": upload}
    )
    page.get_by_role("button", name="Read the list").click()
    page.get_by_role("heading", name="Check the import: respuestas.csv").wait_for()
    assert "Read 4 organizations" in page.inner_text("main")
    page.check("import-review")
    page.assert_fits()

    # One column changed: "Cargo" is the contact's role here, not for the public list.
    page.get_by_text("Columns", exact=True).click()
    page.get_by_label("Cargo", exact=True).select_option("contact_role")
    page.get_by_role("button", name="Read again with these columns").click()
    page.get_by_text("The rows were read again with these columns.").wait_for()
    batch = ImportBatch.objects.get(letter=letter)
    assert batch.mapping[6] == "contact_role"

    # Two rows fixed: a name corrected, and one left out.
    page.locator("input[name='1-name']").fill("Fundación Pro Niñez")
    page.locator("input[name='2-dropped']").check()
    page.get_by_role("button", name="Save the corrections on this page").click()
    page.get_by_text("Saved. Nothing is imported until you commit.").wait_for()
    assert not Signature.objects.filter(letter=letter).exists()

    # The same review on a desktop: a table.
    desktop = open_page("desktop")
    log_in(desktop, "moderadora", f"{start}{batch.public_id}/")
    desktop.check("import-review")
    assert desktop.locator("table.import-table thead").is_visible()

    page.get_by_label("Pending: they wait in the review queue").check()
    page.get_by_role("button", name="Import these signatures").click()
    page.wait_for_url("**/moderate/?status=pending")
    queue = page.locator(".queue-row .signatory-cell > a").all_inner_texts()
    assert sorted(queue) == [
        "Casa de la Familia Migrante (CAFEMI)", "Colectivo Siete", "Fundación Pro Niñez",
    ]  # fmt: skip
    page.check("import-queue")
    assert set(Signature.objects.values_list("status", "origin")) == {("pending", "import")}

    page.goto(start)
    page.get_by_role("button", name="Undo this import").click()
    page.get_by_text("Import undone: 3 signatures were taken off the letter.").wait_for()
    page.check("import-undone")
    assert set(Signature.objects.values_list("status", flat=True)) == {"rejected"}

    # An XLSX with English headings reads the same way; discarded, it leaves nothing.
    page.get_by_label("A spreadsheet or CSV file").set_input_files(
        {"name": "Form responses.xlsx", "mimeType": XLSX, "buffer": xlsx_bytes(ROWS)}
    )
    page.get_by_role("button", name="Read the list").click()
    page.get_by_role("heading", name="Check the import: Form responses.xlsx").wait_for()
    assert page.locator("input[name='0-name']").input_value() == "Casa de la Familia Migrante"
    page.get_by_role("button", name="Discard this import").click()
    page.get_by_text("The import was discarded: nothing was saved.").wait_for()
    assert not ImportBatch.objects.filter(state="draft").exists()


def test_a_network_checks_its_pasted_member_list_before_signing(open_page, site):
    letter = data.small_letter()
    page = open_page("phone")
    page.goto(f"/letters/{letter.slug}/sign/network/")
    page.get_by_label("Name of the network").fill("Red de Casas del Migrante")
    page.get_by_label("Member organizations").fill(
        "1. Casa del Migrante 13\tMéxico\tcontacto13@x.org\n2. Colectivo Hermanos\nBrenda Valdés"
    )

    page.get_by_role("button", name="Check the list").click()

    page.get_by_text("How the lists were read:").wait_for()
    reading = page.inner_text(".member-check")
    assert "3 organizations and 0 people" in reading
    assert "1 line held an email address, which will stay private" in reading
    boxes = page.get_by_label("Member organizations").input_value()
    assert boxes == "Casa del Migrante 13\nColectivo Hermanos\nBrenda Valdés"
    assert page.get_by_label("Name of the network").input_value() == "Red de Casas del Migrante"
    assert not Signature.objects.exists()
    page.check("sign-network-checked")
    page.assert_fits()
