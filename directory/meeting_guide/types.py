"""The Meeting Guide format's reserved meeting type codes and their labels."""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "types.json"


@cache
def _labels():
    return json.loads(DATA.read_text(encoding="utf-8"))


def reserved_codes():
    return frozenset(_labels())


def label(code, language=None):
    """The label in the active language, falling back to English, then the code."""
    labels = _labels().get(code)
    if not labels:
        return code
    language = (language or get_language() or "en").split("-")[0]
    return labels.get(language) or labels["en"]


def choices():
    return sorted(
        ((code, f"{label(code, 'en')} ({code})") for code in _labels()),
        key=lambda choice: choice[1].lower(),
    )
