"""Keys are no longer computed by the moderation queue's first visit: the letters
with stale keys get them from the task worker instead, once."""

from django.db import migrations


def queue_refreshes(apps, schema_editor):
    from signatures.duplicate_keys import refresh_letter_keys

    Signature = apps.get_model("signatures", "Signature")
    stale = Signature.objects.filter(match_keys_stale=True)
    for letter_id in stale.order_by().values_list("letter_id", flat=True).distinct():
        refresh_letter_keys.enqueue(letter_id)


class Migration(migrations.Migration):
    dependencies = [
        ("signatures", "0006_ratecount"),
        # The task queue's table as the installed django-tasks writes it.
        ("django_tasks_database", "__latest__"),
    ]

    operations = [migrations.RunPython(queue_refreshes, migrations.RunPython.noop)]
