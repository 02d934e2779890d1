"""Feeds shaped like real publishers' output import whole, and come back out the same.

tests/imports/corpus/ holds one feed per kind of publishing software (its
README says where each shape comes from). Each must import with no row
refused; exporting the result as /meetings.json and importing that again
must find every meeting unchanged; and importing the export into an empty
site must give the same feed again.
"""

import json
from collections import Counter
from pathlib import Path

from django.test import TestCase

import pytest

from directory.choices import day_number
from directory.meeting_guide.reading import parse_time
from directory.models import DirectorySettings, Location, MeetingPage
from home.models import ListingIndexPage
from imports import runs
from imports.models import ImportRun
from tests.factories import ListingIndexPageFactory
from tests.feeds.test_meeting_guide import assert_valid_feed

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "corpus"
FEEDS = {
    "tsml_wordpress.json": 42,
    "tsml_ui_sheet.json": 36,
    "tsml_ui_sheet_values.json": 36,
    "bmlt_tsml.json": 40,
    "online_intergroup.json": 34,
    "hand_built_split.json": 30,
    "canadian.json": 45,
}
# What names this site's own pages; it changes when the meetings are made again.
OWN_LINKS = {"url", "edit_url", "feedback_url", "updated"}


def check(data, section):
    run = runs.receive(data, source="corpus", section=section)
    runs.check(run)
    run.refresh_from_db()
    return run


def apply(data, section):
    run = check(data, section)
    assert run.status == ImportRun.Status.READY, run.problems or run.error
    with TestCase.captureOnCommitCallbacks(execute=True):
        runs.apply(run)
    run.refresh_from_db()
    return run


def source_rows(name):
    """The file's meetings as plain dicts; a Google Sheets answer as its rows by heading."""
    data = json.loads((CORPUS / name).read_text(encoding="utf-8"))
    if isinstance(data, list):
        return data
    headings, *rows = data["values"]
    keys = [heading.lower().replace(" ", "_") for heading in headings]
    return [dict(zip(keys, row, strict=False)) for row in rows if any(row)]


def meeting_times(rows):
    """(name, day, "HH:MM") of every weekly meeting time the rows give; days as given."""
    times = Counter()
    for row in rows:
        days = row.get("day")
        days = days if isinstance(days, list) else [days]
        for day in days:
            if day in (None, "") or not row.get("time"):
                times[(row["name"].strip(), None, None)] += 1
                continue
            start = parse_time(row["time"], "Time")
            times[(row["name"].strip(), day_number(str(day)), f"{start:%H:%M}")] += 1
    return times


def feed_of(client):
    response = client.get("/meetings.json")
    assert response.status_code == 200
    return response.content


def without_own_links(entries):
    return {
        entry["slug"]: {key: value for key, value in entry.items() if key not in OWN_LINKS}
        for entry in entries
    }


@pytest.fixture
def section():
    # The directory serves an area, as a real one would: online meetings placed in
    # it need no place of their own.
    DirectorySettings.objects.update_or_create(defaults={"service_area": "Denver, CO, USA"})
    return ListingIndexPageFactory(title="Meetings", slug="meetings")


@pytest.mark.parametrize("name", FEEDS)
def test_a_real_publishers_feed_imports_whole_and_round_trips(name, section, client):
    data = (CORPUS / name).read_bytes()
    rows = source_rows(name)

    run = apply(data, section)
    assert run.summary["rejected"] == 0
    assert (run.summary["created"], run.summary["updated"]) == (FEEDS[name], 0)
    assert MeetingPage.objects.live().count() == FEEDS[name]

    exported = feed_of(client)
    entries = json.loads(exported)
    assert_valid_feed(entries)  # the format's rules hold for every entry
    # One entry per meeting time, every time the publisher gave.
    assert meeting_times(entries) == meeting_times(rows)

    again = check(exported, section)
    assert again.summary == {
        "created": 0,
        "updated": 0,
        "unchanged": FEEDS[name],
        "rejected": 0,
        "rows": len(entries),
    }

    # Into an empty site: the export makes the same meetings, which export the same.
    for page in ListingIndexPage.objects.all():
        page.delete()
    Location.objects.all().delete()
    assert not MeetingPage.objects.exists()
    empty = ListingIndexPageFactory(title="Meetings", slug="meetings")
    fresh = apply(exported, empty)
    assert fresh.summary["rejected"] == 0 and fresh.summary["created"] == len(entries)
    assert without_own_links(json.loads(feed_of(client))) == without_own_links(entries)
