import logging

from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from wagtail.models import Site

from .models import SiteSettings

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
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


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
