"""Audit trails and delivered lists are append-only (security review, finding 13).

The database refuses to delete a row of the letters' and signatures' audit trails,
the export records or a delivery, and refuses every change to them but two: the
actor set to nobody when their account is deleted, and a private value replaced by
the erased mark when contacts are purged (signatures.retention). Django refuses
first, with a clear message: the letter or signature they belong to is PROTECTed.
"""

import django.db.models.deletion
from django.db import migrations, models


# The one function behind every table's trigger. Row by row, so that a bulk statement
# cannot slip a single row through.
KEEP_HISTORY = r"""
CREATE FUNCTION firmas_history_is_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'history is kept: % rows are never deleted (id %)', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    new_row := to_jsonb(NEW);
    IF (new_row - 'actor_id' - 'changes') IS DISTINCT FROM (old_row - 'actor_id' - 'changes')
       -- The actor only ever becomes nobody (their account was deleted).
       OR (new_row -> 'actor_id' <> 'null'::jsonb
           AND new_row -> 'actor_id' IS DISTINCT FROM old_row -> 'actor_id')
       -- Changes keep their fields; a changed value only ever becomes the erased mark.
       OR (new_row -> 'changes' IS DISTINCT FROM old_row -> 'changes' AND (
           jsonb_typeof(new_row -> 'changes') <> 'object'
           OR jsonb_typeof(old_row -> 'changes') <> 'object'
           OR ARRAY(SELECT jsonb_object_keys(new_row -> 'changes') ORDER BY 1)
              <> ARRAY(SELECT jsonb_object_keys(old_row -> 'changes') ORDER BY 1)
           OR EXISTS (
               SELECT FROM jsonb_each(new_row -> 'changes') AS field
               WHERE field.value IS DISTINCT FROM old_row -> 'changes' -> field.key
                 AND field.value <> '["[erased]", "[erased]"]'::jsonb)))
    THEN
        RAISE EXCEPTION 'history is kept: % rows never change (id %)', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
"""


def keep_history(table):
    """SQL for the trigger that keeps `table`'s rows as they were written."""
    return (
        f"CREATE TRIGGER {table}_history_kept BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION firmas_history_is_kept();"
    )


def forget_history(table):
    return f"DROP TRIGGER IF EXISTS {table}_history_kept ON {table};"


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0009_invitation_role"),
    ]

    operations = [
        migrations.AlterField(
            model_name="delivery",
            name="letter",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="delivery",
                to="letters.letter",
            ),
        ),
        migrations.AlterField(
            model_name="letterevent",
            name="letter",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="letters.letter",
            ),
        ),
        migrations.RunSQL(
            sql=KEEP_HISTORY
            + keep_history("letters_letterevent")
            # The delivered list already refuses UPDATE (0002); now DELETE too, and only
            # this trigger speaks for it.
            + "DROP TRIGGER letters_delivery_frozen ON letters_delivery;"
            + keep_history("letters_delivery"),
            reverse_sql=forget_history("letters_delivery")
            + forget_history("letters_letterevent")
            + "DROP FUNCTION firmas_history_is_kept();"
            + "CREATE TRIGGER letters_delivery_frozen BEFORE UPDATE ON letters_delivery "
            + "FOR EACH ROW EXECUTE FUNCTION letters_delivery_is_frozen();",
        ),
    ]
