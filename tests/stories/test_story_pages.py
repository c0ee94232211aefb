import pytest
from bs4 import BeautifulSoup

from stories.models import ModelStoryPage
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db


def test_story_page_shows_unit_field_and_body(client, site_tree):
    story = ModelStoryPageFactory(parent=site_tree["stories"], title="Vận động hiến đất làm đường")
    html = BeautifulSoup(client.get(story.url).content.decode(), "html.parser")
    assert html.h1.get_text(strip=True) == "Vận động hiến đất làm đường"
    text = html.get_text(" ", strip=True)
    assert "Ủy ban nhân dân xã Cẩm Xuyên" in text
    assert "Kinh tế" in text
    assert "không có hộ nào khiếu nại" in text


def test_story_index_filters_by_field(client, site_tree):
    ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình kinh tế", field=ModelStoryPage.Field.ECONOMY)
    ModelStoryPageFactory(
        parent=site_tree["stories"], title="Mô hình an ninh", field=ModelStoryPage.Field.DEFENCE_SECURITY
    )
    html = BeautifulSoup(client.get("/dan-van-kheo/?field=quoc-phong-an-ninh").content.decode(), "html.parser")
    titles = [h.get_text(strip=True) for h in html.select(".card__title")]
    assert titles == ["Mô hình an ninh"]
    assert html.find("option", selected=True)["value"] == "quoc-phong-an-ninh"
