"""The shell every page shares, kept between requests (core.shellcache, issue #13): the site, its
settings, the consultation rules, the protected sections, the menu and the footer are read once
and then reused, yet a reader sees a change on the very next page, and the menu marks the
section they are in."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

from consultations import services
from consultations.models import Comment, ConsultationSettings
from core import shellcache
from core.models import SiteSettings
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.pagecache import reader
from tests.policies.factories import PolicyPageFactory, section
from tests.query_counts import reads_of
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shell_cache(settings):
    """The shell cache on (the test settings turn it off), starting and ending empty, with the
    page cache off: every request renders its page."""
    settings.SHELL_CACHE_SECONDS = 300
    settings.PAGE_CACHE_SECONDS = 0
    shellcache.clear()
    yield
    shellcache.clear()


@pytest.fixture
def draft(site_tree):
    return PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo quy định giá đất", **open_window())


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def menu(response):
    """[(label, marked current)] of the main navigation."""
    return [(a.get_text(), a.get("aria-current") == "page") for a in soup(response).select("nav .main-nav__list a")]


def footer_text(response):
    return soup(response).find("footer").get_text(" ", strip=True)


def tables_read(url):
    with CaptureQueriesContext(connection) as queries:
        assert reader().get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_second_page_reads_neither_the_site_nor_its_settings_rules_or_protected_sections(shell_cache, draft):
    first = tables_read(draft.url)
    second = tables_read(draft.url)
    shared = ["wagtailcore_site", "core_sitesettings", "consultations_consultationsettings"]
    assert all(reads_of(first, table) for table in shared)
    assert [reads_of(second, table) for table in shared] == [0, 0, 0]
    assert reads_of(second, "wagtailcore_pageviewrestriction") == 0
    assert len(second) <= len(first) - 5
    # The same page, byte for byte, as with nothing kept.
    kept = reader().get(draft.url).content
    shellcache.clear()
    assert reader().get(draft.url).content == kept


def test_the_page_is_the_same_byte_for_byte_with_or_without_the_shell_cache(settings, shell_cache, draft, site_tree):
    urls = ["/", site_tree["policies"].url, draft.url, "/tim-kiem/?q=gi%C3%A1", "/khong-co-trang-nay/"]
    for url in urls:
        reader().get(url)
    kept = {url: reader().get(url).content for url in urls}
    settings.SHELL_CACHE_SECONDS = 0
    assert {url: reader().get(url).content for url in urls} == kept


def test_a_change_of_site_settings_shows_in_header_and_footer_on_the_next_page(
    shell_cache, draft, django_capture_on_commit_callbacks
):
    before = reader().get(draft.url)
    assert "0239 3855 000" in footer_text(before)
    site_settings = SiteSettings.objects.get()
    site_settings.site_name = "Cổng thông tin lấy ý kiến nhân dân"
    site_settings.phone = "0239 3999 999"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    page = soup(reader().get(draft.url))
    assert page.find(class_="site-name").get_text() == "Cổng thông tin lấy ý kiến nhân dân"
    assert page.title.get_text().endswith("– Cổng thông tin lấy ý kiến nhân dân")
    assert "0239 3999 999" in page.find("footer").get_text()
    assert "0239 3855 000" not in page.find("footer").get_text()


def test_a_footer_link_to_a_page_published_later_shows_at_once(
    shell_cache, site_tree, draft, django_capture_on_commit_callbacks
):
    privacy = PolicyPageFactory(parent=site_tree["policies"], title="Chính sách riêng tư", live=False)
    site_settings = SiteSettings.objects.get()
    site_settings.privacy_page = privacy
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    assert "Chính sách bảo vệ" not in footer_text(reader().get(draft.url))
    with django_capture_on_commit_callbacks(execute=True):
        privacy.save_revision().publish()
    footer = soup(reader().get(draft.url)).find("footer")
    assert footer.find("a", href=privacy.url) is not None


def test_the_menu_marks_the_section_the_reader_is_in_on_every_page(shell_cache, site_tree, draft):
    story = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình dân vận khéo")
    for _round in range(2):  # the first round fills the cache, the second reads it
        assert [label for label, current in menu(reader().get(draft.url)) if current] == ["Văn bản"]
        assert [label for label, current in menu(reader().get(story.url)) if current] == [site_tree["stories"].title]
        assert [label for label, current in menu(reader().get("/tim-kiem/?q=d%C3%A2n")) if current] == ["Tìm kiếm"]
        assert [current for _label, current in menu(reader().get("/"))] == [False] * 5


def test_a_section_renamed_added_or_taken_out_of_the_menu_shows_at_once(
    shell_cache, site_tree, draft, django_capture_on_commit_callbacks
):
    labels = [label for label, _current in menu(reader().get(draft.url))]
    assert labels == [
        "Lấy ý kiến dự thảo",
        "Văn bản",
        site_tree["dialogues"].title,
        site_tree["stories"].title,
        "Tìm kiếm",
    ]
    stories = site_tree["stories"]
    stories.title = "Gương dân vận khéo"
    with django_capture_on_commit_callbacks(execute=True):
        stories.save_revision().publish()
    assert "Gương dân vận khéo" in [label for label, _current in menu(reader().get(draft.url))]
    # Taken out of the menu: it is no longer in it, though the page is still published.
    stories.show_in_menus = False
    with django_capture_on_commit_callbacks(execute=True):
        stories.save_revision().publish()
    assert "Gương dân vận khéo" not in [label for label, _current in menu(reader().get(draft.url))]
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["dialogues"].unpublish()
    assert [label for label, _current in menu(reader().get(draft.url))] == ["Lấy ý kiến dự thảo", "Văn bản", "Tìm kiếm"]


def test_a_page_put_behind_a_password_is_protected_on_the_next_request(
    shell_cache, draft, django_capture_on_commit_callbacks
):
    assert "Dự thảo quy định giá đất" in reader().get(draft.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=draft, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = reader().get(draft.url)
    assert 'name="password"' in response.content.decode()
    assert "Quy định mức hỗ trợ" not in response.content.decode()


def test_new_consultation_rules_apply_on_the_next_request(shell_cache, site_tree, django_capture_on_commit_callbacks):
    closed = PolicyPageFactory(parent=site_tree["policies"], **closed_window(closed_days_ago=40))
    assert "quá hạn" in soup(reader().get(closed.url)).find("main").get_text()
    rules = ConsultationSettings.load()
    rules.response_limit_days = 45
    with django_capture_on_commit_callbacks(execute=True):
        rules.save()
    assert "quá hạn" not in soup(reader().get(closed.url)).find("main").get_text()


def test_each_host_gets_its_own_site(shell_cache, settings, site_tree, draft):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "khac.example"]
    other_home = site_tree["home"].copy(
        to=site_tree["home"].get_parent(), update_attrs={"slug": "trang-khac", "title": "Trang khác"}
    )
    other = Site.objects.create(hostname="khac.example", port=80, root_page=other_home, site_name="Khác")
    SiteSettings.objects.create(site=other, site_name="Cổng của huyện")
    for _round in range(2):
        assert soup(reader().get("/", HTTP_HOST="localhost")).find(class_="site-name").get_text() == (
            "Cổng lấy ý kiến tỉnh Hà Tĩnh"
        )
        assert soup(reader().get("/", HTTP_HOST="khac.example")).find(class_="site-name").get_text() == (
            "Cổng của huyện"
        )


def test_what_is_kept_is_forgotten_after_shell_cache_seconds_even_without_a_change_signalled(
    shell_cache, settings, draft, monkeypatch
):
    reader().get(draft.url)
    # Changed behind the signals' back (as another worker's memory would miss a bump).
    SiteSettings.objects.update(site_name="Tên mới của cổng")
    assert "Tên mới của cổng" not in reader().get(draft.url).content.decode()
    later = shellcache.time.monotonic() + settings.SHELL_CACHE_SECONDS + 1
    monkeypatch.setattr(shellcache.time, "monotonic", lambda: later)
    assert "Tên mới của cổng" in reader().get(draft.url).content.decode()


def test_the_admin_always_reads_the_settings_from_the_database(shell_cache, client, admin_user, draft):
    reader().get(draft.url)
    SiteSettings.objects.update(site_name="Tên mới của cổng")
    client.force_login(admin_user)
    response = client.get(f"/admin/settings/core/sitesettings/{Site.objects.get(is_default_site=True).pk}/")
    assert response.status_code == 200
    assert 'value="Tên mới của cổng"' in response.content.decode()


def test_nothing_is_kept_with_shell_cache_seconds_zero(settings, draft):
    settings.SHELL_CACHE_SECONDS = 0
    shellcache.clear()
    reader().get(draft.url)
    second = tables_read(draft.url)
    assert reads_of(second, "core_sitesettings") == 1
    assert shellcache._store == {}


# --- What a page shows of itself: kept until a page or a comment changes ----------------------


@pytest.fixture
def draft_with_text(site_tree):
    return PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo quy định giá đất",
        text=[section("article", str(n), f"Điều khoản {n}", "Nội dung ban đầu.") for n in range(1, 6)],
        **open_window(),
    )


def test_a_draft_read_again_reads_nothing_from_the_database(shell_cache, draft_with_text):
    draft = draft_with_text
    blocks = [s.block_id for s in draft.sections]
    CommentFactory.create_batch(
        8, page=draft, section_id=blocks[0], response_outcome="accepted", response_text="Tiếp thu."
    )
    tables_read(draft.url)
    assert tables_read(draft.url) == []


def test_with_content_off_only_the_shell_is_kept_and_the_draft_is_read_each_time(
    settings, shell_cache, draft_with_text
):
    """SHELL_CACHE_CONTENT=0 (how `make bench-http` measures a page uncached): the site, its
    settings and menu are kept, the draft's own pages, comments and attachments read again."""
    settings.SHELL_CACHE_CONTENT = False
    draft = draft_with_text
    CommentFactory.create_batch(4, page=draft, section_id=draft.sections[0].block_id)
    tables_read(draft.url)
    second = tables_read(draft.url)
    assert [reads_of(second, table) for table in ("wagtailcore_site", "core_sitesettings")] == [0, 0]
    assert reads_of(second, "wagtailcore_page") >= 1
    assert reads_of(second, "consultations_comment") >= 1
    assert reads_of(second, "policies_policyattachment") == 1


def test_a_comment_approved_or_answered_shows_on_the_draft_at_once(
    shell_cache, draft_with_text, moderator, django_capture_on_commit_callbacks
):
    draft = draft_with_text
    block = draft.sections[2].block_id
    comment = CommentFactory(page=draft, section_id=block, state=Comment.State.PENDING, body="Đề nghị giữ nguyên giá.")
    page = reader().get(draft.url).content.decode()
    assert "Đề nghị giữ nguyên giá." not in page
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(Comment.objects.filter(pk=comment.pk), moderator)
    page = reader().get(draft.url).content.decode()
    assert "Đề nghị giữ nguyên giá." in page
    assert 'Điều 3. Điều khoản 3</a> <span class="count">(1 ý kiến)</span>' in page
    with django_capture_on_commit_callbacks(execute=True):
        services.respond(Comment.objects.filter(pk=comment.pk), "accepted", "Ban soạn thảo tiếp thu.", moderator)
    assert "Ban soạn thảo tiếp thu." in reader().get(draft.url).content.decode()


def test_new_text_published_shows_at_once(shell_cache, draft_with_text, django_capture_on_commit_callbacks):
    draft = draft_with_text
    assert "Nội dung ban đầu." in reader().get(draft.url).content.decode()
    draft.text = [section("article", "1", "Điều khoản 1", "Nội dung đã sửa.")]
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    page = reader().get(draft.url).content.decode()
    assert "Nội dung đã sửa." in page and "Nội dung ban đầu." not in page


def test_a_page_published_where_nothing_was_found_is_served_at_once(
    shell_cache, site_tree, django_capture_on_commit_callbacks
):
    assert reader().get("/van-ban/du-thao-moi/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        page = PolicyPageFactory(parent=site_tree["policies"], slug="du-thao-moi", title="Dự thảo mới", live=False)
        page.save_revision().publish()
    response = reader().get("/van-ban/du-thao-moi/")
    assert response.status_code == 200 and "Dự thảo mới" in response.content.decode()


@pytest.mark.urls("tests.core.urls_with_plain_view")
def test_without_the_shell_cache_only_wagtail_pages_read_the_site_before_their_view(client, site_tree):
    """With nothing kept (SHELL_CACHE_SECONDS=0, the test settings), a page Wagtail serves has
    its Site read up front (by a query compiled once); a view that needs no Site reads nothing:
    it costs what it would cost without Wagtail (what bench-http measures as Django's floor)."""
    with CaptureQueriesContext(connection) as plain:
        assert client.get("/_plain").status_code == 200
    assert plain.captured_queries == []
    with CaptureQueriesContext(connection) as page:
        assert client.get(site_tree["policies"].url).status_code == 200
    assert [q for q in page.captured_queries if "wagtailcore_site" in q["sql"]]
