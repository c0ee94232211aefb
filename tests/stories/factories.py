import io

import factory
import wagtail_factories
from PIL import Image as PILImage

from django.core.files.images import ImageFile

from wagtail.models import Collection

from images.models import CustomImage
from stories.models import ModelStoryPage, StoryIndexPage


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Dân vận khéo"
    slug = "dan-van-kheo"
    show_in_menus = True

    class Meta:
        model = StoryIndexPage


class ModelStoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Mô hình hiến đất làm đường số {n}")
    slug = factory.Sequence(lambda n: f"mo-hinh-{n}")
    unit_name = "Ủy ban nhân dân xã Cẩm Xuyên"
    field = ModelStoryPage.Field.ECONOMY
    recognition_year = 2024
    summary = "Cán bộ xã đến từng nhà đối thoại với người dân."
    body = [("paragraph", "<p>Sau ba tháng, toàn xã không có hộ nào khiếu nại.</p>")]

    class Meta:
        model = ModelStoryPage


def image(title="Ảnh minh hoạ", colour=(120, 160, 210)):
    """A real image in the library, made with Pillow."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), colour).save(buffer, "JPEG")
    # A transactional test's flush empties the tables the migrations filled, the root collection too.
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    return CustomImage.objects.create(title=title, file=ImageFile(buffer, name="anh.jpg"), credit="Báo Hà Tĩnh")
