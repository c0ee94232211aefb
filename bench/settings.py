"""The production settings, unchanged, plus a Django "hello" view at /_bench/hello (bench/urls.py).

Used by `make bench-http` only, so that the floor (a view that touches neither the database nor a
template) is served by the same gunicorn, middleware and settings as the pages it is compared with.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
