"""What every page reads, kept between requests while it does not change (README "The page
cache", "Below it").

Before a page reads anything of its own, Wagtail finds the Site the request is for (one query),
fetches the home page as its own type to route from it (one), and the page reads the site
settings (one), the consultation rules (one) and the protected sections (one), then renders the
menu and the footer: five of a policy page's nine queries, the same on every page and for every
reader. Then come the pages along the URL, the page as its own type, its comment counts, its
attachments and, for a draft, its sections with their first comments: the rest of its queries,
and most of the time of a draft of sixty articles.

They are kept here, in each worker's memory, under the versions of the page cache's tags
(core.pagecache), both read once per request from the shared cache: the shell under `site`
(saving the site settings, a site, the rules, a view restriction, a document, a taxonomy, or
publishing, unpublishing, moving or deleting a page of the menu bumps it once its transaction
commits), what a page shows (`content=True`) under `site` and `listings` together (which a page
published, a comment moderated or answered, a report or a commitment saved bump). The next
request anywhere computes them afresh. Entries also expire after `SHELL_CACHE_SECONDS` (0 turns
this off), in case a bump did not reach a worker (a local-memory cache with several processes);
`SHELL_CACHE_CONTENT=0` keeps the shell only.

Objects are kept pickled and each request gets its own copy, so nothing one request sets on a
page or a setting is seen by another; rendered fragments are kept as strings. Only public GET
and HEAD requests use it: the admin (editing the settings themselves, previews) always reads the
database.
"""

import pickle
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.http.request import split_domain_port
from django.urls import Resolver404, resolve

from . import pagecache, sites
from .memo import once_per_request

_VERSIONS = ("shellcache", "versions")
# The shell's keys are few (a host, a language, which menu item is current); pages served are
# many: the least recently used entries go first beyond this many (a few MB per worker).
MAX_ENTRIES = 500

_store = OrderedDict()
_lock = threading.Lock()  # threaded servers (runserver, gthread workers) share the store


def enabled():
    return settings.SHELL_CACHE_SECONDS > 0


def _no_version():
    return None


def kept(key, compute, content=False):
    """`compute()`, or what it gave earlier while the site has not changed since: for a public
    GET or HEAD request (see ShellCacheMiddleware); anywhere else it computes afresh.

    `content=True` for what a page shows of itself or of other pages (the pages along a URL,
    a page's comment counts): kept while neither the site nor any page, comment, report or
    commitment changes (the page cache's `listings` tag, which all of those bump)."""
    versions = once_per_request(_VERSIONS, _no_version)
    if versions is None or (content and not settings.SHELL_CACHE_CONTENT):
        return compute()
    version = versions if content else versions[0]
    now = time.monotonic()
    with _lock:
        found = _store.get(key)
        if found is not None and found[0] == version and found[1] > now:
            _store.move_to_end(key)
        else:
            found = None
    if found is not None:
        value = found[2]
        # Bytes this process pickled itself, never read from outside.
        return pickle.loads(value) if isinstance(value, bytes) else value  # noqa: S301
    value = compute()
    kept_value = value if isinstance(value, str) else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    with _lock:
        _store[key] = (version, now + settings.SHELL_CACHE_SECONDS, kept_value)
        _store.move_to_end(key)
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)
    return value


def clear():
    """Forget everything kept in this process (tests)."""
    with _lock:
        _store.clear()


def _site_for(request):
    """Wagtail's Site for the request, with its home page fetched as its own type (Wagtail
    routes every request from it)."""
    site = sites.site_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 - fetched now, kept with the site
    return site


def _site_not_kept(request):
    """Wagtail's Site for the request, read afresh. Wagtail routes a request from the home page
    as its own type (`site.root_page.specific`); below the home page it only asks that type for
    its `route`, so the home page's own fields are not read for it (Wagtail's
    `specific_deferred`, which reads them if anything asks)."""
    site = sites.site_for_request(request)
    if site is not None and request.path_info.strip("/"):
        root = site.root_page
        root.__dict__["specific"] = root.specific_deferred
    return site


class ShellCacheMiddleware:
    """Reads the `site` and `listings` tags' versions once per public GET/HEAD request and gives
    Wagtail the request's Site from what is kept (or, when nothing is kept, read in one query
    compiled once: core.sites.site_for_request). Below RequestMemoMiddleware (the version is
    remembered for the request) and CommonMiddleware (the host is one of ALLOWED_HOSTS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path.startswith(pagecache.PRIVATE_PREFIXES):
            versions = None
            if enabled():
                try:
                    found = pagecache.tag_versions([pagecache.SITE, pagecache.LISTINGS])
                    versions = (found[pagecache.SITE], found[pagecache.LISTINGS])
                except Exception:
                    # The cache does not answer: everything is read from the database, as before.
                    versions = None
            if versions is not None:
                once_per_request(_VERSIONS, lambda: versions)
                hostname = split_domain_port(request._get_raw_host())[0]
                request._wagtail_site = kept(("site", hostname, request.get_port()), lambda: _site_for(request))
            elif _served_by_wagtail(request):
                request._wagtail_site = _site_not_kept(request)
        return self.get_response(request)


def _served_by_wagtail(request):
    """Whether Wagtail's page view answers this address: only then is the Site read before the
    view (a view of our own that needs it asks Wagtail, which reads it then; one that does not,
    such as /healthz, reads nothing)."""
    try:
        return resolve(request.path_info).url_name == "wagtail_serve"
    except Resolver404:
        return False
