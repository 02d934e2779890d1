from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("directory_search", "SearchGeneration").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("directory_search", "0006_sql_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "search generation",
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
