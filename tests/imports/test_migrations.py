"""Runs imported before uploads were kept as files keep their files and their problems."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from imports.models import ImportRun

BEFORE = [("imports", "0003_section_is_any_meeting_section")]
AFTER = [("imports", "0005_no_contents_in_rows")]


@pytest.mark.django_db(transaction=True)
def test_each_runs_text_moves_to_a_file_and_its_problems_are_capped(settings):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("imports", "ImportRun")
    text = '[{"name": "Café Serenity", "day": 2, "time": "19:00"}]'
    problems = [{"where": f"line {n}", "name": "", "reason": "No day."} for n in range(600)]
    kept = old.objects.create(source="intergroup.json", content=text, problems=problems)
    empty = old.objects.create(source="broken.csv", content="", status="rejected", error="Empty.")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    run = ImportRun.objects.get(pk=kept.pk)
    assert (settings.IMPORTS_ROOT / run.upload.name).read_text() == text
    assert run.problems_total == 600
    assert len(run.problems) == 500
    assert not ImportRun.objects.get(pk=empty.pk).upload
