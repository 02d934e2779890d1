"""The Spanish catalogue (locale/): complete, compiled, and in step with the code.

The compiled .mo file is committed, so running the site needs no gettext tools;
these tests prove it says what the .po says, and (with gettext's xgettext, which
CI installs) that the .po holds every string the code and templates mark.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.conftest import running_in_ci

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}")


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def catalogue():
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_every_string_has_a_spanish_translation_with_the_same_placeholders():
    po = catalogue()
    assert po.metadata["Language"] == "es"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    for entry in po:
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(
                PLACEHOLDER.findall(entry.msgid)
            ), entry.msgid


def test_the_compiled_catalogue_says_what_the_po_says():
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    po = catalogue()
    for entry in po:
        if entry.msgid_plural and entry.msgctxt:
            found = [
                mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n) for n in (1, 2)
            ]
        elif entry.msgid_plural:
            found = [mo.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
        elif entry.msgctxt:
            found = mo.pgettext(entry.msgctxt, entry.msgid)
        else:
            found = mo.gettext(entry.msgid)
        expected = (
            [entry.msgstr_plural[0], entry.msgstr_plural[1]]
            if entry.msgid_plural
            else (entry.msgstr)
        )
        assert found == expected, entry.msgid
    # Nothing more in it either: the header, then one entry per form.
    forms = sum(2 if entry.msgid_plural else 1 for entry in po)
    assert len(mo._catalog) == forms + 1


def test_the_catalogue_holds_every_string_the_code_marks(tmp_path):
    """makemessages on a copy of the project finds exactly the strings of the catalogue."""
    if not shutil.which("xgettext"):
        message = "gettext's xgettext is not installed"
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "node_modules", "__pycache__", "tests", "es", "bench"
        ),
    )
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", "-l", "es"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    missing = {key(entry) for entry in extracted} - {key(entry) for entry in catalogue()}
    unused = {key(entry) for entry in catalogue()} - {key(entry) for entry in extracted}
    assert (missing, unused) == (set(), set()), "run `make messages` and translate"
