"""One public address: every absolute link the site writes is built from settings.PUBLIC_URL,
whatever host the Site record or the request names (issue #10, item 10)."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from consultations import services
from consultations.models import Comment
from tests.consultations.factories import CommentFactory, closed_window
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory

pytestmark = pytest.mark.django_db
PUBLIC = "https://thamvan.hatinh.example.vn"
ATOM = "{http://www.w3.org/2005/Atom}"


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@override_settings(PUBLIC_URL=PUBLIC, WAGTAILAPI_BASE_URL=PUBLIC, WAGTAILADMIN_BASE_URL=PUBLIC)
def test_every_absolute_link_uses_the_public_url(client, site_tree, moderator, django_capture_on_commit_callbacks):
    policy = PolicyPageFactory(parent=site_tree["policies"], title="Quy định về thuế đất", **closed_window())
    CommentFactory(
        page=policy,
        contact_email="dan@example.com",
        state=Comment.State.PUBLISHED,
        response_outcome=Comment.Outcome.ACCEPTED,
        response_text="Tiếp thu.",
    )
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"], commitments=[commitment("Giảm thuế đất", timezone.localdate())]
    )
    CommitmentTrackerPageFactory(parent=site_tree["home"])
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(policy, moderator)

    links = [
        mail.outbox[0]
        .body.split("\n")[[i for i, line in enumerate(mail.outbox[0].body.split("\n")) if "http" in line][0]]
        .strip()
    ]
    links.append(client.get(policy.url + "y-kien/json/").json()["url"])
    links += [row["url"] for row in csv_rows(client.get("/van-ban/?format=csv"))]
    links += [row["url"] for row in csv_rows(client.get("/theo-doi-cam-ket/?format=csv"))]
    links += [r["url"] for r in client.get("/tim-kiem/", {"q": "thue dat", "format": "json"}).json()["results"]]
    links += [row["url"] for row in csv_rows(client.get("/tim-kiem/", {"q": "thue dat", "format": "csv"}))]
    feed = ET.fromstring(client.get("/tim-kiem/", {"q": "thue dat", "format": "atom"}).content)
    links += [link.get("href") for link in feed.iter(f"{ATOM}link")]
    api = client.get(f"/api/v2/pages/{dialogue.pk}/").json()["meta"]
    links += [api["html_url"], api["detail_url"]]
    listing = client.get("/api/v2/pages/", {"type": "policies.PolicyPage"}).json()["items"][0]["meta"]
    links += [listing["html_url"], listing["detail_url"]]

    assert len(links) >= 12
    assert all(link.startswith(PUBLIC + "/") for link in links), [x for x in links if not x.startswith(PUBLIC)]
    assert links[0].startswith(f"{PUBLIC}{policy.url}bao-cao/#y-kien-")
