"""Baselines: the least Django can do through the same middleware and server."""

import uuid

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from signatures.models import Signature


def hello(request):
    """What a request costs with nothing to do: the letter page's baseline."""
    return HttpResponse("Hello, world", content_type="text/plain")


@csrf_exempt
@require_POST
def insert(request):
    """One ORM insert per request: the signing flow's baseline."""
    Signature.objects.create(
        letter_id=int(request.GET["letter"]),
        kind=Signature.Kind.INDIVIDUAL,
        name="Baseline " + uuid.uuid4().hex[:8],
        email=f"{uuid.uuid4().hex}@example.org",
        status=Signature.Status.PENDING,
    )
    return HttpResponse("ok", content_type="text/plain", status=201)
