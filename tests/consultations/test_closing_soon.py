""" "Closing within 7 days" (the dashboard and the consultations overview): up to the end of the
seventh day, in the site's time zone, and only while open — the same answer for one draft and in SQL."""

import datetime

import pytest

from django.utils import timezone

from consultations.status import closing_within_filter
from policies.models import PolicyPage
from tests.policies.factories import PolicyPageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_one_draft_and_the_database_agree_on_what_closes_within_a_week(site_tree):
    now = at(datetime.date(2026, 12, 3), 9)
    today = timezone.localdate(now)
    windows = {
        "closes later today": (now - 10 * DAY, at(today, 17)),
        "closes at 23:59 on the seventh day": (now - 10 * DAY, at(today + 7 * DAY, 23, 59)),
        "closes at midnight starting the eighth day": (now - 10 * DAY, at(today + 8 * DAY, 0)),
        "closes in 30 days": (now - 10 * DAY, now + 30 * DAY),
        "closed an hour ago": (now - 10 * DAY, now - datetime.timedelta(hours=1)),
        "not open yet, closes in 3 days": (now + DAY, now + 3 * DAY),
    }
    for title, (opens, closes) in windows.items():
        PolicyPageFactory(
            parent=site_tree["policies"], title=title, consultation_opens_at=opens, consultation_closes_at=closes
        )
    PolicyPageFactory(
        parent=site_tree["policies"],
        title="withdrawn yesterday, would close tomorrow",
        consultation_opens_at=now - 10 * DAY,
        consultation_closes_at=now + DAY,
        withdrawn_on=today - DAY,
    )
    in_sql = set(PolicyPage.objects.filter(closing_within_filter(now, 7)).values_list("title", flat=True))
    one_by_one = {page.title for page in PolicyPage.objects.all() if page.consultation.closes_within_at(now, 7)}
    assert in_sql == one_by_one == {"closes later today", "closes at 23:59 on the seventh day"}
