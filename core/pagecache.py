"""The page cache for anonymous readers, shared by every worker (README "The page cache").

Built on Django's cache framework (Redis in production through `CACHE_URL`, local memory for
`make run`), because wagtail-cache does not support Wagtail 8. One middleware, near the top of
MIDDLEWARE, answers a reader's GET from the cache without touching the database, and stores what
the site answered when the view said what the answer depends on.

**Tags with versions.** A view (or a page, through `cache_tags()`) declares the tags its answer
depends on with `declare(request, *tags)`: `site` (settings, menus, rules, taxonomies, the shape
of the page tree: every answer depends on it), `listings` (any answer that lists other records)
and `page:<id>` (one page and its sub-routes). Each tag has a version in the cache; an entry keeps
the versions it saw; `bump(*tags)` (after the transaction commits) makes every entry that saw an
older version a miss. A tag's version is read when it is declared, before the view reads the data
it guards, so a change racing with a render can only make the entry older, never wrongly fresh.
An answer with no declared tag is never stored: the safe default.

**Freshness.** An entry is fresh for `PAGE_CACHE_SECONDS` (or what the view asks, e.g. 60 s for
search), but never past the next local midnight ("còn N ngày", overdue commitments) nor past the
next instant at which a status changes by the clock (a consultation opening or closing), which the
apps tell through `register_clock()`. Entries stay in the cache `STALE_SECONDS` longer: while the
database is down (the site answers 5xx), a reader gets the last good copy (`X-Cache: STALE`).

**Never for one person.** A request is not even looked up when it carries a session or messages
cookie (decided from the cookie alone: no database), is not GET/HEAD, or is for the admin or the
private documents. An answer is not stored when it sets a cookie, used the CSRF token, carries
messages, says `Cache-Control: private/no-cache/no-store`, varies on more than cookies, or is not
a 200. Stored headers never include Set-Cookie.

**Cheap.** A HIT must cost about what Django's "hello" costs (`make bench-http`). Each worker
remembers, per address, the tags of the entry it last stored or served there, so that a HIT reads
the entry and its tags' versions in one round trip (`get_many`), and addresses whose answer it did
not keep (forms, views that declare nothing), which it then answers without asking the cache at
all, until an answer there can be kept. The entry is a plain dict (bytes and a header list).

**Compressed once.** An entry's text (HTML, CSV, JSON…) of `COMPRESS_MIN_BYTES` or more is kept
gzip-compressed (level 6, as nginx would), compressed once when it is stored, and sent as it is,
with `Content-Encoding: gzip`, to every client that accepts gzip (every browser and phone does);
a client that does not gets it decompressed. Both carry `Vary: Accept-Encoding`. A large draft's
212 KB of HTML is then about 9 KB moved from Redis, through the worker and over the network. A
stored page never holds a secret (no CSRF token, nothing for one person), so compressing it
reveals nothing (BREACH needs a secret beside what the reader typed). Nothing else in the stack
compresses a page (no GZipMiddleware; WhiteNoise serves only static files), and an answer
already encoded below is never stored, so nothing is compressed twice.
"""

import datetime
import gzip
import hashlib
import logging
import re
import time
import zlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_max_age, patch_vary_headers
from django.utils.http import split_directive_names, split_header_value

logger = logging.getLogger(__name__)

SITE = "site"
LISTINGS = "listings"
HEADER = "X-Cache"
HIT, MISS, STALE, BYPASS = "HIT", "MISS", "STALE", "BYPASS"
# How long an entry stays in the cache after it stops being fresh, to be served while the
# database is down. Redis evicts the least used entries first when it is full (site/redis.md).
STALE_SECONDS = 24 * 60 * 60
# Paths never looked up nor stored: the admin (editors only) and Wagtail's documents (private
# scans are served through a permission check).
PRIVATE_PREFIXES = ("/admin/", "/documents/", "/healthz")
# Headers a stored answer may vary on: the page cache decides by cookie itself (no session or
# messages cookie), and serves each entry compressed or not by the request's Accept-Encoding.
HARMLESS_VARY = {"cookie", "accept-encoding"}
# Response headers never stored nor replayed.
UNSTORED_HEADERS = {"set-cookie", HEADER.lower(), "date"}

# Kept compressed: text of at least this many bytes (smaller gains nothing worth a header).
COMPRESS_MIN_BYTES = 1024
COMPRESSIBLE_TYPE = re.compile(r"^(text/|application/([\w.-]+\+)?(json|xml|javascript)\b)", re.I)
GZIP = "gzip"

_KEY_PREFIX = "pagecache:"
_CLOCK_KEY = _KEY_PREFIX + "clock"
_clocks = []


def page_tag(page_or_id):
    """The tag of one page (and its sub-routes: comments, report, exports)."""
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


# --- Tags and their versions ----------------------------------------------------------------


def _tag_key(tag):
    return f"{_KEY_PREFIX}tag:{tag}"


def _new_version():
    # Never 1, 2, 3…: a tag evicted and created again must not match entries stored before.
    return time.time_ns()


def tag_versions(tags):
    """{tag: current version}, creating the versions the cache lacks."""
    keys = {_tag_key(tag): tag for tag in tags}
    found = cache.get_many(list(keys))
    versions = {}
    for key, tag in keys.items():
        version = found.get(key)
        if version is None:
            version = _new_version()
            if not cache.add(key, version, timeout=None):
                version = cache.get(key, version)
        versions[tag] = version
    return versions


def _bump_now(tags):
    try:
        for tag in tags:
            try:
                cache.incr(_tag_key(tag))
            except ValueError:  # not in the cache (never read, or evicted): nothing saw it
                cache.set(_tag_key(tag), _new_version(), timeout=None)
    except Exception:
        logger.exception("Page cache: could not invalidate %s", ", ".join(sorted(tags)))


def bump(*tags):
    """Make every cached answer that depends on one of `tags` stale, once the current
    transaction commits (at once outside a transaction; never if it rolls back).

    Each call bumps on its own: approving fifty comments on one draft costs a hundred
    increments in Redis (a few milliseconds), and a callback shared across calls could be lost
    with a savepoint rolled back.
    """
    tags = frozenset(tag for tag in tags if tag)
    if tags:
        transaction.on_commit(lambda: _bump_now(tags))


# --- What a view declares -------------------------------------------------------------------


class _Declared:
    def __init__(self):
        self.versions = {}
        self.fresh_for = None


def declare(request, *tags, fresh_for=None):
    """Say that the answer to `request` may be cached and depends on `tags` (`site` always).

    Call it before reading the data the tags guard. `fresh_for` (seconds) shortens freshness
    (search: 60). Does nothing for a request the page cache does not handle.
    """
    declared = getattr(request, "_page_cache", None)
    if declared is None:
        return
    wanted = {SITE, *tags} - set(declared.versions)
    if wanted:
        try:
            declared.versions.update(tag_versions(wanted))
        except Exception:
            # The cache does not answer: the page is made and sent as usual, and not kept.
            logger.exception("Page cache: could not read the versions of %s", ", ".join(sorted(wanted)))
            request._page_cache = None
            return
    if fresh_for is not None:
        declared.fresh_for = min(fresh_for, declared.fresh_for or fresh_for)


# --- The clock ------------------------------------------------------------------------------


def register_clock(function):
    """Register `function(now)`: the next instant after `now` at which what some page shows
    changes by the clock alone (a consultation opens or closes), or None. Apps register theirs
    in `AppConfig.ready()`; answers are never fresh past the earliest."""
    if function not in _clocks:
        _clocks.append(function)
    return function


def next_midnight(now):
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min), local.tzinfo)


def next_change(now):
    """The earliest instant after `now` at which a status changes by the clock, asked of the
    apps once and kept in the cache until then, or until a page or a setting changes."""
    versions = tag_versions([SITE, LISTINGS])
    kept = cache.get(_CLOCK_KEY)
    if kept and kept["versions"] == versions and (kept["at"] is None or kept["at"] > now):
        return kept["at"]
    instants = [instant for instant in (clock(now) for clock in _clocks) if instant and instant > now]
    at = min(instants, default=None)
    timeout = STALE_SECONDS if at is None else max(1, min(STALE_SECONDS, int((at - now).total_seconds())))
    cache.set(_CLOCK_KEY, {"at": at, "versions": versions}, timeout)
    return at


# --- The middleware -------------------------------------------------------------------------


def _skipped(request):
    """Why the request is not looked up (decided without the database), or ""."""
    if request.method not in ("GET", "HEAD"):
        return "method"
    if request.path.startswith(PRIVATE_PREFIXES):
        return "private"
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return "session"
    if getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in cookies:
        return "messages"
    return ""


def _entry_key(request):
    raw = "\n".join(
        [request.scheme, request.META.get("HTTP_HOST", ""), request.path, request.META.get("QUERY_STRING", "")]
    )
    return _KEY_PREFIX + "entry:" + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and (getattr(storage, "_queued_messages", None) or getattr(storage, "_loaded_data", None)):
        return False
    if response.has_header("Content-Encoding") or getattr(request, "is_preview", False):
        return False
    if response.has_header("Cache-Control"):
        directives = set(split_directive_names(response["Cache-Control"]))
        if directives & {"private", "no-cache", "no-store"} or get_max_age(response) == 0:
            return False
    if response.has_header("Vary"):
        varies = {part.lower() for part in split_header_value(response["Vary"])}
        if varies - HARMLESS_VARY:
            return False
    return True


def _fresh_until(declared, now):
    seconds = settings.PAGE_CACHE_SECONDS
    if declared.fresh_for is not None:
        seconds = min(seconds, declared.fresh_for)
    until = min(now + datetime.timedelta(seconds=seconds), next_midnight(now))
    change = next_change(now)
    if change is not None:
        until = min(until, change)
    return until.timestamp()


def accepts_gzip(request):
    """Whether the client takes a gzip-compressed answer (its Accept-Encoding, RFC 9110 12.5.3)."""
    header = request.META.get("HTTP_ACCEPT_ENCODING", "").lower()
    if "gzip" not in header and "*" not in header:
        return False
    if "q=" not in header:  # a browser's header: no weights, nothing refused
        return True
    weights = {}
    for part in header.split(","):
        coding, _, parameters = part.partition(";")
        weight = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding.strip()] = weight
    weight = weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0)))
    return weight > 0


def _compress(response):
    """Gzip the body of `response` if it is text worth compressing: (the compressed bytes, or None)."""
    content = response.content
    if len(content) < COMPRESS_MIN_BYTES or not COMPRESSIBLE_TYPE.match(response.get("Content-Type", "")):
        return None
    # mtime=0: the same page compresses to the same bytes.
    compressed = gzip.compress(content, compresslevel=6, mtime=0)
    if len(compressed) >= len(content):
        return None
    patch_vary_headers(response, ("Accept-Encoding",))
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        # Two encodings of one page are the same page, not the same bytes (as GZipMiddleware does).
        response["ETag"] = "W/" + etag
    return compressed


def _send_compressed(response, compressed):
    response.content = compressed
    response["Content-Encoding"] = GZIP
    response["Content-Length"] = str(len(compressed))


def _replay(entry, state, request):
    headers = dict(entry["headers"])
    headers[HEADER] = state
    content = entry["content"]
    if entry.get("encoding") == GZIP:
        if accepts_gzip(request):
            headers["Content-Encoding"] = GZIP
        else:
            content = zlib.decompress(content, wbits=16 + zlib.MAX_WBITS)
    headers["Content-Length"] = str(len(content))
    return HttpResponse(content, status=entry["status"], headers=headers)


def _browser_cache_control(response):
    # Browsers and nginx keep nothing: they ask again each time, and this cache answers
    # quickly; an answer changed here is seen at once by every reader.
    response["Cache-Control"] = "max-age=0"


# --- What each worker remembers of an address ------------------------------------------------

# The tags of the entry last stored or served at an entry key, so that a HIT reads the entry and
# its tags' versions in one round trip; or NOT_STORED when this worker's last answer there was not
# kept (a view that declares nothing, such as a form or the bench's hello): the next request is
# then not looked up at all, only answered and, if its answer can now be kept, stored (which ends
# the skipping). Skipping a lookup can only make an answer fresher, never serve anything.
NOT_STORED = "not stored"
# The tags most answers declare, read with an entry this worker knows nothing about yet.
_FIRST_GUESS = (SITE, LISTINGS)
# Bounded: a crawler's endless query strings must not grow a worker; forgetting is harmless.
MEMO_SIZE = 10_000
_memo = {}


def _remember(key, what):
    if _memo.get(key) == what:
        return
    if len(_memo) >= MEMO_SIZE:
        _memo.clear()
    _memo[key] = what


def forget():
    """Forget what this worker remembers of every address (tests; nothing needs it otherwise)."""
    _memo.clear()


def _lookup(key, tags):
    """(entry at `key` or None, whether it is fresh). One round trip when `tags` are the entry's
    tags; a second for those it has and `tags` lacks."""
    found = cache.get_many([key, *(_tag_key(tag) for tag in tags)])
    entry = found.get(key)
    if entry is None:
        return None, False
    missing = [tag for tag in entry["versions"] if tag not in tags]
    if missing:
        found.update(cache.get_many([_tag_key(tag) for tag in missing]))
    fresh = time.time() < entry["fresh_until"] and all(
        found.get(_tag_key(tag)) == version for tag, version in entry["versions"].items()
    )
    return entry, fresh


def _stale_copy(key):
    try:
        return cache.get(key)
    except Exception:
        logger.exception("Page cache: could not read a stale copy")
        return None


class PageCacheMiddleware:
    """Serve anonymous readers' pages from the shared cache (see the module's docstring).

    Sits just below SecurityMiddleware and WhiteNoise, so HTTPS redirects and HSTS still apply
    to a HIT, and nothing below it (sessions, authentication, the database) runs for one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or _skipped(request):
            response = self.get_response(request)
            if not request.path.startswith(PRIVATE_PREFIXES):
                response.headers.setdefault(HEADER, BYPASS)
            return response

        key = _entry_key(request)
        known = _memo.get(key)
        entry = None
        if known != NOT_STORED:
            try:
                entry, fresh = _lookup(key, known or _FIRST_GUESS)
                if fresh:
                    _remember(key, tuple(entry["versions"]))
                    return _replay(entry, HIT, request)
            except Exception:
                logger.exception("Page cache: lookup failed; answering without it")
                entry = None

        request._page_cache = _Declared()
        response = self.get_response(request)
        if response.status_code >= 500:
            if entry is None and known == NOT_STORED:
                entry = _stale_copy(key)
            if entry is not None:
                logger.warning("Page cache: %s answered %s; serving the stale copy", request.path, response.status_code)
                return _replay(entry, STALE, request)
        declared = request._page_cache
        if declared is None or not declared.versions or not _storable(request, response):
            _remember(key, NOT_STORED)
            response[HEADER] = BYPASS
            return response
        _browser_cache_control(response)
        try:
            now = timezone.now()
            compressed = _compress(response)
            entry = {
                "status": response.status_code,
                "content": response.content if compressed is None else compressed,
                "encoding": None if compressed is None else GZIP,
                "headers": [
                    (name, value) for name, value in response.headers.items() if name.lower() not in UNSTORED_HEADERS
                ],
                "versions": declared.versions,
                "fresh_until": _fresh_until(declared, now),
            }
            cache.set(key, entry, max(1, int(entry["fresh_until"] - now.timestamp())) + STALE_SECONDS)
        except Exception:
            logger.exception("Page cache: could not store %s", request.path)
            _remember(key, NOT_STORED)
            response[HEADER] = BYPASS
            return response
        _remember(key, tuple(declared.versions))
        if compressed is not None and accepts_gzip(request):
            _send_compressed(response, compressed)
        response[HEADER] = MISS
        return response
