"""A journalist recomputes the scorecard from the open data alone, and gets the same figures.

Everything here is read over HTTP, as anyone can: the drafts and dialogues from /api/v2/pages/,
the published comments from the bulk file /du-lieu-mo/y-kien.json, the commitments from
/api/v2/commitments/. The figures are recomputed by following the method's words
(scorecard.definitions), with none of the site's code, and compared with the scorecard's JSON.
"""

import datetime
import json
import math
import statistics
from collections import Counter, defaultdict

import pytest

from scorecard.definitions import FIGURES, Kind
from scorecard.exports import scorecard_json
from scorecard.figures import scorecard_for_year
from tests.scorecard import known_records
from tests.scorecard.known_records import EXPECTED, YEAR

pytestmark = pytest.mark.django_db

VIETNAM = datetime.timezone(datetime.timedelta(hours=7))
POLICY_FIELDS = [
    "adopted_on",
    "consultation_opens_at",
    "consultation_closes_at",
    "withdrawn_on",
    "issuing_agency",
    "drafting_agency",
    "short_window_reason",
    "consultation_record",
]


@pytest.fixture
def known_year(site_tree):
    return known_records.build(site_tree)


def every_item(client, url, **query):
    """All the items of an API listing, a page of 20 at a time."""
    items, offset = [], 0
    while True:
        response = client.get(url, {**query, "offset": offset, "limit": 20})
        assert response.status_code == 200, response.content
        payload = response.json()
        items += payload["items"]
        offset += 20
        if offset >= payload["meta"]["total_count"]:
            return items


def moment(text):
    return datetime.datetime.fromisoformat(text) if text else None


def day_in_vietnam(text):
    return moment(text).astimezone(VIETNAM).date()


def median(values):
    return float(statistics.median(values)) if values else None


def share(part, whole):
    return part / whole if whole else None


def recompute(client, year):
    """{agency name or None (the province): {figure key: value}} from the open data."""
    now = datetime.datetime.now(VIETNAM)
    today = now.date()
    counts = defaultdict(Counter)
    lists = defaultdict(lambda: defaultdict(list))

    def add(agency, key, n=1):
        counts[None][key] += n
        if agency:
            counts[agency][key] += n

    def note(agency, key, value):
        lists[None][key].append(value)
        if agency:
            lists[agency][key].append(value)

    policies = every_item(client, "/api/v2/pages/", type="policies.PolicyPage", fields=",".join(POLICY_FIELDS))
    comments = json.loads(b"".join(client.get("/du-lieu-mo/y-kien.json").streaming_content))["comments"]
    by_page = defaultdict(list)
    for comment in comments:
        by_page[comment["page_id"]].append(comment)

    for policy in policies:
        # Documents issued: adopted in the year, for the issuing agency (else the drafting one).
        issuer = policy["issuing_agency"] or policy["drafting_agency"]
        consulted = bool(policy["consultation_opens_at"] and policy["consultation_closes_at"])
        if policy["adopted_on"] and policy["adopted_on"].startswith(str(year)):
            add(issuer, "documents_issued")
            add(issuer, "adopted_after_consultation" if consulted else "adopted_without_consultation")
        if not consulted:
            continue
        # Consultations: closed (up to now) in the year, for the drafting agency (else the issuing one).
        closes, opens = moment(policy["consultation_closes_at"]), moment(policy["consultation_opens_at"])
        if closes > now or closes.astimezone(VIETNAM).year != year:
            continue
        drafter = policy["drafting_agency"] or policy["issuing_agency"]
        record = policy["consultation_record"]
        add(drafter, "consultations")
        length = math.ceil((closes - opens).total_seconds() / 86400)
        note(drafter, "median_window_days", length)
        if length < record["minimum_days"]:
            add(drafter, "short_windows")
            if policy["short_window_reason"].strip():
                add(drafter, "short_windows_with_reason")
        # Comments: counts of all received and refused from the record; the rest from the file.
        add(drafter, "comments_received", record["comments_received"])
        for reason, n in record["comments_not_published"].items():
            add(drafter, f"comments_not_published_{reason}", n)
            add(drafter, "comments_not_published", n)
        for comment in by_page[policy["id"]]:
            add(drafter, "comments_published")
            add(drafter, f"comments_by_channel_{comment['channel']}")
            if comment["outcome"]:
                add(drafter, "comments_answered")
                key = {"accepted": "comments_accepted", "partly": "comments_partly_accepted"}
                add(drafter, key.get(comment["outcome"], "comments_not_accepted"))
        # Reports: not for a withdrawn draft; due at response_due_at, to the minute.
        if policy["withdrawn_on"] and datetime.date.fromisoformat(policy["withdrawn_on"]) <= today:
            continue
        due, published = moment(record["response_due_at"]), moment(record["response_published_at"])
        if published:
            add(drafter, "reports_published")
            add(drafter, "reports_on_time" if published <= due else "reports_overdue")
            note(
                drafter,
                "median_days_to_report",
                (day_in_vietnam(record["response_published_at"]) - closes.astimezone(VIETNAM).date()).days,
            )
        elif now >= due:
            add(drafter, "reports_overdue")

    dialogues = every_item(client, "/api/v2/pages/", type="dialogues.DialoguePage", fields="held_at,agency,questions")
    organisers = {}
    for dialogue in dialogues:
        held = moment(dialogue["held_at"])
        if held > now or held.astimezone(VIETNAM).year != year:
            continue
        organisers[dialogue["id"]] = dialogue["agency"]
        add(dialogue["agency"], "dialogues_held")
        add(dialogue["agency"], "questions_during", len(dialogue["questions"]))
        add(dialogue["agency"], "questions_before", len(by_page[dialogue["id"]]))

    for item in every_item(client, "/api/v2/commitments/"):
        if item["dialogue"]["id"] not in organisers:
            continue
        agency = item["agency"] or organisers[item["dialogue"]["id"]]
        add(agency, "commitments_made")
        if item["status"] == "done":
            on_time = item["done_on"] <= item["deadline"]
            add(agency, "commitments_done_on_time" if on_time else "commitments_done_late")
        elif item["status"] == "cannot_be_done":
            add(agency, "commitments_cannot_be_done")
        elif item["overdue"]:
            add(agency, "commitments_overdue")

    figures = {}
    for agency in set(counts) | set(lists):
        c, lst = counts[agency], lists[agency]
        values = {d.key: c[d.key] for d in FIGURES if d.kind == Kind.COUNT}
        values["median_window_days"] = median(lst["median_window_days"])
        values["median_days_to_report"] = median(lst["median_days_to_report"])
        values["share_adopted_after"] = share(c["adopted_after_consultation"], c["documents_issued"])
        values["share_adopted_without"] = share(c["adopted_without_consultation"], c["documents_issued"])
        values["share_answered"] = share(c["comments_answered"], c["comments_published"])
        values["share_accepted"] = share(c["comments_accepted"], c["comments_answered"])
        values["share_partly_accepted"] = share(c["comments_partly_accepted"], c["comments_answered"])
        values["share_not_accepted"] = share(c["comments_not_accepted"], c["comments_answered"])
        due = c["commitments_done_on_time"] + c["commitments_done_late"] + c["commitments_overdue"]
        values["share_commitments_on_time"] = share(c["commitments_done_on_time"], due)
        figures[agency] = values
    return figures


def same(recomputed, published):
    if recomputed is None or published is None:
        return recomputed is None and published is None
    return round(recomputed, 4) == pytest.approx(published)


def test_every_figure_recomputed_from_the_open_data_matches_the_scorecard(client, known_year):
    recomputed = recompute(client, YEAR)
    rows = json.loads(scorecard_json(scorecard_for_year(YEAR)).content)["rows"]
    checked = 0
    for row in rows:
        name = None if row["scope"] == "province" else row["agency_name"]
        # An agency with no public record is not in the open data: all its figures are nothing.
        mine = recomputed.get(name) or {d.key: 0 if d.kind == Kind.COUNT else None for d in FIGURES}
        wrong = {d.key: (mine[d.key], row[d.key]) for d in FIGURES if not same(mine[d.key], row[d.key])}
        assert not wrong, (name, wrong)
        checked += len(FIGURES)
    assert checked == len(FIGURES) * len(rows)
    # And the open data agrees with the figures known in advance, not only with the scorecard.
    assert recomputed[None]["comments_received"] == EXPECTED[None]["comments_received"]
    assert recomputed[None]["median_days_to_report"] == EXPECTED[None]["median_days_to_report"]


def test_the_open_data_of_a_draft_carries_counts_and_dates_never_a_person(client, known_year):
    p1 = known_year["p1"]
    record = client.get(f"/api/v2/pages/{p1.pk}/").json()
    assert record["drafting_agency"] == "Sở Xây dựng"
    assert record["issuing_agency"] == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert record["short_window_reason"] == "Cần ban hành trước mùa mưa bão."
    facts = record["consultation_record"]
    assert facts["minimum_days"] == 30
    assert facts["response_due_at"] == "2025-02-09T17:00:00+07:00"
    assert facts["response_published_at"] == "2025-02-09T09:00:00+07:00"
    assert (facts["comments_received"], facts["comments_published"], facts["comments_pending"]) == (5, 3, 1)
    assert facts["comments_not_published"]["spam"] == 1
    assert set(facts) == {
        "minimum_days",
        "response_due_at",
        "response_published_at",
        "comments_received",
        "comments_published",
        "comments_pending",
        "comments_not_published",
    }
