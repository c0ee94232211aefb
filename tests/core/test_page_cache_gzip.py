"""The page cache sends a cached page gzip-compressed to a browser that accepts it, and the same
page plain to a client that does not (core.pagecache, issue #13: a large draft's HIT as cheap as
a small page's)."""

import gzip

import pytest

from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core import pagecache
from tests.consultations.factories import open_window
from tests.pagecache import HIT, MISS, STALE, fetch, reader
from tests.policies.factories import PolicyPageFactory, section

pytestmark = pytest.mark.django_db

# What Chromium sends, as the bench does (bench/http.py).
BROWSER = "gzip, deflate, br, zstd"


@pytest.fixture(autouse=True)
def fresh_worker():
    pagecache.forget()
    yield
    pagecache.forget()


@pytest.fixture
def draft(site_tree):
    articles = [
        section("article", str(number), f"Điều {number}", "Hộ gia đình tự nguyện hiến đất làm đường giao thông. " * 20)
        for number in range(1, 21)
    ]
    return PolicyPageFactory(
        parent=site_tree["policies"], title="Dự thảo quy định giá đất", text=articles, **open_window()
    )


def browser():
    return Client(raise_request_exception=False, HTTP_ACCEPT_ENCODING=BROWSER)


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def test_a_browser_gets_the_cached_page_compressed_and_it_decodes_to_the_same_page(page_cache, draft):
    plain = reader().get(draft.url)  # MISS, for a client that does not accept gzip
    assert plain["X-Cache"] == MISS
    assert "Content-Encoding" not in plain
    page = plain.content
    assert "tự nguyện hiến đất làm đường giao thông" in page.decode()

    for expected in (HIT, HIT):
        state, response = fetch(draft.url, browser())
        assert state == expected
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "accept-encoding" in vary(response)
        assert int(response["Content-Length"]) == len(response.content)
        # Compressed once: one decoding gives back the page, byte for byte.
        assert gzip.decompress(response.content) == page
        assert len(response.content) < len(page) / 3
    # What the cache holds is the compressed page: a few KB moved per HIT, not the whole HTML.
    entry = cache.get(pagecache._entry_key(RequestFactory().get(draft.url)))
    assert entry["encoding"] == "gzip"
    assert gzip.decompress(entry["content"]) == page


def test_the_first_browser_to_ask_gets_it_compressed_too(page_cache, draft):
    state, first = fetch(draft.url, browser())
    assert (state, first["Content-Encoding"]) == (MISS, "gzip")
    assert "accept-encoding" in vary(first)
    state, again = fetch(draft.url, browser())
    assert state == HIT
    assert gzip.decompress(first.content) == gzip.decompress(again.content)


@pytest.mark.parametrize("accept_encoding", [None, "identity", "br, zstd", "gzip;q=0, br", "*, gzip;q=0"])
def test_a_client_that_does_not_accept_gzip_gets_the_page_plain(page_cache, draft, accept_encoding):
    state, compressed = fetch(draft.url, browser())
    assert state == MISS
    headers = {} if accept_encoding is None else {"HTTP_ACCEPT_ENCODING": accept_encoding}
    client = Client(raise_request_exception=False, **headers)
    state, response = fetch(draft.url, client)
    assert state == HIT
    assert "Content-Encoding" not in response
    assert "accept-encoding" in vary(response)
    assert response.content == gzip.decompress(compressed.content)
    assert int(response["Content-Length"]) == len(response.content)
    assert "Dự thảo quy định giá đất" in response.content.decode()


@pytest.mark.parametrize("accept_encoding", ["gzip", "GZIP", "x-gzip", "deflate, gzip;q=0.5", "*"])
def test_every_way_of_saying_gzip_is_understood(accept_encoding):
    assert pagecache.accepts_gzip(RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept_encoding))


def test_a_head_request_gets_the_headers_of_the_compressed_page_without_a_body(page_cache, draft):
    _, get = fetch(draft.url, browser())
    head = browser().head(draft.url)
    assert head.status_code == 200
    assert head["X-Cache"] == HIT
    assert head["Content-Encoding"] == "gzip"
    assert head["Content-Length"] == get["Content-Length"]
    assert head.content == b""


def middleware(view):
    return pagecache.PageCacheMiddleware(view)


def test_small_answers_and_images_are_kept_and_sent_as_they_are(page_cache):
    answers = {
        "/nho/": HttpResponse("xin chào", content_type="text/plain; charset=utf-8"),
        "/anh/": HttpResponse(bytes(range(256)) * 20, content_type="image/png"),
    }

    def view(request):
        pagecache.declare(request, pagecache.LISTINGS)
        return answers[request.path]

    for path, answer in answers.items():
        for expected in (MISS, HIT):
            response = middleware(view)(RequestFactory().get(path, HTTP_ACCEPT_ENCODING=BROWSER))
            assert response["X-Cache"] == expected
            assert "Content-Encoding" not in response
            assert response.content == answer.content


def test_a_stale_copy_served_while_the_database_is_down_is_compressed_too(page_cache):
    text = "<p>Kết luận hội nghị đối thoại giữa lãnh đạo tỉnh với nhân dân.</p>\n" * 100
    failing = []

    def view(request):
        if failing:
            return HttpResponse("lỗi", status=503)
        pagecache.declare(request, pagecache.page_tag(7))
        return HttpResponse(text)

    request = RequestFactory().get("/doi-thoai/", HTTP_ACCEPT_ENCODING=BROWSER)
    assert middleware(view)(request)["X-Cache"] == MISS
    pagecache._bump_now({pagecache.page_tag(7)})  # the page changed: the copy is no longer fresh
    failing.append(True)
    response = middleware(view)(RequestFactory().get("/doi-thoai/", HTTP_ACCEPT_ENCODING=BROWSER))
    assert (response["X-Cache"], response.status_code, response["Content-Encoding"]) == (STALE, 200, "gzip")
    assert gzip.decompress(response.content).decode() == text
    plain = middleware(view)(RequestFactory().get("/doi-thoai/"))
    assert plain["X-Cache"] == STALE
    assert plain.content.decode() == text


def test_a_change_to_the_page_is_seen_compressed_at_once(page_cache, draft, django_capture_on_commit_callbacks):
    fetch(draft.url, browser())
    draft.title = "Dự thảo quy định giá đất (sửa đổi)"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    state, response = fetch(draft.url, browser())
    assert state == MISS
    assert "(sửa đổi)" in gzip.decompress(response.content).decode()


def test_an_entry_kept_before_compression_is_still_served(page_cache):
    def view(request):
        pagecache.declare(request, pagecache.LISTINGS)
        return HttpResponse("<p>Trang cũ</p>" * 200)

    path = "/cu/"
    middleware(view)(RequestFactory().get(path))
    key = pagecache._entry_key(RequestFactory().get(path))
    entry = cache.get(key)
    entry["content"] = gzip.decompress(entry.pop("content"))
    del entry["encoding"]
    cache.set(key, entry, 60)
    for accept_encoding in (BROWSER, ""):
        response = middleware(view)(RequestFactory().get(path, HTTP_ACCEPT_ENCODING=accept_encoding))
        assert response["X-Cache"] == HIT
        assert "Content-Encoding" not in response
        assert response.content.decode() == "<p>Trang cũ</p>" * 200
