from django.shortcuts import get_object_or_404, render

from signatures.listing import build_signatory_list, count_signatories
from signatures.models import Signature

from .models import Letter


def home(request):
    letters = Letter.objects.listed().prefetch_related("versions")
    return render(
        request,
        "letters/home.html",
        {
            "open_letters": [letter for letter in letters if letter.status == Letter.Status.OPEN],
            "past_letters": [letter for letter in letters if letter.status != Letter.Status.OPEN],
        },
    )


def detail(request, slug):
    letter = get_object_or_404(Letter.objects.listed().prefetch_related("versions"), slug=slug)
    version = letter.version_for(request.GET.get("lang"))
    signatures = Signature.objects.filter(letter=letter)
    return render(
        request,
        "letters/detail.html",
        {
            "letter": letter,
            "version": version,
            "other_versions": [v for v in letter.versions.all() if v != version],
            "count": count_signatories(signatures.approved()),
            "signatory_list": build_signatory_list(signatures.public()),
        },
    )
