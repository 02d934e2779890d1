"""Whole-file problems stop an import before any row is read, with a reason to act on."""

import pytest

from imports.models import ImportRun
from imports.reading import FileProblem, read_source
from tests.imports.conftest import feed, meeting


def test_a_feed_is_read_with_the_line_each_meeting_starts_on():
    source = read_source(feed(meeting("a"), meeting("b")))
    assert source.format == ImportRun.Format.MEETING_GUIDE
    assert [row.fields["slug"] for row in source.rows] == ["a", "b"]
    # "[" is on line 1 and the first meeting opens on line 2.
    lines_per_entry = len(feed(meeting("a")).splitlines()) - 2
    assert [row.line for row in source.rows] == [2, 2 + lines_per_entry]
    assert source.rows[1].where == f"meeting 2 (line {2 + lines_per_entry})"


def test_a_spreadsheet_is_read_by_its_plain_english_headings():
    data = (
        b"Name,Day,Time,End Time,Address,City,State,Postal Code,Types,Shoe Size\n"
        b'Hope Group,Tuesday,7:00 PM,8:00 PM,2900 Downing St,Denver,CO,80205,"O, D",9\n'
        b"\n"
        b'Second,Monday,06:30,,"1 Main St",Denver,CO,80205,C,\n'
    )
    source = read_source(data)
    assert source.format == ImportRun.Format.CSV
    assert [row.line for row in source.rows] == [2, 4]
    assert source.rows[0].fields["postal_code"] == "80205"
    assert source.rows[0].fields["end_time"] == "8:00 PM"
    assert source.rows[0].where == "line 2"
    assert source.skipped_columns == ["Shoe Size"]


def test_a_byte_order_mark_from_a_spreadsheet_is_ignored():
    source = read_source(b"\xef\xbb\xbfName,Day,Time\nHope,2,19:00\n")
    assert source.rows[0].fields == {"name": "Hope", "day": "2", "time": "19:00"}


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte():
    data = "Name,Day,Time\nHope,2,19:00\nCaf\u00e9 Group,3,19:00\n".encode("latin-1")
    with pytest.raises(FileProblem) as problem:
        read_source(data)
    assert "not UTF-8" in str(problem.value)
    assert "line 3" in str(problem.value)
    assert "0xE9" in str(problem.value)


def test_a_file_over_the_limit_is_refused_with_the_limit(settings):
    settings.IMPORT_MAX_BYTES = 20 * 1024 * 1024
    data = b"[" + b" " * (50 * 1024 * 1024) + b"]"
    with pytest.raises(FileProblem) as problem:
        read_source(data)
    assert "larger than 20.0 MB" in str(problem.value)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b'{"name": "x"}', "one JSON list"),
        (b'[{"slug": "a"},\n {"slug": "b"', "line 2"),
        (b'[{"slug": "a"},\n', "closing"),
        (b'[{"slug": "a"}\n {"slug": "b"}]', "line 2"),
        (b'[{"slug": "a"}] trailing', "more after the end"),
        (b"Day,Time\n2,19:00\n", "“Name”"),
    ],
    ids=[
        "empty",
        "object",
        "unclosed-object",
        "unclosed-list",
        "missing-comma",
        "trailing",
        "no-name-column",
    ],
)
def test_unreadable_files_say_what_is_wrong(data, words):
    with pytest.raises(FileProblem) as problem:
        read_source(data)
    assert words in str(problem.value)
