"""A followed list as read: its meetings as Meeting Guide fields, each with its key.

Both formats (subscriptions.meeting_guide, subscriptions.bmlt) come down to
this, so one refresh serves them all: each entry carries the fields the
importer checks (directory.meeting_guide.reading), the key that identifies
the meeting in its list, and where the publisher shows it.
"""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class ListProblem(Exception):
    """What came back is not a meeting list we can use; the message says why."""


class ListShrank(ListProblem):
    """The list is far shorter than at the last read: taken only when staff accept it."""


@dataclass
class Entry:
    key: str  # what identifies the meeting in its list
    name: str
    fields: dict  # Meeting Guide fields (the refresh sets "slug")
    page_url: str = ""  # the meeting's page on the publisher's site
    feedback_url: str = ""  # where the publisher takes corrections
    problem: str = ""  # refused before any check: why
    line: int = 0  # where it starts in the answer, when that is text with lines


@dataclass
class UpstreamList:
    entries: list
    website: str = ""  # the publisher's own site, when the list says
    notes: list = field(default_factory=list)


def text_of(body, url):
    """The answer as text: UTF-8 (a byte-order mark is dropped)."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ListProblem(
            _("%(url)s did not answer with UTF-8 text (a byte 0x%(byte)02X at position %(at)s).")
            % {"url": url, "byte": body[error.start], "at": error.start}
        ) from error


def json_start(text, url):
    """The first character of a JSON answer; refuses empty answers and web pages."""
    stripped = text.lstrip()
    if not stripped:
        raise ListProblem(_("%(url)s answered with nothing at all.") % {"url": url})
    if stripped[0] == "<":
        raise ListProblem(
            _(
                "%(url)s answered with a web page (HTML), not a meeting list. The "
                "publisher's site may be down for maintenance, or the address may be wrong."
            )
            % {"url": url}
        )
    if stripped[0] not in "[{":
        raise ListProblem(
            _("%(url)s did not answer with JSON: the answer starts with “%(start)s”.")
            % {"url": url, "start": stripped[:20]}
        )
    return stripped[0]


def check_complete(text, url):
    """A JSON answer cut short (a dropped connection, a full disk upstream) is refused as such."""
    stripped = text.rstrip()
    if stripped and stripped[-1] not in "]}":
        raise ListProblem(
            _(
                "The answer from %(url)s ends too soon: it stops after %(count)s characters "
                "without closing the list, so it was cut short."
            )
            % {"url": url, "count": len(text)}
        )


def unique_keys(entries, alternative):
    """Give entries that share a key one of their own, the same on every refresh.

    Some publishers repeat keys (BMLT's Meeting Guide output gives every "Just
    For Today" the same slug). Those entries are told apart by `alternative`
    (entry → text, e.g. day, time and address), then by their order.
    """
    counts = {}
    for entry in entries:
        counts[entry.key] = counts.get(entry.key, 0) + 1
    seen = set()
    for entry in entries:
        if counts[entry.key] > 1:
            entry.key = f"{entry.key}|{alternative(entry)}"
        key, number = entry.key, 1
        while entry.key in seen:
            number += 1
            entry.key = f"{key}#{number}"
        seen.add(entry.key)
    return entries


def digest(*parts):
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else str(part).encode())
        hasher.update(b"\0")
    return hasher.hexdigest()
