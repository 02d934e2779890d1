"""manage.py import_meetings: a file or a feed's address, checked, then applied on request."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management import CommandError, call_command

import pytest

from directory.models import MeetingPage
from imports.models import ImportRun
from tests.imports.conftest import feed, meeting, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_server():
    """A real HTTP server on 127.0.0.1 answering /meetings.json with a small feed."""
    body = feed(meeting("served-1", name="Served Group"), meeting("served-2", day=5))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            if self.path != "/meetings.json":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_dry_run_from_a_url_says_what_would_happen_and_changes_nothing(
    section, feed_server, capsys
):
    before = snapshot()
    call_command("import_meetings", f"{feed_server}/meetings.json")
    out = capsys.readouterr().out
    assert "2 rows: 2 to create, 0 to update, 0 unchanged, 0 refused." in out
    assert "Add --apply" in out
    # Only the record of the run itself is new.
    assert snapshot() == before
    assert ImportRun.objects.get().status == ImportRun.Status.READY


def test_apply_imports_from_a_url_and_a_second_run_changes_nothing(section, feed_server, capsys):
    call_command("import_meetings", f"{feed_server}/meetings.json", "--apply")
    assert "Imported: 2 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    assert MeetingPage.objects.filter(title="Served Group", live=True).exists()
    before = snapshot()
    call_command("import_meetings", f"{feed_server}/meetings.json", "--apply")
    assert "Nothing to change." in capsys.readouterr().out
    assert snapshot() == before


def test_refused_rows_are_printed_and_the_command_fails(section, tmp_path, capsys):
    path = tmp_path / "meetings.json"
    path.write_bytes(feed(meeting("ok"), meeting("bad", day="Someday")))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_meetings", str(path), "--apply")
    err = capsys.readouterr().err
    assert "meeting 2 (line" in err and "Day “Someday” is not a day of the week" in err
    assert not MeetingPage.objects.exists()


def test_an_address_that_does_not_answer_is_a_clear_error(section, feed_server):
    with pytest.raises(CommandError, match="Could not fetch"):
        call_command("import_meetings", f"{feed_server}/missing.json")
    with pytest.raises(CommandError, match="There is no file at"):
        call_command("import_meetings", "/nonexistent/meetings.json")
