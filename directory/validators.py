"""Field rules that give staff a message they can act on."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Digits plus what a dial string may hold (+ for international, comma for a
# pause, * and # for conference codes) and the spacing people type.
_DIALABLE = re.compile(r"^\+?[0-9 ().,*#-]+$")
_EXTENSION = re.compile(r"\s*(?:ext\.?|x)\s*(\d+)$", re.IGNORECASE)


def validate_dialable(value):
    number = _EXTENSION.sub(r",\1", value.strip())
    digits = re.sub(r"\D", "", number)
    if not _DIALABLE.match(number) or len(digits) < 3 or len(digits) > 40:
        raise ValidationError(
            _(
                "“%(value)s” can't be dialled. Use digits, with + , * # where needed, "
                "for example 303-555-0142 or +1 720 555 0199,,12345#."
            ),
            code="not_dialable",
            params={"value": value},
        )


def dial_string(value):
    """The number as a phone dials it: digits and + , * # only."""
    number = _EXTENSION.sub(r",\1", value.strip())
    return re.sub(r"[^0-9+,*#]", "", number)


validate_https = URLValidator(
    schemes=["https"],
    message=_("Use a secure link that starts with https://."),
    # Its own code, so a form's generic "Enter a valid URL." does not replace it.
    code="not_https",
)
