"""What editors set in site settings for the page shell: the emblem in the header (an SVG file,
checked on upload) and the footer's links to the privacy notice and accessibility statement."""

import pytest
from bs4 import BeautifulSoup

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Site

from core.models import SiteSettings
from core.validators import EMBLEM_MAX_BYTES
from tests.policies.factories import PolicyPageFactory

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>'
)


@pytest.fixture
def settings_form_url(client, site_tree, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    return f"/admin/settings/core/sitesettings/{Site.objects.get(is_default_site=True).pk}/"


def post_settings(client, url, **extra):
    current = SiteSettings.objects.get()
    data = {
        "site_name": current.site_name,
        "owner_name": current.owner_name,
        "address": current.address,
        "phone": current.phone,
        "email": current.email,
        "office_hours": current.office_hours,
        "privacy_page": "",
        "accessibility_page": "",
        **extra,
    }
    return client.post(url, data)


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_an_uploaded_svg_emblem_is_shown_in_every_page_header(client, settings_form_url):
    response = post_settings(client, settings_form_url, emblem=SimpleUploadedFile("quoc-huy.svg", SVG, "image/svg+xml"))
    assert response.status_code == 302
    client.logout()
    emblem = soup(client.get("/van-ban/")).find("header").find("img", class_="site-brand__emblem")
    assert emblem["src"].endswith(".svg") and "/emblem/quoc-huy" in emblem["src"]
    # The name beside it says what the emblem is; the image adds nothing for a screen reader.
    assert emblem["alt"] == ""
    # The browser's tab shows the same emblem, and so does the address browsers ask for by habit.
    assert soup(client.get("/van-ban/")).find("link", rel="icon")["href"] == emblem["src"]
    assert client.get("/favicon.ico")["Location"] == emblem["src"]


def test_without_an_emblem_the_header_shows_the_neutral_placeholder(client, site_tree):
    emblem = soup(client.get("/")).find("header").find("img", class_="site-brand__emblem")
    assert emblem["src"].endswith("img/emblem-placeholder.svg")
    assert client.get(emblem["src"]).status_code == 200
    favicon = client.get("/favicon.ico", follow=True)
    assert favicon.status_code == 200 and favicon.redirect_chain[-1][0] == emblem["src"]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("quoc-huy.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png"),
        # Named .svg but not a drawing: a web page could not pass for an emblem either.
        SimpleUploadedFile("quoc-huy.svg", b"<html><script>alert(1)</script></html>", "image/svg+xml"),
        # A drawing that would run a script when its address is opened on its own.
        SimpleUploadedFile("quoc-huy.svg", SVG.replace(b"<circle", b'<circle onload="alert(1)"'), "image/svg+xml"),
        SimpleUploadedFile(
            "quoc-huy.svg", SVG[:-6] + b"<!--" + b"x" * EMBLEM_MAX_BYTES + b"--></svg>", "image/svg+xml"
        ),
    ],
    ids=["png", "not an svg", "svg with a script", "over 100 KB"],
)
def test_an_emblem_that_is_not_a_small_svg_is_refused_with_a_reason(client, settings_form_url, upload):
    response = post_settings(client, settings_form_url, emblem=upload)
    assert response.status_code == 200
    errors = soup(response).select(".error-message, .w-field__errors, [id$='emblem-errors'], .error")
    assert errors, "the form names what is wrong"
    assert not SiteSettings.objects.get().emblem


def test_footer_links_the_privacy_notice_and_accessibility_statement_once_set(client, settings_form_url, site_tree):
    privacy = PolicyPageFactory(parent=site_tree["policies"], title="Chính sách bảo vệ dữ liệu cá nhân")
    accessibility = PolicyPageFactory(parent=site_tree["policies"], title="Tuyên bố về khả năng tiếp cận")
    footer = soup(client.get("/")).find("footer")
    assert footer.find("nav") is None
    response = post_settings(
        client, settings_form_url, privacy_page=str(privacy.pk), accessibility_page=str(accessibility.pk)
    )
    assert response.status_code == 302
    client.logout()
    links = soup(client.get("/doi-thoai/")).find("footer").find("nav").find_all("a")
    assert [link["href"] for link in links] == [privacy.url, accessibility.url]
    assert all(link.get_text(strip=True) for link in links)


def test_footer_leaves_out_a_linked_page_that_is_not_live(client, site_tree):
    privacy = PolicyPageFactory(parent=site_tree["policies"])
    privacy.unpublish()
    SiteSettings.objects.filter().update(privacy_page=privacy)
    assert soup(client.get("/")).find("footer").find("a", href=privacy.url) is None
