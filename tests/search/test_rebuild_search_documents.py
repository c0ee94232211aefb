"""`manage.py rebuild_search_documents`: what an operator runs on a database whose search
documents are missing or stale; afterwards the search page answers from them again."""

import io

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from search.models import SearchDocument
from stories.models import ModelStoryPage
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db


def search_page(client, query):
    """(the heading with the number of results, the titles listed) of /tim-kiem/?q=…"""
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    heading = html.find("h2", attrs={"aria-live": "polite"}).get_text(strip=True)
    return heading, [a.get_text(strip=True) for a in html.select(".results h3 a")]


def rebuild():
    out = io.StringIO()
    call_command("rebuild_search_documents", stdout=out)
    return out.getvalue()


def test_pages_whose_documents_were_lost_are_found_again_after_the_command(client, site_tree):
    policy = PolicyPageFactory(parent=site_tree["policies"], title="Quy định về phí thẩm định hồ sơ khoáng sản")
    dialogue = DialoguePageFactory(parent=site_tree["dialogues"], title="Đối thoại về khai thác khoáng sản")
    ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình trồng rừng gỗ lớn")
    heading, listed = search_page(client, "khoáng sản")
    assert (heading, sorted(listed)) == ("2 kết quả", sorted([policy.title, dialogue.title]))

    SearchDocument.objects.all().delete()  # a database restored without them, or an older one
    assert search_page(client, "khoáng sản") == ("0 kết quả", [])

    output = rebuild()

    assert "3 search documents written" in output
    heading, listed = search_page(client, "khoáng sản")
    assert heading == "2 kết quả"
    assert sorted(listed) == sorted([policy.title, dialogue.title])
    assert search_page(client, "trong rung go lon") == ("1 kết quả", ["Mô hình trồng rừng gỗ lớn"])


def test_the_command_removes_the_documents_of_pages_no_longer_published(client, site_tree):
    kept = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình chợ phiên vùng cao")
    gone = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình chợ quê ngày Tết")
    # Unpublished behind the site's back (a raw update, a restored backup): its document stays.
    ModelStoryPage.objects.filter(pk=gone.pk).update(live=False)
    assert SearchDocument.objects.filter(page_id=gone.pk).exists()
    # The stale document is counted, though the page itself is not shown.
    assert search_page(client, "chợ") == ("2 kết quả", [kept.title])

    output = rebuild()

    assert "1 search documents written" in output
    assert not SearchDocument.objects.filter(page_id=gone.pk).exists()
    assert SearchDocument.objects.filter(page_id=kept.pk).exists()
    assert search_page(client, "chợ") == ("1 kết quả", [kept.title])


def test_a_draft_that_was_never_published_gets_no_document(client, site_tree):
    draft = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình nuôi tôm công nghệ cao", live=False)
    SearchDocument.objects.all().delete()

    assert "0 search documents written" in rebuild()
    assert not SearchDocument.objects.filter(page_id=draft.pk).exists()
    assert search_page(client, "nuôi tôm") == ("0 kết quả", [])
