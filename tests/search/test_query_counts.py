"""A search costs the same number of queries however many documents match (issue 13; what is
warm when counting: tests/query_counts.py)."""

import pytest

from tests.policies.factories import PolicyPageFactory
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


def add_documents(site_tree, n):
    for i in range(n):
        PolicyPageFactory(parent=site_tree["policies"], title=f"Quy định hỗ trợ người dân số {i}")


def test_a_search_does_not_grow_with_the_documents_found(client, site_tree):
    add_documents(site_tree, 3)
    first = len(queries_for(client, "/tim-kiem/?q=dân"))
    add_documents(site_tree, 12)
    assert len(queries_for(client, "/tim-kiem/?q=dân")) == first


def test_a_search_with_few_matches_reads_the_documents_once_past_counting_them(client, site_tree):
    """When every match is counted and all of them are candidates, they are read at once, each
    with its tier (search/postgres.py), not with a probe and a read per tier (13 before)."""
    add_documents(site_tree, 3)
    sqls = queries_for(client, "/tim-kiem/?q=dân")
    # Counted, then read (the pages' own queries join the documents for their bylines).
    assert sum("FROM search_searchdocument" in sql for sql in sqls) == 2
