"""A page's archive identifier: what the importer finds the page again by.

It is unique among the pages of one type where set, blank for pages made in the admin, and never
carried over to a copy, so a second import of the archive updates the imported page and leaves
an editor's copy alone.
"""

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from archive.importer import import_lines
from policies.models import PolicyPage
from stories.models import ModelStoryPage
from tests.archive.factories import POLICY, lines
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db

REVISED = {**POLICY, "title": "Nghị quyết (sửa đổi) về mức thu phí tham quan Khu di tích Nguyễn Du"}


def test_two_pages_of_one_type_cannot_share_an_archive_identifier(site_tree):
    PolicyPageFactory(parent=site_tree["policies"], archive_id="nq-12-2024")
    # Saving a page checks it first and names the rule broken...
    with pytest.raises(ValidationError, match="policies_policypage_unique_archive_id"):
        PolicyPageFactory(parent=site_tree["policies"], archive_id="nq-12-2024")
    # ...and PostgreSQL refuses it too, on every path that skips the check (a bulk write, a race).
    other = PolicyPageFactory(parent=site_tree["policies"], archive_id="nq-13-2024")
    with pytest.raises(IntegrityError, match="policies_policypage_unique_archive_id"), transaction.atomic():
        PolicyPage.objects.filter(pk=other.pk).update(archive_id="nq-12-2024")
    with pytest.raises(IntegrityError, match="policies_policypage_unique_archive_id"), transaction.atomic():
        other.archive_id = "nq-12-2024"
        other.save(clean=False)
    assert PolicyPage.objects.filter(archive_id="nq-12-2024").count() == 1


def test_pages_of_different_types_may_share_an_archive_identifier(site_tree):
    """Each type is its own series in the archive: policy 1 and story 1 are different records."""
    PolicyPageFactory(parent=site_tree["policies"], archive_id="1")
    ModelStoryPageFactory(parent=site_tree["stories"], archive_id="1")
    assert PolicyPage.objects.filter(archive_id="1").count() == ModelStoryPage.objects.filter(archive_id="1").count()


def test_many_pages_made_in_the_admin_have_a_blank_archive_identifier(site_tree):
    for _ in range(3):
        PolicyPageFactory(parent=site_tree["policies"])
    assert list(PolicyPage.objects.values_list("archive_id", "archive_digest")) == [("", "")] * 3


def test_a_copy_made_with_page_copy_is_a_new_page_not_the_archived_record(site_tree):
    (result,) = import_lines(lines(POLICY))
    original = PolicyPage.objects.get(archive_id=POLICY["id"])
    assert result.action == "created" and original.archive_digest

    copy = original.copy(update_attrs={"title": "Bản sao để soạn dự thảo mới", "slug": "ban-sao"}).specific

    assert (copy.archive_id, copy.archive_digest) == ("", "")
    # Nor do its revisions carry the identifier: publishing the copy's draft keeps it blank.
    copy.get_latest_revision().publish()
    copy.refresh_from_db()
    assert (copy.archive_id, copy.archive_digest) == ("", "")

    (again,) = import_lines(lines(REVISED))
    assert again.action == "updated"
    original.refresh_from_db()
    copy.refresh_from_db()
    assert original.title == REVISED["title"]
    assert copy.title == "Bản sao để soạn dự thảo mới"
    assert PolicyPage.objects.count() == 2


def test_a_copy_made_in_the_admin_is_left_alone_by_the_next_import(client, site_tree, moderator):
    import_lines(lines(POLICY))
    original = PolicyPage.objects.get(archive_id=POLICY["id"])
    client.force_login(moderator)

    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[original.pk]),
        {
            "new_title": "Bản sao của nghị quyết phí tham quan",
            "new_slug": "ban-sao-nghi-quyet-phi-tham-quan",
            "new_parent_page": site_tree["policies"].pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    copy = PolicyPage.objects.get(slug="ban-sao-nghi-quyet-phi-tham-quan")
    assert copy.live
    assert (copy.archive_id, copy.archive_digest) == ("", "")

    # Importing the same record again finds the original: unchanged, nothing touched.
    (unchanged,) = import_lines(lines(POLICY))
    assert unchanged.action == "unchanged"
    # A revised record updates the original, not the copy.
    (updated,) = import_lines(lines(REVISED))
    assert updated.action == "updated"
    assert PolicyPage.objects.get(archive_id=POLICY["id"]).pk == original.pk
    assert PolicyPage.objects.get(pk=original.pk).title == REVISED["title"]
    assert PolicyPage.objects.get(pk=copy.pk).title == "Bản sao của nghị quyết phí tham quan"
    # Both are on the site, each at its own address.
    assert client.get(original.url).status_code == client.get(copy.url).status_code == 200


def test_an_alias_made_in_the_admin_of_an_imported_page_is_made_and_the_import_still_finds_the_original(
    client, site_tree, moderator
):
    """Wagtail copies every field to an alias (and keeps it in step with the original), archive
    fields included unless the page type drops them: an alias of an imported page must be
    possible, and must not be taken for the archived record."""
    import_lines(lines(POLICY))
    original = PolicyPage.objects.get(archive_id=POLICY["id"])
    client.force_login(moderator)

    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[original.pk]),
        {
            "new_title": original.title,
            "new_slug": "nghi-quyet-phi-tham-quan-ban-lien-ket",
            "new_parent_page": site_tree["policies"].pk,
            "publish_copies": "on",
            "alias": "on",
        },
    )
    assert response.status_code == 302
    alias = PolicyPage.objects.get(alias_of=original)
    assert alias.archive_id == ""

    (updated,) = import_lines(lines(REVISED))
    assert updated.action == "updated"
    assert PolicyPage.objects.get(archive_id=POLICY["id"]).pk == original.pk
    # The alias follows the original's new text, still without its identity.
    alias.refresh_from_db()
    assert alias.title == REVISED["title"]
    assert alias.archive_id == ""
