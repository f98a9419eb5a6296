"""A letter's numbers for its moderators (counts, submissions per day, countries), and the
letters a signed-in user works on.

A handful of aggregate queries, whatever the number of signatures. The chart is
drawn here as SVG geometry (no script, no CDN, nothing inline but attributes),
so that the page works under the strict Content-Security-Policy.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_countries import countries

from letters.access import MODERATE, letter_access_required, letters_for
from letters.models import LetterRole
from letters.views import team_context
from signatures.models import Signature
from signatures.public.caching import signatory_count

# The chart shows at most this many days, ending with the last submission or today.
CHART_DAYS = 60
CHART_HEIGHT = 120
BAR_WIDTH = 10
BAR_GAP = 2


@dataclass
class Bar:
    day: object
    count: int
    x: int
    y: int
    height: int


@dataclass
class Chart:
    bars: list
    width: int
    height: int
    peak: int

    @property
    def first(self):
        return self.bars[0].day if self.bars else None

    @property
    def last(self):
        return self.bars[-1].day if self.bars else None


def submissions_per_day(signatures):
    """{date: submissions}, dates in the site's time zone.

    Imported signatures are left out: they were gathered before, elsewhere, and the
    day of the import is not the day anyone signed (stats() counts them apart).
    """
    rows = (
        signatures.exclude(origin=Signature.Origin.IMPORT)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def chart(per_day, today=None):
    """One bar per day, zeros included, for at most CHART_DAYS days."""
    if not per_day:
        return Chart(bars=[], width=0, height=CHART_HEIGHT, peak=0)
    today = today or timezone.localdate()
    last = max(per_day)
    # A letter still collecting shows its quiet days too; an old one, its last weeks.
    end = today if timedelta(0) <= today - last < timedelta(days=CHART_DAYS) else last
    start = max(min(per_day), end - timedelta(days=CHART_DAYS - 1))
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    peak = max(per_day.get(day, 0) for day in days) or 1
    bars = []
    for index, day in enumerate(days):
        count = per_day.get(day, 0)
        height = round(count / peak * CHART_HEIGHT)
        if count and not height:
            height = 1
        bars.append(
            Bar(day, count, x=index * (BAR_WIDTH + BAR_GAP), y=CHART_HEIGHT - height, height=height)
        )
    return Chart(bars=bars, width=len(days) * (BAR_WIDTH + BAR_GAP), height=CHART_HEIGHT, peak=peak)


def stats(letter):
    signatures = Signature.objects.filter(letter=letter)
    by_status_kind = {
        (status, kind): n
        for status, kind, n in signatures.order_by()
        .values_list("status", "kind")
        .annotate(n=Count("pk"))
    }
    statuses = Signature.Status.choices
    kinds = Signature.Kind.choices
    table = [
        (label, [by_status_kind.get((status, kind), 0) for kind, _k in kinds], status)
        for status, label in statuses
    ]
    for row in table:
        row[1].append(sum(row[1]))
    totals = [sum(row[1][i] for row in table) for i in range(len(kinds) + 1)]
    country_counts = (
        signatures.filter(status__in=[Signature.Status.APPROVED, Signature.Status.PENDING])
        .exclude(country="")
        .order_by()
        .values_list("country")
        .annotate(n=Count("pk"))
    )
    country_rows = sorted(
        ((countries.name(code), code, n) for code, n in country_counts),
        key=lambda row: (-row[2], row[0]),
    )
    oldest_pending = (
        signatures.filter(status=Signature.Status.PENDING).order_by("created_at", "pk").first()
    )
    return {
        "imported": signatures.filter(origin=Signature.Origin.IMPORT).count(),
        # What the public page counts: signatories, network members included, each once.
        "public_count": signatory_count(letter),
        "kinds": [label for _kind, label in kinds],
        "table": table,
        "totals": totals,
        "chart": chart(submissions_per_day(signatures)),
        "countries": country_rows,
        "oldest_pending": oldest_pending,
    }


@require_GET
@never_cache
@login_required
def my_letters(request):
    pending = Count("signatures", filter=Q(signatures__status=Signature.Status.PENDING))
    letters = letters_for(request.user).prefetch_related("versions").annotate(pending=pending)
    roles = dict(LetterRole.objects.filter(user=request.user).values_list("letter_id", "role"))
    rows = [(letter, roles.get(letter.pk)) for letter in letters.order_by("-created_at")]
    return render(request, "signatures/moderation/my_letters.html", {"rows": rows})


@require_GET
@letter_access_required(MODERATE)
def dashboard(request, letter):
    return render(
        request,
        "signatures/moderation/dashboard.html",
        team_context(request, letter, **stats(letter)),
    )
