"""Fixed vocabularies shared by the models, the search and the feeds."""

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
