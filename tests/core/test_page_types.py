"""Which page types an editor may create where: one home page under the root, each section once
under the home page, each kind of content only in its own section, and nothing under content.
Information pages (core.ContentPage) go under the home page and under each other
(tests/core/test_content_pages.py)."""

import re

import pytest

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from core.models import ContentPage
from dialogues.models import CommitmentTrackerPage, DialogueIndexPage, DialoguePage
from home.models import HomePage
from policies.models import ConsultationIndexPage, PolicyIndexPage, PolicyPage
from scorecard.models import ScorecardPage
from stories.models import ModelStoryPage, StoryIndexPage

INDEX_PAGES = [
    PolicyIndexPage,
    ConsultationIndexPage,
    DialogueIndexPage,
    CommitmentTrackerPage,
    StoryIndexPage,
    ScorecardPage,
]
# Sections the `site_tree` fixture does not create: an editor may still add each, once.
NOT_IN_SITE_TREE = {CommitmentTrackerPage, ScorecardPage}
CONTENT_PAGES = {PolicyPage: PolicyIndexPage, DialoguePage: DialogueIndexPage, ModelStoryPage: StoryIndexPage}
OUR_PAGES = [HomePage, *INDEX_PAGES, *CONTENT_PAGES]


class PageTypeRules(WagtailPageTestCase):
    def test_the_home_page_goes_under_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        for parent in OUR_PAGES:
            self.assertCanNotCreateAt(parent, HomePage)

    def test_the_root_offers_the_home_page_and_nothing_of_ours_besides(self):
        self.assertEqual([m for m in Page.creatable_subpage_models() if m in OUR_PAGES], [HomePage])

    def test_each_section_goes_under_the_home_page_only(self):
        for index in INDEX_PAGES:
            with self.subTest(index=index.__name__):
                self.assertAllowedParentPageTypes(index, {HomePage})
                self.assertCanCreateAt(HomePage, index)
                self.assertCanNotCreateAt(Page, index)
                for other in INDEX_PAGES:
                    self.assertCanNotCreateAt(other, index)

    def test_the_home_page_offers_editors_exactly_the_sections_and_information_pages(self):
        self.assertEqual(set(HomePage.creatable_subpage_models()), {*INDEX_PAGES, ContentPage})
        for content in CONTENT_PAGES:
            self.assertCanNotCreateAt(HomePage, content)

    def test_each_kind_of_content_goes_in_its_own_section_only(self):
        for content, section in CONTENT_PAGES.items():
            with self.subTest(content=content.__name__):
                self.assertAllowedParentPageTypes(content, {section})
                self.assertAllowedSubpageTypes(section, {content})
                for other in INDEX_PAGES:
                    if other is not section:
                        self.assertCanNotCreateAt(other, content)

    def test_lists_without_content_of_their_own_take_no_children(self):
        self.assertAllowedSubpageTypes(ConsultationIndexPage, set())
        self.assertAllowedSubpageTypes(CommitmentTrackerPage, set())

    def test_content_pages_have_no_children(self):
        for content in CONTENT_PAGES:
            with self.subTest(content=content.__name__):
                self.assertAllowedSubpageTypes(content, set())
                for child in OUR_PAGES:
                    self.assertCanNotCreateAt(content, child)


@pytest.mark.django_db
def test_each_section_and_the_home_page_exist_at_most_once(site_tree, root_page):
    home = site_tree["home"]
    for index in INDEX_PAGES:
        assert index.can_create_at(home) is (index in NOT_IN_SITE_TREE), index.__name__
    assert not HomePage.can_create_at(root_page)
    tracker = CommitmentTrackerPage(title="Theo dõi cam kết", slug="theo-doi-cam-ket")
    home.add_child(instance=tracker)
    assert not CommitmentTrackerPage.can_create_at(home)


@pytest.mark.django_db
def test_the_admin_refuses_a_second_section_of_the_same_kind(client, site_tree, moderator):
    client.force_login(moderator)
    home = site_tree["home"]
    second = reverse("wagtailadmin_pages:add", args=["policies", "policyindexpage", home.pk])
    response = client.get(second, follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "Bạn không có quyền truy cập vào khu vực này." in [str(m).strip() for m in response.context["messages"]]
    assert PolicyIndexPage.objects.count() == 1
    # Asked what to add under the home page, the admin offers the sections missing and an
    # information page, and no second section.
    tracker = reverse("wagtailadmin_pages:add", args=["dialogues", "commitmenttrackerpage", home.pk])
    scorecard = reverse("wagtailadmin_pages:add", args=["scorecard", "scorecardpage", home.pk])
    information = reverse("wagtailadmin_pages:add", args=["core", "contentpage", home.pk])
    offered = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk]))
    assert offered.status_code == 200
    links = re.findall(r'href="(/admin/pages/add/[^"]+)"', offered.content.decode())
    assert {link.split("?")[0] for link in links} == {tracker, scorecard, information}
