"""A page behind a password or a login is left out of every public listing and export, as search
and the API already do (issue #10, item 11)."""

import datetime

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from tests.consultations.factories import open_window
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db
SECRET = "Bí mật nội bộ"


@pytest.fixture
def hidden(site_tree):
    today = timezone.localdate()
    pages = [
        PolicyPageFactory(parent=site_tree["policies"], title=f"{SECRET}: dự thảo", **open_window()),
        PolicyPageFactory(parent=site_tree["policies"], title=f"{SECRET}: quyết định", issued_on=today),
        DialoguePageFactory(
            parent=site_tree["dialogues"],
            title=f"{SECRET}: đối thoại",
            commitments=[commitment(f"{SECRET}: cam kết", today - datetime.timedelta(days=3))],
        ),
        ModelStoryPageFactory(parent=site_tree["stories"], title=f"{SECRET}: mô hình", featured=True),
    ]
    PageViewRestriction.objects.create(page=pages[0], restriction_type=PageViewRestriction.PASSWORD, password="x")
    PageViewRestriction.objects.create(page=pages[1], restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.create(page=pages[2], restriction_type=PageViewRestriction.PASSWORD, password="x")
    PageViewRestriction.objects.create(page=pages[3], restriction_type=PageViewRestriction.LOGIN)
    CommitmentTrackerPageFactory(parent=site_tree["home"])
    return pages


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/lay-y-kien/",
        "/van-ban/",
        "/van-ban/?format=csv",
        "/doi-thoai/",
        "/theo-doi-cam-ket/",
        "/theo-doi-cam-ket/?format=csv",
        "/theo-doi-cam-ket/?format=json",
        "/dan-van-kheo/",
    ],
)
def test_restricted_pages_are_in_no_listing(client, hidden, url):
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET not in response.content.decode("utf-8-sig")


def test_the_same_pages_are_listed_once_the_restriction_is_lifted(client, hidden):
    PageViewRestriction.objects.all().delete()
    listed = "".join(client.get(url).content.decode("utf-8-sig") for url in ["/", "/van-ban/", "/theo-doi-cam-ket/"])
    assert f"{SECRET}: dự thảo" in listed and f"{SECRET}: cam kết" in listed
