"""Who asked for news by e-mail, about what, and what they have already been told.

An address is personal data (Law 91/2025/QH15): it is kept only while subscribed, with the time
of consent and the version of the text consented to; unsubscribing deletes the row and with it
every subscription and sent-item record. Nothing is sent to an address before it is confirmed.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The version of the consent text shown beside the form's checkbox (subscriptions.forms): change
# it whenever that text changes, so each subscriber's record says which words they agreed to.
CONSENT_VERSION = "2026-12-01"


def new_token():
    return secrets.token_urlsafe(32)


def keyed_hash(value):
    """A keyed hash of an address or a connection, for rate limits; never the value itself."""
    return hmac.new(settings.SECRET_KEY.encode(), f"subscriptions:{value}".encode(), hashlib.sha256).hexdigest()


class Subscriber(models.Model):
    """One e-mail address, its choice of digest and the secret of the links in its messages."""

    class Frequency(models.TextChoices):
        DAILY = "daily", pgettext_lazy("digest frequency", "daily")
        WEEKLY = "weekly", pgettext_lazy("digest frequency", "weekly")

    email = models.EmailField(_("e-mail"), unique=True)
    # The secret in every link sent to the address (confirm, manage, unsubscribe): who holds it
    # holds the mailbox.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_version = models.CharField(_("consent text version"), max_length=20)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, db_index=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    # When the digest was last considered (sent, or found to have nothing new).
    last_digest_at = models.DateTimeField(_("last digest at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return f"#{self.pk}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Subscription(models.Model):
    """One thing a subscriber follows: a sector, an area, an agency, or one page (a draft or a
    dialogue). A subscription added to a confirmed address waits for its own confirmation."""

    class Kind(models.TextChoices):
        SECTOR = "sector", _("sector")
        AREA = "area", _("area")
        AGENCY = "agency", _("agency")
        PAGE = "page", pgettext_lazy("subscription target", "draft or dialogue")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sector = models.ForeignKey("taxonomy.Sector", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("taxonomy.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("taxonomy.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["kind", "pk"]
        constraints = [
            *(
                models.UniqueConstraint(
                    fields=["subscriber", kind], condition=models.Q(kind=kind), name=f"one_subscription_per_{kind}"
                )
                for kind in ("sector", "area", "agency", "page")
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="sector", sector__isnull=False, area=None, agency=None, page=None)
                    | models.Q(kind="area", area__isnull=False, sector=None, agency=None, page=None)
                    | models.Q(kind="agency", agency__isnull=False, sector=None, area=None, page=None)
                    | models.Q(kind="page", page__isnull=False, sector=None, area=None, agency=None)
                ),
                name="subscription_names_its_one_target",
            ),
        ]

    def __str__(self):
        return str(self.target)

    @property
    def target(self):
        return {"sector": self.sector, "area": self.area, "agency": self.agency, "page": self.page}[self.kind]


class SentItem(models.Model):
    """An item (an event about a record) already sent to a subscriber: never sent twice. Deleted
    with the subscriber."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="sent_items")
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "key"], name="each_item_sent_once")]

    def __str__(self):
        return self.key


class SubscribeAttempt(models.Model):
    """A sending of the subscription form, for rate limits: keyed hashes of the connection and of
    the address, never either of them. Deleted after a few days by `send_digests`."""

    sender_hash = models.CharField(max_length=64, db_index=True)
    address_hash = models.CharField(max_length=64, db_index=True)
    mailed = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M}"


class UnsubscribeTally(models.Model):
    """How many addresses unsubscribed each day: an anonymous count, all that is kept of them."""

    day = models.DateField(unique=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.count}"
