"""Seeding large letters fast: letters through the ORM, signatures with INSERT ... SELECT.

A million signatures through the ORM would take longer than the measurement, so
rows are generated in SQL from generate_series. Every column the model has gets
its model default, so the seed keeps working when other columns are added; the
sort key is computed as names.sort_key would (names are built from folded parts).
"""

import random

from django.db import connection
from django.utils import timezone

from letters.models import Letter, LetterVersion
from signatures.models import Member, Network, Signature
from signatures.names import fold

FIRST = ["Ana", "Álvaro", "Beatriz", "Carlos", "Dolores", "Élise", "Fernando", "Gabriela",
         "Héctor", "Inés", "Jorge", "Karla", "Luis", "María", "Nicolás", "Óscar", "Paula",
         "Quetzalli", "Raúl", "Sofía", "Tomás", "Úrsula", "Valeria", "Ximena", "Yolanda",
         "Zoe"]  # fmt: skip
LAST = ["García", "Hernández", "López", "Martínez", "González", "Pérez", "Rodríguez",
        "Sánchez", "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes",
        "Jiménez", "Torres", "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz",
        "Castillo", "Romero", "Álvarez", "Chávez", "Rivera", "Juárez", "Domínguez"]  # fmt: skip
ORG_WORDS = ["Centro", "Colectivo", "Red", "Fundación", "Asociación", "Instituto",
             "Observatorio", "Alianza", "Casa", "Comité"]  # fmt: skip
ORG_TOPICS = ["Derechos Humanos", "Migración", "Refugio", "Género", "Niñez", "Justicia",
              "Educación", "Salud", "Frontera", "Movilidad"]  # fmt: skip
ROLES = ["", "", "Abogada", "Profesor", "Investigadora", "Periodista", "Defensor"]


def letter(slug, *, status=Letter.Status.OPEN, **options):
    """An open letter with a Spanish original and an English version."""
    created = Letter.objects.create(slug=slug, status=status, **options)
    body = "\n\n".join(
        ["Estimada Secretaria:"]
        + [
            "Las organizaciones y personas firmantes expresamos nuestra preocupación "
            "por las restricciones al asilo y pedimos **medidas concretas**." * 3
        ]
        * 6
    )
    LetterVersion.objects.create(
        letter=created, language="es", is_original=True, title=f"Carta {slug}",
        recipient="**Secretaría de Relaciones Exteriores**", body=body, closing="Atentamente,",
    )  # fmt: skip
    LetterVersion.objects.create(
        letter=created, language="en", title=f"Letter {slug}",
        recipient="**Ministry of Foreign Affairs**", body=body, closing="Sincerely,",
    )  # fmt: skip
    return created


def _defaults(model, overrides):
    """(columns, SQL expressions): `overrides` where given, else each field's default."""
    columns, expressions, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "generated", False):
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in overrides:
            expressions.append(overrides[field.column])
            continue
        value = field.get_db_prep_save(field.get_default(), connection)
        if field.null and value is None:
            expressions.append("NULL")
        else:
            expressions.append("%s")
            params.append(value)
    return columns, expressions, params


def _sql_array(words):
    """A text[] literal with each word quoted for SQL."""
    return "ARRAY[" + ",".join("'" + w.replace("'", "''") + "'" for w in words) + "]::text[]"


def signatures(letter, count, *, kind=Signature.Kind.INDIVIDUAL, status="approved",
               visibility="public", prefix="", emails=False, start=0):  # fmt: skip
    """`count` signatures on `letter` in one statement; names unique, in every kind of order."""
    now = timezone.now()
    if kind == Signature.Kind.INDIVIDUAL:
        parts = (FIRST, FIRST, LAST, LAST)  # 608,400 combinations: few namesakes
    else:
        parts = (ORG_WORDS, ORG_TOPICS, LAST)
    # A permutation of the row numbers (7919 is prime to 1,000,003), read as digits in
    # mixed radix: each combination of words is used about as often as the others.
    spread = "((g::bigint * 7919) %% 1000003)"

    def words(arrays):
        picked, radix = [], 1
        for array, vocabulary in zip(arrays, parts, strict=True):
            picked.append(f"({array})[1 + ({spread} / {radix}) %% {len(vocabulary)}]")
            radix *= len(vocabulary)
        return " || ' ' || ".join(picked)

    arrays = [_sql_array(p) for p in parts]
    folded_arrays = [_sql_array([fold(w) for w in p]) for p in parts]
    name = f"{words(arrays)} || ' {prefix}' || g"
    folded = f"{words(folded_arrays)} || ' {fold(prefix)}' || g"
    role = _sql_array(ROLES) if kind == Signature.Kind.INDIVIDUAL else "ARRAY['']::text[]"
    overrides = {
        "public_id": "gen_random_uuid()",
        "letter_id": str(int(letter.pk)),
        "kind": f"'{kind}'",
        "name": name,
        "sort_name": f"{folded} || chr(1) || {name}",
        "title": f"({role})[1 + (g * 5) %% cardinality({role})]",
        "country": "(ARRAY['MX','US','GT','HN','SV','CO','AR','ES',''])[1 + g %% 9]",
        "status": f"'{status}'",
        "visibility": f"'{visibility}'",
        "origin": "'form'",
        "language": "'es'",
        "email": "'bench' || g || '-" + kind[:3] + "@example.org'" if emails else "''",
        "created_at": "%s::timestamptz - (g || ' seconds')::interval",
        "updated_at": "%s::timestamptz",
        "decided_at": "%s::timestamptz" if status == "approved" else "NULL",
    }
    columns, expressions, params = _defaults(Signature, overrides)
    # Parameters appear in column order: fill the three timestamps where they fall.
    ordered = []
    defaults = iter(params)
    for column, expression in zip(columns, expressions, strict=True):
        bare = column.strip('"')
        if bare in ("created_at", "updated_at") or (bare == "decided_at" and status == "approved"):
            ordered.append(now)
        elif expression == "%s":
            ordered.append(next(defaults))
    # Built from the model and constants only, no outside input.
    table, names, values = Signature._meta.db_table, ", ".join(columns), ", ".join(expressions)
    sql = f"INSERT INTO {table} ({names}) SELECT {values} FROM generate_series(%s, %s) g"  # noqa: S608
    ordered += [start + 1, start + count]
    with connection.cursor() as cursor:
        cursor.execute(sql, ordered)


def networks(letter, count, *, members=12, link_every=4):
    """`count` approved network signatures, each with `members` members.

    Every `link_every`-th member organization is linked to an organization's own
    signature on the letter (so counts must dedupe it), and one organization in
    ten declares itself a member of a network ("as a member of").
    """
    rng = random.Random(6)
    organizations = list(
        Signature.objects.filter(letter=letter, kind=Signature.Kind.ORGANIZATION).values_list(
            "pk", "name"
        )[: count * members]
    )
    made = []
    for number in range(1, count + 1):
        name = f"Red {rng.choice(ORG_TOPICS)} {rng.choice(LAST)} {letter.pk}.{number}"
        network = Network.objects.create(name=name)
        made.append(
            Signature(
                letter=letter,
                kind=Signature.Kind.NETWORK,
                network=network,
                name=name,
                acronym=f"R{number}",
                status=Signature.Status.APPROVED,
                decided_at=timezone.now(),
            )  # fmt: skip
        )
    for signature in made:
        signature.save()
    rows = []
    for index, network in enumerate(made):
        for position in range(1, members + 1):
            linked = organizations and position % link_every == 0
            if linked:
                pk, org_name = organizations[(index * members + position) % len(organizations)]
                rows.append(
                    Member(
                        network_signature=network, position=position, name=org_name, signature_id=pk
                    )  # fmt: skip
                )
            elif position % 3 == 0:
                person = f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}-{position}"
                rows.append(
                    Member(
                        network_signature=network,
                        position=position,
                        name=person,
                        kind=Member.Kind.PERSON,
                        role=rng.choice(ROLES),
                    )  # fmt: skip
                )
            else:
                rows.append(
                    Member(
                        network_signature=network,
                        position=position,
                        name=f"Colectivo {rng.choice(ORG_TOPICS)} {index}-{position}",
                    )  # fmt: skip
                )
    Member.objects.bulk_create(rows, batch_size=5000)
    through = Signature.member_of.through
    declared = [
        through(signature_id=pk, network_id=made[i % len(made)].network_id)
        for i, (pk, _name) in enumerate(organizations[::10])
    ]
    through.objects.bulk_create(declared, batch_size=5000)
    return made


def public_letter(slug, *, organizations=5_000, networks_count=200, individuals=94_800):
    """The letter-page scenario's letter: 100,000 approved, public signatures by default."""
    created = letter(slug)
    signatures(created, organizations, kind=Signature.Kind.ORGANIZATION)
    networks(created, networks_count)
    signatures(created, individuals)
    return created
