"""Every CSV the site produces is safe to open in a spreadsheet (OWASP's CSV injection rule)."""

import csv
import io

import pytest

from django.utils import timezone

from consultations.models import Comment
from core.exports import export_response, spreadsheet_safe
from dialogues.commitments import Commitment
from tests.consultations.factories import CommentFactory, closed_window
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory

FORMULAS = ['=HYPERLINK("http://x.example","bấm")', "+84 cmd", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_cell_that_starts_like_a_formula_is_quoted(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("value", ["Đề nghị tăng mức hỗ trợ", "a=b", 5, -5, None, ""])
def test_other_cells_are_left_as_they_are(value):
    assert spreadsheet_safe(value) == value


def rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_export_helper_quotes_formulas_in_csv_but_not_in_json():
    records = [{"comment": "=1+1", "n": 3}]
    assert rows(export_response("csv", "x", ["comment", "n"], records))[0]["comment"] == "'=1+1"
    assert b'"comment": "=1+1"' in export_response("json", "x", ["comment", "n"], records).content


@pytest.mark.django_db
def test_no_export_of_the_site_carries_an_active_formula(client, site_tree):
    """The comments, report, register, tracker and search CSVs all go through the one helper."""
    policy = PolicyPageFactory(parent=site_tree["policies"], title="=cmd|' /C calc'!A0", **closed_window())
    CommentFactory(
        page=policy,
        body='=HYPERLINK("http://x.example","Bấm vào đây") góp ý về thuế',
        display_name="@Nguyễn",
        show_name=True,
        state=Comment.State.PUBLISHED,
        response_outcome=Comment.Outcome.ACCEPTED,
        response_text="+Tiếp thu",
        responded_at=timezone.now(),
    )
    CommitmentTrackerPageFactory(parent=site_tree["home"])
    DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="-Đối thoại thuế",
        commitments=[commitment("=1+2 hoàn thành", timezone.localdate(), status=Commitment.Status.DONE)],
    )
    exports = [
        policy.url + "y-kien/csv/",
        "/van-ban/?format=csv",
        "/theo-doi-cam-ket/?format=csv",
        "/tim-kiem/?q=thue&format=csv",
    ]
    seen = 0
    for url in exports:
        response = client.get(url)
        assert response.status_code == 200, url
        for row in rows(response):
            for value in row.values():
                seen += 1
                assert not (value or "").startswith(("=", "+", "-", "@", "\t", "\r")), (url, value)
    assert seen > 10
    comment_row = rows(client.get(policy.url + "y-kien/csv/"))[0]
    assert comment_row["comment"].startswith("'=HYPERLINK")
    assert comment_row["response"] == "'+Tiếp thu"
