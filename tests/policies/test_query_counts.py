"""A policy page costs the same number of queries with 6 sections and 30 comments as with
60 sections and 3,000, at most 10 (issue 13): nothing is fetched per section or per comment.
The register and the list of consultations stay within theirs whatever the number of documents.
(What is warm when counting: tests/query_counts.py.)"""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Comment, ResponseReport
from policies.models import PolicyPage
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.policies.factories import PolicyPageFactory, section
from tests.query_counts import queries_for
from tests.taxonomy.factories import AgencyFactory, AreaFactory

POLICY_QUERY_BUDGET = 10
REGISTER_QUERY_BUDGET = 12

pytestmark = pytest.mark.django_db


def policy_with(site_tree, sections, comments, areas):
    policy = PolicyPageFactory(
        parent=site_tree["policies"],
        text=[section("article", str(n), f"Điều khoản {n}", "Nội dung. " * 20) for n in range(1, sections + 1)],
        **open_window(),
    )
    blocks = [s.block_id for s in policy.sections]
    Comment.objects.bulk_create(
        Comment(
            page=policy,
            section_id=blocks[n % len(blocks)],
            body=f"Góp ý {n}",
            area=areas[n % len(areas)],
            consent_at=policy.consultation_opens_at,
            state=Comment.State.PUBLISHED,
            response_outcome="accepted" if n % 3 == 0 else "",
            response_text="Tiếp thu." if n % 3 == 0 else "",
        )
        for n in range(comments)
    )
    return policy


def queries_to_render(client, policy):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(policy.url)
    assert response.status_code == 200
    return len(queries), response


def test_queries_do_not_grow_with_sections_or_comments(client, site_tree, django_assert_num_queries):
    areas = AreaFactory.create_batch(5)
    small = policy_with(site_tree, sections=6, comments=30, areas=areas)
    large = policy_with(site_tree, sections=60, comments=3000, areas=areas)
    queries_to_render(client, small)  # warm caches shared by both (site, settings)
    small_count, _ = queries_to_render(client, small)
    assert 0 < small_count <= POLICY_QUERY_BUDGET
    with django_assert_num_queries(small_count):
        response = client.get(large.url)
    html = response.content.decode()
    # Each section shows its first comments and its total, and links to the rest.
    assert html.count('class="comment"') == 60 * PolicyPage.COMMENTS_PREVIEW
    assert "Xem tất cả 50 ý kiến — Điều 7. Điều khoản 7" in html


def add_documents(site_tree, n):
    for i in range(n):
        PolicyPageFactory(parent=site_tree["policies"], title=f"Dự thảo đang mở {i}", **open_window())
        closed = PolicyPageFactory(parent=site_tree["policies"], title=f"Dự thảo đã đóng {i}", **closed_window(10 + i))
        CommentFactory.create_batch(2, page=closed, response_outcome="accepted", response_text="Tiếp thu.")
        ResponseReport.objects.create(page=closed)


def test_the_register_stays_within_its_budget_whatever_the_number_of_documents(client, site_tree):
    add_documents(site_tree, 6)
    first = queries_for(client, "/van-ban/")
    assert len(first) <= REGISTER_QUERY_BUDGET, "\n".join(first)
    add_documents(site_tree, 6)
    assert len(queries_for(client, "/van-ban/")) == len(first)


def test_the_list_of_consultations_does_not_grow_with_the_drafts(client, site_tree):
    add_documents(site_tree, 3)
    first = len(queries_for(client, "/lay-y-kien/"))
    add_documents(site_tree, 6)
    assert len(queries_for(client, "/lay-y-kien/")) == first


def test_the_contents_keep_a_space_between_a_section_and_its_comment_count(client, site_tree):
    policy = policy_with(site_tree, sections=6, comments=6, areas=AreaFactory.create_batch(1))
    html = client.get(policy.url).content.decode()
    assert '</a> <span class="count">(1 ý kiến)</span>' in html


def test_every_detail_of_a_previewed_comment_is_shown_without_more_queries(client, site_tree):
    """A comment under its section shows who sent it (name with consent, organisation, area),
    how it came, its text and the answer with who gave it and when it was edited, from the
    columns the preview reads: as many queries as for plain comments."""
    plain = policy_with(site_tree, sections=6, comments=12, areas=AreaFactory.create_batch(2))
    queries_to_render(client, plain)
    plain_count, _ = queries_to_render(client, plain)

    policy = PolicyPageFactory(
        parent=site_tree["policies"], text=[section("article", "1", "Mức hỗ trợ")], **open_window()
    )
    block = policy.sections[0].block_id
    answered_at = timezone.now()
    CommentFactory(
        page=policy,
        section_id=block,
        display_name="Nguyễn Văn An",
        show_name=True,
        sender_organisation="Hội Nông dân xã Cẩm Bình",
        channel=Comment.Channel.LETTER,
        received_on=datetime.date(2026, 3, 9),
        body="Đề nghị nâng mức hỗ trợ.",
        response_outcome="accepted",
        response_text="Đã tiếp thu, nâng mức hỗ trợ.",
        response_agency=AgencyFactory(name="Sở Tài chính"),
        response_edited_at=answered_at,
    )
    CommentFactory(page=policy, section_id=block, area=AreaFactory(name="Phường Thành Sen"), body="Đồng ý.")
    count, response = queries_to_render(client, policy)
    html = response.content.decode()
    for shown in (
        "Nguyễn Văn An (Hội Nông dân xã Cẩm Bình)",
        "09/03/2026",
        "Đề nghị nâng mức hỗ trợ.",
        "Sở Tài chính",
        "Đã tiếp thu, nâng mức hỗ trợ.",
        answered_at.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y"),
        "Phường Thành Sen",
        "Đồng ý.",
    ):
        assert shown in html
    assert count == plain_count
