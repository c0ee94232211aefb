"""A story and the list of stories cost the same number of queries however many stories there
are (issue 13; what is warm when counting: tests/query_counts.py)."""

import pytest

from tests.query_counts import queries_for
from tests.stories.factories import ModelStoryPageFactory, image

pytestmark = pytest.mark.django_db


def add_stories(site_tree, n):
    return [
        ModelStoryPageFactory(parent=site_tree["stories"], image=image(), image_alt="Người dân cùng làm đường")
        for _ in range(n)
    ]


def test_a_story_and_the_list_of_stories_do_not_grow_with_the_stories(client, site_tree):
    story = add_stories(site_tree, 2)[0]
    story_queries = len(queries_for(client, story.url))
    index_queries = len(queries_for(client, site_tree["stories"].url))
    add_stories(site_tree, 8)
    assert len(queries_for(client, story.url)) == story_queries
    assert len(queries_for(client, site_tree["stories"].url)) == index_queries
