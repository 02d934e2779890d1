"""The demo's mutual-aid meetings: many fellowships, every day, every time of day."""

from typing import NamedTuple
from urllib.parse import urlparse

from django.utils.text import slugify

from demo.places import (
    AREA_PLACES,
    CENTER,
    FIRST_NAMES,
    ORGANIZATIONS,
    PLACES_BY_KEY,
    STREET_PLACES,
    demo_phone,
)
from demo.specs import WEEKDAYS, ListingSpec, at, later
from directory.meeting_guide import types as meeting_types
from directory.models import MeetingPage


class Fellowship(NamedTuple):
    category: str  # seeded Category slug
    short: str
    organization: str
    minutes: int
    closed_share: float  # how many of its meetings are closed (members only)
    formats: tuple
    open_summary: str
    closed_summary: str
    eligibility: str
    family_category: str = ""  # set for groups meant for families and friends


FELLOWSHIPS = {
    "aa": Fellowship(
        "aa",
        "AA",
        "High Plains AA Intergroup",
        60,
        0.4,
        ("D", "D", "SP", "B", "ST", "12x12", "DR", "LS", "GR", "ABSI", "11", "LIT"),
        "An open AA meeting. Anyone is welcome, including people who are curious or "
        "who come to support someone.",
        "A closed AA meeting for anyone who wants to stop drinking. Newcomers are warmly welcome.",
        "Anyone who wants to stop drinking. Open meetings welcome everyone.",
    ),
    "na": Fellowship(
        "na",
        "NA",
        "Front Range Area of NA",
        60,
        0.45,
        ("D", "D", "SP", "ST", "LIT", "BE"),
        "An open NA meeting. Anyone is welcome, including family and friends.",
        "A closed NA meeting for anyone who wants to stop using drugs. Come as you are.",
        "Anyone who wants to stop using drugs. Open meetings welcome everyone.",
    ),
    "al-anon": Fellowship(
        "al-anon",
        "Al-Anon",
        "Mountain View Al-Anon District",
        60,
        0.6,
        ("D", "ST", "LIT", "SP"),
        "Support for family and friends of someone whose drinking worries them. You "
        "don't have to talk; listening is fine.",
        "Support for family and friends of someone whose drinking worries them. You "
        "don't have to talk; listening is fine.",
        "Relatives and friends of a person who drinks, whether or not they are in recovery.",
        "family-al-anon",
    ),
    "nar-anon": Fellowship(
        "nar-anon",
        "Nar-Anon",
        "Front Range Nar-Anon Family Groups",
        75,
        0.5,
        ("D", "LIT", "ST"),
        "Support for family and friends of someone who uses drugs. Share what helps "
        "and hear how others cope.",
        "Support for family and friends of someone who uses drugs. Share what helps "
        "and hear how others cope.",
        "Relatives and friends of a person who uses drugs.",
        "family-nar-anon",
    ),
    "smart-recovery": Fellowship(
        "smart-recovery",
        "SMART",
        "SMART Recovery Denver Metro Facilitators",
        90,
        0.0,
        ("D",),
        "A SMART Recovery meeting: practical, science-based tools for changing "
        "drinking, drug use or other habits.",
        "",
        "Anyone who wants to change a habit, at any stage. No labels required.",
    ),
    "recovery-dharma": Fellowship(
        "recovery-dharma",
        "Recovery Dharma",
        "Recovery Dharma Front Range Sangha",
        75,
        0.0,
        ("MED", "MED", "D"),
        "A peer-led Recovery Dharma meeting that uses meditation and Buddhist "
        "practice to support recovery of any kind.",
        "",
        "Everyone is welcome. No meditation experience needed.",
    ),
    "celebrate-recovery": Fellowship(
        "celebrate-recovery",
        "Celebrate Recovery",
        "Celebrate Recovery at Cornerstone",
        150,
        0.0,
        ("SP", "ST"),
        "A Christ-centered recovery program for any hurt, habit or hang-up, with "
        "worship, a short talk and small groups.",
        "",
        "Everyone is welcome, whatever your faith or none.",
    ),
    "cocaine-anonymous": Fellowship(
        "cocaine-anonymous",
        "CA",
        "Cocaine Anonymous Front Range Area",
        60,
        0.3,
        ("D", "SP", "ST", "BE"),
        "An open Cocaine Anonymous meeting. Anyone is welcome.",
        "A closed Cocaine Anonymous meeting for anyone who wants to stop using "
        "cocaine and other mind-altering substances.",
        "Anyone who wants to stop using cocaine and all other mind-altering substances.",
    ),
    "crystal-meth-anonymous": Fellowship(
        "crystal-meth-anonymous",
        "CMA",
        "Crystal Meth Anonymous Front Range",
        60,
        0.3,
        ("D", "SP", "ST", "BE"),
        "An open Crystal Meth Anonymous meeting. Anyone is welcome.",
        "A closed Crystal Meth Anonymous meeting for anyone who wants to stop using "
        "crystal meth. Newcomers are welcome.",
        "Anyone who wants to stop using crystal meth.",
    ),
}

# Each group: (name, hints). Hints, space separated and all optional:
# a start time "HH:MM"; days "daily", "weekdays" or "days:1,3" (0 is Sunday);
# "online", "hybrid" or "inperson"; a place "@place-key"; "es" for Spanish;
# any Meeting Guide type code (W, M, Y, LGBTQ, SEN, OUT, CAN, BRK, ...).
GROUPS = {
    "aa": (
        ("Sunrise Serenity", "07:00 weekdays"),
        ("Early Birds", "06:00 daily @highlands-alano-club"),
        ("Keep It Simple", ""),
        ("Easy Does It", ""),
        ("Came to Believe", ""),
        ("Happy Destiny", "SP"),
        ("Lunch Bunch", "12:00 weekdays"),
        ("Noon Step Study", "12:15 ST"),
        ("Big Book Study", "B"),
        ("Primary Purpose", ""),
        ("Design for Living", ""),
        ("Language of the Heart", "online"),
        ("Into Action", ""),
        ("Spiritual Awakening", "11"),
        ("First Things First", "06:30"),
        ("Live and Let Live", ""),
        ("One Day at a Time", "hybrid"),
        ("Road to Freedom", ""),
        ("Rocky Mountain Fellowship", ""),
        ("Cherry Creek Newcomers", "BE"),
        ("Highlands Home Group", "@highlands-alano-club"),
        ("Women's Solution", "W"),
        ("Men's Stag", "M"),
        ("Young People's Group", "Y 20:00"),
        ("Rainbow Roundup", "LGBTQ"),
        ("Seniors in Sobriety", "SEN 10:00"),
        ("Night Owls", "23:30 daily online"),
        ("Candlelight", "CAN 21:00"),
        ("Sunday Speaker", "SP days:0 19:00"),
        ("Saturday Breakfast", "BRK days:6 08:00"),
        ("Grapevine Readers", "GR"),
        ("Daily Reflections", "DR 07:30 online"),
        ("Twelve and Twelve", "12x12"),
        ("Gratitude Group", ""),
        ("Back to Basics", ""),
        ("Freedom Trail", "hybrid"),
        ("Mountain View Group", ""),
        ("Fourth Dimension", "22:00"),
        ("Serenity in the Park", "OUT days:6 09:00 @sloan-lake-park-shelter"),
        ("Midnight Hour", "00:00 days:5,6 online"),
        ("Grupo Nueva Vida", "es 19:30 days:1,3,5"),
        ("Grupo Esperanza", "es 20:00 days:2,4"),
        ("Grupo Renacer", "es 10:00 days:0"),
        ("Grupo Sobriedad y Paz", "es 19:00 hybrid"),
    ),
    "na": (
        ("Just for Today", "07:00 daily"),
        ("Miracles Happen", ""),
        ("Freedom Group", ""),
        ("We Do Recover", ""),
        ("Spiritual Principles", ""),
        ("Basic Text Study", "LIT"),
        ("Step Working Guide Study", "ST"),
        ("Living Free", ""),
        ("Never Alone", "online"),
        ("New Beginnings", "BE"),
        ("Surrender Group", ""),
        ("Recovery at Noon", "12:00 weekdays"),
        ("Friday Night Live", "days:5 20:00"),
        ("Saturday Serenity", "days:6"),
        ("Women in Recovery", "W"),
        ("Brothers in Recovery", "M"),
        ("Young and Free", "Y"),
        ("Late Night Hope", "22:30 online"),
        ("Gratitude Speaks", "SP"),
        ("It Works", "hybrid"),
        ("Unity Group", ""),
        ("Open Arms", "LGBTQ"),
        ("Grupo Solo por Hoy", "es 19:00 days:2,5"),
        ("Grupo Libertad", "es 18:30 days:0"),
    ),
    "al-anon": (
        ("Courage to Change", ""),
        ("Hope for Today", "10:00"),
        ("Serenity Seekers", ""),
        ("Keep Coming Back", "online"),
        ("Detachment with Love", ""),
        ("One Day at a Time Family Group", "hybrid"),
        ("Parents of Young People", ""),
        ("Growing Together", ""),
        ("Tuesday Lunch Family Group", "12:00 days:2"),
        ("Paths to Recovery", "ST"),
        ("How Al-Anon Works Study", "LIT"),
        ("Evening Serenity", "online"),
        ("Grupo Familiar Nuevo Amanecer", "es 18:30 days:3"),
        ("Grupo Familiar Fortaleza", "es 11:00 days:6"),
    ),
    "nar-anon": (
        ("Hope and Healing", ""),
        ("Family Circle", ""),
        ("Parents Finding Peace", ""),
        ("Partners in Hope", "online"),
        ("New Day Family Group", ""),
        ("Tools for Families", "hybrid"),
        ("Sunday Strength", "days:0 16:00"),
        ("Stepping Stones Family Group", ""),
    ),
    "smart-recovery": (
        ("Tools for Change", "18:00"),
        ("Balanced Life", ""),
        ("Building Motivation", "online"),
        ("Coping with Urges", ""),
        ("Problem Solving Circle", ""),
        ("Family and Friends", "18:30 online"),
        ("Lunch Hour Tools", "12:00 online"),
        ("Weekend Check-In", "days:6 10:00"),
        ("Young Adults Tools", "Y"),
        ("Evening Tools", "hybrid"),
    ),
    "recovery-dharma": (
        ("Refuge Sangha", "@cherry-creek-meditation-center"),
        ("Mindful Mornings", "07:00 online"),
        ("Inquiry Circle", "@cherry-creek-meditation-center"),
        ("Eightfold Path Study", "ST"),
        ("Sunday Sit", "days:0 09:00 @boulder-creek-friends-meeting-house"),
        ("Lotus Group", "LGBTQ"),
        ("Kindness Practice", "hybrid"),
        ("Open Heart", ""),
    ),
    "celebrate-recovery": (
        ("Celebrate Recovery at Cornerstone", "days:5 18:30 CF @cornerstone-community-church"),
        ("Monday Step Study", "days:1 18:30 @cornerstone-community-church"),
        ("Hope Rising", "days:4 18:30 CF @parker-hope-fellowship"),
        ("Journey Begins", "days:2 18:30 @centennial-hope-chapel"),
        ("Road to Recovery", "days:3 18:30 @hampden-heights-baptist-church"),
        ("New Life", "days:1 19:00 @longmont-unity-hall"),
    ),
    "cocaine-anonymous": (
        ("Winners Circle", ""),
        ("Lifeline", ""),
        ("Miracle Workers", ""),
        ("Rocky Mountain CA", "hybrid"),
        ("Step Up", "ST"),
        ("Free at Last", "online"),
        ("Saturday Spiritual Solution", "days:6"),
    ),
    "crystal-meth-anonymous": (
        ("Crystal Clear", ""),
        ("Clear Minds", ""),
        ("Second Chances", "BE"),
        ("Clear Path", "online"),
        ("Rainbow CMA", "LGBTQ"),
        ("New Day", ""),
        ("Serenity Now", "hybrid"),
    ),
}

TIMES = {
    "morning": ("06:00", "06:30", "07:00", "07:30", "08:00", "09:00", "10:00", "10:30"),
    "midday": ("11:00", "12:00", "12:15", "12:30", "13:00", "15:00", "15:30"),
    "evening": ("17:30", "18:00", "18:00", "18:30", "19:00", "19:00", "19:30"),
    "night": ("20:00", "20:00", "20:30", "21:00", "22:00"),
}
# Evenings are busiest, as in any real meeting list.
WINDOW_CYCLE = ("evening", "morning", "midday", "evening", "night", "evening", "morning")

AUDIENCE_FOR_CODE = {"W": "women", "M": "men", "Y": "youth", "LGBTQ": "lgbtq", "SEN": "seniors"}

FIRST_TIME = (
    "<p>If this is your first meeting, you don't need to say anything or sign up. "
    "People usually arrive a few minutes early for coffee and to say hello.</p>"
)
ONLINE_TIP = (
    "<p>Join a few minutes early. You can keep your camera off and use your first name only.</p>"
)
HYBRID_TIP = "<p>Come in person or join online; both rooms share together.</p>"
FAMILY_TIP = (
    "<p>Family groups are about your own wellbeing. You are welcome whether or not "
    "your loved one is in recovery.</p>"
)
GROUP_NOTES = (
    "",
    "",
    "Business meeting on the first Sunday of the month.",
    "Group conscience meets after the meeting in the last week of the month.",
    "Newcomer packets are on the literature table.",
)
# Places not suited to meetings: the childcare house and the classrooms.
NOT_FOR_MEETINGS = {"little-lanterns-family-care", "next-chapter-learning-center"}
MEETING_PLACES = tuple(
    place
    for place in STREET_PLACES
    if place.key not in NOT_FOR_MEETINGS and place.style not in ("park",)
)
ORG_DOMAINS = {org.name: urlparse(org.website).hostname for org in ORGANIZATIONS if org.website}


def _parse(hints):
    parsed = {"codes": [], "time": None, "days": None, "mode": None, "place": None, "es": False}
    for hint in hints.split():
        if ":" in hint and hint[0] in "0123456789":
            parsed["time"] = hint
        elif hint == "daily":
            parsed["days"] = tuple(range(7))
        elif hint == "weekdays":
            parsed["days"] = WEEKDAYS
        elif hint.startswith("days:"):
            parsed["days"] = tuple(int(day) for day in hint[5:].split(","))
        elif hint in ("online", "hybrid", "inperson"):
            parsed["mode"] = hint
        elif hint.startswith("@"):
            parsed["place"] = hint[1:]
        elif hint == "es":
            parsed["es"] = True
        else:
            parsed["codes"].append(hint)
    return parsed


def _days(rng, index):
    # Walking the week by threes touches every day within seven meetings.
    first = (index * 3) % 7
    roll = rng.random()
    if roll < 0.62:
        return (first,)
    if roll < 0.80:
        return tuple(sorted({first, (first + 2) % 7}))
    if roll < 0.93:
        return WEEKDAYS
    return tuple(range(7))


def _mode(rng, parsed):
    if parsed["mode"]:
        return parsed["mode"]
    roll = rng.random()
    if parsed["es"] or roll < 0.70:
        return "inperson"
    return "hybrid" if roll < 0.85 else "online"


def _meeting_id(rng):
    # Nine digits: the dial-in validator allows 20 digits in all, and the
    # phone number itself takes 11 of them.
    digits = f"{rng.randint(10**8, 10**9 - 1)}"
    return digits, f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def build_meeting_specs(rng):
    specs = []
    index = 0
    for fellowship_slug, groups in GROUPS.items():
        fellowship = FELLOWSHIPS[fellowship_slug]
        for group, hints in groups:
            specs.append(_meeting(rng, fellowship, group, _parse(hints), index))
            index += 1
    return specs


def _meeting(rng, fellowship, group, parsed, index):
    window = WINDOW_CYCLE[index % len(WINDOW_CYCLE)]
    start = at(parsed["time"] or rng.choice(TIMES[window]))
    end = later(start, fellowship.minutes)
    days = parsed["days"] or _days(rng, index)
    mode = _mode(rng, parsed)

    places = []
    if mode != "online":
        pool = MEETING_PLACES
        places = [PLACES_BY_KEY[parsed["place"]] if parsed["place"] else rng.choice(pool)]
    elif rng.random() < 0.5:
        places = [rng.choice(AREA_PLACES)]

    closed = rng.random() < fellowship.closed_share
    codes = {"C" if closed else "O", rng.choice(fellowship.formats), *parsed["codes"]}
    if places and places[0].street_address and places[0].wheelchair_accessible:
        codes.add("X")
    if parsed["es"]:
        codes.add("S")
    childcare = (
        mode != "online"
        and places[0].name == CENTER
        and at("17:30") <= start <= at("19:30")
        and not fellowship.family_category
    )
    if childcare:
        codes.add("BA")
    if rng.random() < 0.1 and "BE" not in codes:
        codes.add("BE")

    fields = {
        "summary": _summary(fellowship, closed, parsed["es"], codes),
        "description": _description(fellowship, mode),
        "types": sorted(codes),
        "group_name": group,
        "group_notes": rng.choice(GROUP_NOTES),
        "notes": _notes(start, childcare),
        "languages": ["es"] if parsed["es"] else ["en"],
        "audiences": sorted(
            {AUDIENCE_FOR_CODE[c] for c in codes if c in AUDIENCE_FOR_CODE}
            | ({"families"} if fellowship.family_category else set())
        ),
        "is_free": True,
        "cost_description": "Donations are welcome but never expected.",
        "eligibility": fellowship.eligibility,
        "conference_url": "",
        "conference_url_notes": "",
        "conference_phone": "",
        "conference_phone_notes": "",
    }
    fields.update(_contact(rng, fellowship, group))
    if mode in ("online", "hybrid"):
        fields.update(_online(rng, phone_only=mode == "online" and rng.random() < 0.2))

    categories = [fellowship.category]
    if fellowship.family_category:
        categories.append(fellowship.family_category)
    return ListingSpec(
        model=MeetingPage,
        section="meetings",
        title=f"{group} ({fellowship.short})",
        fields=fields,
        sessions=[(day, start, end) for day in days],
        locations=[place.key for place in places],
        categories=categories,
        organization=fellowship.organization,
    )


def _summary(fellowship, closed, spanish, codes):
    text = fellowship.closed_summary if closed and fellowship.closed_summary else None
    text = text or fellowship.open_summary
    if spanish:
        text = f"Reunión en español. {text} Held in Spanish."
    formats = [c for c in sorted(codes) if c in ("SP", "B", "ST", "12x12", "MED", "LIT", "GR")]
    if formats and len(text) < 220:
        text += f" Format: {meeting_types.label(formats[0], 'en').lower()}."
    return text


def _description(fellowship, mode):
    parts = [FIRST_TIME]
    if fellowship.family_category:
        parts.append(FAMILY_TIP)
    if mode == "online":
        parts.append(ONLINE_TIP)
    elif mode == "hybrid":
        parts.append(HYBRID_TIP)
    return "".join(parts)


def _notes(start, childcare):
    notes = []
    if start < at("09:00"):
        notes.append("Coffee is ready 15 minutes before the start.")
    if childcare:
        notes.append("Free childcare next door during this meeting; ask at the front desk.")
    return " ".join(notes)


def _contact(rng, fellowship, group):
    contact = {"contact_name": "", "contact_phone": "", "contact_email": "", "website": ""}
    domain = ORG_DOMAINS.get(fellowship.organization, "")
    if rng.random() < 0.65:
        contact["contact_name"] = rng.choice(FIRST_NAMES)
        contact["contact_phone"] = demo_phone(rng.randint(20, 99))
    if domain and rng.random() < 0.3:
        contact["contact_email"] = f"{slugify(group)}@{domain}"
    if domain and rng.random() < 0.4:
        contact["website"] = f"https://{domain}/meetings/{slugify(group)}/"
    return contact


def _online(rng, phone_only):
    digits, spaced = _meeting_id(rng)
    online = {
        "conference_phone": f"+1 720 555 {100 + rng.randint(50, 99):04d},,{digits}#",
        "conference_phone_notes": "Press # when asked for a participant ID.",
    }
    if not phone_only:
        # A provider's own address: apps show a join button only for the ones they know.
        online["conference_url"] = f"https://zoom.us/j/{digits}"
        online["conference_url_notes"] = f"Meeting ID {spaced}, passcode {rng.randint(1000, 9999)}"
        if rng.random() < 0.4:
            online["conference_phone"] = online["conference_phone_notes"] = ""
    return online
