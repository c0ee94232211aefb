"""A policy page costs the same number of queries with 6 sections and 30 comments as with
60 sections and 3,000: nothing is fetched per section or per comment."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Comment
from policies.models import PolicyPage
from tests.consultations.factories import open_window
from tests.policies.factories import PolicyPageFactory, section
from tests.taxonomy.factories import AreaFactory

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
    assert small_count > 0
    with django_assert_num_queries(small_count):
        response = client.get(large.url)
    html = response.content.decode()
    # Each section shows its first comments and its total, and links to the rest.
    assert html.count('class="comment"') == 60 * PolicyPage.COMMENTS_PREVIEW
    assert "Xem tất cả 50 ý kiến — Điều 7. Điều khoản 7" in html
