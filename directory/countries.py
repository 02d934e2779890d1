"""Countries, states and provinces: their codes, their names and their time zones.

Places keep a two-letter country code (ISO 3166) and, in the US and Canada,
the two-letter state or province. Feeds and spreadsheets write countries and
states every way people do ("USA", "United States", "Canada", "UK"), and
the Meeting Guide format shows them in words. The country names and the
countries' time zones come from the IANA time zone data the `tzdata` package
ships (iso3166.tab, zone.tab), so nothing is fetched at run time.
"""

import re
from functools import cache
from importlib import resources

# How feeds write their country besides its code and its name in iso3166.tab.
COUNTRY_ALIASES = {
    "USA": "US",
    "U.S.A.": "US",
    "U.S.": "US",
    "UNITED STATES OF AMERICA": "US",
    "AMERICA": "US",
    "UK": "GB",
    "U.K.": "GB",
    "UNITED KINGDOM": "GB",
    "GREAT BRITAIN": "GB",
    "ENGLAND": "GB",
    "SCOTLAND": "GB",
    "WALES": "GB",
    "NORTHERN IRELAND": "GB",
    "SOUTH KOREA": "KR",
    "NORTH KOREA": "KP",
    "CZECHIA": "CZ",
    "HOLLAND": "NL",
    "THE NETHERLANDS": "NL",
}
# The names the format's own examples use, where they differ from iso3166.tab's.
COUNTRY_WORDS = {"US": "USA", "GB": "UK"}

US_STATES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "AS": "American Samoa",
    "GU": "Guam",
    "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands",
    "AA": "Armed Forces Americas",
    "AE": "Armed Forces Europe",
    "AP": "Armed Forces Pacific",
}

# Each province's name and the time zone most of it keeps (zone.tab lists the
# exceptions: parts of Ontario, Quebec, Nunavut and British Columbia differ).
CANADIAN_PROVINCES = {
    "AB": ("Alberta", "America/Edmonton"),
    "BC": ("British Columbia", "America/Vancouver"),
    "MB": ("Manitoba", "America/Winnipeg"),
    "NB": ("New Brunswick", "America/Moncton"),
    "NL": ("Newfoundland and Labrador", "America/St_Johns"),
    "NS": ("Nova Scotia", "America/Halifax"),
    "NT": ("Northwest Territories", "America/Edmonton"),
    "NU": ("Nunavut", "America/Iqaluit"),
    "ON": ("Ontario", "America/Toronto"),
    "PE": ("Prince Edward Island", "America/Halifax"),
    "QC": ("Quebec", "America/Toronto"),
    "SK": ("Saskatchewan", "America/Regina"),
    "YT": ("Yukon", "America/Whitehorse"),
}


def _table(name):
    """The rows of one of tzdata's tab-separated files, comments left out."""
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _country_names():
    return {row[0]: row[1] for row in _table("iso3166.tab")}


@cache
def _codes_by_word():
    words = {name.upper(): code for code, name in _country_names().items()}
    # "Britain (UK)", "Korea (South)": also without the part in brackets.
    for code, name in _country_names().items():
        words.setdefault(re.sub(r"\s*\(.*\)$", "", name).upper(), code)
    return {**words, **COUNTRY_ALIASES, **{code: code for code in _country_names()}}


@cache
def _country_zones():
    zones = {}
    for row in _table("zone.tab"):
        zones.setdefault(row[0], []).append(row[2])
    return zones


def country_code(text):
    """ "US" from "US", "usa" or "United States"; "" when no country is named."""
    word = re.sub(r"\s+", " ", (text or "").strip()).upper()
    return _codes_by_word().get(word, "")


def country_name(code):
    """The country in words as addresses write it ("USA", "Canada"); the code if unknown."""
    return COUNTRY_WORDS.get(code) or _country_names().get(code, code)


def region_name(country, region):
    """A US state or Canadian province in words ("Colorado"); otherwise `region` as it is."""
    if country == "US":
        return US_STATES.get(region, region)
    if country == "CA" and region in CANADIAN_PROVINCES:
        return CANADIAN_PROVINCES[region][0]
    return region


def is_region_code(country, text):
    """Whether `text` is a state (US) or province (Canada) code."""
    text = text.upper()
    return text in US_STATES if country == "US" else text in CANADIAN_PROVINCES


def region_timezone(country, region):
    """The time zone of a whole province or country, when it keeps one; "" otherwise.

    US places take theirs from the ZIP code or city (directory.geocoding);
    this covers Canada's provinces and countries with a single zone.
    """
    if country == "CA" and region in CANADIAN_PROVINCES:
        return CANADIAN_PROVINCES[region][1]
    zones = _country_zones().get(country, [])
    return zones[0] if len(zones) == 1 else ""
