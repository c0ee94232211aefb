import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DatabaseError, connection
from django.db import Error as DatabaseLayerError
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import never_cache

from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Site

from . import pagecache
from .http import public_url
from .models import SiteSettings
from .sitemaps import PortalSitemap

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """For load balancers and monitors: 200 when the database answers, 503 when it does not.

    The body never says why: the reason goes to the log, not to whoever asked.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return HttpResponse("database: down\n", status=503, content_type="text/plain")
    return HttpResponse("database: ok\n", content_type="text/plain")


# How long a browser or a proxy is told to wait before asking again while the database is down.
DATABASE_DOWN_RETRY_AFTER_SECONDS = 30
# Fields whose name contains one of these are never written back into the "database unavailable"
# page (nor are files, which a page cannot carry).
FORM_NOT_REPLAYED = ("password",)


def database_error(exc):
    """The database error behind an exception (itself, or what it was raised from), or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DatabaseLayerError):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def server_error(request):
    """Django's handler500. When the database cannot be reached (wherever in the request: Wagtail
    finds the page in the database before any view of ours runs), a 503 page that says so and
    asks to try again soon; a form that was being sent with its submission token (a comment, a
    question for a dialogue) comes back on it, everything typed kept, ready to be sent again to
    the same address. Its submission token makes a resend store it once.

    Both pages are rendered from a standalone template with no request context: no site
    settings, no navigation, nothing that needs the database.
    """
    if database_error(sys.exc_info()[1]) is None:
        return HttpResponseServerError(loader.get_template("500.html").render())
    fields = _form_to_resend(request)
    response = HttpResponse(
        loader.get_template("503_database.html").render({"fields": fields, "action": request.get_full_path()}),
        status=503,
    )
    response["Retry-After"] = str(DATABASE_DOWN_RETRY_AFTER_SECONDS)
    # What was typed (and its security token) is for this browser only, never for a cache.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _form_to_resend(request):
    """[(name, value, shown)] of a form sent with a submission token, every field but files and
    passwords, the text (`body`) shown in a box the person can read and copy; [] otherwise."""
    if request.method != "POST" or request.path.startswith(settings.ADMIN_URL_PREFIXES):
        return []
    try:
        data = request.POST
    except (RequestDataTooBig, TooManyFieldsSent, UnreadablePostError, MultiPartParserError):
        return []
    if "submission_token" not in data:
        return []
    return [
        (name, value, name == "body")
        for name, values in data.lists()
        if not any(word in name for word in FORM_NOT_REPLAYED)
        for value in values
    ]


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says; send them to the emblem
    rather than fill the log with 404s."""
    return HttpResponseRedirect(SiteSettings.for_request(request).emblem_url)


def csrf_failure(request, reason=""):
    """A form sent without a valid security token (an old tab, cookies cleared, a long pause).

    Django's page is English and loses what was typed. A page that can take the form back
    (`csrf_failure_response`, e.g. a page that takes comments) shows it again with the text kept
    and a fresh token; anything else gets a Vietnamese page saying what happened.
    """
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    page, view_name = _page_and_view(request)
    if page is not None and hasattr(page, "csrf_failure_response"):
        response = page.csrf_failure_response(request, view_name)
        if response is not None:
            return response
    return render(request, "403_csrf.html", status=403)


def _page_and_view(request):
    """The Wagtail page (and its route's name) that the request was addressed to, if any."""
    site = Site.find_for_request(request)
    if site is None:
        return None, ""
    try:
        route = site.root_page.specific.route(request, [part for part in request.path.split("/") if part])
    except Http404:
        return None, ""
    view_args = route.args[0] if route.args else None
    return route.page, getattr(view_args, "__name__", "")


def sitemap(request):
    """/sitemap.xml (core.sitemaps). Cached like a page that lists others: a page published,
    changed, moved or put behind a password makes it stale (`site`, `listings`)."""
    pagecache.declare(request, pagecache.SITE, pagecache.LISTINGS)
    return sitemap_views.sitemap(request, sitemaps={"pages": PortalSitemap(request)})


def robots_txt(request):
    """/robots.txt: crawl everything public, except the admin and search results, and find the
    pages from the sitemap. The same for every request: cached with the site."""
    pagecache.declare(request, pagecache.SITE)
    return render(
        request, "robots.txt", {"sitemap_url": public_url("/sitemap.xml")}, content_type="text/plain; charset=utf-8"
    )
