"""At 100,000 documents, search/postgres.py reads the tiers of a common query one by one (a walk
of the newest documents, or the few matches from the GIN index), not all matches at once as it
does on a small archive. A reader must get the same order either way: these tests make the
bounds small so that a handful of pages takes the path of a large archive. (Elsewhere the
bounds are not PostgreSQL's, and the order is simply the same.)
"""

import json

import pytest

from search import postgres, service
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    "dân vận khéo",
    "dan van kheo",
    "giá đất",
    "giá đắt",
    "người dân được hỗ trợ bao nhiêu khi nhà nước thu hồi đất",
    "nguoi dan duoc ho tro bao nhieu khi nha nuoc thu hoi dat",
]


@pytest.fixture
def archive(site_tree):
    policies, dialogues, stories = site_tree["policies"], site_tree["dialogues"], site_tree["stories"]
    PolicyPageFactory(parent=policies, title="Quy định giá đất năm 2026", summary="Bảng giá đất ở nông thôn.")
    PolicyPageFactory(parent=policies, title="Giá dịch vụ quá đắt", summary="Người dân phản ánh giá đắt.")
    PolicyPageFactory(
        parent=policies,
        title="Chính sách hỗ trợ khi Nhà nước thu hồi đất",
        summary="Người dân được hỗ trợ ổn định đời sống khi Nhà nước thu hồi đất nông nghiệp.",
    )
    PolicyPageFactory(parent=policies, title="Công tác dân vận", summary="Dân vận khéo ở cơ sở; giá trị của dân.")
    DialoguePageFactory(
        parent=dialogues, title="Đối thoại về đất đai", summary="Người dân hỏi được hỗ trợ bao nhiêu khi thu hồi đất."
    )
    DialoguePageFactory(parent=dialogues, title="Đối thoại với thanh niên", summary="Vận động thanh niên khéo léo.")
    ModelStoryPageFactory(parent=stories, title="Mô hình Dân vận khéo ở thôn Đông", summary="Dân vận khéo.")
    ModelStoryPageFactory(parent=stories, title="Người dân hiến đất làm đường", summary="Giá trị của đất đai.")


def titles(client, query):
    data = json.loads(client.get("/tim-kiem/", {"q": query, "format": "json"}).content)
    return [result["title"] for result in data["results"]]


def read_at_once_then_tier_by_tier(client, monkeypatch, query, few):
    """(titles as read at once, titles as read tier by tier): past a count cap of 0 every
    search takes the tiers one by one; `few` sets how many matches a tier must have to be walked
    rather than read from the GIN index."""
    at_once = titles(client, query)
    monkeypatch.setattr(service, "COUNT_CAP", 0)
    monkeypatch.setattr(postgres, "FEW", {"title_vector": few, "vector": few})
    tier_by_tier = titles(client, query)
    monkeypatch.undo()
    return at_once, tier_by_tier


@pytest.mark.parametrize("query", QUERIES)
def test_a_common_query_walked_through_the_newest_documents_ranks_as_a_rare_one(client, archive, monkeypatch, query):
    """Every tier walked (as for the commonest syllables), several of them in one walk."""
    at_once, walked = read_at_once_then_tier_by_tier(client, monkeypatch, query, few=1)
    assert at_once, query
    assert walked == at_once


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_read_tier_by_tier_from_the_index_ranks_as_one_read_at_once(client, archive, monkeypatch, query):
    at_once, from_index = read_at_once_then_tier_by_tier(client, monkeypatch, query, few=10_000)
    assert from_index == at_once


@pytest.mark.parametrize(
    ("counted", "asked", "implied"),
    [
        ("'thu' & 'tuc'", "('thủ' | 'thu') & ('tục' | 'tuc')", True),
        ("'thủ' & 'tục'", "'thủ' | 'tục' | 'thu' | 'tuc'", True),
        ("'thủ' & 'tục'", "'thủ' & 'tục' & 'hành'", False),
        ("'thủ' | 'thu'", "'thủ'", False),
        ("'dân'", "'dan'", True),
        ("'dan'", "'dân'", False),
    ],
)
def test_words_counted_many_times_are_not_counted_again_for_words_they_imply(counted, asked, implied):
    """Every document holding `counted` holds `asked`: past the bound for the first, the second
    is walked without a count of its own (search/postgres.py)."""
    assert postgres._implies(counted, asked) is implied
