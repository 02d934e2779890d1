"""Fixed vocabularies shared by the models, the search and the feeds."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    TRANSPORTATION = "transportation", _("Ride")
    CHILDCARE = "childcare", _("Childcare")
    CLASS = "class", _("Class")
    SERVICE = "service", _("Support service")


class Weekday(models.IntegerChoices):
    """Numbered as the Meeting Guide format numbers them: 0 is Sunday."""

    SUNDAY = 0, _("Sunday")
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


#: English day names by day number (0 is Sunday), for files and feeds, which are
#: written in English whatever language the visitor reads.
ENGLISH_DAY_NAMES = tuple(day.name.title() for day in Weekday)

# Every way a day is written that day_number() understands, lower case: full
# names, three letters, and the abbreviations meeting lists use.
_DAY_WORDS = {
    **{day.name.lower(): day.value for day in Weekday},
    **{day.name.lower()[:3]: day.value for day in Weekday},
    "tues": 2,
    "wednes": 3,
    "thur": 4,
    "thurs": 4,
}


def day_number(text):
    """0 (Sunday) to 6 from "2", "tue", "Tuesday" or "Tues."; None when it names no day."""
    word = str(text).strip().casefold().rstrip(".")
    if re.fullmatch(r"0*[0-6]", word):
        return int(word)
    return _DAY_WORDS.get(word)


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Audience(models.TextChoices):
    FAMILIES = "families", _("Families and friends")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    YOUTH = "youth", _("Young people")
    LGBTQ = "lgbtq", _("LGBTQ+")
    SENIORS = "seniors", _("Seniors")


class Language(models.TextChoices):
    """ISO 639-1 codes of the languages listings in this region are held in."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    KOREAN = "ko", _("Korean")
    POLISH = "pl", _("Polish")
    PORTUGUESE = "pt", _("Portuguese")
    RUSSIAN = "ru", _("Russian")
    SOMALI = "so", _("Somali")
    TAGALOG = "tl", _("Tagalog")
    UKRAINIAN = "uk", _("Ukrainian")
    VIETNAMESE = "vi", _("Vietnamese")
    AMHARIC = "am", _("Amharic")
    NEPALI = "ne", _("Nepali")
