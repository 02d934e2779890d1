"""Reading a followed Meeting Guide feed: TSML sites, Sheets feeds, BMLT's tsml output, …

The feed's own entries are the Meeting Guide fields already; what a
subscription adds is a key per meeting (its slug, as the Meeting Guide app
keys favourites on it), the zone and country of the list for entries that
give none, and where the publisher shows each meeting.
"""

from django.utils.translation import gettext as _

from directory.meeting_guide.reading import text
from imports.reading import FileProblem, read_feed
from subscriptions.entries import (
    Entry,
    ListProblem,
    UpstreamList,
    check_complete,
    json_start,
    unique_keys,
)


def web_address(value):
    value = text(value)
    return value if value.startswith(("https://", "http://")) else ""


def entry_key(fields):
    """The slug, as text (publishers write numbers too); without one, what the entry says
    of itself."""
    slug = text(fields.get("slug"))
    if slug:
        return slug
    where = text(fields.get("formatted_address")) or text(fields.get("address"))
    return "|".join(
        [
            "no-slug",
            text(fields.get("name")),
            text(fields.get("day")),
            text(fields.get("time")),
            where,
        ]
    )


def when_and_where(entry):
    fields = entry.fields
    day = fields.get("day")
    day = ",".join(text(item) for item in day) if isinstance(day, list) else text(day)
    where = text(fields.get("formatted_address")) or text(fields.get("address"))
    return f"{day}|{text(fields.get('time'))}|{where}"


def read(text_body, subscription, url):
    """The UpstreamList of a Meeting Guide feed's text; raises ListProblem."""
    start = json_start(text_body, url)
    if start == "{":
        raise ListProblem(
            _(
                "%(url)s answered with a JSON object, not a list of meetings. If it is a "
                "BMLT server, choose the BMLT format, or use its client_interface/tsml/ address."
            )
            % {"url": url}
        )
    check_complete(text_body, url)
    try:
        rows = read_feed(text_body)
    except FileProblem as problem:
        raise ListProblem(str(problem)) from problem
    entries, website = [], ""
    for row in rows:
        fields = row.fields
        if not isinstance(fields, dict):
            entries.append(
                Entry(
                    key=f"entry-{row.number}",
                    name="",
                    fields={},
                    problem=_("This entry is not a meeting: each must be a JSON object {…}."),
                    line=row.line,
                )
            )
            continue
        fields = dict(fields)
        if not text(fields.get("timezone")):
            fields["timezone"] = subscription.timezone
        if not text(fields.get("country")) and not text(fields.get("formatted_address")):
            fields["country"] = subscription.country
        website = website or web_address(fields.get("entity_url"))
        entries.append(
            Entry(
                key=entry_key(fields),
                name=text(fields.get("name")),
                fields=fields,
                page_url=web_address(fields.get("url")),
                feedback_url=web_address(fields.get("feedback_url")),
                line=row.line,
            )
        )
    return UpstreamList(entries=unique_keys(entries, when_and_where), website=website)
