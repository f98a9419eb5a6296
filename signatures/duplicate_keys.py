"""The keys under which duplicate signatures are suggested, and keeping them fresh.

Each signature stores its keys in Signature.match_keys; two signatures sharing a
key are suggested as possible duplicates (signatures.moderation.duplicates). The keys:

- "name:<key>": the name once case, accents, punctuation, legal forms and acronyms
  in parentheses are ignored, and common words dropped (names.similar_keys), so
  "Casa del Migrante Saltillo" meets "Casa del Migrante de Saltillo (CDMS)";
- "acronym:<letters>": an acronym the signature goes by (given, in parentheses,
  or its whole name), so "IMUMI" meets "Instituto ... AC (IMUMI)";
- "abbr:<letters>": on a name that is an acronym ("CAFAMI"), and on every long name
  of the letter it was found to abbreviate ("Centro de Atención a la Familia
  Migrante Indígena"): checked once, when keys are computed, never when read;
- "person:<key>": an individual's name.

Two kinds of keys only help that check find its candidates and are never
suggestions: "blk:" (initials of a long name's first words) and "acr:" (the
initials a name abbreviated by an acronym could have). Keys are derived from
kind, name and acronym; match_keys_hash records from which values, so that stale
rows are found through a partial index. Keys are computed when a signature is
written, or by the task worker, and only read by pages (see "Keeping keys fresh").
"""

import hashlib
import json
import re
from functools import cache, lru_cache

from django.db import connection, transaction
from django.db.models.signals import post_save, pre_save
from django_tasks import task

from signatures.models import Signature
from signatures.names import STOPWORDS, fold, identity_key, similar_keys
from signatures.planner import few_rows
from signatures.tasks import enqueue_with_commit

LOOKUP_PREFIXES = ("blk:", "acr:")
# The next word's initial is at most this many letters further on in an acronym:
# a word gives up to three letters, and a common word in between one more.
MAX_STEP = 5
MIN_ACRONYM = 3
# Blocks are the initials of up to this many significant words.
BLOCK_WORDS = 4
# An acronym that could stand for more names of a letter than this suggests none:
# too ambiguous to help ("CDH" fits every Centro de Derechos Humanos).
AMBIGUOUS = 10
_ACRONYM_NAME = re.compile(r"^[A-Z][A-Z0-9&.\-]{2,15}$")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def keys_hash(kind, name, acronym):
    """The same digest as models.match_keys_digest() computes in SQL."""
    text = f"{kind}\x1f{name}\x1f{acronym}"
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def acronym_name(name):
    """The folded name when the whole name is an acronym ("CAFAMI"), else ""."""
    name = (name or "").strip()
    return _NOT_ALNUM.sub("", fold(name)) if _ACRONYM_NAME.match(name) else ""


def _significant(words):
    return [word for word in words if word not in STOPWORDS]


@lru_cache(maxsize=65536)
def _words(name):
    """The name's words once normalized, and the initials of its significant ones."""
    words = tuple(identity_key(name).split())
    return words, "".join(word[0] for word in _significant(words))


def name_blocks(name):
    """Initials of a long name's first significant words, also with one of them left
    out (an acronym may skip a word): "cafm" for Centro de Atención a la Familia Migrante."""
    words, initials = _words(name)
    if len(initials) < 2 or acronym_name(name):
        return set()
    blocks = {initials[:BLOCK_WORDS]}
    for skip in range(1, BLOCK_WORDS):
        kept = (initials[:skip] + initials[skip + 1 :])[:BLOCK_WORDS]
        # Two initials alone are too common a block; a two-word name has only that one.
        if len(kept) >= 3:
            blocks.add(kept)
    return blocks


def acronym_blocks(letters, start=0, block=""):
    """The blocks of every name this acronym could abbreviate: each next initial is one
    to MAX_STEP letters after the previous one."""
    block += letters[start]
    blocks = {block} if len(block) >= 2 else set()
    if len(block) < BLOCK_WORDS:
        for step in range(1, MAX_STEP + 1):
            if start + step < len(letters):
                blocks |= acronym_blocks(letters, start + step, block)
    return blocks


def _initials_fit(initials, letters):
    """Whether the initials, all but one at most, appear in order among the letters:
    a quick test that every real abbreviation passes and most block-mates fail."""
    for skip in range(-1, len(initials)):
        wanted = initials[:skip] + initials[skip + 1 :] if skip >= 0 else initials
        position = 0
        for initial in wanted:
            position = letters.find(initial, position) + 1
            if not position:
                break
        else:
            return True
    return False


@lru_cache(maxsize=65536)
def abbreviates(acronym, name):
    """Whether `acronym` could be formed from the words of `name`, in order.

    Each significant word gives its first one to three letters, a common word
    ("de", "la") its first letter or nothing, and one significant word may be
    left out: CAFAMI is Centro de Atención a la FAmilia MIgrante (Indígena);
    COFAMIPRO is COmité de FAmiliares de MIgrantes (Desaparecidos) del PROgreso.
    """
    letters = _NOT_ALNUM.sub("", fold(acronym))
    words, initials = _words(name)
    # The first letter must be the first significant word's: "FM4" is no "Fundación M...".
    if len(letters) < MIN_ACRONYM or len(initials) < 2 or letters[0] != initials[0]:
        return False
    if not _initials_fit(initials, letters):
        return False

    @cache
    def fits(i, j, skips):
        if i == len(letters):
            return len(_significant(words[j:])) <= skips
        if j == len(words):
            return False
        word = words[j]
        common = word in STOPWORDS
        if (common or skips) and fits(i, j + 1, skips - (not common)):
            return True
        return any(
            letters[i : i + k] == word[:k] and fits(i + k, j + 1, skips)
            for k in range(1, min(1 if common else 3, len(word)) + 1)
        )

    return fits(0, 0, 1)


def own_keys(kind, name, acronym=""):
    """The keys that come from the signature alone (no "abbr:" links to other rows)."""
    if kind == Signature.Kind.INDIVIDUAL:
        return {f"person:{identity_key(name)}"}
    keys = {
        key if key.startswith("acronym:") else f"name:{key}" for key in similar_keys(name, acronym)
    }
    letters = acronym_name(name)
    if len(letters) >= MIN_ACRONYM:
        keys.add(f"abbr:{letters}")
        keys |= {f"acr:{block}" for block in acronym_blocks(letters)}
    keys |= {f"blk:{block}" for block in name_blocks(name)}
    return keys


def suggestion_keys(keys):
    """The keys that make suggestions (all but the lookup ones)."""
    return {key for key in keys if not key.startswith(LOOKUP_PREFIXES)}


# --- Keeping keys fresh ---------------------------------------------------------------
#
# Keys are written with the signature, never when a page reads them:
# - Signature.save() (signing, edits, moderators, the admin): the signature's own keys
#   are set before its row is written, in the same INSERT or UPDATE (_own_keys_on_save).
#   A name that may abbreviate or be abbreviated by another of the letter's ("abbr:"
#   and "blk:" keys) needs the rest of the letter for its links: its row stays stale,
#   and the task worker links it (refresh_letter_keys, queued in the same transaction).
# - Writes of many rows at once (the importer) call refresh() in their transaction.
# Until the worker has run, a new signature shows every hint but "one name is the
# acronym of the other".

# Arbitrary first half of the advisory lock that one refresh per letter holds.
_LOCK_NAMESPACE = 0x46697273
_BATCH = 5000
# What the keys derive from.
KEY_FIELDS = frozenset({"kind", "name", "acronym"})
# Keys land only on a row that still holds the values they came from: one renamed
# meanwhile keeps its own new keys and waits for the refresh its rename queued.
_UPDATE = """
    UPDATE signatures_signature AS s
    SET match_keys = v.match_keys, match_keys_hash = v.match_keys_hash
    FROM jsonb_to_recordset(%s::jsonb) AS v(id bigint, match_keys text[], match_keys_hash text)
    WHERE s.id = v.id
    AND md5(concat(s.kind, chr(31), s.name, chr(31), s.acronym)) = v.match_keys_hash
"""
# Links a long name that is already fresh to a new acronym that abbreviates it.
_LINK = """
    UPDATE signatures_signature AS s
    SET match_keys = array_append(s.match_keys, v.key)
    FROM jsonb_to_recordset(%s::jsonb) AS v(id bigint, key text)
    WHERE s.id = v.id AND NOT v.key = ANY(s.match_keys)
"""


def stale(letter):
    """Signatures of `letter` whose keys were derived from other values (or never)."""
    # The partial index signature_match_keys_stale holds exactly these.
    return Signature.objects.filter(letter=letter, match_keys_stale=True)


def _candidates(letter, prefix, blocks):
    """(pk, name) of the letter's signatures holding any of these lookup keys."""
    if not blocks:
        return []
    keys = sorted(f"{prefix}{block}" for block in blocks)
    return list(
        Signature.objects.filter(letter=letter, match_keys__overlap=keys).values_list("pk", "name")
    )


def _acronym_index(acronyms):
    """{block: acronyms that block could come from}."""
    index = {}
    for letters in acronyms:
        if len(letters) >= MIN_ACRONYM:
            for block in acronym_blocks(letters):
                index.setdefault(block, set()).add(letters)
    return index


def _abbreviating(index, name):
    """The acronyms in the index that abbreviate `name`."""
    candidates = set().union(*(index.get(block, ()) for block in name_blocks(name)))
    return sorted(letters for letters in candidates if abbreviates(letters, name))


def _holders(letter_id, acronyms):
    """{acronym: how many long names of the letter already hold its "abbr:" key}."""
    if not acronyms:
        return {}
    keys = sorted(f"abbr:{letters}" for letters in acronyms)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT k.key, count(*) FROM (
                SELECT unnest(match_keys) AS key FROM signatures_signature
                WHERE letter_id = %s AND match_keys && %s::varchar[]
            ) AS k
            WHERE k.key = ANY(%s::varchar[]) GROUP BY k.key
            """,
            [letter_id, keys, keys],
        )
        # Less one: the acronym's own signature holds its key too.
        return {key[5:]: max(count - 1, 0) for key, count in cursor.fetchall()}


def refresh(letter):
    """Recomputes the keys of the letter's stale signatures; returns how many.

    For the task worker and for writes of many rows, never for a page. One query
    when nothing is stale. Otherwise the new acronyms and long names are checked
    against each other and against the rest of the letter, through the lookup
    keys, in a few more queries. One refresh per letter at a time: another waits
    for it, then finds what is still stale. PostgreSQL's autovacuum brings the
    statistics and the GIN index's pending list up to date after a large one.
    """
    letter_id = getattr(letter, "pk", letter)
    with few_rows():
        anything_stale = stale(letter_id).exists()
    if not anything_stale:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, letter_id])
        with few_rows():
            rows = list(stale(letter_id).order_by().values_list("pk", "kind", "name", "acronym"))
        if not rows:
            return 0
        keys = {pk: own_keys(kind, name, acronym) for pk, kind, name, acronym in rows}
        names = {pk: name for pk, _kind, name, _acronym in rows}
        new_acronyms = {
            acronym_name(names[pk]) for pk in keys if f"abbr:{acronym_name(names[pk])}" in keys[pk]
        }
        new_long = [pk for pk in keys if any(key.startswith("blk:") for key in keys[pk])]
        # New long names, against every acronym of the letter, new ones included.
        blocks = {block for pk in new_long for block in name_blocks(names[pk])}
        known = {acronym_name(name) for _pk, name in _candidates(letter_id, "acr:", blocks)}
        index = _acronym_index(known | new_acronyms)
        found = {}  # acronym → [(pk, fresh or stale)] of the long names it abbreviates
        for pk in new_long:
            for letters in _abbreviating(index, names[pk]):
                found.setdefault(letters, []).append(pk)
        # New acronyms, against the long names that were already fresh.
        index = _acronym_index(new_acronyms)
        blocks = {block for letters in new_acronyms for block in acronym_blocks(letters)}
        for pk, name in _candidates(letter_id, "blk:", blocks):
            if pk not in keys:
                for letters in _abbreviating(index, name):
                    found.setdefault(letters, []).append(pk)
        held = _holders(letter_id, found)
        links = []
        for letters, pks in found.items():
            if held.get(letters, 0) + len(pks) > AMBIGUOUS:
                continue
            for pk in pks:
                if pk in keys:
                    keys[pk].add(f"abbr:{letters}")
                else:
                    links.append({"id": pk, "key": f"abbr:{letters}"})
        # Rows locked in one order, the order every other writer of many rows uses,
        # so that a bulk moderation action and this never wait on each other.
        locked = sorted({*keys, *(link["id"] for link in links)})
        cursor.execute(
            "SELECT count(*) FROM (SELECT FROM signatures_signature WHERE id = ANY(%s) "
            "ORDER BY id FOR UPDATE) AS rows",
            [locked],
        )
        if links:
            cursor.execute(_LINK, [json.dumps(links)])
        for start in range(0, len(rows), _BATCH):
            values = [
                {"id": pk, "match_keys": _stored(keys[pk]), "match_keys_hash": keys_hash(*row)}
                for pk, *row in rows[start : start + _BATCH]
            ]
            cursor.execute(_UPDATE, [json.dumps(values)])
    return len(rows)


@task()
def refresh_letter_keys(letter_id):
    """The task worker's side of keeping keys fresh: links a letter's new names."""
    return refresh(letter_id)


def _stored(keys):
    """Keys as the column holds them: sorted, each cut to the column's size."""
    return sorted(key[:320] for key in keys)


def _fresh_alone(keys):
    """Whether a signature with these own keys can have no link to another one."""
    return not any(key.startswith(("abbr:", "blk:")) for key in keys)


def _keys_may_change(update_fields):
    return update_fields is None or bool(KEY_FIELDS & update_fields)


def _own_keys_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a signature's row is written: its own keys, if its kind, name or acronym
    changed. Signature.save() adds the key columns to `update_fields` with those."""
    if raw or not _keys_may_change(update_fields):
        return
    digest = keys_hash(instance.kind, instance.name, instance.acronym)
    if instance.match_keys_hash == digest:
        return
    instance.match_keys = _stored(own_keys(instance.kind, instance.name, instance.acronym))
    if _fresh_alone(instance.match_keys):
        instance.match_keys_hash = digest


def _links_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """After it is written: a signature still stale is linked by the task worker."""
    if raw or not _keys_may_change(update_fields):
        return
    if instance.match_keys_hash != keys_hash(instance.kind, instance.name, instance.acronym):
        enqueue_with_commit(refresh_letter_keys, instance.letter_id)


def connect():
    """Keys follow every Signature.save(); called once, by the app's ready()."""
    pre_save.connect(_own_keys_on_save, sender=Signature, dispatch_uid="signature-own-keys")
    post_save.connect(_links_on_save, sender=Signature, dispatch_uid="signature-key-links")


def with_keys(signature):
    """Sets an unsaved signature's own keys, for bulk_create; `refresh` adds the links
    between acronyms and names, which need the rest of the letter."""
    signature.match_keys = _stored(own_keys(signature.kind, signature.name, signature.acronym))
    signature.match_keys_hash = keys_hash(signature.kind, signature.name, signature.acronym)
    return signature
