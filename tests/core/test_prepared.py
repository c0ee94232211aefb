"""Queries compiled once per process (core.prepared, issue #13): each page still shows its own
data, whatever was served before it, and the site a request is for is the one Wagtail finds."""

import threading

import pytest

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.models import Count, Q
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, Page, Site

from consultations.models import Comment
from core import prepared
from core.sites import site_for_request
from policies.models import PolicyPage
from tests.consultations.factories import CommentFactory, open_window
from tests.core.test_database_down import database_unreachable
from tests.policies.factories import PolicyPageFactory, section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    prepared.clear()
    yield
    prepared.clear()


def test_each_policy_page_shows_its_own_text_and_comments(client, site_tree):
    first = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo về đất đai",
        text=[section("article", "1", "Giá đất")],
        **open_window(),
    )
    second = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo về học phí",
        text=[section("article", "1", "Mức thu")],
        **open_window(),
    )
    CommentFactory(page=first, section_id=first.sections[0].block_id, body="Giá đất quá cao.", state="published")
    CommentFactory(page=second, section_id=second.sections[0].block_id, body="Học phí hợp lý.", state="published")

    for _ in range(2):  # the second time, from the SQL compiled the first time
        for page, own, other in (
            (first, "Giá đất quá cao.", "Học phí hợp lý."),
            (second, "Học phí hợp lý.", "Giá đất quá cao."),
        ):
            html = client.get(page.url).content.decode()
            assert page.title in html
            assert own in html
            assert other not in html


def test_the_same_rows_as_the_orm_for_other_values(site_tree):
    pages = [PolicyPageFactory(parent=site_tree["policies"], **open_window()) for _ in range(3)]
    for page in pages:
        CommentFactory.create_batch(2, page=page, state="published")

    def with_relations(pk):
        return PolicyPage.objects.select_related(*PolicyPage.route_select_related).filter(id=pk)

    def tallies(pk):
        return Comment.objects.filter(page_id=pk).order_by().values_list("state").annotate(n=Count("pk"))

    for page in pages:
        (found,) = prepared.run("with_relations", with_relations, page.pk)
        assert (found.pk, found.title, found.document_type.name) == (page.pk, page.title, page.document_type.name)
        assert prepared.run("tallies", tallies, page.pk) == list(tallies(page.pk)) == [("published", 2)]
    assert prepared.run("with_relations", with_relations, -1) == []


def test_compiled_once_then_run_with_new_values(site_tree, monkeypatch):
    pages = [PolicyPageFactory(parent=site_tree["policies"]) for _ in range(3)]

    def by_ids(pks):
        return Page.objects.filter(pk__in=pks).order_by("pk")

    prepared.run("by_ids", by_ids, [pages[0].pk, pages[1].pk])
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k))
    assert [p.pk for p in prepared.run("by_ids", by_ids, [pages[2].pk, pages[1].pk])] == [pages[1].pk, pages[2].pk]
    assert compiled == []
    # Another number of values is another shape: compiled for it, then right.
    assert [p.pk for p in prepared.run("by_ids", by_ids, [pages[2].pk])] == [pages[2].pk]


def test_a_value_for_a_positive_integer_column_is_prepared_too(site_tree, monkeypatch):
    """Wagtail's page depth is a PositiveIntegerField: a probe Django took for out of its range
    left the pages along a URL compiled afresh on every request."""

    def children(depth, url_paths):
        return Page.objects.filter(Q(depth=depth, live=True) | Q(url_path__in=url_paths)).order_by("path")

    home = site_tree["home"]
    expected = [p.pk for p in children(home.depth + 1, [])]
    assert [p.pk for p in prepared.run("children", children, home.depth + 1, [])] == expected
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k))
    assert [p.pk for p in prepared.run("children", children, home.depth + 1, [])] == expected
    assert compiled == []
    upper = [p.pk for p in prepared.run("children", children, home.depth, [])]
    assert compiled == []
    assert home.pk in upper
    assert upper == [p.pk for p in children(home.depth, [])]


def test_a_policy_page_served_again_compiles_none_of_its_queries(client, site_tree, monkeypatch):
    page = PolicyPageFactory(parent=site_tree["policies"], text=[section("article", "1", "Giá đất")], **open_window())
    CommentFactory.create_batch(4, page=page, section_id=page.sections[0].block_id, state="published")
    client.get(page.url)
    compiled = []
    original = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        sql = original(self, *args, **kwargs)
        compiled.append(sql[0])
        return sql

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    assert len(queries) > 0
    assert compiled == []


def test_a_query_whose_sql_changes_with_its_values_is_compiled_each_time(site_tree):
    page = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo về giá đất")

    def starting(prefix):
        return Page.objects.filter(Q(title__startswith=prefix))

    assert [p.pk for p in prepared.run("starting", starting, "Dự thảo về giá")] == [page.pk]
    assert prepared.run("starting", starting, "Kế hoạch") == []


@pytest.mark.parametrize(
    ("host", "port"),
    [("localhost", 80), ("localhost", 8000), ("thamvan.example.vn", 80), ("thamvan.example.vn", 8443), ("other", 80)],
)
def test_the_site_wagtail_would_find(site_tree, host, port):
    other_root = site_tree["policies"]
    Site.objects.create(hostname="thamvan.example.vn", port=80, root_page=other_root, site_name="Một")
    Site.objects.create(hostname="thamvan.example.vn", port=8443, root_page=other_root, site_name="Hai")
    request = RequestFactory().get("/", HTTP_HOST=f"{host}:{port}" if port != 80 else host)
    request.META["SERVER_PORT"] = str(port)
    assert site_for_request(request) == Site._find_for_request(request)


def by_pk(pk):
    return Locale.objects.filter(pk=pk)


def a_row():
    """A row to find (a transactional test may start on a database an earlier one flushed)."""
    return Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]


@pytest.mark.django_db(transaction=True)
def test_a_query_compiled_in_one_thread_runs_in_another():
    # A threaded server (runserver, a live-server test) answers each request in its own thread,
    # with its own database connection: a query compiled by one thread must not reach for the
    # connection of another (Django refuses that).
    build, root = by_pk, a_row()
    assert [page.pk for page in prepared.run("test-threads", build, root.pk)] == [root.pk]
    answers = []

    def in_another_thread():
        try:
            answers.append([page.pk for page in prepared.run("test-threads", build, root.pk)])
        except Exception as error:  # the assertion below names it
            answers.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join()
    assert answers == [[root.pk]]


@pytest.mark.django_db(transaction=True)
def test_a_compiled_query_runs_again_once_the_database_is_back():
    # A compiled query keeps no connection: after PostgreSQL went away and came back, or after
    # the thread's connection was replaced, it runs on the connection Django gives it then.
    build, root = by_pk, a_row()
    assert [page.pk for page in prepared.run("test-down", build, root.pk)] == [root.pk]
    with database_unreachable(), pytest.raises(OperationalError):
        prepared.run("test-down", build, root.pk)
    assert [page.pk for page in prepared.run("test-down", build, root.pk)] == [root.pk]
    connection.close()
    assert [page.pk for page in prepared.run("test-down", build, root.pk)] == [root.pk]


@pytest.mark.django_db(transaction=True)
def test_a_page_made_from_compiled_queries_is_served_again_once_the_database_is_back(client, site_tree):
    draft = PolicyPageFactory(parent=site_tree["policies"], text=[section("article", "1", "Giá đất")], **open_window())
    assert client.get(draft.url).status_code == 200
    browser = Client(raise_request_exception=False)
    with database_unreachable():
        assert browser.get(draft.url).status_code == 503
    for _ in range(2):
        response = browser.get(draft.url)
        assert response.status_code == 200
        assert "Giá đất" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_compiled_query_runs_on_the_connection_the_thread_has_now():
    # Nothing compiled keeps a connection: when the thread's connection object is replaced (a
    # test, Django after a settings change), the query runs on the new one.
    root = a_row()
    assert [row.pk for row in prepared.run("test-replaced", by_pk, root.pk)] == [root.pk]
    kept = connections[DEFAULT_DB_ALIAS]
    replacement = connections.create_connection(DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = replacement
    try:
        with CaptureQueriesContext(replacement) as on_replacement, CaptureQueriesContext(kept) as on_kept:
            found = prepared.run("test-replaced", by_pk, root.pk)
    finally:
        connections[DEFAULT_DB_ALIAS] = kept
        replacement.close()
    assert len(on_replacement) == 1 and len(on_kept) == 0
    assert found == [root]
