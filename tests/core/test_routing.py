"""The pages along a URL come in one query (core.pages), and each address still leads where
Wagtail's own walk, one slug at a time, leads: the same page, the same route, the same 404."""

import pytest

from django.http import Http404
from django.test import RequestFactory

from wagtail.models import Page, Site

from tests.consultations.factories import open_window
from tests.policies.factories import PolicyPageFactory

pytestmark = pytest.mark.django_db


def walk(route, path):
    """(page id, view name, args) that `route` finds for `path`, or "404"."""
    request = RequestFactory().get(path)
    home = Site.objects.get(is_default_site=True).root_page.specific
    components = [c for c in path.split("/") if c]
    try:
        page, args, _kwargs = route(home, request, components)
    except Http404:
        return "404"
    view = args[0].__name__ if args else None
    return page.pk, view, tuple(args[1:])


def wagtails_walk(page, request, components):
    """Wagtail's `Page.route`, one slug at a time, with each page's own routes."""
    if not components:
        return type(page).route(page, request, components)
    model = type(page)
    if getattr(model, "resolve_subpage", None) and page.live:
        try:
            view, args, kwargs = page.resolve_subpage("/" + "/".join(components) + "/")
            return page, (view, args, kwargs), {}
        except Http404:
            pass
    try:
        child = page.get_children().get(slug=components[0])
    except Page.DoesNotExist as error:
        raise Http404 from error
    return wagtails_walk(child.specific, request, components[1:])


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/van-ban/",
        "/van-ban/du-thao/",
        "/van-ban/du-thao/y-kien/",
        "/van-ban/du-thao/y-kien/csv/",
        "/van-ban/du-thao/bao-cao/",
        "/van-ban/du-thao/khong-co/",
        "/van-ban/chua-dang/",
        "/khong-co/",
        "/khong-co/du-thao/",
        "/doi-thoai/",
        "/lay-y-kien/",
    ],
)
def test_each_address_leads_where_wagtails_walk_leads(site_tree, path):
    PolicyPageFactory(parent=site_tree["policies"], slug="du-thao", **open_window())
    unpublished = PolicyPageFactory(parent=site_tree["policies"], slug="chua-dang", **open_window())
    unpublished.unpublish()
    ours = walk(lambda home, request, components: home.route(request, components), path)
    wagtails = walk(wagtails_walk, path)
    assert ours == wagtails
    if path in {"/van-ban/chua-dang/", "/khong-co/", "/van-ban/du-thao/khong-co/"}:
        assert ours == "404"


def test_a_page_is_served_in_the_same_few_queries_however_deep(client, site_tree, django_assert_max_num_queries):
    """The site, the home page as its type, the pages along the path with the menu, the page
    served as its type: four, whether the page is one level down or two."""
    policy = PolicyPageFactory(parent=site_tree["policies"], slug="du-thao", **open_window())
    client.get(policy.url)
    request = RequestFactory().get(policy.url)
    home = Site.objects.get(is_default_site=True).root_page.specific
    with django_assert_max_num_queries(2):
        page, _args, _kwargs = home.route(request, ["van-ban", "du-thao"])
    assert page.pk == policy.pk
    assert page.document_type.name  # joined when served
