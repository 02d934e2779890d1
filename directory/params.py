"""Reading what a visitor puts in a query string: every problem collected, none raised.

The search API and pages, the HSDS API and the printable schedule all read
their parameters through ParamReader, so each accepts values the same way
(blank counts as not given, repeatable values may also be comma-separated,
whole numbers are ASCII digits only) and explains a mistake in the same shape:
{"param": name, "message": words a person can act on}, in the language active
when the mistake is found.
"""

import math
import re
import unicodedata

from django.utils.translation import gettext as _

# How much of a visitor's own text a message may repeat back to them.
MAX_ECHO = 60
# More distinct values than this for one parameter is not a request anyone means
# to make, and answering it with one error per value would bury the visitor.
MAX_VALUES = 100

_INTEGER = re.compile(r"[+-]?[0-9]{1,9}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class InvalidParam(Exception):
    """A value we cannot use, carrying the words that tell the visitor what would work."""


def echo(text):
    """A visitor's text made safe to repeat back: short, and without control characters."""
    printable = "".join(
        char if unicodedata.category(char)[0] != "C" else " " for char in text[: MAX_ECHO + 1]
    )
    return printable[:MAX_ECHO] + "…" if len(text) > MAX_ECHO else printable


def parse_integer(text, low, high, message):
    """A whole number from `low` to `high` written in ASCII digits, else InvalidParam.

    str.isdigit() would accept "²" or "٣", which int() then refuses or reads
    as something the visitor did not type.
    """
    text = text.strip()
    if not _INTEGER.fullmatch(text) or not low <= int(text) <= high:
        raise InvalidParam(message)
    return int(text)


def parse_number(text, message):
    """A decimal number in ASCII digits (no exponent, no "nan"), else InvalidParam.

    float() alone would take "1_000", "١٢", "1e999" and "nan".
    """
    text = text.strip()
    if not _DECIMAL.fullmatch(text):
        raise InvalidParam(message)
    number = float(text)
    if not math.isfinite(number):
        raise InvalidParam(message)
    return number + 0.0  # -0 is 0; otherwise the two would label one point differently.


def getlist(params, name):
    """The values of one parameter, from a QueryDict or, as tests find handy, a plain dict."""
    if hasattr(params, "getlist"):
        return params.getlist(name)
    value = params.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


class ParamReader:
    """Pulls values out of query parameters and collects every problem on the way.

    `meanings` names each parameter in words ("the page size (page_size)") for
    the messages about giving one value too many; lazy translations, so each
    message speaks the language active when it is made.
    """

    def __init__(self, params, meanings=None):
        self.params = params
        self.meanings = meanings or {}
        self.errors = []

    def error(self, param, message):
        self.errors.append({"param": param, "message": message})

    def raw(self, name):
        """The non-blank values given for a parameter. A blank one counts as not given,
        because an HTML form sends its empty fields."""
        values = getlist(self.params, name)
        return [value.strip() for value in values if isinstance(value, str) and value.strip()]

    def given(self, name):
        return bool(self.raw(name))

    def single(self, name, parse, default=None):
        """The parsed value of a parameter given at most once (`default` when not given)."""
        values = list(dict.fromkeys(self.raw(name)))
        if not values:
            return default
        if len(values) > 1:
            meaning = self.meanings.get(name, name)
            self.error(name, _("Give only one value for %(meaning)s.") % {"meaning": meaning})
            return default
        try:
            return parse(values[0])
        except InvalidParam as invalid:
            self.error(name, str(invalid))
            return default

    def many(self, name, parse):
        """The sorted, distinct parsed values of a repeatable parameter; each may also be a
        comma-separated list. Every value we cannot use gets its own error."""
        pieces = [piece.strip() for value in self.raw(name) for piece in value.split(",")]
        pieces = list(dict.fromkeys(piece for piece in pieces if piece))
        if len(pieces) > MAX_VALUES:
            meaning = self.meanings.get(name, name)
            self.error(
                name,
                _("Give at most %(count)d values for %(meaning)s.")
                % {"count": MAX_VALUES, "meaning": meaning},
            )
            return ()
        parsed = set()
        for piece in pieces:
            try:
                parsed.add(parse(piece))
            except InvalidParam as invalid:
                self.error(name, str(invalid))
        return tuple(sorted(parsed))
