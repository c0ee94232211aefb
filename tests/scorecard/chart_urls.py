"""A test-only page with the three scorecard charts, in the site's own layout (base.html), for the
browser test; the rest of the site's URLs as usual. Used with @pytest.mark.urls, never served."""

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from scorecard.charts import Bar, Part, Series

PAGE = Template(
    """{% extends "base.html" %}{% load scorecard_charts %}
{% block title %}Biểu đồ{% endblock %}
{% block content %}<h1>Biểu đồ của bảng đánh giá</h1>
{% bar_chart documents caption="Văn bản ban hành năm 2026" unit="count" label_heading="Cơ quan" %}
{% bar_chart answered caption="Tỷ lệ ý kiến được trả lời năm 2026" unit="share" label_heading="Cơ quan" %}
{% bar_chart report_days caption="Số ngày từ khi kết thúc lấy ý kiến đến khi có báo cáo" unit="days" %}
{% year_lines shares caption="Tỷ lệ văn bản được lấy ý kiến trước khi ban hành" unit="share" %}
{% year_lines comments caption="Số ý kiến nhận được" unit="count" %}
{% year_lines report_years caption="Số ngày trung vị từ khi kết thúc lấy ý kiến đến khi có báo cáo" unit="days" %}
{% share_bar outcomes caption="Kết quả tiếp thu ý kiến năm 2026" %}
{% share_bar commitments caption="Cam kết sau đối thoại năm 2026" %}
{% endblock %}"""
)

AGENCIES = [
    ("Sở Nông nghiệp và Phát triển nông thôn", "so-nong-nghiep-va-phat-trien-nong-thon"),
    ("Sở Tư pháp", "so-tu-phap"),
    ("Ủy ban nhân dân phường Thành Sen", "ubnd-phuong-thanh-sen"),
    ("Sở Tài nguyên và Môi trường", "so-tai-nguyen-va-moi-truong"),
    ("Ủy ban nhân dân xã Thạch Hà", "ubnd-xa-thach-ha"),
    ("Ban Quản lý Khu kinh tế tỉnh", "ban-quan-ly-khu-kinh-te"),
]


def figures():
    def bars(values, unit_note=""):
        return [
            Bar(
                name,
                value,
                url=f"/van-ban/?co-quan={slug}",
                note="Đã sáp nhập vào xã Đông Kinh" if value is None else "",
            )
            for (name, slug), value in zip(AGENCIES, values, strict=True)
        ]

    return {
        "documents": bars([12, 3, 0, 1234, None, 57]),
        "answered": bars([0.875, 1, 0, 0.125, None, 2 / 3]),
        "report_days": [Bar("Toàn tỉnh", 21.5), Bar("Sở Tư pháp", 30), Bar("Sở Y tế", 7)],
        "shares": [
            Series("Toàn tỉnh", [(2021, 0.52), (2022, 0.61), (2023, 0.7), (2024, 0.74), (2025, 0.8), (2026, 0.83)]),
            Series("Sở Tư pháp", [(2021, 1), (2022, 1), (2023, None), (2024, 0.9), (2025, 1), (2026, 1)]),
            Series("Sở Nông nghiệp và Phát triển nông thôn", [(2022, 0.2), (2023, 0.35), (2024, 0.5), (2026, 0.8)]),
            Series("Ủy ban nhân dân phường Thành Sen", [(2025, 0), (2026, 0.25)]),
        ],
        "comments": [Series("Toàn tỉnh", [(2024, 1180), (2025, 2460), (2026, 1975)])],
        "report_years": [
            Series(
                "Toàn tỉnh",
                [(2019, 44), (2020, 38.5), (2021, 30), (2022, 31), (2023, 25), (2024, 21), (2025, 19), (2026, 21.5)],
            ),
            Series(
                "Sở Tư pháp",
                [(2019, 60), (2020, None), (2021, 45), (2022, 28), (2023, 30), (2024, 22), (2025, 20), (2026, 21)],
            ),
        ],
        "outcomes": [Part("Tiếp thu", 412), Part("Tiếp thu một phần", 9), Part("Không tiếp thu", 131)],
        "commitments": [
            Part("Hoàn thành đúng hạn", 18),
            Part("Hoàn thành muộn", 4),
            Part("Quá hạn", 3),
            Part("Không thể thực hiện", 1),
        ],
    }


def charts(request):
    return HttpResponse(PAGE.render(RequestContext(request, figures())))


urlpatterns = [path("bieu-do-thu/", charts), *site_urlpatterns]
