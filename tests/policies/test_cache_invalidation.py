"""The page cache forgets a page the moment it changes, and only what shows it (core.pagecache):
published, unpublished, moved or deleted through Wagtail, the page, the listings and the home
page are fresh on the next reader's visit; a detail page that does not show it stays cached."""

import pytest

from tests.consultations.factories import open_window
from tests.dialogues.factories import CommitmentTrackerPageFactory
from tests.pagecache import HIT, MISS, fetch, states, warm
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(site_tree):
    tracker = CommitmentTrackerPageFactory(parent=site_tree["home"])
    draft = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo về giá đất", **open_window())
    other = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo về chợ", **open_window())
    story = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình dân vận khéo")
    listings = ["/", site_tree["policies"].url, site_tree["consultations"].url, tracker.url]
    return {"draft": draft, "other": other, "story": story, "listings": listings}


@pytest.fixture
def editor_client(client, moderator):
    client.force_login(moderator)
    return client


def test_a_page_published_is_fresh_with_its_listings_and_other_pages_stay_cached(
    page_cache, tree, django_capture_on_commit_callbacks
):
    draft = tree["draft"]
    warm(draft.url, tree["other"].url, tree["story"].url, *tree["listings"])
    draft.title = "Dự thảo về giá đất (lần 2)"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    state, response = fetch(draft.url)
    assert state == MISS and "Dự thảo về giá đất (lần 2)" in response.content.decode()
    for url in tree["listings"][:3]:
        state, response = fetch(url)
        assert state == MISS, url
    assert "Dự thảo về giá đất (lần 2)" in fetch(tree["listings"][1])[1].content.decode()
    assert states(tree["other"].url, tree["story"].url) == [HIT, HIT]


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_a_page_unpublished_or_deleted_in_the_admin_is_gone_from_everywhere_at_once(
    action, page_cache, tree, editor_client, django_capture_on_commit_callbacks
):
    draft = tree["draft"]
    warm(draft.url, *tree["listings"])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/pages/{draft.pk}/{action}/")
    assert response.status_code == 302
    assert fetch(draft.url)[1].status_code == 404
    for url in tree["listings"][:3]:
        state, response = fetch(url)
        assert state == MISS, url
        assert "Dự thảo về giá đất" not in response.content.decode(), url


def test_a_page_moved_in_the_admin_refreshes_the_listings_and_menus(
    page_cache, tree, editor_client, django_capture_on_commit_callbacks
):
    draft = tree["draft"]
    warm(draft.url, tree["story"].url, *tree["listings"])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/pages/{draft.pk}/set_position/?position=1")
    assert response.status_code == 200
    assert states(draft.url, tree["story"].url, *tree["listings"]) == [MISS] * (2 + len(tree["listings"]))


def test_a_section_shown_in_the_menu_published_refreshes_every_page(
    page_cache, tree, site_tree, django_capture_on_commit_callbacks
):
    warm(tree["draft"].url, tree["story"].url)
    section = site_tree["stories"]
    section.title = "Gương dân vận khéo"
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    state, response = fetch(tree["draft"].url)
    assert state == MISS and "Gương dân vận khéo" in response.content.decode()
    assert fetch(tree["story"].url)[0] == MISS
