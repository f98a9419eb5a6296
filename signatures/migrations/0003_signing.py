# Adds what signing needs. public_id is added in three steps (the recipe in Django's
# docs for unique fields) so that every existing signature gets its own UUID.

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('signatures', '0002_exportrecord'),
    ]

    operations = [
        migrations.AddField(
            model_name='signature',
            name='contact_role',
            field=models.CharField(blank=True, max_length=200, verbose_name="contact's role"),
        ),
        migrations.AddField(
            model_name='signature',
            name='email_language',
            field=models.CharField(blank=True, choices=[('es', 'Spanish'), ('en', 'English')], max_length=8, verbose_name='language for emails'),
        ),
        migrations.AddField(
            model_name='signature',
            name='member_of',
            field=models.ManyToManyField(blank=True, related_name='declared_members', to='signatures.network', verbose_name='member of networks'),
        ),
        migrations.AddField(
            model_name='signature',
            name='public_id',
            field=models.UUIDField(editable=False, null=True, verbose_name='public id'),
        ),
        migrations.RunSQL(
            "UPDATE signatures_signature SET public_id = gen_random_uuid() WHERE public_id IS NULL",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='signature',
            name='public_id',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='public id'),
        ),
    ]
