"""A hand-built year (2025) where every scorecard figure is known in advance, with the issue's
edge cases: a window straddling New Year, a report on the last allowed day and one a day late,
a commitment done after its deadline, a merged commune, an agency with no documents, a private
draft and comments pending or refused that must not count as published.

`build(site_tree)` makes it (a test module wraps it in a fixture); `EXPECTED` holds the figures
(by Definition key) of the province and of each agency by slug.

The rules: consultation windows' minimum 30 days for a "Nghị quyết", none of its own for a "Kế
hoạch" (the default, set to 20 here); 30 days to publish the response report.
"""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

from consultations.models import Comment, ConsultationSettings, ResponseReport
from dialogues.models import Commitment, DialogueQuestion
from tests.consultations.factories import CommentFactory
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, AreaFactory, DocumentTypeFactory

YEAR = 2025


def local(*args):
    """An aware moment in Vietnam's time."""
    return timezone.make_aware(datetime.datetime(*args))


def window(opens, closes):
    return {"consultation_opens_at": local(*opens), "consultation_closes_at": local(*closes)}


def comments(page, n=1, **fields):
    return [CommentFactory(page=page, **fields) for _ in range(n)]


def answered(page, outcome, **fields):
    return CommentFactory(
        page=page, response_outcome=outcome, response_text="Tiếp thu.", responded_at=local(YEAR, 6, 1, 9), **fields
    )


def rejected(page, reason):
    return CommentFactory(page=page, state=Comment.State.REJECTED, rejection_reason=reason)


def report(page, *published):
    return ResponseReport.objects.create(page=page, published_at=local(*published))


def build(site_tree):
    rules = ConsultationSettings.load()
    rules.default_minimum_days = 20
    rules.response_limit_days = 30
    rules.save()
    resolution = DocumentTypeFactory(name="Nghị quyết")
    resolution.minimum_days = 30
    resolution.save()
    plan = DocumentTypeFactory(name="Kế hoạch")
    plan.minimum_days = None
    plan.save()

    province = AgencyFactory(name="Ủy ban nhân dân tỉnh Hà Tĩnh", slug="ubnd-tinh")
    construction = AgencyFactory(name="Sở Xây dựng", slug="so-xay-dung")
    justice = AgencyFactory(name="Sở Tư pháp", slug="so-tu-phap")
    AgencyFactory(name="Sở Nội vụ", slug="so-noi-vu")  # no record at all
    old_commune = AgencyFactory(
        name="Ủy ban nhân dân xã Thạch Hà (cũ)", slug="ubnd-xa-thach-ha-cu", valid_to=datetime.date(YEAR, 6, 30)
    )
    new_commune = AgencyFactory(
        name="Ủy ban nhân dân xã Thạch Hà", slug="ubnd-xa-thach-ha", valid_from=datetime.date(YEAR, 7, 1)
    )
    # A district committee abolished before the year: not in its table.
    AgencyFactory(
        name="Ủy ban nhân dân huyện Thạch Hà", slug="ubnd-huyen-thach-ha", valid_to=datetime.date(2024, 12, 31)
    )
    new_area = AreaFactory(name="Xã Thạch Hà", slug="xa-thach-ha", valid_from=datetime.date(YEAR, 7, 1))
    old_area = AreaFactory(
        name="Xã Thạch Hà (cũ)", slug="xa-thach-ha-cu", valid_to=datetime.date(YEAR, 6, 30), merged_into=new_area
    )

    policies = site_tree["policies"]

    def draft(title, **fields):
        return PolicyPageFactory(parent=policies, title=title, issued_on=None, **fields)

    # P1: open 20/12/2024 09:00 to 10/01/2025 17:00 (22 days, short of 30, with a reason): counted in
    # 2025 only. Report on the last allowed day (due 09/02/2025 17:00): on time, 30 days.
    p1 = draft(
        "Dự thảo Nghị quyết hỗ trợ hiến đất",
        document_type=resolution,
        issuing_agency=province,
        drafting_agency=construction,
        short_window_reason="Cần ban hành trước mùa mưa bão.",
        adopted_on=datetime.date(YEAR, 2, 20),
        **window((2024, 12, 20, 9), (YEAR, 1, 10, 17)),
    )
    comments(p1, 1)
    answered(p1, Comment.Outcome.ACCEPTED)
    answered(p1, Comment.Outcome.PARTLY)
    comments(p1, 1, state=Comment.State.PENDING)
    rejected(p1, Comment.RejectionReason.SPAM)
    report(p1, YEAR, 2, 9, 9)

    # P2: 01/03 09:00 to 01/04 17:00 (32 days). Report a day late (due 01/05 17:00, out 02/05): 31 days.
    p2 = draft(
        "Dự thảo Nghị quyết về chợ nông thôn",
        document_type=resolution,
        drafting_agency=construction,
        **window((YEAR, 3, 1, 9), (YEAR, 4, 1, 17)),
    )
    comments(p2, 1, channel=Comment.Channel.LETTER, received_on=datetime.date(YEAR, 3, 5))
    answered(p2, Comment.Outcome.NOT_ACCEPTED, channel=Comment.Channel.MEETING, received_on=datetime.date(YEAR, 3, 6))
    rejected(p2, Comment.RejectionReason.OFFENSIVE)
    report(p2, YEAR, 5, 2, 9)

    # P3: 01/06 09:00 to 15/06 17:00 (15 days, short of the default 20, no reason); no report: overdue.
    p3 = draft(
        "Dự thảo Kế hoạch trợ giúp pháp lý",
        document_type=plan,
        drafting_agency=justice,
        **window((YEAR, 6, 1, 9), (YEAR, 6, 15, 17)),
    )
    comments(p3, 1, channel=Comment.Channel.ZALO, received_on=datetime.date(YEAR, 6, 2))

    # P4: adopted without consultation, issued by the Department of Justice.
    draft(
        "Quyết định về hòa giải ở cơ sở",
        document_type=resolution,
        issuing_agency=justice,
        adopted_on=datetime.date(YEAR, 8, 1),
    )

    # P5: 01/09 09:00 to 30/09 17:00 (30 days), then withdrawn: a consultation, with no report due.
    draft(
        "Dự thảo Kế hoạch phổ biến pháp luật",
        document_type=plan,
        drafting_agency=justice,
        withdrawn_on=datetime.date(YEAR, 10, 5),
        **window((YEAR, 9, 1, 9), (YEAR, 9, 30, 17)),
    )

    # P6: a private draft (behind a password): nothing of it counts.
    p6 = draft(
        "Dự thảo nội bộ",
        document_type=resolution,
        drafting_agency=construction,
        issuing_agency=construction,
        adopted_on=datetime.date(YEAR, 7, 1),
        **window((YEAR, 5, 1, 9), (YEAR, 5, 31, 17)),
    )
    comments(p6, 2)
    PageViewRestriction.objects.create(page=p6, restriction_type=PageViewRestriction.PASSWORD, password="x")

    # P7: adopted without consultation, naming no agency: the province's only.
    draft("Chỉ thị về cải cách hành chính", document_type=resolution, adopted_on=datetime.date(YEAR, 11, 1))
    # P8: adopted in 2024 by the Department of Construction.
    draft(
        "Quyết định về vật liệu xây dựng",
        document_type=resolution,
        issuing_agency=construction,
        adopted_on=datetime.date(2024, 5, 1),
    )
    # P9: not published.
    draft(
        "Bản nháp", document_type=resolution, issuing_agency=justice, adopted_on=datetime.date(YEAR, 3, 1), live=False
    )

    dialogues = site_tree["dialogues"]
    # D1: the former commune, before the merger; two commitments with no agency named (its own).
    d1 = DialoguePageFactory(
        parent=dialogues,
        title="Đối thoại xã Thạch Hà tháng 3",
        held_at=local(YEAR, 3, 10, 8),
        agency=old_commune,
        accepts_questions=True,
        areas=[old_area],
        commitments=[
            commitment("Làm đường", datetime.date(YEAR, 4, 30), status=Commitment.Status.DONE),
            commitment("Sửa cầu", datetime.date(YEAR, 5, 31), status=Commitment.Status.DONE),
        ],
    )
    Commitment.objects.filter(text="Làm đường").update(done_on=datetime.date(YEAR, 4, 20))
    Commitment.objects.filter(text="Sửa cầu").update(done_on=datetime.date(YEAR, 6, 10))
    DialogueQuestion.objects.create(dialogue=d1, question="Bao giờ làm đường?")
    DialogueQuestion.objects.create(dialogue=d1, question="Bao giờ sửa cầu?")
    comments(d1, 1)
    comments(d1, 1, state=Comment.State.PENDING)

    # D2: the merged commune; one commitment overdue (its own), one impossible (the Department of Justice's).
    d2 = DialoguePageFactory(
        parent=dialogues,
        title="Đối thoại xã Thạch Hà tháng 9",
        held_at=local(YEAR, 9, 15, 8),
        agency=new_commune,
        areas=[new_area],
        commitments=[
            commitment("Lắp đèn", datetime.date(YEAR, 12, 1), status=Commitment.Status.IN_PROGRESS),
            commitment(
                "Xây trụ sở",
                datetime.date(YEAR, 12, 15),
                status=Commitment.Status.CANNOT_BE_DONE,
                agency=justice,
                reason="Không có vốn",
            ),
        ],
    )
    DialogueQuestion.objects.create(dialogue=d2, question="Khi nào có đèn?")

    # D3: on 31/12/2024 at 23:00 in Vietnam (16:00 UTC): a dialogue of 2024.
    DialoguePageFactory(
        parent=dialogues,
        title="Đối thoại cuối năm 2024",
        held_at=local(2024, 12, 31, 23),
        agency=province,
    )
    return {"p1": p1, "p2": p2, "p3": p3, "d1": d1, "d2": d2, "construction": construction, "justice": justice}


ZERO_REASONS = {f"comments_not_published_{code}": 0 for code in Comment.RejectionReason.values}
ZERO_CHANNELS = {f"comments_by_channel_{code}": 0 for code in Comment.Channel.values}
NOTHING = {
    "documents_issued": 0,
    "adopted_after_consultation": 0,
    "share_adopted_after": None,
    "adopted_without_consultation": 0,
    "share_adopted_without": None,
    "consultations": 0,
    "short_windows": 0,
    "short_windows_with_reason": 0,
    "median_window_days": None,
    "comments_received": 0,
    "comments_published": 0,
    "comments_not_published": 0,
    **ZERO_REASONS,
    "comments_answered": 0,
    "share_answered": None,
    "comments_accepted": 0,
    "comments_partly_accepted": 0,
    "comments_not_accepted": 0,
    "share_accepted": None,
    "share_partly_accepted": None,
    "share_not_accepted": None,
    "reports_published": 0,
    "reports_on_time": 0,
    "reports_overdue": 0,
    "median_days_to_report": None,
    "dialogues_held": 0,
    "questions_before": 0,
    "questions_during": 0,
    "commitments_made": 0,
    "commitments_done_on_time": 0,
    "commitments_done_late": 0,
    "commitments_overdue": 0,
    "commitments_cannot_be_done": 0,
    "share_commitments_on_time": None,
    **ZERO_CHANNELS,
}

EXPECTED = {
    # The whole province: each record once, P7 (no agency) included.
    None: {
        **NOTHING,
        "documents_issued": 3,
        "adopted_after_consultation": 1,
        "share_adopted_after": 1 / 3,
        "adopted_without_consultation": 2,
        "share_adopted_without": 2 / 3,
        "consultations": 4,
        "short_windows": 2,
        "short_windows_with_reason": 1,
        "median_window_days": 26.0,  # 15, 22, 30, 32
        "comments_received": 9,
        "comments_published": 6,
        "comments_not_published": 2,
        "comments_not_published_spam": 1,
        "comments_not_published_offensive": 1,
        "comments_answered": 3,
        "share_answered": 0.5,
        "comments_accepted": 1,
        "comments_partly_accepted": 1,
        "comments_not_accepted": 1,
        "share_accepted": 1 / 3,
        "share_partly_accepted": 1 / 3,
        "share_not_accepted": 1 / 3,
        "reports_published": 2,
        "reports_on_time": 1,
        "reports_overdue": 2,
        "median_days_to_report": 30.5,  # 30, 31
        "dialogues_held": 2,
        "questions_before": 1,
        "questions_during": 3,
        "commitments_made": 4,
        "commitments_done_on_time": 1,
        "commitments_done_late": 1,
        "commitments_overdue": 1,
        "commitments_cannot_be_done": 1,
        "share_commitments_on_time": 1 / 3,
        "comments_by_channel_website": 3,
        "comments_by_channel_letter": 1,
        "comments_by_channel_meeting": 1,
        "comments_by_channel_zalo": 1,
    },
    "ubnd-tinh": {
        **NOTHING,
        "documents_issued": 1,
        "adopted_after_consultation": 1,
        "share_adopted_after": 1.0,
        "share_adopted_without": 0.0,
    },
    "so-xay-dung": {
        **NOTHING,
        "consultations": 2,
        "short_windows": 1,
        "short_windows_with_reason": 1,
        "median_window_days": 27.0,  # 22, 32
        "comments_received": 8,
        "comments_published": 5,
        "comments_not_published": 2,
        "comments_not_published_spam": 1,
        "comments_not_published_offensive": 1,
        "comments_answered": 3,
        "share_answered": 0.6,
        "comments_accepted": 1,
        "comments_partly_accepted": 1,
        "comments_not_accepted": 1,
        "share_accepted": 1 / 3,
        "share_partly_accepted": 1 / 3,
        "share_not_accepted": 1 / 3,
        "reports_published": 2,
        "reports_on_time": 1,
        "reports_overdue": 1,
        "median_days_to_report": 30.5,
        "comments_by_channel_website": 3,
        "comments_by_channel_letter": 1,
        "comments_by_channel_meeting": 1,
    },
    "so-tu-phap": {
        **NOTHING,
        "documents_issued": 1,
        "adopted_without_consultation": 1,
        "share_adopted_after": 0.0,
        "share_adopted_without": 1.0,
        "consultations": 2,
        "short_windows": 1,
        "median_window_days": 22.5,  # 15, 30
        "comments_received": 1,
        "comments_published": 1,
        "share_answered": 0.0,
        "reports_overdue": 1,
        "commitments_made": 1,
        "commitments_cannot_be_done": 1,
        "comments_by_channel_zalo": 1,
    },
    "so-noi-vu": NOTHING,
    "ubnd-xa-thach-ha-cu": {
        **NOTHING,
        "dialogues_held": 1,
        "questions_before": 1,
        "questions_during": 2,
        "commitments_made": 2,
        "commitments_done_on_time": 1,
        "commitments_done_late": 1,
        "share_commitments_on_time": 0.5,
    },
    "ubnd-xa-thach-ha": {
        **NOTHING,
        "dialogues_held": 1,
        "questions_during": 1,
        "commitments_made": 1,
        "commitments_overdue": 1,
        "share_commitments_on_time": 0.0,
    },
}
# The table's agencies, by name.
AGENCIES_IN_2025 = ["so-noi-vu", "so-tu-phap", "so-xay-dung", "ubnd-tinh", "ubnd-xa-thach-ha", "ubnd-xa-thach-ha-cu"]
