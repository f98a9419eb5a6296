"""The owner's changes after delivery: the delivery note and the recipient's answer.

Shown on the lifecycle page (letters.views.lifecycle_response); the rest of the
delivery is frozen (letters.delivery.models).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from letters.access import OWN, letter_access_required
from letters.delivery.forms import DeliveryAnswerForm
from letters.delivery.models import DeliveryAnswer
from letters.views import lifecycle_response


@require_POST
@letter_access_required(OWN)
def answer(request, letter):
    delivery = getattr(letter, "delivery", None)
    if delivery is None:
        raise Http404
    form = DeliveryAnswerForm(request.POST)
    if not form.is_valid():
        return lifecycle_response(request, letter, answer_form=form, status=400)
    if DeliveryAnswer.record(delivery, form.values(), by=request.user):
        messages.success(request, _("Saved."))
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect("letters:lifecycle", letter.slug)
