"""Settings shared by every environment, safe for production on their own.

Everything that differs between machines comes from the environment; `dev` and `test`
relax only what they must. See the README for each variable.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Never invent a secret: a random one would silently log everybody out on each restart
    # and break signed links in e-mails already sent.
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
        "string (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# How many reverse proxies (nginx…) stand in front of the application; their X-Forwarded-For
# entries give the visitor's address for rate limits.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "core",
    "users",
    "images",
    "taxonomy",
    "consultations",
    "policies",
    "dialogues",
    "stories",
    "search",
    "subscriptions",
    "scorecard",
    "archive",
    "home",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    # Content pages' tables; /sitemap.xml (core.sitemaps).
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    # Admin accounts: login throttling and the second factor (users/).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages from the shared cache: below the HTTPS redirect and HSTS, above
    # everything that reads a session, a user or the database.
    "core.pagecache.PageCacheMiddleware",
    # What several parts of one page read is looked up once per request (core.memo).
    "core.memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The site, its settings, menu and footer, kept while the site does not change (core.shellcache):
    # below the memo and below CommonMiddleware, which refuses a host not in ALLOWED_HOSTS.
    "core.shellcache.ShellCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: they read request.user and may leave a message.
    "django_otp.middleware.OTPMiddleware",
    "users.middleware.WorkingDaySessionMiddleware",
    "users.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Below the CSP middleware so that it runs first on the way out.
    "core.middleware.AdminContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a login refused for too many failures into our page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user:pass@host:5432/name. The embedded SQLite file is only the
# quick-start default; production and the tests use PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
# The first backend only counts failed logins and refuses locked-out ones (django-axes); the
# second checks the password.
AUTHENTICATION_BACKENDS = [
    "users.backends.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Admin accounts (users/; README "Admin accounts") ---------------------------------------
# Login throttling: after LOGIN_FAILURE_LIMIT failed logins for one username from one address
# (the visitor's, through NUM_PROXIES: core.http.client_address), that pair is locked out for
# LOGIN_LOCKOUT_MINUTES; a failure older than that is forgotten, a successful login forgets all.
# Locking the pair, not the username, keeps a stranger from locking an editor out of her account.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A retry while locked out does not restart the clock: the page says when the lock ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
AXES_LOCKOUT_CALLABLE = "users.throttling.locked_out"
# Every admin account must confirm each login with a code from an authenticator app (TOTP).
# Production always requires it; dev and test make it optional (an account that has enrolled
# an app is still asked for its code).
ADMIN_REQUIRE_SECOND_FACTOR = True
# An admin login lasts one working day, whatever "remember me" says. Citizens have no sessions.
ADMIN_SESSION_AGE = timedelta(hours=float(os.environ.get("ADMIN_SESSION_HOURS", "9")))
SESSION_COOKIE_AGE = int(ADMIN_SESSION_AGE.total_seconds())

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Ours first; then Vietnamese for Wagtail admin strings its own catalogue lacks (locale-wagtail/
# is edited by hand: `make messages` rewrites locale/ from our source and would drop them).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-wagtail"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Django's own `vi` formats already use d/m/Y; these pin them for our templates and exports.
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Where `manage.py backup` writes when no --output is given (README "Backup and restore").
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT", BASE_DIR / "var" / "backups"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A form refused for its security token comes back in Vietnamese, with what was typed kept.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Public pages: our own files only, no inline script or style, nothing framing us.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The Wagtail admin (editors only, behind a login) still relies on inline scripts and styles,
# and shows page previews in a same-origin frame.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-src": [CSP.SELF, *SECURE_CSP["frame-src"]],
    "frame-ancestors": [CSP.SELF],
}
ADMIN_URL_PREFIXES = ("/admin/",)

# --- E-mail ---------------------------------------------------------------------------------
# EMAIL_URL: smtp://user:password@host:587?tls=1 (or ?ssl=1), console:// or locmem://.
EMAIL_SCHEMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}


def mailer_from_url(url):
    """A MAILERS entry (Django 6.1) from an EMAIL_URL."""
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(f"EMAIL_URL must start with one of: {', '.join(EMAIL_SCHEMES)}://")
    mailer = {"BACKEND": EMAIL_SCHEMES[parts.scheme]}
    if parts.scheme == "smtp":
        query = parse_qs(parts.query)
        mailer["OPTIONS"] = {
            "host": parts.hostname or "localhost",
            "port": parts.port or 25,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": query.get("tls", ["0"])[0] in {"1", "true"},
            "use_ssl": query.get("ssl", ["0"])[0] in {"1", "true"},
            "timeout": 20,
        }
    return mailer


MAILERS = {"default": mailer_from_url(os.environ.get("EMAIL_URL", "smtp://localhost:25"))}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------
# Django's tasks framework. The immediate backend runs a task in the request; a deployment
# with a worker sets TASKS_BACKEND to its backend's dotted path.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")}}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = _("Consultation and transparency portal")
# The site's public address, e.g. https://thamvan.hatinh.gov.vn: every absolute link the site
# writes (e-mails, exports, feeds, the API) is built from it and nothing else.
# WAGTAILADMIN_BASE_URL is the older name of the same setting, still read.
PUBLIC_URL = os.environ.get("PUBLIC_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
WAGTAILADMIN_BASE_URL = PUBLIC_URL
# The name authenticator apps show beside an editor's account: the site's host name.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER") or urlsplit(PUBLIC_URL).hostname
WAGTAIL_I18N_ENABLED = False
# Slugs are ASCII, but not by Wagtail's own transliteration: with this False its admin script
# turns "Dự thảo đất đai" into "d-tho-djt-djai" (vowels with two marks dropped, đ as Serbian
# "dj"). The admin keeps the editor's Vietnamese while typing, and the server folds a new
# page's slug on saving: "du-thao-dat-dai" (core.models.BasePage).
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar from an outside service: Wagtail would otherwise ask gravatar.com (over plain HTTP
# where the admin is) for a hash of every editor's e-mail address. Editors get Wagtail's initials.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's login form with its password field labelled in Vietnamese.
WAGTAILADMIN_USER_LOGIN_FORM = "users.forms.LoginForm"
# The admin's date pickers write and read dd/mm/yyyy like the rest of the site; these formats are
# in DATE_INPUT_FORMATS / DATETIME_INPUT_FORMATS of both admin languages (config/formats/).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "csv", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = PUBLIC_URL

# --- Search ---------------------------------------------------------------------------------
# Wagtail's database backend (PostgreSQL full text, SQLite FTS5). With ELASTICSEARCH_URL set,
# Elasticsearch 9 / OpenSearch serves search instead.
WAGTAILSEARCH_BACKENDS = {
    # The "simple" configuration: PostgreSQL's default "english" one drops Vietnamese syllables
    # that happen to be English stop words ("an", "do", "no").
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
}
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    # The database index is kept up to date too, so that search can fall back to it when the
    # Elasticsearch server is unreachable (search/service.py).
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "tham-van-"),
            "TIMEOUT": 5,
            "OPTIONS": {"max_retries": 0},
            # Deep-merged into Wagtail's index settings. Each page indexes its text and a folded
            # copy (search/text.py), and the query asks for both spellings, so text fields must
            # keep diacritics (folding them too would score an exact and a folded-only match
            # alike) and keep every syllable (no English stop words: "an", "do", "no").
            # Text arrives NFC-normalised, which asciifolding needs (it ignores decomposed marks).
            "INDEX_SETTINGS": {
                "settings": {
                    "analysis": {
                        "analyzer": {
                            "default": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
                        },
                    },
                },
            },
        },
        "database": WAGTAILSEARCH_BACKENDS["default"],
    }

# --- Cache and the page cache (core/pagecache.py; README "The page cache") -------------------
# CACHE_URL: redis://127.0.0.1:6379/0, rediss://…, or unix:///run/redis/redis-server.sock?db=0
# (site/redis.md): one cache shared by every worker. Unset: each process keeps its own in memory,
# which is right for `make run` only.
CACHE_SCHEMES = ("redis", "rediss", "unix")


def cache_from_url(url):
    """A CACHES entry from CACHE_URL: Django's Redis backend, or local memory when empty."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}
    if urlsplit(url).scheme not in CACHE_SCHEMES:
        raise ImproperlyConfigured(f"CACHE_URL must start with one of: {', '.join(CACHE_SCHEMES)}://")
    return {
        # Django's own Redis backend, answering as an empty cache while Redis does not answer
        # (core/cache.py). redis-py reads the address itself, and parses replies with hiredis.
        "BACKEND": "core.cache.ForgivingRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        # A Redis that does not answer must not hold readers up: the page cache then answers
        # without it (and logs why).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""))}
# How long (seconds) a cached anonymous page is fresh; 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# How long (seconds) a worker keeps the shell every page shares (the site, its settings, menu and
# footer: core.shellcache) while the site does not change; 0 reads them afresh on every request.
SHELL_CACHE_SECONDS = int(os.environ.get("SHELL_CACHE_SECONDS", "300"))
# Whether it also keeps what pages show of themselves (`content=True`: the pages along a URL, a
# draft's sections and first comments). Off, every page's own content is read from the database
# on every request and only the shell is kept: how `make bench-http` measures a page "uncached".
SHELL_CACHE_CONTENT = os.environ.get("SHELL_CACHE_CONTENT", "1") != "0"

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        # One line per background task at INFO drowns everything else.
        "django.tasks": {"level": "WARNING"},
        # django-axes: failed logins and lock-outs are warnings; its start-up banner is not news.
        "axes": {"level": "WARNING"},
    },
}
