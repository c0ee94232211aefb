"""The start-up check that every page type search shows says what search needs (search.E001/E002).

Each test defines a throwaway page type in an isolated app registry (the `throwaway_page_types`
fixture, tests/conftest.py, keeps it out of the rest of the run).
"""

import pytest

from django.core import checks
from django.core.management import call_command
from django.db import models

from wagtail.models import Page

from core.searchable import SearchablePage, SearchFacts, searchable_page_models
from search.checks import searchable_pages_declare_their_facts


def errors_for(model):
    return [(error.id, error.msg) for error in searchable_pages_declare_their_facts(None) if error.obj is model]


@pytest.mark.django_db
def test_the_project_passes_its_system_checks():
    call_command("check")  # raises SystemCheckError on any error
    assert not [e for e in checks.run_checks() if e.id and e.id.startswith("search.")]


def test_the_real_searchable_page_types_are_complete():
    assert {model.search_type for model in searchable_page_models()} == {"page", "policy", "dialogue", "story"}
    assert searchable_pages_declare_their_facts(None) == []


def test_a_page_type_with_a_search_type_that_is_not_searchable_is_named(throwaway_page_types):
    class Leaflet(Page):
        search_type = "leaflet"

        class Meta:
            app_label = "search"

    assert errors_for(Leaflet) == [("search.E001", "Leaflet declares a search_type but is not a SearchablePage.")]


def test_a_searchable_page_type_without_its_facts_or_label_is_named(throwaway_page_types):
    class Announcement(SearchablePage, Page):
        search_type = "announcement"

        class Meta:
            app_label = "search"

    assert errors_for(Announcement) == [
        ("search.E002", "Announcement is searchable but does not declare: search_facts, search_type_label.")
    ]


def test_a_searchable_page_type_without_a_type_is_named(throwaway_page_types):
    class Notice(SearchablePage, Page):
        search_type_label = "Notices"
        body = models.TextField()

        def search_facts(self):
            return SearchFacts(parts=[self.title, self.body])

        class Meta:
            app_label = "search"

    assert errors_for(Notice) == [("search.E002", "Notice is searchable but does not declare: search_type.")]


def test_a_complete_searchable_page_type_passes(throwaway_page_types):
    class Bulletin(SearchablePage, Page):
        search_type = "bulletin"
        search_type_label = "Bulletins"

        def search_facts(self):
            return SearchFacts(parts=[self.title])

        class Meta:
            app_label = "search"

    assert errors_for(Bulletin) == []
    # Not among the errors of any other page type either: the check names only what is wrong.
    assert searchable_pages_declare_their_facts(None) == []


def test_the_check_runs_with_the_system_checks_at_start_up(throwaway_page_types):
    class Leaflet(Page):
        search_type = "leaflet"

        class Meta:
            app_label = "search"

    found = [error for error in checks.run_checks(tags=[checks.Tags.models]) if error.obj is Leaflet]
    assert [error.id for error in found] == ["search.E001"]
    assert found[0].is_serious()
