"""The area a listing serves when it has no place to go: "Denver, CO, USA".

Online-only meetings happen nowhere in particular, yet the Meeting Guide app
and TSML UI list a meeting only when it is somewhere: the format's answer is
an approximate address naming a city or region. An area is written the way
addresses end, general parts last ("Denver, CO, USA", "Toronto, ON, Canada",
"London, UK"); the directory has one (Settings → Directory settings) and an
organization may have its own.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from directory.countries import country_code, is_region_code, region_name

MAX_PARTS = 3


@dataclass(frozen=True)
class Area:
    text: str  # as written, spaces tidied: "Denver, CO, USA"
    city: str
    region: str
    country: str  # two-letter code, "" when the text names none

    @property
    def regions(self):
        """Its parts from general to specific, in words: ["Colorado", "Denver"]."""
        parts = [region_name(self.country or "US", self.region), self.city]
        return [part for part in parts if part]


def _parts(text):
    return [re.sub(r"\s+", " ", part).strip() for part in (text or "").split(",") if part.strip()]


def parse_area(text):
    """The Area an area's text names, or None for empty text.

    The last part is the country when it names one; of the parts before it,
    the first is the city and the second the state or province. Without a
    country, a US state or Canadian province is taken as one: "Denver, CO" is
    in the US, "Toronto, ON" in Canada.
    """
    parts = _parts(text)
    if not parts:
        return None
    last = parts[-1]
    # "Denver, CO": a state's code, not Colombia's.
    names_state = is_region_code("US", last) or is_region_code("CA", last)
    country = country_code(last) if len(parts) > 1 and not names_state else ""
    places = parts[:-1] if country else parts
    city = places[0] if places else ""
    region = places[1] if len(places) > 1 else ""
    if len(region) <= 3:
        region = region.upper()
    if not country and region:
        country = "CA" if is_region_code("CA", region) and not is_region_code("US", region) else ""
        country = country or ("US" if is_region_code("US", region) else "")
    return Area(text=", ".join(parts), city=city, region=region, country=country)


def validate_area(value):
    parts = _parts(value)
    if not parts:
        return
    if len(parts) < 2 or len(parts) > MAX_PARTS or any(re.search(r"\d", part) for part in parts):
        raise ValidationError(
            _(
                "Write the city, then the state and the country, separated by commas, "
                "for example: Denver, CO, USA."
            ),
            code="not_an_area",
        )
