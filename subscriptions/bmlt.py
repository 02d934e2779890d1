"""Reading a BMLT server's semantic JSON (`client_interface/json/?switcher=GetSearchResults`).

NA service bodies publish their meetings from BMLT root servers. The
semantic answer is a list of meetings whose every value is a string:
`weekday_tinyint` "1" (Sunday) to "7", `start_time` and `duration_time` as
"HH:MM:SS", `venue_type` "1" in person, "2" virtual, "3" hybrid, the
`location_*` fields, and the meeting's formats as ids
(`format_shared_id_list`) whose meaning the server's GetFormats answer gives
(each format's NAWS `world_id`). Each meeting becomes the Meeting Guide
fields the importer checks, keyed on the server and its `id_bigint` (names
repeat: one "Just For Today" per day).

Format key strings are chosen per server and several collide with Meeting
Guide codes of another meaning (BMLT "B" is Beginners, Meeting Guide's Big
Book), so types come from world ids, and key strings are read only through
the small tables below.
"""

import json
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext as _

from directory.validators import dial_string
from subscriptions.entries import (
    Entry,
    ListProblem,
    UpstreamList,
    check_complete,
    json_start,
    unique_keys,
)

# NAWS world id → Meeting Guide types. NA literature studies are LIT and keep
# their own code as well, which Meeting Guide clients ignore but people read.
WORLD_TYPES = {
    "OPEN": ("O",),
    "CLOSED": ("C",),
    "WCHR": ("X",),
    "BEG": ("BE",),
    "DISC": ("D",),
    "SPK": ("SP",),
    "S-D": ("SP", "D"),
    "STEP": ("ST",),
    "TRAD": ("TR",),
    "TOP": ("D", "TOP"),
    "LIT": ("LIT",),
    "BT": ("LIT", "BT"),
    "IP": ("LIT", "IP"),
    "IW": ("LIT", "IW"),
    "JFT": ("LIT", "JFT"),
    "SWG": ("LIT", "SWG"),
    "LC": ("LIT", "LC"),
    "GP": ("LIT", "GP"),
    "SPAD": ("LIT", "SPAD"),
    "MED": ("MED",),
    "CAN": ("CAN",),
    "M": ("M",),
    "W": ("W",),
    "Y": ("Y",),
    "GL": ("LGBTQ",),
    "CW": ("CF",),
    "SMOK": ("SM",),
    "TC": ("TC",),
    # Attendance, which venue_type says: no type of their own.
    "VM": (),
    "HYBR": (),
    # No Meeting Guide equivalent: kept as the directory's own codes.
    "CPT": ("CPT",),
    "NC": ("NC",),
    "NS": ("NS",),
    "QA": ("QA",),
    "RA": ("RA",),
    "VAR": ("VAR",),
    "CH": ("CH",),
}
# Languages (world id LANG), by key string or by name.
LANGUAGE_TYPES = {
    "ES": ("S",),
    "ESPAÑOL": ("S",),
    "SPANISH": ("S",),
    "FR": ("FR",),
    "FRANÇAIS": ("FR",),
    "FRENCH": ("FR",),
    "ENG": ("EN",),
    "EN": ("EN",),
    "ENGLISH": ("EN",),
    "FIN": ("FI",),
    "FINNISH": ("FI",),
    "PER": ("FA",),
    "PERSIAN": ("FA",),
    "FARSI": ("FA",),
    "L/R": ("LT", "RUS"),
    "BL": (),
}
# Stock formats without a world id, by key string (case matters: "SL" only).
KEY_TYPES = {"Ag": ("A",), "SL": ("ASL",), "CS": ("CF",)}

IN_PERSON, VIRTUAL, HYBRID = "1", "2", "3"
NATIONS = {"USA": "US", "US": "US", "UNITED STATES": "US", "CAN": "CA", "CANADA": "CA"}


def formats_url(url):
    """The GetFormats address on the same server as a GetSearchResults address."""
    parts = urlsplit(url)
    keep = [(key, value) for key, value in parse_qsl(parts.query) if key == "lang_enum"]
    query = urlencode([("switcher", "GetFormats"), *keep])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def parse_json(text, url):
    json_start(text, url)
    check_complete(text, url)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ListProblem(
            _("The JSON from %(url)s is broken at line %(line)s, column %(column)s: %(message)s.")
            % {"url": url, "line": error.lineno, "column": error.colno, "message": error.msg}
        ) from error


def split_answer(data, url):
    """(meetings, formats or None): a plain list, or {"meetings", "formats"} when the
    address asks for the formats too (get_used_formats=1)."""
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        formats = data.get("formats")
        return data["meetings"], formats if isinstance(formats, list) else None
    if isinstance(data, list):
        return data, None
    raise ListProblem(
        _("%(url)s did not answer with a list of BMLT meetings (GetSearchResults).") % {"url": url}
    )


def read_formats(data, url):
    """{format id: (world id, key string, name)} from a GetFormats answer."""
    if not isinstance(data, list):
        raise ListProblem(
            _("%(url)s did not answer with BMLT's list of formats (GetFormats).") % {"url": url}
        )
    formats = {}
    for item in data:
        if isinstance(item, dict) and str(item.get("id", "")).strip():
            formats[str(item["id"]).strip()] = (
                str(item.get("world_id") or "").strip().upper(),
                str(item.get("key_string") or "").strip(),
                str(item.get("name_string") or "").strip(),
            )
    return formats


def meeting_formats(meeting, formats):
    """[(world id, key string, name)] of a meeting's formats."""
    ids = [part.strip() for part in value(meeting, "format_shared_id_list").split(",")]
    return [formats[format_id] for format_id in ids if format_id in formats]


def types_of(used):
    types = []
    for world, key, name in used:
        if world == "LANG":
            codes = LANGUAGE_TYPES.get(key.upper()) or LANGUAGE_TYPES.get(name.upper(), ())
        elif world:
            codes = WORLD_TYPES.get(world, ())
        else:
            codes = KEY_TYPES.get(key, ())
        types += [code for code in codes if code not in types]
    return types


def value(meeting, key):
    item = meeting.get(key)
    return "" if item is None else str(item).strip()


def clock(text):
    """A timedelta from "HH:MM:SS" (hours may reach 24); None when it is not one."""
    try:
        parts = [int(part) for part in text.split(":")]
    except ValueError:
        return None
    if len(parts) not in (2, 3) or any(part < 0 for part in parts):
        return None
    hours, minutes, seconds = (parts + [0])[:3]
    if minutes > 59 or seconds > 59:
        return None
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def end_time(start, duration):
    """start + duration on a 24-hour clock; "" for a duration of 24 hours or none."""
    if duration is None or duration in (timedelta(0), timedelta(hours=24)):
        return ""
    moment = datetime(2000, 1, 1) + start + duration
    return f"{moment:%H:%M}"


def attendance(meeting, used):
    venue = value(meeting, "venue_type")
    if venue in (IN_PERSON, VIRTUAL, HYBRID):
        return venue
    # Older servers leave venue_type empty; the VM and HYBR formats say it then.
    worlds = {world for world, _key, _name in used}
    if "HYBR" in worlds:
        return HYBRID
    if "VM" in worlds:
        return VIRTUAL
    return IN_PERSON


def meeting_fields(meeting, used, *, zone, country):
    """The Meeting Guide fields of one BMLT meeting, or raise ValueError saying why not."""
    weekday = value(meeting, "weekday_tinyint")
    if weekday not in {"1", "2", "3", "4", "5", "6", "7"}:
        raise ValueError(
            _("Its weekday “%(day)s” is not one of 1 (Sunday) to 7 (Saturday).") % {"day": weekday}
        )
    start = clock(value(meeting, "start_time"))
    if start is None or start >= timedelta(hours=24):
        raise ValueError(
            _("Its start time “%(time)s” is not a time of day.")
            % {"time": value(meeting, "start_time")}
        )
    venue = attendance(meeting, used)
    types = types_of(used)
    link = value(meeting, "virtual_meeting_link")
    phone = dial_string(value(meeting, "phone_meeting_number"))
    info = value(meeting, "virtual_meeting_additional_info")
    online = venue in (VIRTUAL, HYBRID)
    street = value(meeting, "location_street")
    city = (
        value(meeting, "location_municipality")
        or value(meeting, "location_city_subsection")
        or value(meeting, "location_neighborhood")
    )
    if venue in (IN_PERSON, HYBRID) and not street:
        raise ValueError(_("It meets in person but gives no street address."))
    if venue in (VIRTUAL, HYBRID) and not (link or phone):
        raise ValueError(_("It meets online but gives no link or phone number to join."))
    # A virtual meeting's place is only a town, unless it is "temporarily virtual"
    # (TC): then its usual place is kept, marked closed.
    keeps_place = venue != VIRTUAL or ("TC" in types and street)
    notes = [value(meeting, "comments")]
    for label, key in ((_("Bus"), "bus_lines"), (_("Train"), "train_lines")):
        if value(meeting, key):
            notes.append(f"{label}: {value(meeting, key)}")
    nation = value(meeting, "location_nation").upper()
    fields = {
        "name": value(meeting, "meeting_name"),
        "day": int(weekday) - 1,
        "time": f"{datetime(2000, 1, 1) + start:%H:%M}",
        "end_time": end_time(start, clock(value(meeting, "duration_time"))),
        "timezone": value(meeting, "time_zone") or zone,
        "types": types,
        "notes": "\n".join(note for note in notes if note),
        "location": value(meeting, "location_text") if keeps_place else "",
        "address": street if keeps_place else "",
        "city": city,
        "state": value(meeting, "location_province"),
        "postal_code": value(meeting, "location_postal_code_1"),
        "country": NATIONS.get(nation, nation if len(nation) == 2 else country),
        "location_notes": value(meeting, "location_info") if keeps_place else "",
        "approximate": "no" if keeps_place else "yes",
        "region": city,
    }
    if value(meeting, "latitude") and value(meeting, "longitude"):
        fields["latitude"] = value(meeting, "latitude")
        fields["longitude"] = value(meeting, "longitude")
    if online:
        if link.startswith("https://"):
            fields["conference_url"] = link
            fields["conference_url_notes"] = info
        elif link and not phone:
            raise ValueError(
                _("Its only way to join is a link that is not secure (https://): %(link)s.")
                % {"link": link}
            )
        if phone:
            fields["conference_phone"] = phone
            if "conference_url" not in fields:
                fields["conference_phone_notes"] = info
    return {key: item for key, item in fields.items() if item not in ("", None, [])}


def read(meetings_text, formats_text, subscription, url):
    """The UpstreamList of a GetSearchResults answer; `formats_text` is the server's
    GetFormats answer, or None when the meetings answer carries the formats itself."""
    meetings, formats = split_answer(parse_json(meetings_text, url), url)
    if formats is None:
        if formats_text is None:
            return None  # the caller fetches GetFormats and asks again
        formats = parse_json(formats_text, formats_url(url))
    formats = read_formats(formats, url)
    server = urlsplit(url)
    default_root = f"{server.scheme}://{server.netloc}"
    entries = []
    for number, meeting in enumerate(meetings, start=1):
        if not isinstance(meeting, dict):
            entries.append(
                Entry(
                    key=f"entry-{number}",
                    name="",
                    fields={},
                    problem=_("This entry is not a BMLT meeting."),
                )
            )
            continue
        if value(meeting, "published") not in ("", "1"):
            continue  # unpublished on the server: not listed
        meeting_id = value(meeting, "id_bigint")
        root = value(meeting, "root_server_uri") or default_root
        key = f"{root}#{meeting_id}" if meeting_id else f"{root}#entry-{number}"
        name = value(meeting, "meeting_name")
        try:
            fields = meeting_fields(
                meeting,
                meeting_formats(meeting, formats),
                zone=subscription.timezone,
                country=subscription.country,
            )
        except ValueError as error:
            entries.append(Entry(key=key, name=name, fields={}, problem=str(error)))
            continue
        if not meeting_id:
            entries.append(
                Entry(key=key, name=name, fields=fields, problem=_("It has no id_bigint."))
            )
            continue
        entries.append(Entry(key=key, name=name, fields=fields))
    return UpstreamList(entries=unique_keys(entries, lambda entry: entry.fields.get("time", "")))
