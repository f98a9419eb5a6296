"""Duplicate suggestions: signatures of one letter that may be the same signatory.

Two organizations (or networks) are suggested when their names match once case,
accents, punctuation, legal forms and acronyms in parentheses are ignored, when
they share an acronym, or when one is the acronym of the other ("CAFAMI" and
"Centro de Atención a la Familia Migrante Indígena"); two individuals when their
names match; any two signatures when they share an email address.

Signatures sharing a key (see duplicate_keys) are suggested, so suggestions come
from SQL instead of comparing every pair: a GIN index answers for one page of
the queue, a GROUP BY for the whole letter. Suggestions only: a moderator
decides, and merging is Signature.merge_into.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from signatures import duplicate_keys
from signatures.models import Signature
from signatures.planner import few_rows
from signatures.status import LIVE

# Duplicates are looked for among signatures still on their way to the list.
ACTIVE = tuple(sorted(LIVE))

REASONS = {
    "name": _("Same name once case, accents, punctuation and legal forms are ignored"),
    "acronym": _("Same acronym"),
    "abbr": _("One name is the acronym of the other"),
    "person": _("Same name"),
    "email": _("Same email address"),
}


@dataclass
class Hint:
    other: Signature
    reasons: list = field(default_factory=list)

    @property
    def reason_text(self):
        return "; ".join(str(REASONS[reason]) for reason in self.reasons)


def reasons(a, b):
    """Why `a` and `b` may be one signatory (REASONS keys), or [] if they may not."""
    found = []
    if a.email and b.email and a.email.lower() == b.email.lower():
        found.append("email")
    shared = duplicate_keys.suggestion_keys(set(a.match_keys) & set(b.match_keys))
    for kind in ("name", "acronym", "abbr", "person"):
        if any(key.startswith(f"{kind}:") for key in shared):
            found.append(kind)
    if "acronym" in found and "abbr" in found:
        found.remove("abbr")
    return found


_ROW_FIELDS = (
    "pk", "public_id", "letter_id", "kind", "name", "acronym", "email", "status", "country",
    "match_keys", "merged_into_id", "created_at", "origin", "sort_name",
)  # fmt: skip
# A page's hints read at most this many candidates, a bound for pathological lists
# (one name repeated thousands of times); the Duplicates page reads them all.
HINT_CANDIDATES = 500
# Hints shown on one row; more than that and the Duplicates page is the place.
HINTS_PER_ROW = 5


def hints(letter, rows):
    """{pk: [Hint]} for `rows` (one page of the queue), from one query."""
    rows = [row for row in rows if row.status in ACTIVE]
    wanted = {key for row in rows for key in duplicate_keys.suggestion_keys(row.match_keys)}
    emails = {row.email.lower() for row in rows if row.email}
    if not wanted and not emails:
        return {}
    active = Signature.objects.filter(letter=letter, status__in=ACTIVE).only(*_ROW_FIELDS)
    # Two branches of a UNION, so that each uses its index (the GIN index on the keys;
    # signature_one_per_letter_kind_email for the addresses), not one scan for an OR.
    by_keys = active.filter(match_keys__overlap=sorted(wanted))
    by_email = (
        active.exclude(email="")
        .alias(email_lower=Lower("email"))
        .filter(kind__in=Signature.Kind.values, email_lower__in=sorted(emails))
    )
    others = by_keys.union(by_email).order_by("sort_name", "pk")[:HINT_CANDIDATES]
    with few_rows():
        others = list(others)
    by_key = {}
    for other in others:
        for key in duplicate_keys.suggestion_keys(other.match_keys):
            by_key.setdefault(key, []).append(other)
        if other.email:
            by_key.setdefault(f"email:{other.email.lower()}", []).append(other)
    found = {}
    for row in rows:
        keys = duplicate_keys.suggestion_keys(row.match_keys)
        if row.email:
            keys.add(f"email:{row.email.lower()}")
        candidates = {other.pk: other for key in keys for other in by_key.get(key, ())}
        for other in sorted(candidates.values(), key=lambda other: (other.sort_name, other.pk)):
            if other.pk != row.pk and (why := reasons(row, other)):
                found.setdefault(row.pk, []).append(Hint(other, why))
    return {pk: row_hints[:HINTS_PER_ROW] for pk, row_hints in found.items()}


# Groups of the letter's active signatures sharing a suggestion key or an address.
_GROUPS = """
    SELECT array_agg(k.id ORDER BY k.id) AS ids, min(k.sort_name) AS first
    FROM (
        SELECT id, sort_name, unnest(match_keys) AS key FROM signatures_signature
        WHERE letter_id = %s AND status = ANY(%s)
    ) AS k
    WHERE k.key NOT LIKE 'blk:%%' AND k.key NOT LIKE 'acr:%%'
    GROUP BY k.key HAVING count(*) > 1
    UNION ALL
    SELECT array_agg(id ORDER BY id), min(sort_name) FROM signatures_signature
    WHERE letter_id = %s AND status = ANY(%s) AND email <> ''
    GROUP BY lower(email) HAVING count(*) > 1
"""
# Past this size a group shares a common name; its members are paired with its first
# one only, which links them all while staying linear in the group.
_PAIRWISE_UP_TO = 20


def _params(letter):
    """The parameters of _GROUPS: the letter and the active statuses, for each branch."""
    return [letter.pk, list(ACTIVE)] * 2


def duplicate_ids(letter):
    """A subquery of the ids of the letter's signatures with a possible duplicate.

    All in SQL, for the queue's filter: nothing is read into Python.
    """
    sql = f"SELECT DISTINCT unnest(g.ids) FROM ({_GROUPS}) AS g"  # noqa: S608 - constant SQL
    return RawSQL(sql, _params(letter))  # noqa: S611 - values are parameters


@dataclass
class Cluster:
    """Signatures that may be one signatory; `keep` is the one suggested to keep."""

    signatures: list
    pairs: dict  # (pk, pk) → reasons

    @property
    def keep(self):
        return min(self.signatures, key=keep_rank)

    @property
    def reason_texts(self):
        found = {reason for why in self.pairs.values() for reason in why}
        return [str(text) for key, text in REASONS.items() if key in found]


_STATUS_RANK = {Signature.Status.APPROVED: 0, Signature.Status.PENDING: 1}


def keep_rank(signature):
    """Keep the approved one, then the one with an acronym, then the oldest."""
    return (_STATUS_RANK.get(signature.status, 2), not signature.acronym, signature.pk)


def clusters(letter, limit=None):
    """Groups of possible duplicates of `letter`, alphabetically, and how many groups.

    SQL groups the signatures by key; Python joins overlapping groups
    (union-find), so that A~B and B~C make one cluster. With `limit`, only the
    first groups are read: a cluster may then miss a member that only a later
    group would link, and shows it once the first ones are merged.
    """
    query = f"SELECT g.ids, count(*) OVER () FROM ({_GROUPS}) AS g ORDER BY g.first, g.ids"  # noqa: S608
    if limit:
        query += f" LIMIT {int(limit)}"
    with connection.cursor() as cursor:
        cursor.execute(query, _params(letter))
        found = cursor.fetchall()
    if not found:
        return [], 0
    groups, total = [ids for ids, _total in found], found[0][1]
    involved = {pk for ids in groups for pk in ids}
    rows = {
        row.pk: row
        for row in Signature.objects.filter(pk__in=involved).only(*_ROW_FIELDS).order_by("pk")
    }
    parent = {pk: pk for pk in rows}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    pairs = {}
    for ids in groups:
        members = [rows[pk] for pk in ids if pk in rows]
        if len(members) > _PAIRWISE_UP_TO:
            candidates = [(members[0], other) for other in members[1:]]
        else:
            candidates = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        for a, b in candidates:
            if why := reasons(a, b):
                pairs[(a.pk, b.pk)] = why
                parent[root(a.pk)] = root(b.pk)
    grouped = {}
    for pk in sorted({pk for pair in pairs for pk in pair}):
        grouped.setdefault(root(pk), []).append(rows[pk])
    result = [
        Cluster(
            signatures=sorted(members, key=lambda row: (row.sort_name, row.pk)),
            pairs={pair: why for pair, why in pairs.items() if root(pair[0]) == key},
        )
        for key, members in grouped.items()
    ]
    ordered = sorted(result, key=lambda cluster: (cluster.keep.sort_name, cluster.keep.pk))
    return ordered, total
