"""The sample letter, imported, shows every signatory of its list in the delivery order."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from signatures.importing.letter import parse_letter
from signatures.names import sort_key
from tests.pages import entries

SAMPLE = Path(settings.BASE_DIR) / "samples" / "mexico-asylum-letter-2023-12-18.txt"
SLUG = "mexico-asylum-letter-2023-12-18"

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_page(client):
    call_command("import_letter", str(SAMPLE), slug=SLUG, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return client.get(reverse("public:letter", args=[SLUG]), HTTP_ACCEPT_LANGUAGE="en")


# The shared sample's SHA-256, taken when it was copied into samples/.
SAMPLE_SHA256 = "53e3e3acd175177fc14c87070e1a226d9bf9fe627454e557a4a2aff611a019e8"


def test_the_sample_copy_is_the_shared_sample_unaltered():
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() == SAMPLE_SHA256
    # Beside a checkout that has the shared folder, the two are also compared whole.
    shared = Path(settings.BASE_DIR).parent / "shared" / "samples" / SAMPLE.name
    if shared.exists():
        assert SAMPLE.read_bytes() == shared.read_bytes()


def test_every_signatory_of_the_sample_appears_in_delivery_order(sample_page):
    parsed = parse_letter(SAMPLE.read_text(encoding="utf-8"))
    listed = entries(sample_page)
    organizations = [e for e in parsed.entries if e.kind != "individual"]
    individuals = [e for e in parsed.entries if e.kind == "individual"]

    assert len(listed) == len(organizations) + len(individuals) == 32
    org_lines, individual_lines = listed[: len(organizations)], listed[len(organizations) :]
    # Organizations and networks in one list, alphabetical ignoring accents and case.
    heads = [line.split(": ", 1)[0] for line in org_lines]
    assert heads == sorted(heads, key=sort_key)
    assert heads[:3] == [
        "Alianza Americas",
        "Bloque Latinoamericano sobre Migración",
        "Center for Gender & Refugee Studies (CGRS)",
    ]
    assert heads[-1] == "Witness at the Border EEUU"
    # Each network is followed by all its members, in the network's own order.
    for entry in organizations:
        if entry.kind != "network":
            continue
        line = next(line for line in org_lines if line.startswith(entry.name))
        members_text = line.split(": ", 1)[1]
        position = 0
        for member in entry.members:
            found = members_text.find(member.name, position)
            assert found >= position, f"{member.name!r} missing or out of order in {entry.name}"
            position = found + len(member.name)
    assert individual_lines == sorted(individual_lines, key=sort_key)
    assert individual_lines[0] == "Alexandra Hunt"
    assert individual_lines[-1] == "Xóchitl Rodríguez Quintero"


def test_the_sample_networks_use_the_separator_rule(sample_page):
    lines = dict(line.split(": ", 1) for line in entries(sample_page) if ": " in line)

    gtpm = lines["Grupo de Trabajo Sobre Política Migratoria-GTPM"]
    assert gtpm.startswith("Aldeas Infantiles SOS México, I.A.P.; Alianza Américas; ")
    assert gtpm.endswith(
        "IDC International Detention Coalition (Observadoras); "
        "Melissa Vertiz Hernández, Secretaria Técnica"
    )
    # GIE lists "Instituto Para las Mujeres en la Migración, AC (IMUMI)": a comma, so "; ".
    assert "; Migrantólogos" in lines["Grupo de Identidad y Educación (GIE)"]
    # Bloque has commas inside names too (Cristosal's tagline), so it uses "; " as well.
    assert lines["Bloque Latinoamericano sobre Migración"].startswith(
        "Centro de Estudios Legales y Sociales (CELS); Comisión Argentina"
    )


def test_the_sample_count_counts_each_organization_once(sample_page):
    count = sample_page.context["count"]

    # 17 standalone + 3 networks + 95 member organizations, less the 16 that are the
    # same organization seen twice (11 members linked to a standalone signature,
    # and members repeated across networks, e.g. CAFAMI, Casa del Migrante Saltillo).
    assert count.organizations == 99
    # 12 individuals and 7 people listed by networks.
    assert count.individuals == 19
    assert "99 organizations" in sample_page.content.decode()
