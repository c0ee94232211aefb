"""New pages get ASCII slugs folded from their Vietnamese title: short, readable addresses,
never percent-encoded diacritics. Existing addresses are left alone."""

import pytest

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from policies.models import PolicyPage
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import DocumentTypeFactory

pytestmark = pytest.mark.django_db

LONG_TITLE = (
    "Dự thảo Nghị quyết quy định chính sách hỗ trợ người dân hiến đất làm đường giao thông nông thôn "
    "trên địa bàn tỉnh Hà Tĩnh giai đoạn 2026–2030"
)


def add_child(parent, **fields):
    page = PolicyPage(document_type=DocumentTypeFactory(), **fields)
    parent.add_child(instance=page)
    return PolicyPage.objects.get(pk=page.pk)


def test_a_page_made_in_code_without_a_slug_gets_one_folded_from_its_title(site_tree):
    page = add_child(site_tree["policies"], title="Dự thảo Nghị quyết đất đai")
    assert page.slug == "du-thao-nghi-quyet-dat-dai"
    assert page.url == "/van-ban/du-thao-nghi-quyet-dat-dai/"
    # A second page of the same title is told apart, still in ASCII.
    assert add_child(site_tree["policies"], title="Dự thảo Nghị quyết đất đai").slug == "du-thao-nghi-quyet-dat-dai-2"


def test_a_long_title_gives_a_slug_of_at_most_80_characters_cut_between_words(site_tree):
    slug = add_child(site_tree["policies"], title=LONG_TITLE).slug
    assert slug.isascii() and len(slug) <= 80
    assert slug == "du-thao-nghi-quyet-quy-dinh-chinh-sach-ho-tro-nguoi-dan-hien-dat-lam-duong-giao"


def test_a_vietnamese_slug_given_in_code_is_folded(site_tree):
    assert add_child(site_tree["policies"], title="Đối thoại", slug="đối-thoại-đất-đai").slug == "doi-thoai-dat-dai"


def test_an_existing_page_with_a_vietnamese_slug_keeps_its_address(site_tree):
    page = PolicyPageFactory(parent=site_tree["policies"], title="Văn bản cũ")
    # As imported before slugs were folded: written straight to the database.
    PolicyPage.objects.filter(pk=page.pk).update(
        slug="văn-bản-cũ", url_path=page.url_path.replace(page.slug, "văn-bản-cũ")
    )
    page = PolicyPage.objects.get(pk=page.pk)
    page.title = "Văn bản cũ (sửa)"
    page.save_revision().publish()
    assert PolicyPage.objects.get(pk=page.pk).slug == "văn-bản-cũ"


def add_in_admin(client, parent, **fields):
    data = nested_form_data(
        {
            "document_type": DocumentTypeFactory().pk,
            "text": streamfield([]),
            "attachments": inline_formset([]),
            **fields,
        }
    )
    return client.post(f"/admin/pages/add/policies/policypage/{parent.pk}/", data)


def test_the_admin_folds_a_vietnamese_slug_typed_or_left_by_the_browser(client, site_tree, admin_user):
    client.force_login(admin_user)
    response = add_in_admin(
        client, site_tree["policies"], title="Dự thảo Quy chế đối thoại", slug="dự-thảo-quy-chế-đối-thoại"
    )
    assert response.status_code == 302
    page = PolicyPage.objects.get(title="Dự thảo Quy chế đối thoại")
    assert page.slug == "du-thao-quy-che-doi-thoai"


def test_the_admin_keeps_an_ascii_slug_the_editor_chose(client, site_tree, admin_user):
    client.force_login(admin_user)
    response = add_in_admin(client, site_tree["policies"], title="Dự thảo Quy chế đối thoại", slug="quy-che-doi-thoai")
    assert response.status_code == 302
    assert PolicyPage.objects.get(title="Dự thảo Quy chế đối thoại").slug == "quy-che-doi-thoai"
