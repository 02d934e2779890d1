"""From the bytes of a file to numbered rows of Meeting Guide fields.

Problems with the file as a whole (too big, not UTF-8, broken JSON, no
"Name" column) stop here with a FileProblem; problems with a row are the
business of directory.meeting_guide.reading. Each row remembers where it came from, so every
message can point at a line.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from directory.exports import unescape_cell
from directory.meeting_guide.spreadsheet import field_for
from imports.models import ImportRun


class FileProblem(Exception):
    """The file cannot be read at all; the message says why in plain words."""


@dataclass
class SourceRow:
    number: int  # 1 for the first meeting
    line: int  # where it starts in the file
    fields: dict
    format: str = ImportRun.Format.CSV
    label: str | None = None  # what a spreadsheet calls its lines: "row" for a sheet

    @property
    def where(self):
        if self.format == ImportRun.Format.CSV:
            return f"{self.label or _('line')} {self.line}"
        return _("meeting %(number)s (line %(line)s)") % {"number": self.number, "line": self.line}


@dataclass
class Source:
    format: str
    rows: list
    skipped_columns: list = field(default_factory=list)


def megabytes(size):
    return f"{size / 1024 / 1024:.1f} MB"


def decode(data):
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise FileProblem(
            _(
                "The file is larger than %(limit)s, the most an import takes. Split it into "
                "smaller files, or ask whoever runs the site to raise IMPORT_MAX_BYTES."
            )
            % {"limit": megabytes(limit)}
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        # No text format holds one; the database would refuse it, or keep it
        # and send it to every app reading the feed.
        raise FileProblem(
            _(
                "The file holds a NUL character (byte 0) on line %(line)s, which no meeting "
                "list has: it may be a spreadsheet in another format (.xlsx, .ods) or a "
                "damaged file. Save it again as “CSV UTF-8” or as UTF-8 JSON, then upload it."
            )
            % {"line": data[:nul].count(b"\n") + 1}
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            _(
                "The file is not UTF-8 text: line %(line)s holds a byte (0x%(byte)02X) that "
                "UTF-8 does not allow. Save it again as “CSV UTF-8” (spreadsheets) or as "
                "UTF-8 JSON, then upload it again."
            )
            % {"line": line, "byte": data[error.start]}
        ) from error


def read_source(data):
    """A Source from raw bytes; JSON when it starts with [ or {, otherwise CSV."""
    return read_text(decode(data))


def read_text(text):
    stripped = text.lstrip()
    if not stripped:
        raise FileProblem(_("The file is empty."))
    if stripped[0] == "{" and (sheet := _sheet_values(stripped)) is not None:
        return read_table(iter(sheet), where=_("row"))
    if stripped[0] in "[{":
        return Source(ImportRun.Format.MEETING_GUIDE, read_feed(text))
    return read_csv(text)


def _sheet_values(text):
    """The rows of a Google Sheets API answer ({"range", "values": [[…], …]}), else None.

    TSML UI reads a meeting sheet this way, and so can an import: the first
    row names the columns, as in a spreadsheet saved as CSV.
    """
    try:
        answer = json.loads(text)
    except json.JSONDecodeError:
        return None
    values = answer.get("values") if isinstance(answer, dict) else None
    if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
        return None
    return [["" if cell is None else str(cell) for cell in row] for row in values]


class _Lines:
    """Line numbers of ascending positions, counting each stretch of text once."""

    def __init__(self, text):
        self.text, self.position, self.line = text, 0, 1

    def at(self, position):
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


def read_feed(text):
    """The meetings of a Meeting Guide feed, each with the line it starts on."""
    decoder = json.JSONDecoder()
    position = len(text) - len(text.lstrip())
    if text[position] != "[":
        raise FileProblem(
            _(
                "A Meeting Guide feed is one JSON list of meetings, starting with “[”; "
                "this file starts with “%(start)s”."
            )
            % {"start": text[position]}
        )
    rows = []
    lines = _Lines(text)
    position += 1
    try:
        while True:
            position = _skip_space(text, position)
            if text[position] == "]":
                break
            if rows:
                if text[position] != ",":
                    raise json.JSONDecodeError("Expecting ',' delimiter", text, position)
                position = _skip_space(text, position + 1)
            try:
                value, end = decoder.raw_decode(text, position)
                nul = _holds_nul(value)
            except RecursionError as error:
                raise FileProblem(
                    _(
                        "Meeting %(number)s (line %(line)s) nests lists or objects inside each "
                        "other too deeply to read. A Meeting Guide feed is one list of "
                        "meetings, each an object of fields; check how the file was made."
                    )
                    % {"number": len(rows) + 1, "line": lines.at(position)}
                ) from error
            if nul:
                raise FileProblem(
                    _(
                        "Meeting %(number)s (line %(line)s) holds a NUL character "
                        "(\\u0000), which no meeting field may hold. Remove it, then upload "
                        "the file again."
                    )
                    % {"number": len(rows) + 1, "line": lines.at(position)}
                )
            rows.append(
                SourceRow(
                    number=len(rows) + 1,
                    line=lines.at(position),
                    fields=value,
                    format=ImportRun.Format.MEETING_GUIDE,
                )
            )
            position = end
    except json.JSONDecodeError as error:
        raise FileProblem(
            _("The JSON is broken at line %(line)s, column %(column)s: %(message)s.")
            % {"line": error.lineno, "column": error.colno, "message": error.msg}
        ) from error
    except IndexError as error:
        raise FileProblem(_("The JSON list ends too soon: the closing “]” is missing.")) from error
    rest = text[position + 1 :]
    if rest.strip():
        offset = position + 1 + len(rest) - len(rest.lstrip())
        raise FileProblem(
            _("There is more after the end of the JSON list, at line %(line)s.")
            % {"line": lines.at(offset)}
        )
    return rows


def _holds_nul(value):
    """Whether a decoded JSON value holds a NUL (written \\u0000) in any string."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _skip_space(text, position):
    while text[position] in " \t\r\n":
        position += 1
    return position


def read_csv(text):
    """Rows of a spreadsheet whose first row names the columns."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return read_table(reader, lines=reader)
    except csv.Error as error:
        raise FileProblem(
            _("Line %(line)s cannot be read as CSV: %(error)s.")
            % {"line": reader.line_num + 1, "error": error}
        ) from error


def read_table(rows, *, lines=None, where=None):
    """Rows of a table whose first row names the columns.

    `lines` (a csv reader) tells the file line each row ends on; without it a
    row is numbered as the sheet numbers it (the headings are row 1).
    """
    try:
        headings = next(rows)
    except StopIteration as error:
        raise FileProblem(_("The file is empty.")) from error
    fields = [field_for(heading) for heading in headings]
    if "name" not in fields:
        raise FileProblem(
            _(
                "The first row must name the columns, and one must be “Name”. "
                "This file's first row is: %(headings)s."
            )
            % {"headings": ", ".join(h for h in headings if h.strip())[:300] or _("empty")}
        )
    skipped = [heading for heading, name in zip(headings, fields, strict=True) if name is None]
    result = []
    line = lines.line_num + 1 if lines else 2
    for values in rows:
        if any(value.strip() for value in values):
            row = {}
            for name, value in zip(fields, values, strict=False):
                if name:
                    # Our own export guards cells against spreadsheet formulas.
                    row[name] = unescape_cell(value.strip())
            result.append(SourceRow(number=len(result) + 1, line=line, fields=row, label=where))
        line = lines.line_num + 1 if lines else line + 1
    return Source(ImportRun.Format.CSV, result, skipped_columns=[h for h in skipped if h.strip()])
