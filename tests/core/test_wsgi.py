"""The WSGI application as gunicorn loads it, in a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_the_objects_loaded_at_start_are_kept_out_of_every_full_garbage_collection():
    # A full collection that walks the whole of Django and Wagtail takes 100–150 ms, in the middle of
    # some reader's request; frozen, it walks only what requests made (bench/README.md, search tail).
    script = "import gc, config.wsgi; print(gc.get_threshold()[2], gc.get_freeze_count())"
    loaded = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    full_collection_every, frozen = (int(number) for number in loaded.stdout.split()[-2:])
    # Django and Wagtail alone are well over a hundred thousand objects.
    assert frozen > 100_000, loaded.stdout
    # And a full collection comes round ten times less often than Python's default (10).
    assert full_collection_every >= 100, loaded.stdout
