"""The Vietnamese catalogue is complete: every source string translated, nothing fuzzy, and
the compiled .mo matches the .po."""

import os
import shutil
import subprocess
import sys

import polib

from django.conf import settings

PO_PATH = settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SKIP_DIRS = {".venv", ".git", "var", "staticfiles", "node_modules", ".pytest_cache", ".ruff_cache", "bench"}


def test_every_string_in_the_catalogue_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO_PATH))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert [e.msgid for e in catalogue if e.obsolete] == []


def test_catalogue_covers_every_string_in_the_source(tmp_path):
    # Extract afresh from a copy of the tree, exactly as `make messages` would, and compare.
    copy = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, copy, ignore=lambda directory, names: [n for n in names if n in SKIP_DIRS])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "vi", "--no-obsolete"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh if not e.translated() and not e.obsolete]
    assert missing == [], "Run `make messages` and translate these"


def test_compiled_catalogue_matches_the_source_catalogue():
    po = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.pofile(str(PO_PATH)) if e.translated()}
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(PO_PATH.with_suffix(".mo")))
        if e.msgid
    }
    assert po == mo, "The .mo is stale: run `make messages`"
