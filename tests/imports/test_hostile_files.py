"""Files made to hurt: they are refused with words staff can act on, and stay small to keep.

JSON nested past any reader's depth, NUL characters, a file of nothing but
broken rows; uploads kept as files and out of every run's row.
"""

import io
import json

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from directory.models import Location, MeetingPage, Organization
from imports import runs
from imports.models import ImportRun
from tests.factories import LocationFactory, OrganizationFactory
from tests.imports.conftest import feed, meeting, snapshot
from tests.imports.test_admin import INDEX, upload
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def check(data, section, source="meetings.json"):
    run = runs.receive(data, source=source, section=section)
    runs.check(run)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'[{"name": "Deep", "types": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]",
        b'[{"slug": "ok", "name": "First"}, ' + b"{" + b'"a":{' * 100_000 + b"}" * 100_001 + b"]",
    ],
    ids=["a-list-of-lists", "a-field", "the-second-meeting"],
)
def test_json_nested_past_any_depth_is_a_file_problem(section, data):
    before = snapshot()
    run = check(data, section)
    assert run.status == ImportRun.Status.REJECTED
    assert "nests lists or objects inside each other too deeply" in run.error
    assert "Meeting " in run.error and "(line 1)" in run.error
    assert snapshot() == before


def test_a_nul_byte_is_a_file_problem(section):
    data = b"Name,Day,Time,Address,City,State,Postal Code\nHope,2,19:00,1 Main St,Denver,CO,80205\n"
    data += b"Fa\x00ith,3,19:00,1 Main St,Denver,CO,80205\n"
    before = snapshot()
    run = check(data, section, source="meetings.csv")
    assert run.status == ImportRun.Status.REJECTED
    assert "NUL character (byte 0) on line 3" in run.error
    assert "CSV UTF-8" in run.error
    assert not MeetingPage.objects.exists()
    assert snapshot() == before


def test_a_nul_written_as_an_escape_in_json_is_a_file_problem(section):
    run = check(feed(meeting("a"), meeting("b", name="Fa\u0000ith")), section)
    assert run.status == ImportRun.Status.REJECTED
    assert "Meeting 2" in run.error
    assert "NUL character" in run.error
    assert not MeetingPage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_keeps_its_first_500_problems_and_counts_them_all(admin_client, section):
    rows = 2_000
    data = ("[" + ",".join(["{}"] * rows) + "]").encode()
    response = upload(admin_client, data, section)
    assert response.status_code == 200
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED
    assert run.problems_total == rows
    assert len(run.problems) == ImportRun.MAX_STORED_PROBLEMS
    assert run.problems[0]["where"].startswith("meeting 1 ")
    assert run.summary["rejected"] == rows
    page = admin_client.get(f"{INDEX}{run.pk}/").content.decode()
    assert f"The first 500 of {rows} problems." in " ".join(page.split())
    assert page.count("<tr><td>meeting ") == 500


def test_the_command_says_how_many_more_problems_there_are(section, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("[" + ",".join(["{}"] * 600) + "]")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_meetings", str(path), stdout=io.StringIO(), stderr=errors)
    assert "… and 100 more problems (600 in all)" in errors.getvalue()


def test_uploads_are_kept_as_private_files_not_in_the_row(admin_client, section, settings):
    data = feed(meeting("a"), meeting("b"))
    upload(admin_client, data, section, name="Intergroup list.json")
    run = ImportRun.objects.get()
    assert run.upload.name.endswith(".json")
    path = settings.IMPORTS_ROOT / run.upload.name
    assert path.read_bytes() == data
    # Under IMPORTS_ROOT, which no web server serves; not under MEDIA_ROOT.
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    columns = {
        column.name
        for column in connection.introspection.get_table_description(
            connection.cursor(), ImportRun._meta.db_table
        )
    }
    assert "content" not in columns
    with pytest.raises(ValueError, match="not served"):
        run.upload.url  # noqa: B018


def test_the_list_of_runs_reads_no_file_and_no_problem_list(admin_client, section):
    for number in range(6):
        run = runs.receive(feed(meeting(f"m{number}")), source=f"{number}.json", section=section)
        ImportRun.objects.filter(pk=run.pk).update(
            problems=[{"where": f"line {n}", "name": "", "reason": "x" * 200} for n in range(500)]
        )
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(INDEX)
    assert response.status_code == 200
    listed = [q["sql"] for q in queries if 'FROM "imports_importrun"' in q["sql"]]
    assert listed
    assert not [sql for sql in listed if '"problems"' in sql or '"notes"' in sql]
    assert "5.json" in response.content.decode()


def test_an_import_never_joins_a_place_waiting_for_review(section):
    # A published place with the same address is matched; a draft one is not.
    LocationFactory(name="Whittier Community Hall", street_address="2900 Downing St", live=False)
    run = check(feed(meeting("a")), section)
    assert run.status == ImportRun.Status.READY, run.problems
    runs.apply(run)
    (page,) = MeetingPage.objects.all()
    (place,) = page.locations
    assert place.live
    assert Location.objects.filter(street_address="2900 Downing St").count() == 2


def test_an_import_cannot_name_an_organization_waiting_for_review(section):
    OrganizationFactory(name="Quokka Intergroup", live=False)
    run = check(feed(meeting("a", organization="quokka intergroup")), section)
    assert run.status == ImportRun.Status.REJECTED
    (problem,) = run.problems
    assert "“Quokka Intergroup” is a draft waiting for review" in problem["reason"]
    assert not MeetingPage.objects.exists()
    assert Organization.objects.count() == 1


def test_a_meeting_guide_feed_with_nothing_wrong_still_imports(section):
    run = check(json.dumps([meeting("a")]).encode(), section)
    assert run.status == ImportRun.Status.READY
    assert runs.apply(run)["created"] == 1
