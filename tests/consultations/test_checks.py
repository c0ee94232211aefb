"""The start-up check that a page type taking comments keeps the participation engine's contract
(consultations.E001): its window, who answers, and from when contact details are kept.

Each test defines a throwaway page type in an isolated app registry (the `throwaway_page_types`
fixture, tests/conftest.py, keeps it out of the rest of the run).
"""

import pytest

from django.core import checks
from django.core.management import call_command

from wagtail.models import Page

from consultations.checks import commentable_pages_keep_the_contract
from consultations.pages import CommentablePage, commentable_page_models
from dialogues.models import DialoguePage
from policies.models import PolicyPage


def errors_for(model):
    return [(error.id, error.msg) for error in commentable_pages_keep_the_contract(None) if error.obj is model]


@pytest.mark.django_db
def test_the_project_passes_its_system_checks():
    call_command("check")  # raises SystemCheckError on any error
    assert not [e for e in checks.run_checks() if e.id and e.id.startswith("consultations.")]


def test_the_real_page_types_that_take_comments_keep_the_contract():
    assert set(commentable_page_models()) == {PolicyPage, DialoguePage}
    assert commentable_pages_keep_the_contract(None) == []


def test_a_page_type_taking_comments_that_declares_nothing_is_named(throwaway_page_types):
    class Petition(CommentablePage, Page):
        class Meta:
            app_label = "consultations"

    assert errors_for(Petition) == [
        (
            "consultations.E001",
            "Petition takes comments but does not declare: consultation, answering_agency, contact_retention_from.",
        )
    ]


def test_each_missing_declaration_is_named_alone(throwaway_page_types):
    class Survey(CommentablePage, Page):
        consultation = None  # takes no comments now: None is a declaration
        contact_retention_from = "last_published_at"

        class Meta:
            app_label = "consultations"

    class Hearing(CommentablePage, Page):
        answering_agency = None

        @property
        def consultation(self):
            return None

        class Meta:
            app_label = "consultations"

    assert errors_for(Survey) == [
        ("consultations.E001", "Survey takes comments but does not declare: answering_agency.")
    ]
    assert errors_for(Hearing) == [
        ("consultations.E001", "Hearing takes comments but does not declare: contact_retention_from.")
    ]


def test_a_page_type_that_publishes_a_response_report_must_say_where_it_is(throwaway_page_types):
    class Draft(CommentablePage, Page):
        consultation = answering_agency = None
        contact_retention_from = "last_published_at"
        publishes_response_report = True

        class Meta:
            app_label = "consultations"

    assert errors_for(Draft) == [("consultations.E001", "Draft takes comments but does not declare: report.")]


def test_a_page_type_that_keeps_the_contract_passes_and_the_check_runs_at_start_up(throwaway_page_types):
    class Meeting(CommentablePage, Page):
        consultation = answering_agency = None
        contact_retention_from = "last_published_at"

        class Meta:
            app_label = "consultations"

    class Forum(CommentablePage, Page):
        class Meta:
            app_label = "consultations"

    assert errors_for(Meeting) == []
    found = [error for error in checks.run_checks() if error.obj in (Meeting, Forum)]
    assert [(error.obj, error.id) for error in found] == [(Forum, "consultations.E001")]
    assert found[0].is_serious()
