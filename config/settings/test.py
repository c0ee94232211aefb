"""The test suite: PostgreSQL from DATABASE_URL (scripts/with-test-postgres sets it)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from .base import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
PUBLIC_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"

# WhiteNoise looks for STATIC_ROOT at start-up; files are served from the apps via the finders.
STATIC_ROOT = BASE_DIR / "var" / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Optional here so that the suite logs in with a password; tests of the second factor turn it on.
ADMIN_REQUIRE_SECOND_FACTOR = False

# The page cache is off unless a test turns it on (override_settings(PAGE_CACHE_SECONDS=…), with
# the cache cleared before and after): other tests must see every change at once.
PAGE_CACHE_SECONDS = 0

# The same for the shell kept between requests (core.shellcache): a test's transaction is rolled
# back without the commit that would tell it, so tests turn it on themselves (fixture shell_cache).
SHELL_CACHE_SECONDS = 0
