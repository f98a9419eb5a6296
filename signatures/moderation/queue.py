"""The moderation queue: which signatures a moderator sees, in what order, a page at a time.

Everything here builds querysets; the views only render them. A page of the
queue costs the same number of queries with fifty signatures or a million:
counts come from one GROUP BY, the page from an indexed keyset (no OFFSET, no
COUNT of the page), and each row's networks, members and duplicate hints from
one query each for the whole page.
"""

from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from signatures.models import Member, Network, Signature, SignatureEvent
from signatures.names import fold
from signatures.public import caching

# Signatures on a page of the queue: the moderator chooses; each row is tall on a
# phone, and half the rows render in half the time (about 0.4 ms a row).
PAGE_SIZES = (25, 50, 100)
PAGE_SIZE = PAGE_SIZES[0]
# Not filters: what the queue shows, not which signatures.
VIEW_OPTIONS = ("status", "order", "size")
ALL = "all"
TABS = (
    Signature.Status.PENDING,
    Signature.Status.UNCONFIRMED,
    Signature.Status.APPROVED,
    Signature.Status.REJECTED,
    Signature.Status.WITHDRAWN,
    ALL,
)
# Orderings, each backed by an index (signature_queue, signature_queue_by_name).
ORDERS = {
    "oldest": ("pk",),
    "newest": ("-pk",),
    "name": ("sort_name", "pk"),
}
DEFAULT_ORDER = "oldest"


def search(signatures, text):
    """Signatures whose name, acronym, email or contact name contain `text`.

    Accents and case are ignored: names through sort_name, which holds the folded
    name already, the other fields through PostgreSQL's unaccent.
    """
    text = " ".join(text.split())
    if not text:
        return signatures
    return signatures.filter(
        Q(sort_name__contains=fold(text))
        | Q(acronym__unaccent__icontains=text)
        | Q(email__icontains=text)
        | Q(contact_name__unaccent__icontains=text)
    )


def in_network(network_id):
    """A network's own signature, the organizations that declared it, and its listed members."""
    declared = Signature.member_of.through.objects.filter(
        signature_id=OuterRef("pk"), network_id=network_id
    )
    listed = Member.objects.filter(
        signature_id=OuterRef("pk"), network_signature__network_id=network_id
    )
    return Q(network_id=network_id) | Exists(declared) | Exists(listed)


def matching(letter, filters, duplicate_ids=None):
    """The letter's signatures that pass `filters` (a QueueFilterForm's cleaned data),
    whatever their status; `duplicate_ids` when only possible duplicates are wanted."""
    signatures = Signature.objects.filter(letter=letter)
    for name in ("kind", "country", "language", "visibility", "origin"):
        if filters.get(name):
            signatures = signatures.filter(**{name: filters[name]})
    if filters.get("network"):
        signatures = signatures.filter(in_network(filters["network"]))
    if filters.get("lead"):
        signatures = signatures.filter(is_lead=True)
    if duplicate_ids is not None:
        signatures = signatures.filter(pk__in=duplicate_ids)
    return search(signatures, filters.get("q") or "")


def in_tab(signatures, tab):
    return signatures if tab == ALL else signatures.filter(status=tab)


def counts(signatures):
    """{status: number} for every tab, from one GROUP BY."""
    found = dict(signatures.order_by().values_list("status").annotate(n=Count("pk")))
    result = {status: found.get(status, 0) for status in TABS if status != ALL}
    result[ALL] = sum(result.values())
    return result


def tab_counts(letter, signatures, filtered):
    """The tabs' counts for the queue page: `counts(signatures)`, but for a large letter
    with no filter, from the shared cache.

    Counting 100,000 signatures takes about 20 ms on every visit. Cached, the counts
    follow every moderation change at once (each one makes a new list version, see
    signatures.public.caching), and new submissions within caching.RECOMPUTE_SECONDS; the
    rows themselves are always read as they are. A small letter is counted each time.
    """
    if filtered:
        return counts(signatures)
    counted = []  # set when the cache had to count them now: then they are current

    def count():
        counted.append(counts(signatures))
        return counted[0]

    found = caching.cached("queue-counts", letter, count, max_age=caching.RECOMPUTE_SECONDS)
    return found if counted or found[ALL] >= caching.LARGE else counts(signatures)


@dataclass
class Page:
    rows: list
    next_after: str | None  # cursor to continue after, if there is more
    prev_before: str | None  # cursor to go back before, if there is anything before

    @property
    def has_other_pages(self):
        return bool(self.next_after or self.prev_before)


def _cursor_signer(letter):
    # The letter is in the salt: a cursor made for one letter opens no page of another.
    return signing.Signer(salt=f"signatures.moderation.queue.cursor:{letter.pk}")


def cursor(letter, pk):
    """The opaque cursor that stands for the signature `pk` in `letter`'s queue links."""
    return _cursor_signer(letter).sign_object(pk)


def cursor_pk(letter, value):
    """The pk in a cursor this queue made for `letter`; None for anything else."""
    if not value:
        return None
    try:
        pk = _cursor_signer(letter).unsign_object(str(value))
    except signing.BadSignature:
        return None
    return pk if type(pk) is int else None


def _beyond(fields, values, forward):
    """Q for rows strictly after (or before) the cursor row in the order `fields`."""
    condition, equal = Q(), Q()
    for field in fields:
        name = field.lstrip("-")
        ascending = not field.startswith("-")
        lookup = "gt" if ascending == forward else "lt"
        condition |= equal & Q(**{f"{name}__{lookup}": values[name]})
        equal &= Q(**{name: values[name]})
    return condition


def keyset_page(letter, signatures, order, after=None, before=None, size=None):
    """One page of `signatures` (the letter's, filtered) in `order`, after or before the
    row that an `after` or `before` cursor (see `cursor`) stands for.

    Seeking from the cursor row costs the same on page 1 and page 2,000, where an
    OFFSET would read and drop every row before it. The cursor's own values are read
    from the row itself (one small query), and only from `signatures`: a cursor can
    place the page only among rows the moderator may see anyway. A cursor that was
    not made for this letter, or whose row is no longer among `signatures`, gives
    the first page.
    """
    size = size or PAGE_SIZE
    fields = ORDERS.get(order, ORDERS[DEFAULT_ORDER])
    after, before = cursor_pk(letter, after), cursor_pk(letter, before)
    cursor_row = after or before
    values = None
    if cursor_row:
        names = [field.lstrip("-") for field in fields]
        values = signatures.filter(pk=cursor_row).order_by().values(*names).first()
    forward = not (before and values)
    if values:
        signatures = signatures.filter(_beyond(fields, values, forward))

    def link(row):
        return cursor(letter, row.pk)

    if forward:
        rows = list(signatures.order_by(*fields)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return Page(
            rows,
            next_after=link(rows[-1]) if more else None,
            prev_before=link(rows[0]) if values and rows else None,
        )
    reverse = [field[1:] if field.startswith("-") else f"-{field}" for field in fields]
    rows = list(signatures.order_by(*reverse)[: size + 1])
    more = len(rows) > size
    rows = rows[:size][::-1]
    return Page(
        rows,
        next_after=link(rows[-1]) if rows else None,
        prev_before=link(rows[0]) if more else None,
    )


def latest_reason():
    """The reason of a signature's latest rejection or merge, as a subquery."""
    events = SignatureEvent.objects.filter(
        signature=OuterRef("pk"),
        action__in=[SignatureEvent.Action.REJECTED, SignatureEvent.Action.MERGED],
    ).order_by("-created_at", "-pk")
    return Subquery(events.values("reason")[:1])


def member_count():
    members = (
        Member.objects.filter(network_signature=OuterRef("pk"))
        .order_by()
        .values("network_signature")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members), 0)


def with_details(signatures):
    """Everything a queue row shows, for the whole page at once."""
    return (
        signatures.select_related("network", "merged_into")
        .prefetch_related(
            Prefetch("member_of", queryset=Network.objects.order_by("name")),
            Prefetch(
                "memberships",
                queryset=Member.objects.select_related("network_signature").order_by(
                    "network_signature__sort_name", "pk"
                ),
            ),
        )
        .annotate(member_count=member_count(), last_reason=latest_reason())
    )


def networks_of(letter):
    """Networks present on the letter: signed as a network, or declared by an organization.

    Networks are few and shared by all letters: each is checked for one signature
    on this letter, instead of reading every signature of the letter.
    """
    signed = Signature.objects.filter(letter=letter, network=OuterRef("pk"))
    declared = Signature.member_of.through.objects.filter(
        network=OuterRef("pk"), signature__letter=letter
    )
    return Network.objects.filter(Exists(signed) | Exists(declared)).order_by("name").only("name")
