"""Quick start on one machine (`make run`): SQLite under var/, e-mail to the console."""

import os

# A fixed, obviously fake key so that `make run` needs no set-up. Never used in production:
# production.py reads SECRET_KEY from the environment and refuses to start without it.
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

from .base import *  # noqa: E402,F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *ALLOWED_HOSTS]  # noqa: F405
MAILERS = {"default": mailer_from_url(os.environ.get("EMAIL_URL", "console://"))}  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The embedded database and uploads live in var/ (git-ignored).
(BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405

# WhiteNoise looks for STATIC_ROOT at start-up; files are served from the apps via the finders.
STATIC_ROOT = BASE_DIR / "var" / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# The pattern page (/mau-giao-dien/) is served here only.
ROOT_URLCONF = "config.urls_dev"

# The second factor is optional here (README "Admin accounts"); set it to try enrolment.
ADMIN_REQUIRE_SECOND_FACTOR = env_bool("ADMIN_REQUIRE_SECOND_FACTOR", False)  # noqa: F405
