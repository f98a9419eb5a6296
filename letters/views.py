from django.shortcuts import get_object_or_404, render

from .models import Letter


def home(request):
    letters = Letter.objects.listed().prefetch_related("versions")
    return render(request, "letters/home.html", {"letters": letters})


def detail(request, slug):
    letter = get_object_or_404(Letter.objects.listed().prefetch_related("versions"), slug=slug)
    return render(request, "letters/detail.html", {"letter": letter})
