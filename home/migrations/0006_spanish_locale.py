from django.db import migrations


def add_spanish(apps, schema_editor):
    """The site speaks Spanish as well as English: Wagtail needs a locale for it, where
    translated pages will live."""
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="es")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_crisis_line_in_spanish"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(add_spanish, migrations.RunPython.noop)]
