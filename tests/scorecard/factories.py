import wagtail_factories

from scorecard.models import ScorecardPage


class ScorecardPageFactory(wagtail_factories.PageFactory):
    title = "Bảng điểm các cơ quan"
    slug = "bang-diem"
    intro = "Mỗi cơ quan lấy ý kiến, trả lời và giữ lời hứa thế nào, tính từ hồ sơ."

    class Meta:
        model = ScorecardPage
