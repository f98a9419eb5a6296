import django.db.models.deletion
from django.db import migrations, models

TEXT_FIELDS = ("title", "recipients", "recipient", "body", "closing")


def give_existing_signatures_their_text(apps, schema_editor):
    """Every letter's text as it is now becomes its first revision, and the text its
    signers were given: nothing recorded which text they read before."""
    Letter = apps.get_model("letters", "Letter")
    LetterRevision = apps.get_model("letters", "LetterRevision")
    Signature = apps.get_model("signatures", "Signature")
    for letter in Letter.objects.all().iterator():
        texts = {
            version["language"]: {name: version[name] for name in TEXT_FIELDS}
            for version in letter.versions.values("language", *TEXT_FIELDS)
        }
        revision, _created = LetterRevision.objects.get_or_create(
            letter=letter, number=1, defaults={"texts": texts}
        )
        Signature.objects.filter(letter=letter, revision__isnull=True).update(revision=revision)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0004_authoring"),
        ("signatures", "0008_import_batches"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="revision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="signatures",
                to="letters.letterrevision",
                verbose_name="text signed",
            ),
        ),
        migrations.RunPython(give_existing_signatures_their_text, migrations.RunPython.noop),
    ]
