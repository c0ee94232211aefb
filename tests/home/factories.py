import wagtail_factories

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Trang chủ"
    slug = "trang-chu"
    intro = "Đọc dự thảo, góp ý từng điều và xem cơ quan soạn thảo đã trả lời thế nào."

    class Meta:
        model = HomePage
