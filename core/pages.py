"""Serving a page in few queries: the pages along a URL in one query, and the view restrictions
that apply to a page in one.

Wagtail walks a URL one slug at a time: for /van-ban/du-thao/ it fetches the section, then the
section as its own type, then the draft, then the draft as its own type; and it checks view
restrictions in two queries (the ancestors, then their restrictions). A policy page cost seven
queries before its own content. Here the generic pages along the path come in one query; a
page is fetched as its own type only where that type might answer the rest of the path itself
(a routable page whose routes match it) and for the page served, with whatever that type asks
to have joined (`route_select_related`). The result is the same page with the same arguments
as Wagtail's walk: tests/core/test_routing.py holds the two equal.
"""

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import Resolver404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site

from . import prepared, shellcache
from .memo import once_per_request


def pages_along(root, path_components):
    """{url_path: Page} for every page from `root`'s child to the end of the path that exists:
    one query, once per request. The same query brings `root`'s live children (`live_children`:
    the menu, the sections pages link to)."""
    prefixes = [root.url_path + "/".join(path_components[: n + 1]) + "/" for n in range(len(path_components))]

    def query(url_paths, depth):
        return Page.objects.filter(Q(url_path__in=url_paths) | Q(depth=depth, live=True), path__startswith=root.path)

    def fetch():
        # Kept between requests until a page changes (core.shellcache); its SQL compiled once
        # per process (core.prepared).
        found = shellcache.kept(
            ("pages_along", root.pk, prefixes[-1]),
            lambda: prepared.run(("pages_along", root.path), query, prefixes, root.depth + 1),
            content=True,
        )
        once_per_request(
            ("live_children", root.pk),
            lambda: _read_live([page for page in found if page.depth == root.depth + 1 and page.live]),
        )
        return {page.url_path: page for page in found if page.url_path in prefixes}

    return once_per_request(("pages_along", prefixes[-1]), fetch)


def live_children(root):
    """The live children of `root` in the order of the page tree: once per request (brought
    along with the page served when `pages_along` ran first)."""
    return once_per_request(("live_children", root.pk), lambda: _read_live(list(Page.objects.child_of(root).live())))


def live_pages_read():
    """{pk: Page} of the live pages this request has read as a page's live children (with the
    menu): what links to one of them (the footer's links to the privacy notice...) takes it from
    here rather than read it again. Empty outside a request."""
    return once_per_request("live_pages_read", dict)


def _read_live(pages):
    live_pages_read().update((page.pk, page) for page in pages)
    return pages


def site_section(request, model):
    """The live section of type `model` among the home page's children of the request's site
    (read once per request with the menu), or None: how a page links to the register, the
    tracker or the scorecard without a query of its own."""
    site = Site.find_for_request(request) if request else None
    sections = live_children(site.root_page) if site else []
    return next((page for page in sections if page.specific_class is model), None)


def menu_pages(root):
    """The live children of `root` shown in menus, in the order of the page tree."""
    return [page for page in live_children(root) if page.show_in_menus]


def _answers_itself(page, path_components):
    """Whether the page's own type might route the rest of the path differently from Wagtail's
    plain walk to a child: only then must it be fetched as that type."""
    model = page.specific_class
    if model is None:
        return True
    if model.route is route:
        return False
    if issubclass(model, RoutablePageMixin) and model.route is RoutablePageMixin.route:
        if not page.live:
            return False
        try:
            model.get_resolver().resolve("/" + "/".join(path_components) + "/")
        except Resolver404:
            return False
    return True


def specific_for_route(page):
    """The page as its own type, with the relations its type joins for serving: kept between
    requests until a page changes (core.shellcache)."""
    return shellcache.kept(("specific_for_route", page.pk), lambda: _specific_for_route(page), content=True)


def _specific_for_route(page):
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page.specific
    related = getattr(model, "route_select_related", ())
    # As Wagtail's `page.specific`, with the type's relations joined, its SQL compiled once per
    # process (core.prepared).
    found = prepared.run(
        ("specific_for_route", model._meta.label),
        lambda pk: (
            (model._default_manager.select_related(*related) if related else model._default_manager)
            .filter(id=pk)
            .order_by()
        ),
        page.id,
    )
    if len(found) != 1:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    specific = found[0]
    for key, value in page.__dict__.items():
        specific.__dict__.setdefault(key, value)
    return specific


def route(page, request, path_components):
    """Wagtail's `Page.route`, fetching the pages along the path at once (`BasePage.route`)."""
    if not path_components:
        return Page.route(page, request, path_components)
    pages = pages_along(page, path_components)
    while path_components:
        child = pages.get(page.url_path + path_components[0] + "/")
        if child is None or child.path[: -page.steplen] != page.path:
            raise Http404
        child._cached_parent_obj = page
        page, path_components = child, path_components[1:]
        if path_components and not _answers_itself(page, path_components):
            continue
        return specific_for_route(page).route(request, path_components)
    raise AssertionError("unreachable")  # pragma: no cover


def view_restrictions_for(page):
    """The view restrictions on the page and its ancestors, an alias standing for its source
    (as Wagtail's `get_view_restrictions`, which takes two queries). While no section of the
    site is protected (read once per request, `all_view_restrictions`), none; else one query."""
    if not all_view_restrictions():
        return PageViewRestriction.objects.none()
    steplen = page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    sources = (
        Page.objects.filter(path__in=paths)
        .annotate(
            source=Coalesce(F("alias_of__alias_of__alias_of_id"), F("alias_of__alias_of_id"), "alias_of_id", "id")
        )
        .values("source")
    )
    return PageViewRestriction.objects.filter(page_id__in=sources)


def all_view_restrictions():
    """Every page view restriction with its page: once per request, kept between requests
    while the site does not change (a restriction saved or deleted bumps it: core.shellcache)."""
    return once_per_request(
        "view_restrictions",
        lambda: shellcache.kept(
            "view_restrictions",
            lambda: prepared.run(
                "view_restrictions", lambda: PageViewRestriction.objects.select_related("page").order_by("pk")
            ),
        ),
    )


def private_q():
    """Wagtail's `PageQuerySet.private_q()` (pages in a protected section), reading the
    restrictions once per request however many lists a page filters with it."""
    q = Q()
    pages = Page.objects.all()
    for restriction in all_view_restrictions():
        q |= pages.descendant_of_q(restriction.page, inclusive=True)
    # Matches no page when no section is protected.
    return q if q else Q(pk__in=[])
