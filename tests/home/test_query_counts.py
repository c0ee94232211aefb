"""The home page and the shell every page shares stay within their query budget (issue 13):
the home page at most 12 queries with every list on it full, the same number with twice the
content, and the site, its settings and the menu read once per request on every page type."""

import datetime

import pytest

from django.utils import timezone

from consultations.models import ResponseReport
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory
from tests.query_counts import queries_for, reads_of
from tests.stories.factories import ModelStoryPageFactory, image

pytestmark = pytest.mark.django_db

HOME_QUERY_BUDGET = 12
DAY = datetime.timedelta(days=1)


def add_content(site_tree, n):
    """`n` of everything the home page lists: open drafts, closed ones with a published report
    and answered comments, dialogues with overdue and coming commitments, stories with a picture."""
    today = timezone.localdate()
    for i in range(n):
        PolicyPageFactory(parent=site_tree["policies"], title=f"Dự thảo đang mở {i}", issued_on=None, **open_window())
        closed = PolicyPageFactory(
            parent=site_tree["policies"], title=f"Dự thảo đã đóng {i}", issued_on=None, **closed_window(20 + i)
        )
        CommentFactory.create_batch(2, page=closed, response_outcome="accepted", response_text="Tiếp thu.")
        ResponseReport.objects.create(page=closed)
        DialoguePageFactory(
            parent=site_tree["dialogues"],
            title=f"Đối thoại {i}",
            commitments=[
                commitment(f"Việc quá hạn {i}", today - (i + 1) * DAY),
                commitment(f"Việc sắp đến hạn {i}", today + (i + 1) * DAY),
            ],
        )
        ModelStoryPageFactory(
            parent=site_tree["stories"],
            title=f"Mô hình {i}",
            image=image(),
            image_alt="Người dân cùng làm đường",
            featured=i % 2 == 0,
        )


@pytest.fixture
def full_site(site_tree):
    CommitmentTrackerPageFactory(parent=site_tree["home"], show_in_menus=True)
    # More than each list shows: six open drafts, five latest, three reports, three dialogues,
    # five commitments of each kind, three stories.
    add_content(site_tree, 7)
    return site_tree


def test_home_page_stays_within_its_query_budget_with_every_list_full(client, full_site):
    sqls = queries_for(client, "/")
    assert len(sqls) <= HOME_QUERY_BUDGET, "\n".join(sqls)
    html = client.get("/").content.decode()
    assert html.count("#cam-ket-") == 10
    assert "Dự thảo đang mở 6" in html and "Mô hình" in html


def test_home_page_costs_the_same_with_twice_the_content(client, full_site):
    before = len(queries_for(client, "/"))
    add_content(full_site, 7)
    assert len(queries_for(client, "/")) == before


@pytest.mark.parametrize(
    "path", ["/", "/van-ban/", "/lay-y-kien/", "/doi-thoai/", "/dan-van-kheo/", "/tim-kiem/?q=dân"]
)
def test_the_site_its_settings_and_the_menu_are_read_once_per_request(client, full_site, path):
    sqls = queries_for(client, path)
    assert reads_of(sqls, "wagtailcore_site") <= 1
    assert reads_of(sqls, "core_sitesettings") == 1
    assert reads_of(sqls, "consultations_consultationsettings") <= 1
    # The menu: the home page's live children, read with the pages along the path or on their own.
    menu_reads = [
        sql for sql in sqls if 'FROM "wagtailcore_page" WHERE' in sql and '"wagtailcore_page"."depth" = 3' in sql
    ]
    assert len(menu_reads) <= 1, menu_reads
    assert reads_of(sqls, "wagtailcore_pageviewrestriction") <= 1
