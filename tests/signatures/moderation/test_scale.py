"""The queue with 100,000 signatures: the number of queries does not grow with the rows."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from signatures.duplicate_keys import with_keys
from signatures.models import Member, Network, Signature
from signatures.names import sort_key
from tests.factories import copy_rows
from tests.signatures.moderation.helpers import queue_url

# Minutes of building: `make test` runs it, `make test-quick` leaves it out.
pytestmark = pytest.mark.scale

BIG = 100_000
SMALL = 50
COUNTRIES = ["MX", "GT", "HN", "SV", "US", "CO", "EC", "AR"]
STATUSES = ["pending"] * 6 + ["approved"] * 3 + ["unconfirmed"]

# Names shaped like the sample's, in 100,000 combinations.
KINDS_OF_GROUP = (
    "Centro", "Casa", "Red", "Colectivo", "Fundación", "Asociación", "Instituto", "Comité",
    "Coalición", "Observatorio", "Servicio", "Movimiento", "Iniciativa", "Alianza", "Frente",
    "Clínica", "Programa", "Albergue", "Proyecto", "Unión",
)  # fmt: skip
PURPOSES = (
    "de Derechos Humanos", "para las Mujeres", "del Migrante", "de Apoyo Mutuo",
    "de Estudios Sociales", "de Defensa Legal", "por la Justicia", "de Acompañamiento",
    "Comunitario", "Ciudadano", "de Atención Integral", "Jurídico", "de Mujeres Indígenas",
    "por la Dignidad", "de Familias Migrantes", "de la Niñez", "Pastoral", "Campesino",
    "de Trabajadoras", "Ecuménico", "de Salud", "de Refugiados", "Solidario", "Juvenil",
    "por la Paz",
)  # fmt: skip
PLACES = (
    "Saltillo", "Tapachula", "Tijuana", "Oaxaca", "Chiapas", "Guerrero", "Puebla", "Veracruz",
    "Sonora", "Chihuahua", "Quito", "Lima", "Bogotá", "Medellín", "San Salvador", "Tegucigalpa",
    "Managua", "Guatemala", "Xela", "Cobán", "Monterrey", "Reynosa", "Matamoros", "Juárez",
    "Mexicali", "Nogales", "Tucson", "El Paso", "San Diego", "Houston", "Chicago", "Nueva York",
    "Los Ángeles", "Miami", "Caracas", "Cúcuta", "Santiago", "Buenos Aires", "Rosario",
    "Montevideo", "Asunción", "La Paz", "Cochabamba", "Cusco", "Arequipa", "Cali", "Pasto",
    "Ibarra", "Cuenca", "Loja",
)  # fmt: skip
FORMS = ("", " A.C.", " I.A.P.", " del Norte", " del Sur", " Regional", " Nacional", " Frontera")
FIRST = ("Ana", "Luis", "María", "José", "Xóchitl", "Brenda", "Elba", "Manuel", "Gloria", "Iván")


def organization_name(n):
    group = KINDS_OF_GROUP[n % len(KINDS_OF_GROUP)]
    purpose = PURPOSES[(n // len(KINDS_OF_GROUP)) % len(PURPOSES)]
    place = PLACES[(n // 500) % len(PLACES)]
    form = FORMS[(n // 25_000) % len(FORMS)]
    return f"{group} {purpose} {place}{form}"


def build(letter, numbers, network):
    """Signatures in bulk (COPY), one per number, their own duplicate keys computed as written.

    Numbers 25,000 apart give one name with and without a legal form ("A.C."): the
    duplicates a real list has.
    """
    rows = []
    for n in numbers:
        kind = "individual" if n % 10 == 0 else "organization"
        if kind == "individual":
            name = f"{FIRST[n % len(FIRST)]} Apellido{n}"
        elif n % 97 == 0:
            name = "".join(word[0] for word in organization_name(n + 1).split()).upper()
        else:
            name = organization_name(n)
        rows.append(
            with_keys(
                Signature(
                    letter=letter,
                    kind=kind,
                    name=name,
                    acronym=f"OC{n}" if n % 7 == 0 and kind == "organization" else "",
                    country=COUNTRIES[n % len(COUNTRIES)],
                    email=f"firma{n}@example.org",
                    contact_name=f"Contacto {n}",
                    status=STATUSES[n % len(STATUSES)],
                    language="es" if n % 2 else "en",
                    sort_name=sort_key(name),
                )
            )
        )
    for row, pk in zip(rows, copy_rows(Signature, rows), strict=True):
        row.pk = pk
    # Every 100th organization declares the network; one network lists a few.
    declared = [s for s in rows[::100] if s.kind == "organization"]
    Signature.member_of.through.objects.bulk_create(
        Signature.member_of.through(signature_id=s.pk, network_id=network.pk) for s in declared
    )
    listing = Signature.objects.create(
        letter=letter, kind="network", name="Red Regional", network=network, status="pending"
    )
    Member.objects.bulk_create(
        Member(network_signature=listing, position=i, name=s.name, signature=s)
        for i, s in enumerate(declared[:20], start=1)
    )


@pytest.fixture(scope="module", autouse=True)
def statistics_given_back(django_db_setup, django_db_blocker):
    """The test's ANALYZE writes the planner's statistics in place, and its rollback
    does not take them back: once the module is over, the table is analyzed again as
    it is, so that no later test is planned for 100,000 rows that are gone."""
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("ANALYZE signatures_signature")


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES = [
    {},
    {"status": "all", "order": "name"},
    {"status": "approved", "order": "newest"},
    {"status": "all", "q": "derechos humanos saltillo", "kind": "organization"},
    {"status": "pending", "country": "MX", "language": "es", "visibility": "public"},
    {"status": "all", "network": "NETWORK"},
    {"status": "all", "duplicates": "on"},
]


@pytest.mark.django_db
def test_the_queue_makes_no_more_queries_with_100000_signatures_than_with_50(
    as_user, moderator, letter, other_letter, make_letter, monkeypatch
):
    from letters.models import LetterRole
    from signatures.public import caching

    # The large letter's counts, cached on its first view, stay valid through the test.
    monkeypatch.setattr(caching, "RECOMPUTE_SECONDS", 10**9)

    network = Network.objects.create(name="Red Regional")
    build(other_letter, [*range(SMALL // 2), *range(25_000, 25_000 + SMALL // 2)], network)
    LetterRole.objects.create(letter=other_letter, user=moderator, role="moderator")
    started = time.perf_counter()
    build(letter, range(BIG), network)
    print(f"\nbuilt {BIG} signatures in {time.perf_counter() - started:.1f} s")
    client = as_user(moderator)
    for target in (letter, other_letter):
        started = time.perf_counter()
        client.get(queue_url(target))  # the first view links acronyms and names
        print(f"first view of {target.slug}: {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load; the planner needs the statistics.
        cursor.execute("ANALYZE signatures_signature")

    for params in PAGES:
        params = {k: (network.pk if v == "NETWORK" else v) for k, v in params.items()}
        # Once seen, as a moderator moving between pages sees them: the first view of
        # a filter's bar renders it and keeps it in the cache (a few queries more).
        client.get(queue_url(other_letter, **params))
        client.get(queue_url(letter, **params))
        small = query_count(client, queue_url(other_letter, **params))
        started = time.perf_counter()
        big = query_count(client, queue_url(letter, **params))
        elapsed = time.perf_counter() - started
        print(f"{params}: {big} queries with {BIG} rows, {small} with {SMALL}; {elapsed:.3f} s")
        # A large letter's unfiltered counts come from the cache (moderation.tab_counts):
        # one query fewer than a small letter's, which is counted on each visit.
        assert big <= small <= big + 1
        # 19 in production; here, inside the test's transaction, the two planner.few_rows
        # blocks each add a savepoint and give their settings back. Far below one a row.
        assert big <= 24

    # Deep in the list: a later page costs what the first one does.
    page = client.get(queue_url(letter, status="all", order="name"))
    after = page.context["page"].next_after
    assert after
    deep = query_count(client, queue_url(letter, status="all", order="name", after=after))
    first = query_count(client, queue_url(letter, status="all", order="name"))
    assert deep == first + 1  # the cursor row's own values
