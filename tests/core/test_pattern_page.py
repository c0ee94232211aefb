"""The pattern page shows every component to whoever changes the stylesheet, on a developer's
machine only: production and the tests' settings do not serve it."""

import pytest
from bs4 import BeautifulSoup

from tests.core.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db

PATH = "/mau-giao-dien/"


def test_not_served_with_the_sites_own_urls(client, site_tree):
    assert client.get(PATH).status_code == 404


def test_served_with_the_dev_urls_and_shows_every_component(client, site_tree, settings):
    settings.ROOT_URLCONF = "config.urls_dev"
    response = client.get(PATH)
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    for selector in [
        ".button-link",
        ".inline-links a",
        ".notice--warning",
        ".confirmation",
        ".error-summary",
        ".card-list .card",
        ".facts",
        ".totals .totals__item",
        ".key-figure",
        "table.stack-table td[data-label]",
        "details.filter-panel > summary",
        ".pagination",
        "details.disclosure .disclosure__body",
        ".field--checkbox .helptext",
        ".field--error .errorlist",
        ".status--open",
        ".badge--overdue",
        ".comment .response",
        ".quote blockquote",
    ]:
        assert html.select(selector), selector
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def dev_urlconf_resolves(**env):
    return manage(
        "shell",
        "-c",
        "from django.urls import resolve, Resolver404\n"
        "try:\n    print(resolve('/mau-giao-dien/').url_name)\n"
        "except Resolver404:\n    print('missing')",
        **env,
    )


def test_the_dev_settings_serve_it_and_production_does_not():
    dev = dev_urlconf_resolves(DJANGO_SETTINGS_MODULE="config.settings.dev")
    assert dev.stdout.strip().endswith("pattern_library"), dev.stderr
    production = dev_urlconf_resolves(**PRODUCTION)
    # Wagtail's catch-all takes the path in production: a page lookup that finds nothing.
    assert "pattern_library" not in production.stdout, production.stderr
    assert production.returncode == 0, production.stderr
