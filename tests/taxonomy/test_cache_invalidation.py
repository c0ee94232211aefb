"""Site settings, taxonomies, menus and the Site record shown on every page: changed, every cached
page is fresh at once (core.pagecache)."""

import pytest

from core.models import SiteSettings
from tests.consultations.factories import open_window
from tests.pagecache import MISS, fetch, states, warm
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory
from tests.taxonomy.factories import AgencyFactory, AreaFactory, DocumentTypeFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(site_tree):
    draft = PolicyPageFactory(parent=site_tree["policies"], **open_window())
    story = ModelStoryPageFactory(parent=site_tree["stories"])
    return [draft.url, story.url, "/", site_tree["policies"].url]


def test_site_settings_saved_in_the_admin_show_on_every_page(
    page_cache, urls, client, moderator, django_capture_on_commit_callbacks
):
    warm(*urls)
    settings = SiteSettings.objects.get()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/settings/core/sitesettings/{settings.site_id}/",
            {
                "site_name": settings.site_name,
                "owner_name": "Ủy ban nhân dân tỉnh Hà Tĩnh (mới)",
                "address": settings.address,
                "phone": settings.phone,
                "email": settings.email,
                "office_hours": "",
                "privacy_page": "",
                "accessibility_page": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:300]
    for url in urls:
        state, page = fetch(url)
        assert state == MISS, url
        assert "Ủy ban nhân dân tỉnh Hà Tĩnh (mới)" in page.content.decode(), url


@pytest.mark.parametrize(
    "make",
    [AgencyFactory, SectorFactory, AreaFactory, lambda: DocumentTypeFactory(name="Hướng dẫn")],
    ids=["agency", "sector", "area", "document type"],
)
def test_a_taxonomy_changed_refreshes_every_page(page_cache, urls, make, django_capture_on_commit_callbacks):
    record = make()
    warm(*urls)
    record.name = record.name + " (đổi tên)"
    with django_capture_on_commit_callbacks(execute=True):
        record.save()
    assert states(*urls) == [MISS] * len(urls)
    warm(*urls)
    with django_capture_on_commit_callbacks(execute=True):
        record.delete()
    assert states(*urls) == [MISS] * len(urls)
