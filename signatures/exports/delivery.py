"""Delivering a letter: the status changes and the list is frozen as it was sent;
the owner's "deliver" button and the frozen list's download.

Opening, closing and reopening are Letter.open/close/reopen. Delivery also needs
the signatory list, which lives in the signatures app: the snapshot is the
delivery text exactly as the text export writes it, in every language version
of the letter, with the counts and the date, saved in the same transaction as
the status change. A database trigger keeps it from changing afterwards.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from letters.access import MODERATE, OWN, letter_access_required
from letters.forms import DeliverForm
from letters.models import Delivery
from letters.views import lifecycle_response
from signatures.exports.formats import Export
from signatures.exports.text import render_text, signatory_block
from signatures.models import Signature
from signatures.public.listing import count_signatories


def delivery_texts(letter):
    """{language: the signatory list as delivered} for each language version."""
    texts = {}
    for version in letter.versions.all():
        export = Export(letter=letter, format="text", language=version.language)
        texts[version.language] = render_text(signatory_block(export))
    return texts


def deliver(letter, by=None, delivered_on=None):
    """Marks the letter delivered and freezes its list; the Delivery, or None if it cannot be."""
    with transaction.atomic():
        if not letter.mark_delivered(by=by):
            return None
        approved = Signature.objects.filter(letter=letter).approved()
        count = count_signatories(approved)
        return Delivery.objects.create(
            letter=letter,
            delivered_on=delivered_on or timezone.localdate(),
            texts=delivery_texts(letter),
            organizations=count.organizations,
            individuals=count.individuals,
            signatures=approved.count(),
            actor=by,
        )


@require_POST
@letter_access_required(OWN)
def deliver_letter(request, letter):
    """The owner's "deliver" button on the lifecycle page."""
    form = DeliverForm(request.POST)
    if not form.is_valid():
        return lifecycle_response(request, letter, deliver_form=form, status=400)
    delivery = deliver(letter, by=request.user, delivered_on=form.cleaned_data["delivered_on"])
    if delivery is None:
        messages.error(
            request,
            _("The letter is %(status)s: it cannot be delivered now.")
            % {"status": letter.get_status_display()},
        )
    else:
        messages.success(request, _("The letter is delivered, and its list is frozen."))
    return redirect("letters:lifecycle", letter.slug)


@require_GET
@letter_access_required(MODERATE)
def delivered_text(request, letter, language):
    """The frozen list, as it was delivered, in one of the letter's languages."""
    delivery = getattr(letter, "delivery", None)
    if delivery is None or language not in delivery.texts:
        raise Http404
    response = HttpResponse(delivery.texts[language], content_type="text/plain; charset=utf-8")
    filename = f"{letter.slug}-delivered-{delivery.delivered_on.isoformat()}-{language}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
