"""Document types are data: seeded, edited in the admin, each with its own minimum window."""

import datetime

import pytest

from django.db.models import ProtectedError

from consultations.models import ConsultationSettings
from core.text import vietnamese_slug
from taxonomy.models import DocumentType
from tests.consultations.factories import closed_window
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import DocumentTypeFactory

pytestmark = pytest.mark.django_db

# What the site had as a fixed list: archives and links such as /van-ban/?document_type=chi-thi use these.
FORMER_SLUGS = {"nghi-quyet", "quyet-dinh", "chi-thi", "ke-hoach", "ket-luan", "de-an", "quy-dinh", "thong-bao", "khac"}
DECREE_30 = [
    "Nghị quyết (cá biệt)", "Quyết định (cá biệt)", "Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Thông báo",
    "Hướng dẫn", "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Biên bản", "Tờ trình",
    "Hợp đồng", "Công văn", "Công điện", "Bản ghi nhớ", "Bản thỏa thuận", "Giấy ủy quyền", "Giấy mời",
    "Giấy giới thiệu", "Giấy nghỉ phép", "Phiếu gửi", "Phiếu chuyển", "Phiếu báo", "Thư công",
]  # fmt: skip
PARTY = [
    "Nghị quyết", "Quyết định", "Chỉ thị", "Kết luận", "Quy chế", "Quy định", "Thông tri", "Hướng dẫn", "Thông báo",
    "Kế hoạch", "Báo cáo", "Tờ trình", "Công văn",
]  # fmt: skip


def test_the_seeded_types_are_decree_30_and_the_partys_once_each_with_the_former_slugs():
    seeded = dict(DocumentType.objects.values_list("name", "slug"))
    assert set(seeded) == {*DECREE_30, *PARTY, "Khác"}
    assert set(seeded.values()) >= FORMER_SLUGS
    assert all(slug == vietnamese_slug(name) for name, slug in seeded.items())
    # No type has a minimum of its own until an editor sets one: the rules' default applies.
    assert not DocumentType.objects.filter(minimum_days__isnull=False).exists()


def test_the_minimum_window_is_the_types_own_else_the_rules_default(site_tree):
    rules = ConsultationSettings.load()
    rules.default_minimum_days = 30
    rules.save()
    decision = DocumentTypeFactory(name="Quyết định")
    decision.minimum_days = 20
    decision.save()
    letter = DocumentTypeFactory(name="Công văn")
    assert rules.minimum_days_for(decision) == 20
    assert rules.minimum_days_for(letter) == rules.minimum_days_for(None) == 30

    # 25 days: long enough for a decision, short for an official letter.
    policies = [
        PolicyPageFactory(parent=site_tree["policies"], document_type=kind, **closed_window(length=25))
        for kind in (decision, letter)
    ]
    assert [p.consultation.is_shorter_than_minimum for p in policies] == [False, True]


def test_a_type_in_use_cannot_be_deleted(site_tree):
    directive = DocumentTypeFactory(name="Chỉ thị")
    PolicyPageFactory(parent=site_tree["policies"], document_type=directive, issued_on=datetime.date(2023, 6, 6))
    with pytest.raises(ProtectedError):
        directive.delete()


def test_editors_find_and_add_types_in_the_admin_with_the_taxonomies(client, admin_user):
    client.force_login(admin_user)
    listing = client.get("/admin/snippets/taxonomy/documenttype/", {"q": "công văn"})
    assert listing.status_code == 200
    assert "Công văn" in listing.content.decode() and "Thông tri" not in listing.content.decode()

    response = client.post(
        "/admin/snippets/taxonomy/documenttype/add/", {"name": "Nghị định", "slug": "nghi-dinh", "minimum_days": "60"}
    )
    assert response.status_code == 302
    assert DocumentType.objects.get(slug="nghi-dinh").minimum_days == 60


def test_the_api_gives_the_type_by_slug_and_by_name(client, site_tree):
    policy = PolicyPageFactory(parent=site_tree["policies"], document_type=DocumentTypeFactory(name="Công văn"))
    data = client.get(f"/api/v2/pages/{policy.pk}/").json()
    assert (data["document_type"], data["document_type_name"]) == ("cong-van", "Công văn")
