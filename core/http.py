from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def client_address(request):
    """The visitor's IP address, taking the configured number of trusted proxies into account.

    Behind nginx every request comes from 127.0.0.1; the proxy appends the real address to
    X-Forwarded-For. Only the entries our own proxies added are trusted.
    """
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def query_without(request, *names):
    """The request's query string without the given parameters (usually the page number), so
    that pagination and export links keep the filters."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def public_url(path_or_url):
    """The absolute address of a path on this site, built from `settings.PUBLIC_URL` alone.

    A URL that already has a host keeps only its path, query and fragment: whatever host a
    request or the Site record named, links leave the site with its one public address.
    """
    parts = urlsplit(path_or_url or "/")
    path = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return settings.PUBLIC_URL.rstrip("/") + "/" + path.lstrip("/")
