# The problem-report app was called "reports" until it was named for what it
# holds. A site that ran it under the old name keeps its reports: the table and
# the content type (with the permissions on it) are taken over; a new site gets
# a new table.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from directory.model_moves import move_content_type

OLD_TABLE = "reports_problemreport"


def adopt_or_create(apps, schema_editor):
    model = apps.get_model("problem_reports", "ProblemReport")
    if OLD_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.alter_db_table(model, OLD_TABLE, model._meta.db_table)
    else:
        schema_editor.create_model(model)


def drop(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("problem_reports", "ProblemReport"))


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0005_listing_timezone"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ProblemReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(choices=[('wrong_time', 'Wrong time or day'), ('wrong_place', 'Wrong address or place'), ('closed', 'The meeting or service has closed'), ('broken_contact', "Online link or phone doesn't work"), ('other', 'Something else')], max_length=20, verbose_name='what is wrong')),
                        ('details', models.TextField(max_length=2000, verbose_name='details')),
                        ('contact', models.CharField(blank=True, help_text='Given only by people who want a reply.', max_length=200, verbose_name='contact')),
                        ('status', models.CharField(choices=[('new', 'New'), ('in_progress', 'In progress'), ('resolved', 'Resolved'), ('dismissed', 'Dismissed')], db_index=True, default='new', max_length=20, verbose_name='status')),
                        ('staff_note', models.TextField(blank=True, help_text='For staff only; never shown on the site.', verbose_name='staff note')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='received')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by')),
                        ('listing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='problem_reports', to='directory.listingpage', verbose_name='listing')),
                    ],
                    options={
                        'verbose_name': 'problem report',
                        'verbose_name_plural': 'problem reports',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
            ],
        ),
        migrations.RunPython(adopt_or_create, drop),
        move_content_type("problemreport", "reports", "problem_reports"),
    ]
