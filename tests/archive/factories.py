"""Archive records as an agency's export holds them, one JSON object a line."""

import json

POLICY = {
    "type": "policy",
    "id": "nq-12-2024",
    "title": "Nghị quyết quy định mức thu phí tham quan Khu di tích Nguyễn Du",
    "document_number": "12/2024/NQ-HĐND",
    "document_type": "nghi-quyet",
    "agency": "Hội đồng nhân dân tỉnh Hà Tĩnh",
    "sectors": ["Văn hóa"],
    "areas": ["Xã Tiên Điền"],
    "date": "2024-07-12",
    "summary": "Mức thu phí tham quan di tích.",
    "sections": [{"number": "1", "heading": "Mức thu", "text": "20.000 đồng/lượt."}],
    "consultation": {
        "opens": "2024-05-01T08:00:00+07:00",
        "closes": "2024-06-01T17:00:00+07:00",
        "comments": [],
    },
}
DIALOGUE = {
    "type": "dialogue",
    "id": "dt-2024-01",
    "title": "Đối thoại về đất đai",
    "date": "2024-09-20T08:00:00+07:00",
    "place": "Hội trường xã",
    "chaired_by": "Chủ tịch UBND xã",
    "agency": "Ủy ban nhân dân xã Thạch Hà",
    "areas": ["Xã Thạch Hà"],
    "summary": "Giá đất bồi thường.",
    "questions": [],
    "conclusions": "Chi trả trước 31/12/2024.",
    "commitments": [],
}
STORY = {
    "type": "story",
    "id": "mh-1",
    "title": "Tổ công nghệ số cộng đồng",
    "unit": "Đoàn Thanh niên phường Bắc Hồng Lĩnh",
    "areas": ["Phường Bắc Hồng Lĩnh"],
    "field": "van-hoa-xa-hoi",
    "year": 2025,
    "summary": "Hướng dẫn người cao tuổi.",
    "body": "Mỗi tối thứ Bảy.\n\nTỉ lệ hồ sơ trực tuyến tăng.",
}


def lines(*records):
    return [json.dumps(record, ensure_ascii=False) for record in records]
