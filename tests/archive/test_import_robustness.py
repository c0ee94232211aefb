"""A line of the wrong shape is reported with its number and skipped whole; the run goes on.

One file mixes good lines with one bad line of each kind an archive exported by another system
may hold; the command reports each bad line, imports every good one, and fails with the count.
"""

import json

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from consultations.models import Comment
from dialogues.models import DialoguePage
from policies.models import PolicyPage
from stories.models import ModelStoryPage
from taxonomy.models import Agency, Sector

from .test_import_archive import DIALOGUE, POLICY, STORY

pytestmark = pytest.mark.django_db

COMMENT = {"name": "Nguyễn Văn An", "section": "1", "date": "2024-05-10", "body": "Nên giảm phí cho học sinh."}


def policy(archive_id, **changes):
    """A policy that would import but for `changes`, filed under a sector of its own so that
    a sector left behind by a bad line shows."""
    return {**POLICY, "id": archive_id, "title": f"Văn bản {archive_id}", "sectors": [f"Lĩnh vực {archive_id}"]} | (
        changes
    )


def with_comment(archive_id, **comment_changes):
    consultation = {**POLICY["consultation"], "comments": [COMMENT | comment_changes]}
    return policy(archive_id, consultation=consultation)


def nested(depth):
    return json.loads("[" * depth + "]" * depth)


# Deeper than Python's JSON parser can read at all.
DEEPER = "[" * 100_000 + "]" * 100_000


# Line number → (record or raw line, words the error message must hold).
BAD = {
    2: (policy("bad-section", sections=["Điều 1. Mức thu 20.000 đồng"]), "sections[0]"),
    3: (policy("bad-consultation", consultation=["2024-05-01", "2024-06-01"]), "consultation"),
    5: (with_comment("bad-body", body=12345), "comments[0].body"),
    6: (with_comment("bad-response", response="Tiếp thu"), "comments[0].response"),
    7: (with_comment("bad-state", state="approved"), "comments[0].state"),
    8: (policy("bad-deep", summary=nested(1000)), "nested"),
    9: ('{"type": "policy", "id": "bad-deeper", "title": "x", "summary": ' + DEEPER + "}", "JSON"),
    10: (policy("bad-nul-title", title="Nghị quyết\u0000 về phí"), "title"),
    11: (with_comment("bad-nul-body", body="Ý kiến\u0000"), "comments[0].body"),
    13: ({**STORY, "id": "bad-nul-story", "body": "Mỗi tối\u0000 thứ Bảy."}, "body"),
    14: (policy("bad-number", document_number="1" * 500), "document_number"),
    15: (policy("bad-agency", agency="Sở " + "Tài chính " * 40), "agency"),
    16: (with_comment("bad-name", name="Nguyễn " * 30), "comments[0]"),
}
GOOD = {
    1: policy("good-policy"),
    4: DIALOGUE,
    12: with_comment("good-commented"),
    17: STORY,
}


def archive_file(tmp_path):
    lines = {n: json.dumps(r, ensure_ascii=False) for n, r in GOOD.items()}
    lines |= {n: r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for n, (r, _) in BAD.items()}
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(lines[n] for n in sorted(lines)) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("options", [[], ["--bulk", "--batch-size", "5"]], ids=["one-by-one", "bulk"])
def test_every_bad_line_is_reported_and_skipped_whole_and_the_good_ones_imported(site_tree, tmp_path, capsys, options):
    with pytest.raises(CommandError, match=f"^{len(BAD)} line") as failure:
        call_command("import_archive", str(archive_file(tmp_path)), *options)
    assert failure.value.returncode == 1
    out = capsys.readouterr().out.splitlines()

    reported = {int(line.split(":")[0].removeprefix("line ")): line for line in out if line.startswith("line ")}
    for number, (_, words) in BAD.items():
        assert reported[number].startswith(f"line {number}: error: "), reported[number]
        assert words in reported[number], reported[number]
    assert all(reported[number].startswith(f"line {number}: created: ") for number in GOOD)
    assert f"{len(GOOD)} imported or unchanged, {len(BAD)} with errors" in out

    assert set(PolicyPage.objects.values_list("archive_id", flat=True)) == {"good-policy", "good-commented"}
    assert DialoguePage.objects.get().archive_id == DIALOGUE["id"]
    assert ModelStoryPage.objects.get().archive_id == STORY["id"]
    assert [c.body for c in Comment.objects.all()] == [COMMENT["body"]]
    # Nothing of a bad line is left: no sector, agency or comment that only a bad line named.
    assert set(Sector.objects.values_list("name", flat=True)) == {
        "Lĩnh vực good-policy",
        "Lĩnh vực good-commented",
        *DIALOGUE.get("topics", []),
    }
    assert not Agency.objects.filter(name__startswith="Sở Tài chính").exists()


def test_a_clean_file_exits_with_success(site_tree, tmp_path, capsys):
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in GOOD.values()), encoding="utf-8")
    call_command("import_archive", str(path))
    assert f"{len(GOOD)} imported or unchanged, 0 with errors" in capsys.readouterr().out
