from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("directory_search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Directory moderators").first()
    if moderators is None:
        return
    moderators.permissions.add(*Permission.objects.filter(
        content_type__app_label="directory_search",
        codename__in=["add_synonym", "change_synonym", "delete_synonym"],
    ))


class Migration(migrations.Migration):
    dependencies = [
        ("directory_search", "0002_seed_synonyms"),
        ("directory", "0003_roles_and_review"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
