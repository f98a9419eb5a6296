"""Delivering a letter: the status changes and the letter is frozen as it was sent;
the owner's "deliver" button and the downloads of what was delivered.

Opening, closing and reopening are Letter.open/close/reopen. Delivery also needs
the signatory list, which lives in the signatures app. The snapshot, saved in the
same transaction as the status change, holds for every language version of the
letter the list exactly as the text export writes it (`texts`) and the whole
letter with its list (`documents`: title, date, recipient, body, closing, the
list's sections and totals), with the counts, the date, to whom and how. A
database trigger keeps it from changing afterwards; the team's note and the
recipient's answer are kept beside it (letters.delivery).
"""

from dataclasses import dataclass
from io import BytesIO

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from letters.access import MODERATE, OWN, letter_access_required
from letters.delivery.models import DeliveryAnswer
from letters.forms import DeliverForm
from letters.models import Delivery
from letters.views import lifecycle_response
from signatures.exports.documents import (
    LetterDocument,
    letter_date,
    write_docx_document,
    write_pdf_document,
)
from signatures.exports.formats import FORMATS, Export
from signatures.exports.text import render_text, signatory_block
from signatures.models import Signature
from signatures.public.listing import count_signatories

# The delivered letter's downloads, besides the list as text.
DOCUMENT_WRITERS = {"pdf": write_pdf_document, "docx": write_docx_document}


def snapshot(letter):
    """({language: the list as text}, {language: the whole letter and its list}) as they are now."""
    texts, documents = {}, {}
    for version in letter.versions.all():
        export = Export(letter=letter, format="text", language=version.language)
        block = signatory_block(export)
        texts[version.language] = render_text(block)
        documents[version.language] = {
            "title": version.title,
            "date": letter_date(export),
            "recipient": version.recipient,
            "recipients": version.recipients,
            "body": version.body,
            "closing": version.closing,
            "sections": [
                [heading, [entry.text for entry in entries]] for heading, entries in block.sections
            ],
            "totals": block.totals,
        }
    return texts, documents


def deliver(letter, by=None, delivered_on=None, recipient="", method="", note=""):
    """Marks the letter delivered and freezes it; the Delivery, or None if it cannot be."""
    with transaction.atomic():
        if not letter.mark_delivered(by=by):
            return None
        approved = Signature.objects.filter(letter=letter).approved()
        count = count_signatories(approved)
        texts, documents = snapshot(letter)
        delivery = Delivery.objects.create(
            letter=letter,
            delivered_on=delivered_on or timezone.localdate(),
            recipient=recipient,
            method=method,
            texts=texts,
            documents=documents,
            organizations=count.organizations,
            individuals=count.individuals,
            signatures=approved.count(),
            actor=by,
        )
        if note:
            DeliveryAnswer.objects.create(delivery=delivery, note=note, updated_by=by)
        return delivery


@require_POST
@letter_access_required(OWN)
def deliver_letter(request, letter):
    """The owner's "deliver" button on the lifecycle page."""
    form = DeliverForm(request.POST)
    if not form.is_valid():
        return lifecycle_response(request, letter, deliver_form=form, status=400)
    delivery = deliver(letter, by=request.user, **form.values())
    if delivery is None:
        messages.error(
            request,
            _("The letter is %(status)s: it cannot be delivered now.")
            % {"status": letter.get_status_display()},
        )
    else:
        messages.success(request, _("The letter is delivered, and its list is frozen."))
    return redirect("letters:lifecycle", letter.slug)


@dataclass(frozen=True)
class DeliveredVersion:
    """The letter's text in one language as it was delivered (a LetterVersion's fields)."""

    title: str
    recipient: str
    body: str
    closing: str
    recipients: str = ""  # one a line (letters.authoring); older deliveries have none


@dataclass(frozen=True)
class DeliveredEntry:
    text: str


@dataclass(frozen=True)
class DeliveredBlock:
    """The signatory list as it was delivered, shaped as signatures.exports.text.Block."""

    sections: list
    totals: str


def delivered_document(delivery, language):
    """The delivered letter in `language`, for its PDF and DOCX; None if there is none."""
    frozen = delivery.documents.get(language)
    if frozen is None:
        return None
    return LetterDocument(
        language=language,
        title=frozen["title"],
        version=DeliveredVersion(
            frozen["title"],
            frozen["recipient"],
            frozen["body"],
            frozen["closing"],
            frozen.get("recipients", ""),
        ),
        date=frozen["date"],
        block=DeliveredBlock(
            sections=[
                (heading, [DeliveredEntry(text) for text in entries])
                for heading, entries in frozen["sections"]
            ],
            totals=frozen["totals"],
        ),
    )


def _attachment(content, letter, delivery, language, format):
    fmt = FORMATS[format]
    response = HttpResponse(content, content_type=fmt.content_type)
    filename = f"{letter.slug}-delivered-{delivery.delivered_on.isoformat()}-{language}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt.extension}"'
    return response


@require_GET
@letter_access_required(MODERATE)
def delivered_text(request, letter, language):
    """The frozen list, as it was delivered, in one of the letter's languages."""
    delivery = getattr(letter, "delivery", None)
    if delivery is None or language not in delivery.texts:
        raise Http404
    return _attachment(delivery.texts[language], letter, delivery, language, "text")


@require_GET
@letter_access_required(MODERATE)
def delivered_letter(request, letter, language, format):
    """The whole letter with its list, as it was delivered, as PDF or DOCX."""
    delivery = getattr(letter, "delivery", None)
    document = delivered_document(delivery, language) if delivery else None
    if document is None or format not in DOCUMENT_WRITERS:
        raise Http404
    out = BytesIO()
    DOCUMENT_WRITERS[format](document, out)
    return _attachment(out.getvalue(), letter, delivery, language, format)
