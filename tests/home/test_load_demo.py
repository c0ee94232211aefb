import datetime

import pytest

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from consultations.models import Comment
from consultations.status import Status
from dialogues.models import Commitment, DialoguePage
from home.management.commands import load_demo
from home.models import HomePage
from policies.models import PolicyPage
from stories.models import ModelStoryPage
from taxonomy.models import Agency, Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(root_page):
    call_command("load_demo")


def test_demo_has_something_for_every_page_type(demo, client):
    now = timezone.now()
    statuses = {p.consultation.status_at(now) for p in PolicyPage.objects.all() if p.consultation}
    assert {Status.OPEN, Status.UPCOMING, Status.RESPONSE_PUBLISHED, Status.OVERDUE} <= statuses
    assert any(p.adopted_without_consultation for p in PolicyPage.objects.all())
    open_draft = next(p for p in PolicyPage.objects.all() if p.consultation and p.consultation.is_open)
    states = set(open_draft.public_comments.values_list("state", flat=True))
    assert states == {Comment.State.PUBLISHED, Comment.State.PENDING, Comment.State.REJECTED}
    assert PolicyPage.objects.filter(document_number="33-CT/TU").exists()
    assert DialoguePage.objects.count() >= 2
    assert ModelStoryPage.objects.count() >= 3
    for page in [
        HomePage.objects.get(),
        *PolicyPage.objects.all(),
        *DialoguePage.objects.all(),
        *ModelStoryPage.objects.all(),
    ]:
        assert client.get(page.url).status_code == 200, page.url


def test_directive_text_is_loaded_section_by_section(demo, client):
    directive = PolicyPage.objects.get(document_number="33-CT/TU")
    labels = [s.label for s in directive.sections if s.label]
    assert labels == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    html = client.get(directive.url).content.decode()
    assert 'id="noi-dung-3"' in html
    assert "Dân vận khéo" in html


def test_running_it_twice_duplicates_nothing(demo):
    counts = (
        PolicyPage.objects.count(),
        DialoguePage.objects.count(),
        Agency.objects.count(),
        Area.objects.count(),
    )
    call_command("load_demo")
    assert (
        PolicyPage.objects.count(),
        DialoguePage.objects.count(),
        Agency.objects.count(),
        Area.objects.count(),
    ) == counts
    assert HomePage.objects.count() == 1


def test_areas_abolished_in_2025_keep_their_dates(demo):
    district = Area.objects.get(name="Huyện Thạch Hà")
    assert str(district.valid_to) == "2025-06-30"
    assert district.is_valid_on(datetime.date(2024, 9, 20))
    assert not district.is_valid_on(datetime.date(2025, 7, 1))


@override_settings(DEBUG=True)
def test_demo_admin_credentials_printed_log_in(root_page, client, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(load_demo, "CREDENTIALS_FILE", tmp_path / "demo-admin.txt")
    call_command("load_demo", "--admin")
    out = capsys.readouterr().out
    password = out.split("password: ")[1].split()[0]
    assert client.login(username="admin", password=password)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert 'lang="vi"' in dashboard.content.decode()


def test_demo_dialogues_have_commitments_in_every_status_and_stories_have_images(demo, client):
    today = timezone.localdate()
    commitments = Commitment.objects.all()
    assert set(commitments.values_list("status", flat=True)) == set(Commitment.Status.values)
    assert commitments.overdue_on(today).exists()
    assert DialoguePage.objects.filter(commitments__isnull=False).distinct().count() >= 3
    stories = ModelStoryPage.objects.all()
    assert stories.count() >= 6
    assert set(stories.values_list("field", flat=True)) == set(ModelStoryPage.Field.values)
    assert all(story.image and story.image_alt for story in stories)
    assert any(d.consultation and d.consultation.is_open for d in DialoguePage.objects.all())
