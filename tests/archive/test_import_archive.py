"""`manage.py import_archive`: create or update by id, report per line, skip bad lines whole."""

import json

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from archive.importer import import_lines
from dialogues.models import Commitment, DialoguePage
from policies.models import PolicyPage
from stories.models import ModelStoryPage
from taxonomy.models import Agency, Area, DocumentType
from tests.archive.factories import DIALOGUE, POLICY, STORY, lines

pytestmark = pytest.mark.django_db


def test_imports_each_type_under_its_index_with_its_taxonomies(site_tree):
    results = import_lines(lines(POLICY, DIALOGUE, STORY))
    assert [r.action for r in results] == ["created", "created", "created"]

    policy = PolicyPage.objects.get(archive_id="nq-12-2024")
    assert policy.live and policy.get_parent().specific == site_tree["policies"]
    assert policy.document_number == "12/2024/NQ-HĐND"
    assert policy.issuing_agency.name == "Hội đồng nhân dân tỉnh Hà Tĩnh"
    assert [s.name for s in policy.sectors.all()] == ["Văn hóa"]
    assert policy.consultation.closes_at.isoformat() == "2024-06-01T10:00:00+00:00"
    assert policy.sections[0].title == "Điều 1. Mức thu"
    assert Area.objects.get(name="Xã Tiên Điền").level == Area.Level.COMMUNE

    dialogue = DialoguePage.objects.get(archive_id="dt-2024-01")
    assert dialogue.get_parent().specific == site_tree["dialogues"]
    story = ModelStoryPage.objects.get(archive_id="mh-1")
    assert story.area.name == "Phường Bắc Hồng Lĩnh" and story.area.level == Area.Level.WARD
    assert len(story.body) == 1


def test_importing_the_same_file_twice_changes_nothing(site_tree):
    import_lines(lines(POLICY, DIALOGUE, STORY))
    revisions = PolicyPage.objects.get(archive_id="nq-12-2024").revisions.count()
    second = import_lines(lines(POLICY, DIALOGUE, STORY))
    assert [r.action for r in second] == ["unchanged", "unchanged", "unchanged"]
    assert PolicyPage.objects.count() == 1 and DialoguePage.objects.count() == 1
    assert Agency.objects.filter(name="Hội đồng nhân dân tỉnh Hà Tĩnh").count() == 1
    assert PolicyPage.objects.get(archive_id="nq-12-2024").revisions.count() == revisions


def test_a_changed_record_updates_its_page(site_tree):
    import_lines(lines(POLICY))
    import_lines(lines({**POLICY, "title": "Nghị quyết (sửa đổi) về phí tham quan"}))
    policy = PolicyPage.objects.get(archive_id="nq-12-2024")
    assert policy.title == "Nghị quyết (sửa đổi) về phí tham quan"
    assert PolicyPage.objects.count() == 1


def test_bad_lines_are_reported_by_number_and_the_rest_imported(site_tree):
    bad_field = {**STORY, "id": "mh-2", "field": "the-thao"}
    bad_window = {**POLICY, "id": "nq-bad", "consultation": {"opens": "2024-06-01", "closes": "2024-05-01"}}
    results = import_lines(["{not json", *lines(bad_field, DIALOGUE, bad_window), json.dumps({"type": "policy"})])
    assert [(r.line_number, r.action) for r in results] == [
        (1, "error"),
        (2, "error"),
        (3, "created"),
        (4, "error"),
        (5, "error"),
    ]
    assert "field" in results[1].message
    assert "closes" in results[3].message
    # Nothing of the bad lines was half-saved: no page, no taxonomy entry made for them.
    assert not ModelStoryPage.objects.filter(archive_id="mh-2").exists()
    assert not PolicyPage.objects.filter(archive_id="nq-bad").exists()
    assert not Area.objects.filter(name="Xã Tiên Điền").exists()


def test_command_prints_a_line_per_record_and_fails_on_errors(site_tree, tmp_path, capsys):
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join([*lines(DIALOGUE), "[]"]), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_archive", str(path))
    out = capsys.readouterr().out
    assert "line 1: created: dialogue dt-2024-01" in out
    assert "line 2: error" in out


def test_dialogue_questions_commitments_and_updates_are_imported(site_tree):
    record = {
        **DIALOGUE,
        "questions": [{"question": "Giá đất bồi thường thấp?", "answer": "Sẽ xác định lại giá."}],
        "commitments": [
            {
                "text": "Chi trả dứt điểm",
                "agency": "Ủy ban nhân dân xã Thạch Hà",
                "deadline": "2024-12-31",
                "status": "done",
                "updates": [{"date": "2024-11-15", "text": "98/120 hộ"}, {"date": "2024-12-20", "text": "Xong"}],
            },
            {"text": "Tái định cư", "deadline": "2025-03-31", "status": "in_progress", "updates": []},
        ],
    }
    assert [r.action for r in import_lines(lines(record))] == ["created"]
    dialogue = DialoguePage.objects.get(archive_id="dt-2024-01")
    assert [q.public_name for q in dialogue.questions.all()] == ["Người dân"]
    done = Commitment.objects.get(text="Chi trả dứt điểm")
    assert str(done.done_on) == "2024-12-20" and done.done_on_time
    assert [u.text for u in done.updates.all()] == ["98/120 hộ", "Xong"]
    assert [r.action for r in import_lines(lines(record))] == ["unchanged"]
    assert Commitment.objects.count() == 2


def test_a_bad_commitment_status_rejects_the_whole_line(site_tree):
    record = {**DIALOGUE, "commitments": [{"text": "x", "deadline": "2025-01-01", "status": "finished"}]}
    (result,) = import_lines(lines(record))
    assert result.action == "error" and "status" in result.message
    assert not DialoguePage.objects.exists()


def test_bulk_import_publishes_indexes_and_skips_bad_lines_whole(site_tree, client):
    bad_field = {**STORY, "id": "mh-2", "title": "Mô hình xoài cát", "field": "the-thao"}
    records = [*lines(POLICY, bad_field, DIALOGUE), "{not json", *lines(STORY)]
    results = list(import_lines(records, bulk=True, batch_size=2))
    assert [(r.line_number, r.action) for r in results] == [
        (1, "created"),
        (2, "error"),
        (3, "created"),
        (4, "error"),
        (5, "created"),
    ]
    policy = PolicyPage.objects.get(archive_id="nq-12-2024")
    assert policy.live and policy.first_published_at and [s.name for s in policy.sectors.all()] == ["Văn hóa"]
    assert not ModelStoryPage.objects.filter(archive_id="mh-2").exists()
    # Indexed in bulk at the end of each batch: every imported page is findable, by its words
    # and by its filters.
    found = client.get("/tim-kiem/", {"q": "phi tham quan di tich", "format": "json"}).json()
    assert found["results"][0]["title"] == POLICY["title"]
    sector = policy.sectors.get().pk
    assert client.get("/tim-kiem/", {"q": "tham quan", "sector": sector, "format": "json"}).json()["count"] == 1
    assert client.get("/tim-kiem/", {"q": "cong nghe so", "format": "json"}).json()["count"] == 1
    assert client.get("/tim-kiem/", {"q": "xoài cát", "format": "json"}).json()["count"] == 0
    # A second bulk run changes nothing.
    again = list(import_lines(lines(POLICY, DIALOGUE, STORY), bulk=True))
    assert {r.action for r in again} == {"unchanged"}


@pytest.mark.parametrize("given", ["Công văn", "công văn", "CONG VAN", "cong-van"])
def test_a_document_type_is_matched_by_slug_or_name_whatever_the_case_and_diacritics(site_tree, given):
    (result,) = import_lines(lines({**POLICY, "document_type": given}))
    assert result.action == "created" and "new document type" not in result.message
    assert PolicyPage.objects.get().document_type.slug == "cong-van"
    assert DocumentType.objects.filter(slug__startswith="cong-van").count() == 1


def test_an_archive_of_official_letters_imports_creating_the_type_it_lacks(site_tree, tmp_path, capsys):
    DocumentType.objects.filter(slug="cong-van").delete()
    letters = [
        {**POLICY, "id": "cv-1", "title": "Công văn về việc lấy ý kiến", "document_type": "Công văn"},
        {**POLICY, "id": "cv-2", "title": "Công văn về việc trả lời", "document_type": "cong van"},
    ]
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(lines(*letters)), encoding="utf-8")
    call_command("import_archive", str(path))
    out = capsys.readouterr().out
    assert "line 1: created: policy cv-1: Công văn về việc lấy ý kiến; new document type 'Công văn'" in out
    assert "line 2: created: policy cv-2: Công văn về việc trả lời\n" in out
    letter = DocumentType.objects.get(name="Công văn")
    assert letter.slug == "cong-van" and letter.minimum_days is None
    assert [p.document_type for p in PolicyPage.objects.order_by("archive_id")] == [letter, letter]


def test_a_policy_without_a_document_type_is_filed_as_other(site_tree):
    record = {key: value for key, value in POLICY.items() if key != "document_type"}
    assert [r.action for r in import_lines(lines(record))] == ["created"]
    assert PolicyPage.objects.get().document_type.slug == "khac"


def test_new_taxonomy_entries_are_named_in_the_lines_report(site_tree):
    (result,) = import_lines(lines(POLICY))
    assert result.message.endswith(
        "; new agency 'Hội đồng nhân dân tỉnh Hà Tĩnh'; new sector 'Văn hóa'; new area 'Xã Tiên Điền'"
    )
    (again,) = import_lines(lines({**POLICY, "id": "nq-13-2024", "title": "Nghị quyết khác"}))
    assert "; new" not in again.message
