"""The admin's list of consultations reads the same number of queries whatever the number of
drafts (each row's window, status and counts come with the list)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.consultations.factories import CommentFactory, closed_window
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import DocumentTypeFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_consultations_list_reads_a_constant_number_of_queries(client, site_tree, moderator):
    def drafts(n):
        for i in range(n):
            page = PolicyPageFactory(
                parent=site_tree["policies"],
                title=f"Dự thảo {i}",
                document_type=DocumentTypeFactory(),
                **closed_window(),
            )
            CommentFactory(page=page)

    client.force_login(moderator)
    url = "/admin/y-kien/dot-lay-y-kien/"
    drafts(2)
    queries_for(client, url)  # the first request warms what every admin page reads once
    few = queries_for(client, url)
    drafts(6)
    assert queries_for(client, url) == few
