"""Every editing screen an editor needs opens: page types, settings, taxonomies, progress updates."""

import datetime

import pytest

from django.contrib.auth.models import Permission

from consultations.models import ConsultationSettings
from tests.consultations.factories import CommentFactory
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db


def test_edit_and_add_screens_open(client, site_tree, admin_user):
    client.force_login(admin_user)
    policy = PolicyPageFactory(parent=site_tree["policies"])
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"], commitments=[commitment("Lắp phun sương", datetime.date(2026, 12, 1))]
    )
    story = ModelStoryPageFactory(parent=site_tree["stories"])
    comment = CommentFactory(page=policy)
    urls = [f"/admin/pages/{page.pk}/edit/" for page in (site_tree["home"], policy, dialogue, story)]
    urls += [
        f"/admin/pages/add/policies/policypage/{site_tree['policies'].pk}/",
        f"/admin/pages/add/dialogues/dialoguepage/{site_tree['dialogues'].pk}/",
        f"/admin/pages/add/stories/modelstorypage/{site_tree['stories'].pk}/",
        "/admin/settings/core/sitesettings/",
        "/admin/settings/consultations/consultationsettings/",
        "/admin/snippets/taxonomy/agency/",
        "/admin/snippets/taxonomy/area/add/",
        "/admin/snippets/dialogues/commitmentupdate/add/",
        "/admin/y-kien/",
        f"/admin/y-kien/edit/{comment.pk}/",
        f"/admin/y-kien/history/{comment.pk}/",
        f"/admin/bulk/consultations/comment/respond/?id={comment.pk}",
        "/admin/y-kien/dot-lay-y-kien/",
    ]
    for url in urls:
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith(url):
            # A setting's screen moves on to the one record it edits.
            response = client.get(response["Location"])
        # Answered where asked: not a redirect to the login page or the dashboard.
        assert response.status_code == 200, url


def test_an_editor_without_rights_is_turned_away_from_settings_and_moderation(client, site_tree, django_user_model):
    """Wagtail's refusal: back to the dashboard with a message, nothing shown."""
    editor = django_user_model.objects.create_user("bientapvien", password="mat-khau-2026")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    rules = ConsultationSettings.load()
    for url in [
        f"/admin/settings/consultations/consultationsettings/{rules.pk}/",
        "/admin/y-kien/",
        "/admin/y-kien/dot-lay-y-kien/",
    ]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
