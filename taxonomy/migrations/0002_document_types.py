"""The document types Vietnamese public bodies issue, as a starting list that editors extend.

The administrative documents of Decree 30/2020/NĐ-CP (Article 7) and the types of the Party's
documents, each name once: a type both issue is one entry. The first nine are the types the site
had when they were a fixed list, with their slugs, which archives and links use. No type has a
minimum window of its own: the consultation rules' default applies until an editor sets one.
"""

from django.db import migrations

DOCUMENT_TYPES = [
    # The fixed list the site had before: slugs kept.
    ("nghi-quyet", "Nghị quyết"),
    ("quyet-dinh", "Quyết định"),
    ("chi-thi", "Chỉ thị"),
    ("ke-hoach", "Kế hoạch"),
    ("ket-luan", "Kết luận"),
    ("de-an", "Đề án"),
    ("quy-dinh", "Quy định"),
    ("thong-bao", "Thông báo"),
    ("khac", "Khác"),
    # Decree 30/2020/NĐ-CP, Article 7.
    ("nghi-quyet-ca-biet", "Nghị quyết (cá biệt)"),
    ("quyet-dinh-ca-biet", "Quyết định (cá biệt)"),
    ("quy-che", "Quy chế"),
    ("thong-cao", "Thông cáo"),
    ("huong-dan", "Hướng dẫn"),
    ("chuong-trinh", "Chương trình"),
    ("phuong-an", "Phương án"),
    ("du-an", "Dự án"),
    ("bao-cao", "Báo cáo"),
    ("bien-ban", "Biên bản"),
    ("to-trinh", "Tờ trình"),
    ("hop-dong", "Hợp đồng"),
    ("cong-van", "Công văn"),
    ("cong-dien", "Công điện"),
    ("ban-ghi-nho", "Bản ghi nhớ"),
    ("ban-thoa-thuan", "Bản thỏa thuận"),
    ("giay-uy-quyen", "Giấy ủy quyền"),
    ("giay-moi", "Giấy mời"),
    ("giay-gioi-thieu", "Giấy giới thiệu"),
    ("giay-nghi-phep", "Giấy nghỉ phép"),
    ("phieu-gui", "Phiếu gửi"),
    ("phieu-chuyen", "Phiếu chuyển"),
    ("phieu-bao", "Phiếu báo"),
    ("thu-cong", "Thư công"),
    # The Party's documents not already above.
    ("thong-tri", "Thông tri"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("taxonomy", "DocumentType")
    for slug, name in DOCUMENT_TYPES:
        DocumentType.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
