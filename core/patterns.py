"""The pattern page (/mau-giao-dien/, dev settings only): every component of the stylesheet on one
page, rendered by the components' own templates wherever they take plain context, so that whoever
changes site.css sees all it affects.

To add a component: include its template in core/pattern_library.html with sample context from
`sample_context` below (plain objects; the page never touches the database's content).
"""

import datetime
from types import SimpleNamespace

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from .forms import PlainLabelForm


class SampleForm(PlainLabelForm):
    """Every kind of field the site's forms use, sent once so that errors show."""

    name = forms.CharField(label="Họ và tên", max_length=100)
    email = forms.EmailField(label="Thư điện tử", help_text="Không công bố; chỉ dùng để trả lời bạn.")
    area = forms.ChoiceField(label="Địa bàn", choices=[("", "Tất cả"), ("thach-ha", "Huyện Thạch Hà")], required=False)
    body = forms.CharField(label="Ý kiến của bạn", widget=forms.Textarea, help_text="Tối đa 5.000 ký tự.")
    show_name = forms.BooleanField(
        label="Hiển thị họ tên của tôi cùng ý kiến",
        required=False,
        help_text="Nếu không chọn, ý kiến được công bố với tên “Người dân”. "
        "Địa chỉ thư điện tử và số điện thoại không bao giờ được công bố.",
    )
    consent = forms.BooleanField(label="Tôi đồng ý với việc xử lý dữ liệu cá nhân nêu trên")


def sample_context():
    now = timezone.now()
    comment = SimpleNamespace(
        anchor="y-kien-1",
        public_name="Nguyễn Văn An",
        came_offline=False,
        submitted_at=now - datetime.timedelta(days=3),
        public_body="Đề nghị làm rõ thời hạn niêm yết danh sách hộ được hỗ trợ.\n\nNên niêm yết tại nhà văn hóa thôn.",
        has_response=True,
        response_outcome="accepted",
        response_agency="Sở Xây dựng",
        get_response_outcome_display=lambda: "tiếp thu",
        public_response="Tiếp thu; bổ sung vào khoản 2 Điều 5.",
        response_edited_at=now - datetime.timedelta(days=1),
    )
    unanswered = SimpleNamespace(
        anchor="y-kien-2",
        public_name="Người dân",
        came_offline=False,
        submitted_at=now - datetime.timedelta(days=2),
        public_body="Mức hỗ trợ nên tính theo mét dài.",
        has_response=False,
    )
    commitments = [
        SimpleNamespace(
            status=status,
            get_status_display=lambda label=label: label,
            is_done=status == "done",
            done_on=now.date() if status == "done" else None,
            done_late=False,
            cannot_be_done=status == "cannot_be_done",
            reason="Chưa có mặt bằng." if status == "cannot_be_done" else "",
        )
        for status, label in [
            ("not_started", "chưa thực hiện"),
            ("in_progress", "đang thực hiện"),
            ("done", "đã hoàn thành"),
            ("cannot_be_done", "không thể thực hiện"),
        ]
    ]
    return {
        "form": SampleForm(data={"name": "", "email": "khong-hop-le", "body": "Góp ý"}),
        "items": Paginator(list(range(100)), 10).page(3),
        "comments": [comment, unanswered],
        "commitments": commitments,
    }


def pattern_library(request):
    return render(request, "core/pattern_library.html", sample_context())
