"""The Site a request is for, found as Wagtail finds it, by a query compiled once per process."""

from django.db.models import Case, IntegerField, Q, When
from django.http.request import split_domain_port

from wagtail.models import Site
from wagtail.models.sites import MATCH_DEFAULT, MATCH_HOSTNAME, MATCH_HOSTNAME_DEFAULT, MATCH_HOSTNAME_PORT

from . import prepared


def _sites_matching(hostname, port):
    """Wagtail's query for the sites a host and port may be for, best first
    (`wagtail.models.sites.get_site_for_hostname`)."""
    return (
        Site.objects.annotate(
            match=Case(
                When(hostname=hostname, port=port, then=MATCH_HOSTNAME_PORT),
                When(hostname=hostname, is_default_site=True, then=MATCH_HOSTNAME_DEFAULT),
                When(is_default_site=True, then=MATCH_DEFAULT),
                default=MATCH_HOSTNAME,
                output_field=IntegerField(),
            )
        )
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        .select_related("root_page")
    )


def site_for_request(request):
    """The Site Wagtail's `Site.find_for_request` finds, by the same query and the same choice,
    its SQL compiled once per process (core.prepared)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    try:
        port = int(request.get_port())
    except ValueError:
        return Site._find_for_request(request)
    sites = prepared.run("sites_matching", _sites_matching, hostname, port)
    if not sites:
        return None
    if len(sites) == 1 or sites[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return sites[0]
    if sites[0].match == MATCH_DEFAULT:
        # The default site, unless exactly one other site has the host name (on another port).
        return sites[len(sites) == 2]
    return None
