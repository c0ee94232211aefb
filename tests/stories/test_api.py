"""Model stories in the API: their fields, and their images as the renditions the page serves."""

import pytest

from stories.models import StoryGalleryImage
from tests.stories.factories import ModelStoryPageFactory, image
from tests.taxonomy.factories import AgencyFactory, AreaFactory

pytestmark = pytest.mark.django_db


def test_a_story_in_the_api_gives_its_text_and_its_images_by_address(client, site_tree):
    story = ModelStoryPageFactory(
        parent=site_tree["stories"],
        agency=AgencyFactory(name="Ủy ban nhân dân xã Cẩm Xuyên"),
        area=AreaFactory(name="Xã Cẩm Xuyên"),
        image=image("Ảnh chính"),
        image_alt="Người dân cùng làm đường",
        body=[
            ("paragraph", "<p>Sau ba tháng, toàn xã không có hộ nào khiếu nại.</p>"),
            ("image", {"image": image("Ảnh trong bài"), "alt_text": "Con đường mới", "caption": "Đường thôn 3"}),
        ],
    )
    StoryGalleryImage.objects.create(page=story, image=image("Ảnh bộ sưu tập"), alt_text="Lễ khánh thành")
    item = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert item["unit_name"] == "Ủy ban nhân dân xã Cẩm Xuyên"
    assert item["agency"] == "Ủy ban nhân dân xã Cẩm Xuyên"
    assert item["area"] == "Xã Cẩm Xuyên"
    assert item["summary"] == "Cán bộ xã đến từng nhà đối thoại với người dân."
    assert item["image"]["alt"] == "Người dân cùng làm đường"
    assert item["image"]["credit"] == "Báo Hà Tĩnh"
    assert [r["width"] for r in item["image"]["renditions"]] == [400, 800, 1200]
    body_image = next(block for block in item["body"] if block["type"] == "image")["value"]
    assert body_image["alt_text"] == "Con đường mới"
    assert body_image["image"]["alt"] == "Con đường mới"
    (gallery,) = item["gallery_images"]
    assert gallery["alt_text"] == "Lễ khánh thành"
    assert [(r["width"], r["height"]) for r in gallery["image"]["renditions"]] == [(300, 200), (600, 400)]
    for rendition in [
        *item["image"]["renditions"],
        *body_image["image"]["renditions"],
        *gallery["image"]["renditions"],
    ]:
        assert rendition["url"].startswith("http://testserver/media/images/")
