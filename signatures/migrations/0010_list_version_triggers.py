"""The signatures' side of the letter's list version (letters/0008_list_version).

A new signature changes the public list only once approved; every other write to a
signature, its members, its "member of" links or a network bumps the letters the
rows belong to, before and after.
"""

import importlib

from django.db import migrations

letters_0008 = importlib.import_module("letters.migrations.0008_list_version")
create_triggers, drop_triggers = letters_0008.create_triggers, letters_0008.drop_triggers

SIGNATURES = """
CREATE FUNCTION firmas_list_of_signatures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM firmas_bump_list_versions(
            ARRAY(SELECT letter_id FROM new_rows WHERE status = 'approved'));
        RETURN NULL;
    END IF;
    PERFORM firmas_bump_list_versions(ARRAY(SELECT letter_id FROM old_rows));
    IF TG_OP = 'UPDATE' THEN
        PERFORM firmas_bump_list_versions(ARRAY(SELECT letter_id FROM new_rows));
    END IF;
    RETURN NULL;
END $$;
"""

# Rows that point at a signature, in the column the trigger names: its letter's.
SIGNATURE_PARTS = """
CREATE FUNCTION firmas_list_of_signature_parts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        ids := ARRAY(SELECT (to_jsonb(r) ->> TG_ARGV[0])::bigint FROM old_rows r);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        ids := ids || ARRAY(SELECT (to_jsonb(r) ->> TG_ARGV[0])::bigint FROM new_rows r);
    END IF;
    PERFORM firmas_bump_list_versions(
        ARRAY(SELECT letter_id FROM signatures_signature WHERE id = ANY(ids)));
    RETURN NULL;
END $$;
"""

# A network renamed or removed: the letters where it is a signature's network or a
# "member of" link.
NETWORKS = """
CREATE FUNCTION firmas_list_of_networks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM firmas_bump_list_versions(ARRAY(
        SELECT s.letter_id FROM signatures_signature s
        WHERE s.network_id IN (SELECT id FROM old_rows)
           OR s.id IN (SELECT m.signature_id FROM signatures_signature_member_of m
                       WHERE m.network_id IN (SELECT id FROM old_rows))));
    RETURN NULL;
END $$;
"""

NETWORK_EVENTS = {event: letters_0008.EVENTS[event] for event in ("UPDATE", "DELETE")}

FORWARD = "\n".join(
    [
        SIGNATURES,
        SIGNATURE_PARTS,
        NETWORKS,
        create_triggers("signatures_signature", "firmas_list_of_signatures"),
        create_triggers(
            "signatures_member", "firmas_list_of_signature_parts", "'network_signature_id'"
        ),
        create_triggers(
            "signatures_signature_member_of", "firmas_list_of_signature_parts", "'signature_id'"
        ),
        create_triggers("signatures_network", "firmas_list_of_networks", events=NETWORK_EVENTS),
    ]
)
BACKWARD = "\n".join(
    [
        *(
            drop_triggers(table)
            for table in (
                "signatures_signature",
                "signatures_member",
                "signatures_signature_member_of",
                "signatures_network",
            )
        ),
        "DROP FUNCTION IF EXISTS firmas_list_of_networks();",
        "DROP FUNCTION IF EXISTS firmas_list_of_signature_parts();",
        "DROP FUNCTION IF EXISTS firmas_list_of_signatures();",
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0008_list_version"),
        ("signatures", "0009_signature_revision"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
