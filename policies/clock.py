"""When a draft's status changes by the clock alone, for the page cache (core.pagecache).

A draft opens for comment, closes, and becomes overdue for its response at instants no editor
acts at: a cached page or listing must not stay fresh past the next of them.
"""

import datetime

from django.db.models import Min, Q

from consultations.models import ConsultationSettings

from .models import PolicyPage


def next_window_change(now):
    """The earliest instant after `now` at which a live draft opens, closes or falls overdue."""
    limit = datetime.timedelta(days=ConsultationSettings.load().response_limit_days)
    found = PolicyPage.objects.live().aggregate(
        opens=Min("consultation_opens_at", filter=Q(consultation_opens_at__gt=now)),
        closes=Min("consultation_closes_at", filter=Q(consultation_closes_at__gt=now)),
        # Closed less than the limit ago and not yet answered: overdue at closing + the limit.
        due=Min(
            "consultation_closes_at",
            filter=Q(consultation_closes_at__gt=now - limit, response_report__isnull=True),
        ),
    )
    instants = [found["opens"], found["closes"], found["due"] + limit if found["due"] else None]
    return min((instant for instant in instants if instant and instant > now), default=None)
