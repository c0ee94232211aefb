import pytest
from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError

from stories.models import ModelStoryPage, StoryGalleryImage
from tests.stories.factories import ModelStoryPageFactory, image
from tests.taxonomy.factories import AreaFactory

pytestmark = pytest.mark.django_db


def html_of(client, url, **params):
    return BeautifulSoup(client.get(url, params).content.decode(), "html.parser")


def test_story_page_shows_unit_field_body_and_links_to_its_field(client, site_tree):
    story = ModelStoryPageFactory(parent=site_tree["stories"], title="Vận động hiến đất làm đường")
    html = html_of(client, story.url)
    assert html.h1.get_text(strip=True) == "Vận động hiến đất làm đường"
    text = html.get_text(" ", strip=True)
    assert "Ủy ban nhân dân xã Cẩm Xuyên" in text and "không có hộ nào khiếu nại" in text
    field_link = html.find("a", string="Kinh tế")
    assert field_link["href"] == "/dan-van-kheo/?field=kinh-te"


def test_images_come_in_responsive_sizes_with_their_alternative_text(client, site_tree):
    story = ModelStoryPageFactory(
        parent=site_tree["stories"], image=image(), image_alt="Con đường bê tông mới giữa cánh đồng"
    )
    StoryGalleryImage.objects.create(page=story, image=image("Ảnh 2"), alt_text="Người dân cùng làm đường")
    html = html_of(client, story.url)
    main = html.find("img", alt="Con đường bê tông mới giữa cánh đồng")
    assert len(main["srcset"].split(",")) == 3 and main.get("sizes")
    assert html.find("img", alt="Người dân cùng làm đường")["srcset"]
    assert "Báo Hà Tĩnh" in html.get_text()


def test_an_image_without_alternative_text_is_refused(site_tree):
    story = ModelStoryPageFactory.build(image=image(), image_alt="")
    with pytest.raises(ValidationError) as error:
        story.clean()
    assert "image_alt" in error.value.message_dict


def test_story_index_filters_by_field_area_and_year(client, site_tree):
    commune = AreaFactory(name="Xã Cẩm Xuyên")
    ModelStoryPageFactory(parent=site_tree["stories"], title="Kinh tế 2024", field=ModelStoryPage.Field.ECONOMY)
    ModelStoryPageFactory(
        parent=site_tree["stories"],
        title="An ninh 2023",
        field=ModelStoryPage.Field.DEFENCE_SECURITY,
        recognition_year=2023,
        area=commune,
    )

    def titles(**params):
        return [h.get_text(strip=True) for h in html_of(client, "/dan-van-kheo/", **params).select(".card__title")]

    assert titles(field="quoc-phong-an-ninh") == ["An ninh 2023"]
    assert titles(area=commune.pk) == ["An ninh 2023"]
    assert titles(year=2024) == ["Kinh tế 2024"]
    assert sorted(titles()) == ["An ninh 2023", "Kinh tế 2024"]
    selected = html_of(client, "/dan-van-kheo/", field="quoc-phong-an-ninh").find("option", selected=True)
    assert selected["value"] == "quoc-phong-an-ninh"


def test_story_index_pages_its_results(client, site_tree):
    for n in range(14):
        ModelStoryPageFactory(parent=site_tree["stories"], title=f"Mô hình {n:02d}")
    first = html_of(client, "/dan-van-kheo/")
    assert len(first.select(".card__title")) == 12
    second = html_of(client, "/dan-van-kheo/", page=2)
    assert len(second.select(".card__title")) == 2
