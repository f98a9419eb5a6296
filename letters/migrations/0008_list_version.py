"""The letter's list version, kept by the database (letters.listversion).

Statement-level triggers with transition tables: one bump per statement, however
many rows it touched, and the letters' rows locked in the order of their ids so
that two transactions never wait on each other in a circle.
"""

from django.db import migrations, models

# One trigger per event: a trigger with transition tables fires for one event only.
EVENTS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def create_triggers(table, function, argument="", events=EVENTS):
    """SQL for the triggers that call `function` after each statement on `table`."""
    return "\n".join(
        f"CREATE TRIGGER {table}_list_{event.lower()} AFTER {event} ON {table} {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}({argument});"
        for event, referencing in events.items()
    )


def drop_triggers(table):
    return "\n".join(
        f"DROP TRIGGER IF EXISTS {table}_list_{event.lower()} ON {table};" for event in EVENTS
    )


BUMP = """
CREATE FUNCTION firmas_bump_list_versions(letter_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO letters_listversion AS v (letter_id, version, changed_at)
    SELECT id, 1, clock_timestamp() FROM letters_letter WHERE id = ANY(letter_ids) ORDER BY id
    ON CONFLICT (letter_id) DO UPDATE SET version = v.version + 1, changed_at = clock_timestamp();
$$;
"""

# A letter written bumps its own version; a letter deleted takes its row with it.
LETTERS = """
CREATE FUNCTION firmas_list_of_letters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM letters_listversion WHERE letter_id IN (SELECT id FROM old_rows);
    ELSE
        PERFORM firmas_bump_list_versions(ARRAY(SELECT id FROM new_rows));
    END IF;
    RETURN NULL;
END $$;
"""

# Rows that carry a letter_id: the letters of the rows before and after.
LETTER_PARTS = """
CREATE FUNCTION firmas_list_of_letter_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM firmas_bump_list_versions(ARRAY(SELECT letter_id FROM old_rows));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM firmas_bump_list_versions(ARRAY(SELECT letter_id FROM new_rows));
    END IF;
    RETURN NULL;
END $$;
"""

PARTS = ["letters_letterversion", "letters_letterrevision", "letters_delivery"]

FORWARD = "\n".join(
    [
        BUMP,
        LETTERS,
        LETTER_PARTS,
        create_triggers("letters_letter", "firmas_list_of_letters"),
        *(create_triggers(table, "firmas_list_of_letter_parts") for table in PARTS),
        # Every letter there is gets its row.
        "SELECT firmas_bump_list_versions(ARRAY(SELECT id FROM letters_letter));",
    ]
)
BACKWARD = "\n".join(
    [
        drop_triggers("letters_letter"),
        *(drop_triggers(table) for table in PARTS),
        "DROP FUNCTION IF EXISTS firmas_list_of_letter_parts();",
        "DROP FUNCTION IF EXISTS firmas_list_of_letters();",
        "DROP FUNCTION IF EXISTS firmas_bump_list_versions(bigint[]);",
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0007_letterevent_actions_merged"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListVersion",
            fields=[
                ("letter_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
                ("changed_at", models.DateTimeField()),
            ],
            options={"db_table": "letters_listversion"},
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
