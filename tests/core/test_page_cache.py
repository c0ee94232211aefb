"""The page cache for anonymous readers (core.pagecache, issue #13 item 1): what it serves, to
whom, for how long, and what it never keeps."""

import datetime
import os

import pytest

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from wagtail.models import PageViewRestriction

from config.settings.base import cache_from_url
from consultations.models import ConsultationSettings
from core import pagecache
from core.cache import ForgivingRedisCache
from tests.consultations.factories import comment_post_data, open_window
from tests.pagecache import BYPASS, HIT, MISS, STALE, fetch, reader, warm
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory
from tests.users.factories import editor, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_worker():
    """Each test starts as a worker that has not served anything yet."""
    pagecache.forget()
    yield
    pagecache.forget()


class Counting:
    """The page cache's cache, noting each call a request makes to it (a round trip to Redis)."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = []

    def __getattr__(self, name):
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return call


@pytest.fixture
def counting(monkeypatch):
    counting = Counting(cache)
    monkeypatch.setattr(pagecache, "cache", counting)
    return counting


@pytest.fixture
def draft(site_tree):
    return PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo quy định giá đất", **open_window())


# --- What it serves ------------------------------------------------------------------------


def test_a_reader_gets_the_page_from_the_cache_the_second_time_without_the_database(
    page_cache, draft, django_assert_num_queries
):
    first, miss = fetch(draft.url)
    assert first == MISS
    with django_assert_num_queries(0):
        second, hit = fetch(draft.url)
    assert second == HIT
    assert hit.status_code == 200
    assert hit.content == miss.content
    assert "Dự thảo quy định giá đất" in hit.content.decode()
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "Content-Length"):
        if miss.has_header(header):
            assert hit[header] == miss[header], header
    assert not hit.cookies
    # Browsers and nginx keep nothing: every reader asks, and sees a change at once.
    assert hit["Cache-Control"] == "max-age=0"


def test_the_home_page_listings_and_subroutes_are_cached_each_by_their_address(page_cache, draft, site_tree):
    urls = [
        "/",
        site_tree["policies"].url,
        site_tree["consultations"].url,
        draft.url + "y-kien/",
        draft.url + "y-kien/csv/",
    ]
    for url in urls:
        assert fetch(url)[0] == MISS, url
    for url in urls:
        assert fetch(url)[0] == HIT, url
    # Another query string is another page of the listing.
    assert fetch(site_tree["policies"].url + "?page=2")[0] == MISS


def test_search_results_are_cached_briefly_by_their_full_query_string(page_cache, draft):
    assert fetch("/tim-kiem/?q=gi%C3%A1+%C4%91%E1%BA%A5t")[0] == MISS
    assert fetch("/tim-kiem/?q=gi%C3%A1+%C4%91%E1%BA%A5t")[0] == HIT
    assert fetch("/tim-kiem/?q=gi%C3%A1+%C4%91%E1%BA%A5t&type=policy")[0] == MISS
    entry = cache.get(pagecache._entry_key(RequestFactory().get("/tim-kiem/?q=gi%C3%A1+%C4%91%E1%BA%A5t")))
    assert entry["fresh_until"] <= timezone.now().timestamp() + 60


def test_with_page_cache_seconds_zero_nothing_is_cached(page_cache, settings, draft):
    settings.PAGE_CACHE_SECONDS = 0
    assert [fetch(draft.url)[0], fetch(draft.url)[0]] == [BYPASS, BYPASS]


def test_a_page_is_never_fresh_past_the_next_opening_or_closing_nor_past_midnight(page_cache, site_tree):
    now = timezone.now()
    opens = now + datetime.timedelta(minutes=3)
    PolicyPageFactory(
        parent=site_tree["policies"],
        consultation_opens_at=opens,
        consultation_closes_at=opens + datetime.timedelta(days=30),
    )
    fetch("/")
    entry = cache.get(pagecache._entry_key(RequestFactory().get("/")))
    assert entry["fresh_until"] <= opens.timestamp()
    assert pagecache.next_midnight(now) - now <= datetime.timedelta(days=1)
    assert timezone.localtime(pagecache.next_midnight(now)).time() == datetime.time(0, 0)


def test_a_fresh_page_stops_being_fresh_when_its_time_is_up(page_cache, draft, monkeypatch):
    fetch(draft.url)
    later = timezone.now().timestamp() + settings.PAGE_CACHE_SECONDS + 1
    monkeypatch.setattr(pagecache.time, "time", lambda: later)
    assert fetch(draft.url)[0] == MISS


# --- Never one person's view for another ----------------------------------------------------


def test_a_logged_in_editor_is_never_served_from_the_cache_nor_fills_it(page_cache, client, draft):
    editor()
    sign_in(client)
    assert fetch(draft.url, client)[0] == BYPASS
    # What the editor was shown was not kept for readers.
    assert fetch(draft.url)[0] == MISS
    assert fetch(draft.url)[0] == HIT
    # And the readers' copy is not what the editor gets.
    assert fetch(draft.url, client)[0] == BYPASS


def test_the_comment_form_carries_a_security_token_and_is_never_cached(page_cache, draft):
    url = draft.url + "gop-y/"
    first, response = fetch(url)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert first == BYPASS
    assert fetch(url)[0] == BYPASS


def test_a_form_sent_back_with_errors_is_never_cached(page_cache, draft):
    browser = Client(raise_request_exception=False)
    browser.get(draft.url + "gop-y/")
    response = browser.post(draft.url + "gop-y/", comment_post_data(body=""))
    assert response.status_code == 400
    assert response["X-Cache"] == BYPASS
    assert fetch(draft.url + "gop-y/")[0] == BYPASS


def test_a_preview_is_never_cached_nor_served_to_readers(page_cache, client, moderator, draft):
    client.force_login(moderator)
    warm(draft.url)
    draft.title = "Bản nháp chưa duyệt"
    revision = draft.save_revision(user=moderator)
    preview = client.get(f"/admin/pages/{draft.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200
    assert "Bản nháp chưa duyệt" in preview.content.decode()
    # Wagtail renders a preview through the middleware again, with the editor's cookies.
    assert preview.get("X-Cache") in (None, BYPASS)
    state, response = fetch(draft.url)
    assert state == HIT
    assert "Bản nháp chưa duyệt" not in response.content.decode()


def test_a_password_protected_page_is_never_cached(page_cache, draft):
    PageViewRestriction.objects.create(page=draft, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for _ in range(2):
        state, response = fetch(draft.url)
        assert state == BYPASS
        assert "Dự thảo quy định giá đất" not in response.content.decode() or "password" in response.content.decode()
    assert fetch(draft.url + "y-kien/csv/")[0] == BYPASS


def test_a_reader_with_messages_is_not_served_from_the_cache(page_cache, draft):
    warm(draft.url)
    browser = reader()
    browser.cookies["messages"] = "anything"
    assert fetch(draft.url, browser)[0] == BYPASS


def middleware_answer(view, path="/thu/"):
    request = RequestFactory().get(path)
    middleware = pagecache.PageCacheMiddleware(view)
    return middleware(request)


def test_a_response_carrying_messages_or_a_cookie_or_private_is_not_stored(page_cache):
    def with_message(request):
        pagecache.declare(request, pagecache.LISTINGS)
        storage = request._messages = CookieStorage(request)
        storage.add(messages.INFO, "Đã lưu")
        return HttpResponse("xin chào")

    def with_cookie(request):
        pagecache.declare(request, pagecache.LISTINGS)
        response = HttpResponse("xin chào")
        response.set_cookie("theo-doi", "1")
        return response

    def private(request):
        pagecache.declare(request, pagecache.LISTINGS)
        response = HttpResponse("xin chào")
        response["Cache-Control"] = "private"
        return response

    def not_found(request):
        pagecache.declare(request, pagecache.LISTINGS)
        return HttpResponse("không có", status=404)

    def undeclared(request):
        return HttpResponse("xin chào")

    for view in (with_message, with_cookie, private, not_found, undeclared):
        assert middleware_answer(view)["X-Cache"] == BYPASS, view.__name__
        assert middleware_answer(view)["X-Cache"] == BYPASS, view.__name__


def test_admin_and_documents_are_never_looked_up(page_cache):
    def view(request):
        pagecache.declare(request, pagecache.LISTINGS)
        return HttpResponse("riêng tư")

    for path in ("/admin/", "/documents/1/quet.pdf"):
        middleware_answer(view, path)
        assert "X-Cache" not in middleware_answer(view, path)


# --- Stale while the database is down --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_down_cached_pages_are_still_served(page_cache, site_tree):
    cached = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo đã đọc", **open_window())
    invalidated = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình đã đọc")
    never_read = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo chưa ai đọc")
    kept_by_another_worker = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình worker khác lưu")
    # A flushed database has no rules yet: the first page to read them would create them, and
    # rules saved make every page stale.
    ConsultationSettings.load()
    warm(cached.url, invalidated.url, kept_by_another_worker.url)
    pagecache.bump(pagecache.page_tag(invalidated))  # no longer fresh: asks the database first
    # This worker's last answer there was not kept (so it does not look it up), another's was.
    pagecache._remember(pagecache._entry_key(RequestFactory().get(kept_by_another_worker.url)), pagecache.NOT_STORED)
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "9"
    connection.settings_dict["HOST"] = "127.0.0.1"
    try:
        state, response = fetch(cached.url)
        assert (state, response.status_code) == (HIT, 200)
        state, response = fetch(invalidated.url)
        assert (state, response.status_code) == (STALE, 200)
        assert "Mô hình đã đọc" in response.content.decode()
        state, response = fetch(kept_by_another_worker.url)
        assert (state, response.status_code) == (STALE, 200)
        assert "Mô hình worker khác lưu" in response.content.decode()
        assert fetch(never_read.url)[1].status_code >= 500
        assert reader().get("/healthz").status_code == 503
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert fetch(never_read.url)[1].status_code == 200


# --- What a request costs the cache ---------------------------------------------------------


def test_a_hit_reads_the_page_and_its_freshness_in_one_round_trip(page_cache, draft, counting):
    warm(draft.url)
    counting.calls.clear()
    assert fetch(draft.url)[0] == HIT
    assert counting.calls == ["get_many"]
    # Another worker, which has never served the page, needs at most one more.
    pagecache.forget()
    counting.calls.clear()
    assert fetch(draft.url)[0] == HIT
    assert len(counting.calls) <= 2


def test_an_address_whose_answer_was_not_kept_is_not_looked_up_until_its_answer_can_be(page_cache, counting):
    view_declares = []

    def view(request):
        if view_declares:
            pagecache.declare(request, pagecache.LISTINGS)
        return HttpResponse("xin chào")

    assert middleware_answer(view)["X-Cache"] == BYPASS
    assert counting.calls, "the first request looks the address up"
    counting.calls.clear()
    assert middleware_answer(view)["X-Cache"] == BYPASS
    assert counting.calls == [], "the answer there is never kept: the cache is not asked"
    # The view starts saying what its answer depends on: the next answer is kept and served.
    view_declares.append(True)
    assert middleware_answer(view)["X-Cache"] == MISS
    assert middleware_answer(view)["X-Cache"] == HIT


def test_a_page_no_longer_protected_by_a_password_is_cached_again(page_cache, draft):
    restriction = PageViewRestriction.objects.create(
        page=draft, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert [fetch(draft.url)[0], fetch(draft.url)[0]] == [BYPASS, BYPASS]
    restriction.delete()
    state, response = fetch(draft.url)
    assert (state, response.status_code) == (MISS, 200)
    assert "Dự thảo quy định giá đất" in response.content.decode()
    assert fetch(draft.url)[0] == HIT


def test_what_a_worker_remembers_of_addresses_stays_bounded(page_cache, monkeypatch):
    monkeypatch.setattr(pagecache, "MEMO_SIZE", 5)

    def view(request):
        return HttpResponse("xin chào")

    for number in range(20):
        assert middleware_answer(view, f"/thu/?trang={number}")["X-Cache"] == BYPASS
    assert len(pagecache._memo) <= 5


def test_while_redis_does_not_answer_every_page_is_still_served(page_cache, site_tree, draft, monkeypatch):
    config = cache_from_url("unix:///nonexistent/redis.sock")
    monkeypatch.setattr(pagecache, "cache", ForgivingRedisCache(config["LOCATION"], config))
    for url, text in (
        ("/", None),
        (draft.url, "Dự thảo quy định giá đất"),
        (draft.url + "gop-y/", "csrfmiddlewaretoken"),
    ):
        for _ in range(2):
            state, response = fetch(url)
            assert response.status_code == 200, url
            assert state in (MISS, BYPASS), url
            if text:
                assert text in response.content.decode(), url


# --- The shared cache ---------------------------------------------------------------------


def test_cache_url_chooses_django_redis_backend_or_local_memory():
    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")
    for url in ("redis://127.0.0.1:6379/0", "rediss://cache.example:6380/1", "unix:///run/redis/redis.sock?db=0"):
        assert cache_from_url(url)["BACKEND"] == "core.cache.ForgivingRedisCache"
        assert cache_from_url(url)["LOCATION"] == url
    with pytest.raises(Exception, match="CACHE_URL"):
        cache_from_url("memcached://127.0.0.1:11211")


def test_the_default_cache_is_the_one_cache_url_names_and_round_trips():
    backend = caches["default"]
    if os.environ.get("CACHE_URL"):
        assert isinstance(backend, RedisCache)
        assert backend._cache.get_client(write=True).ping()
        # One client per worker, not one per command.
        assert backend._cache.get_client() is backend._cache.get_client()
    else:
        assert type(backend).__name__ == "LocMemCache"
    backend.set("pagecache-test:thu", {"chữ": "Hà Tĩnh"}, 10)
    assert backend.get("pagecache-test:thu") == {"chữ": "Hà Tĩnh"}
    backend.delete("pagecache-test:thu")


def test_a_cache_that_does_not_answer_never_breaks_a_page(page_cache, draft, monkeypatch):
    class Unreachable:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("the cache is not answering")

            return fail

    monkeypatch.setattr(pagecache, "cache", Unreachable())
    state, response = fetch(draft.url)
    assert (state, response.status_code) == (BYPASS, 200)
    assert "Dự thảo quy định giá đất" in response.content.decode()


def test_a_redis_that_does_not_answer_is_an_empty_cache_not_an_error():
    config = cache_from_url("unix:///nonexistent/redis.sock")
    backend = ForgivingRedisCache(config["LOCATION"], config)
    backend.set("cle", "gia-tri")
    assert backend.get("cle", "mac-dinh") == "mac-dinh"
    assert backend.get_many(["cle"]) == {}
    assert backend.add("cle", 1) is False
    with pytest.raises(Exception):  # noqa: B017 - an invalidation that failed must be known
        backend.incr("cle")
