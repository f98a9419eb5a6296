"""The "Organizers" group, which holds `letters.add_letter`: who may start letters.

Django makes permissions after every migration has run (post_migrate), so on a new
database `add_letter` does not exist yet here: create_permissions makes it first.
"""

from django.db import migrations

GROUP = "Organizers"


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    letters = apps.get_app_config("letters")
    letters.models_module = True  # create_permissions skips apps it thinks have no models
    create_permissions(letters, apps=apps, verbosity=0)
    letters.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="letters", codename="add_letter")
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("letters", "0005_people_and_delivery_answers"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
