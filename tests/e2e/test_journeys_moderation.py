"""Moderating and closing a letter in a real browser: the queue, bulk approval,
merging a duplicate, the audit log; closing, and the exports downloaded and opened.
"""

import csv
import io

import docx
from pypdf import PdfReader

from letters.models import Letter
from signatures.models import Signature, SignatureEvent

from . import data
from .browser import log_in


def test_a_moderator_filters_bulk_approves_merges_a_duplicate_and_sees_the_log(
    open_page, site, django_user_model
):
    letter = data.small_letter()
    data.user_with_role(django_user_model, letter, "moderadora", "moderator")
    pending = {"status": Signature.Status.PENDING}
    data.signature(letter, "Casa Monarca", country="MX", **pending)
    data.signature(letter, "Sin Fronteras I.A.P.", country="MX", **pending)
    data.signature(letter, "Ana Hurtado", kind="individual", title="Investigadora", **pending)
    full = data.signature(
        letter, "Instituto para las Mujeres en la Migración", acronym="IMUMI", **pending
    )
    short = data.signature(letter, "IMUMI", email="otra@imumi.example", **pending)
    page = open_page("desktop")

    log_in(page, "moderadora", "/manage/")
    page.check("manage-my-letters")
    page.get_by_role("link", name="Open letter on the right to asylum").click()
    page.get_by_role("heading", name="Open letter on the right to asylum").wait_for()
    page.check("moderation-queue")

    # Filters: organizations only, found by a word of their name.
    page.get_by_label("Kind").select_option("organization")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**kind=organization**")
    rows = page.locator(".queue-row .signatory-cell > a")
    assert "Ana Hurtado" not in rows.all_inner_texts()
    assert {"Casa Monarca", "Sin Fronteras I.A.P."} <= set(rows.all_inner_texts())
    page.check("moderation-queue-filtered")

    # Bulk approval of two selected signatures.
    page.get_by_label("Select Casa Monarca").check()
    page.get_by_label("Select Sin Fronteras I.A.P.").check()
    page.get_by_label("Action").select_option("approve")
    page.get_by_role("button", name="Apply to selected").click()
    page.get_by_role("status").first.wait_for()
    statuses = dict(Signature.objects.filter(letter=letter).values_list("name", "status"))
    assert statuses["Casa Monarca"] == statuses["Sin Fronteras I.A.P."] == "approved"
    assert statuses["Ana Hurtado"] == "pending"

    # A duplicate: the acronym and the name it stands for.
    page.get_by_role("link", name="Duplicates").click()
    page.check("moderation-duplicates")
    page.locator(".duplicate-cluster").get_by_role("link", name="merge").first.click()
    page.get_by_role("heading", name="Compare and merge").wait_for()
    page.check("moderation-merge")
    page.get_by_label("Instituto para las Mujeres en la Migración (IMUMI)").check()
    page.get_by_label("Note for the audit trail").fill("Same organization, signed twice")
    page.get_by_role("button", name="Merge").click()
    page.get_by_role("status").first.wait_for()
    short.refresh_from_db()
    full.refresh_from_db()
    assert short.status == "rejected"
    assert short.merged_into_id == full.pk
    assert full.status == "pending"

    # The audit log says who did what.
    page.get_by_role("link", name="Audit log").click()
    page.check("moderation-log")
    log = page.inner_text("table.history")
    for line in (
        "moderadora Casa Monarca Approved",
        "moderadora Sin Fronteras I.A.P. Approved",
    ):
        assert line in " ".join(log.split()), line
    merged = SignatureEvent.objects.filter(signature=short, action="merged").get()
    assert merged.actor.username == "moderadora"
    assert "Same organization, signed twice" in log

    page.get_by_role("link", name="IMUMI").first.click()
    page.check("moderation-detail")


def download(page, link):
    with page.expect_download() as info:
        link.click()
    return info.value


def test_an_owner_closes_the_letter_and_downloads_docx_pdf_and_csv_that_open(
    open_page, site, django_user_model
):
    letter = data.small_letter()
    data.user_with_role(django_user_model, letter, "duena", "owner")
    data.signature(letter, "Casa Monarca", acronym="CM", country="MX")
    data.signature(
        letter,
        "Grupo de Trabajo sobre Política Migratoria",
        kind="network",
        acronym="GTPM",
        members=["Aldeas Infantiles SOS México, I.A.P.", "Sin Fronteras"],
    )
    data.signature(letter, "Ana Hurtado", kind="individual", title="Investigadora")
    data.signature(letter, "Persona en riesgo", kind="individual", visibility="delivery_only")
    page = open_page("desktop")

    log_in(page, "duena", "/manage/")
    page.goto(f"/letters/{letter.slug}/manage/lifecycle/")
    page.check("manage-lifecycle")
    page.get_by_role("button", name="Close: stop signing now").click()
    page.get_by_role("status").first.wait_for()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.CLOSED
    page.goto(letter.get_absolute_url())
    assert page.get_by_role("link", name="Sign this letter").count() == 0

    page.goto(f"/letters/{letter.slug}/export/")
    page.check("manage-export")
    # The letter to send comes first; each format offers its languages.
    groups = page.locator(".export-group h2").all_inner_texts()
    assert groups == ["The letter, ready to send", "The list only", "Data"]
    english = {
        fmt: page.locator("li", has_text=label).get_by_role("link", name="English")
        for fmt, label in (("docx", "Word (DOCX)"), ("pdf", "PDF"), ("csv", "CSV"))
    }

    docx_file = download(page, english["docx"])
    assert docx_file.suggested_filename.endswith(".docx")
    document = docx.Document(docx_file.path())
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert document.core_properties.title == "Open letter on the right to asylum"
    assert "We, the undersigned organizations, ask you to protect the right to asylum." in text
    assert "Casa Monarca (CM)" in text
    assert "Grupo de Trabajo sobre Política Migratoria (GTPM): Aldeas Infantiles" in text
    assert "Persona en riesgo" in text  # delivered only: in the delivered letter

    pdf_file = download(page, english["pdf"])
    assert pdf_file.suggested_filename.endswith(".pdf")
    reader = PdfReader(pdf_file.path())
    pdf_text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Casa Monarca (CM)" in pdf_text
    assert "Ana Hurtado, Investigadora" in pdf_text

    csv_file = download(page, english["csv"])
    assert csv_file.suggested_filename.endswith(".csv")
    with open(csv_file.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    names = {row.get("Name") for row in rows}  # the headings are in the export's language
    assert {"Casa Monarca", "Ana Hurtado", "Sin Fronteras"} <= names
    assert not any("@" in value for row in rows for value in row.values() if value)
