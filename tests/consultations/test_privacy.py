"""A commenter's e-mail and phone never appear in any public response: HTML, CSV, JSON, API, search.

The tests search the raw bytes of every public response for the contact details.
"""

import datetime

import pytest

from django.utils import timezone

from consultations.models import Comment, ResponseReport
from dialogues.models import DialogueQuestion
from tests.consultations.factories import CommentFactory, closed_window
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory
from tests.scorecard.factories import ScorecardPageFactory
from tests.subscriptions.factories import SubscriberFactory, follow
from tests.taxonomy.factories import AgencyFactory

pytestmark = pytest.mark.django_db

EMAIL = "bi-mat.nguoi-dan@example.com"
PHONE = "0987654321"


@pytest.fixture
def commented_policies(open_draft, site_tree):
    answered = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo đã trả lời",
        drafting_agency=AgencyFactory(name="Sở Tư pháp", slug="so-tu-phap"),
        **closed_window(),
    )
    for policy in (open_draft, answered):
        CommentFactory(
            page=policy,
            contact_email=EMAIL,
            contact_phone=PHONE,
            display_name="Hoàng Văn Nam",
            show_name=False,
            body="Góp ý về mức hỗ trợ hiến đất",
            response_outcome="accepted",
            response_text="Tiếp thu.",
        )
    ResponseReport.objects.create(page=answered)
    # The same person also follows the draft by e-mail (subscriptions).
    follow(SubscriberFactory(email=EMAIL), open_draft)
    return open_draft, answered


@pytest.fixture
def dialogue_with_a_question(site_tree):
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        held_at=timezone.now() + datetime.timedelta(days=3),
        accepts_questions=True,
        commitments=[commitment("Lắp phun sương", timezone.localdate())],
    )
    CommentFactory(page=dialogue, contact_email=EMAIL, contact_phone=PHONE, display_name="Hoàng Văn Nam")
    # A question raised at the dialogue, by someone who did not agree to be named, who said a number.
    DialogueQuestion.objects.create(
        dialogue=dialogue, display_name="Hoàng Văn Nam", show_name=False, question=f"Xin gọi lại {PHONE}."
    )
    CommitmentTrackerPageFactory(parent=site_tree["home"])
    ScorecardPageFactory(parent=site_tree["home"])
    return dialogue


def public_urls(open_draft, answered, dialogue):
    search = "/tim-kiem/?q=gop+y+muc+ho+tro+hien+dat"
    urls = ["/", "/lay-y-kien/", "/van-ban/", "/van-ban/?format=csv", search]
    urls += [search + "&format=json", search + "&format=csv", search + "&format=atom"]
    urls += [dialogue.url, "/doi-thoai/", "/theo-doi-cam-ket/", "/theo-doi-cam-ket/?format=csv"]
    urls += ["/theo-doi-cam-ket/?format=json", f"/api/v2/pages/{dialogue.pk}/"]
    for policy in (open_draft, answered):
        urls += [policy.url, policy.url + "y-kien/csv/", policy.url + "y-kien/json/", policy.url + "phien-ban/"]
        urls += [f"/api/v2/pages/{policy.pk}/", "/api/v2/pages/?type=policies.PolicyPage&fields=*"]
    urls.append(answered.url + "bao-cao/")
    urls.append("/lich.ics")  # the calendar of consultations and dialogues (home.calendar)
    # Each comment's and question's private receipt (consultations.receipts).
    urls += [f"/bien-nhan/{token}/" for token in Comment.objects.values_list("receipt_token", flat=True)]
    # Open data (#14): the API of comments and commitments, the bulk file and its schema page.
    urls += ["/api/v2/comments/", "/api/v2/comments/?fields=*", "/api/v2/commitments/", "/api/v2/commitments/?fields=*"]
    urls += [f"/api/v2/comments/{pk}/" for pk in Comment.objects.published().values_list("pk", flat=True)]
    urls += ["/api/v2/pages/?type=dialogues.DialoguePage&fields=*", "/du-lieu-mo/"]
    urls += ["/du-lieu-mo/y-kien.csv", "/du-lieu-mo/y-kien.json"]
    urls += ["/nhan-tin/", f"/nhan-tin/?page={open_draft.pk}", "/nhan-tin/da-gui/"]
    urls += ["/sitemap.xml"]
    # The agency scorecard (#15): its table, an agency's page, the method and the files.
    year = timezone.localdate().year
    urls += ["/bang-diem/", "/bang-diem/phuong-phap/", f"/bang-diem/{year}/csv/", f"/bang-diem/{year}/json/"]
    agency = answered.drafting_agency.slug
    urls += [f"/bang-diem/co-quan/{agency}/", f"/bang-diem/co-quan/{agency}/csv/", f"/bang-diem/co-quan/{agency}/json/"]
    return urls


def test_contact_details_never_leave_the_admin(client, commented_policies, dialogue_with_a_question):
    for url in public_urls(*commented_policies, dialogue_with_a_question):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for secret in (EMAIL, PHONE, "0987 654 321", "Hoàng Văn Nam"):
            assert secret.encode() not in body, f"{secret} leaked in {url}"


def test_a_commenter_who_did_not_ask_is_shown_by_area_only(client, commented_policies):
    open_draft, _ = commented_policies
    assert "Người dân" in client.get(open_draft.url).content.decode()


def test_phone_and_id_numbers_written_in_a_comment_are_masked_wherever_it_is_published(client, open_draft):
    CommentFactory(page=open_draft, body="Nhà tôi ở thôn 3, gọi 0912 345 678, CCCD 042090001234.")
    for url in [
        open_draft.url,
        open_draft.url + "y-kien/",
        open_draft.url + "y-kien/csv/",
        open_draft.url + "y-kien/json/",
        "/api/v2/comments/",
        "/du-lieu-mo/y-kien.csv",
        "/du-lieu-mo/y-kien.json",
    ]:
        response = client.get(url)
        body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        assert "[đã ẩn]" in body, url
        assert "345 678" not in body and "042090001234" not in body, url
