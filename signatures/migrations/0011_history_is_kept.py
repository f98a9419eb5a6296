"""The signatures' audit trail and the export records are append-only (security review,
finding 13): the trigger letters 0010 defines, on these tables too."""

import importlib

import django.db.models.deletion
from django.db import migrations, models


# The trigger's SQL, as letters 0010 wrote it (a migration's module name starts with a digit).
_letters = importlib.import_module("letters.migrations.0010_history_is_kept")
keep_history, forget_history = _letters.keep_history, _letters.forget_history


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0010_history_is_kept"),
        ("signatures", "0010_list_version_triggers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="exportrecord",
            name="letter",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="export_records",
                to="letters.letter",
            ),
        ),
        migrations.AlterField(
            model_name="signatureevent",
            name="signature",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="signatures.signature",
            ),
        ),
        migrations.RunSQL(
            sql=keep_history("signatures_signatureevent") + keep_history("signatures_exportrecord"),
            reverse_sql=forget_history("signatures_exportrecord")
            + forget_history("signatures_signatureevent"),
        ),
    ]
