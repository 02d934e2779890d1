"""Uploaded meeting lists move out of the run's row into files under IMPORTS_ROOT,
and a run keeps at most its first 500 problems, with the count of all. The
next migration drops the old column, in a transaction of its own."""

from django.core.files.base import ContentFile
from django.db import migrations, models

import imports.models
import imports.storage


def move_contents_to_files(apps, schema_editor):
    ImportRun = apps.get_model("imports", "ImportRun")
    storage = imports.storage.imports_storage
    for run in ImportRun.objects.exclude(content="").iterator(chunk_size=10):
        name = imports.models.upload_path(run, f"run-{run.pk}.txt")
        run.upload = storage.save(name, ContentFile(run.content.encode()))
        run.problems_total = len(run.problems)
        run.problems = run.problems[:500]
        run.save(update_fields=["upload", "problems_total", "problems"])


def move_files_back(apps, schema_editor):
    ImportRun = apps.get_model("imports", "ImportRun")
    storage = imports.storage.imports_storage
    for run in ImportRun.objects.exclude(upload="").iterator(chunk_size=10):
        with storage.open(run.upload.name, "rb") as upload:
            run.content = upload.read().decode("utf-8-sig")
        run.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("imports", "0003_section_is_any_meeting_section")]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="problems_total",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importrun",
            name="upload",
            field=models.FileField(
                blank=True,
                max_length=300,
                storage=imports.storage.imports_storage,
                upload_to=imports.models.upload_path,
                verbose_name="file",
            ),
        ),
        migrations.RunPython(move_contents_to_files, move_files_back),
    ]
