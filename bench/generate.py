"""A deterministic generator of Vietnamese archive records in the import format (JSON Lines).

The same seed gives the same documents, so runs can be compared. Text is assembled from real
administrative vocabulary, with the commonest syllables ("dân", "của", "và", "người") as common as
in real texts.

    python -m bench.generate 100000 > /tmp/archive.jsonl
"""

import json
import random
import sys

SUBJECTS = [
    "hỗ trợ người dân hiến đất làm đường giao thông nông thôn",
    "giá dịch vụ sử dụng diện tích bán hàng tại chợ",
    "chính sách thu hút đầu tư vào khu kinh tế Vũng Áng",
    "công tác dân vận của chính quyền các cấp",
    "quy chế dân chủ ở cơ sở",
    "bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất",
    "phát triển du lịch cộng đồng",
    "chuyển đổi số trong giải quyết thủ tục hành chính",
    "bảo vệ môi trường làng nghề",
    "học phí đối với cơ sở giáo dục mầm non và phổ thông",
    "an ninh trật tự ở khu dân cư",
    "quy hoạch đô thị và nông thôn",
]
FRAGMENTS = [
    "Ủy ban nhân dân cấp xã có trách nhiệm công khai danh sách và mức hỗ trợ",
    "người dân được tham gia ý kiến trước khi quyết định",
    "cơ quan soạn thảo tiếp thu, giải trình ý kiến của Nhân dân",
    "kinh phí thực hiện từ ngân sách tỉnh và các nguồn hợp pháp khác",
    "dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng",
    "thời gian niêm yết tại nhà văn hóa thôn ít nhất mười lăm ngày",
    "đối thoại trực tiếp giữa người đứng đầu với Nhân dân",
    "mô hình Dân vận khéo được nhân rộng trên địa bàn",
    "giá đất cụ thể được xác định theo giá thị trường",
    "hộ nghèo, hộ cận nghèo được hỗ trợ thêm",
    "trách nhiệm của người đứng đầu cơ quan, đơn vị",
    "các sở, ban, ngành và Ủy ban nhân dân các xã, phường",
]
AGENCIES = [
    "Ủy ban nhân dân tỉnh Hà Tĩnh",
    "Sở Tài chính tỉnh Hà Tĩnh",
    "Sở Xây dựng tỉnh Hà Tĩnh",
    "Sở Nội vụ tỉnh Hà Tĩnh",
]
AREAS = ["Xã Cẩm Xuyên", "Xã Thạch Hà", "Phường Thành Sen", "Phường Vũng Áng", "Xã Hương Sơn", "Xã Nghi Xuân"]
TYPES = ["nghi-quyet", "quyet-dinh", "ke-hoach", "chi-thi"]
FIELDS = ["kinh-te", "van-hoa-xa-hoi", "quoc-phong-an-ninh", "xay-dung-he-thong-chinh-tri"]


def paragraph(rnd, sentences=4):
    return ". ".join(rnd.choice(FRAGMENTS).capitalize() for _ in range(sentences)) + "."


def record(n, rnd):
    kind = ("policy", "policy", "dialogue", "story")[n % 4]
    subject = rnd.choice(SUBJECTS)
    year = 2015 + n % 11
    if kind == "policy":
        return {
            "type": "policy",
            "id": f"bench-{n}",
            "title": f"Nghị quyết quy định {subject} (số {n})",
            "document_number": f"{n}/{year}/NQ-HĐND",
            "document_type": rnd.choice(TYPES),
            "agency": rnd.choice(AGENCIES),
            "areas": [rnd.choice(AREAS)],
            "date": f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "summary": paragraph(rnd, 2),
            "sections": [
                {"kind": "article", "number": str(a), "heading": rnd.choice(SUBJECTS), "text": paragraph(rnd)}
                for a in range(1, 4)
            ],
            "consultation": None,
        }
    if kind == "dialogue":
        return {
            "type": "dialogue",
            "id": f"bench-{n}",
            "title": f"Đối thoại với Nhân dân về {subject} (lần {n})",
            "date": f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00+07:00",
            "place": f"Hội trường {rnd.choice(AREAS)}",
            "agency": rnd.choice(AGENCIES),
            "areas": [rnd.choice(AREAS)],
            "summary": paragraph(rnd, 2),
            "questions": [{"question": paragraph(rnd, 1), "answer": paragraph(rnd, 1)}],
            "conclusions": paragraph(rnd),
            "commitments": [],
        }
    return {
        "type": "story",
        "id": f"bench-{n}",
        "title": f"Mô hình {subject} (số {n})",
        "unit": f"Ủy ban nhân dân {rnd.choice(AREAS)}",
        "areas": [rnd.choice(AREAS)],
        "field": rnd.choice(FIELDS),
        "year": year,
        "summary": paragraph(rnd, 2),
        "body": paragraph(rnd, 6),
    }


def generate(count, seed=33):
    rnd = random.Random(seed)
    for n in range(count):
        yield json.dumps(record(n, rnd), ensure_ascii=False)


if __name__ == "__main__":
    for line in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000):
        sys.stdout.write(line + "\n")
