"""The rules of subscriptions, each in one place: who follows what (and what a merged area
carries over to), when a digest is due, what it holds, and sending it once.

Items are events about live public records — a draft newly open for comment, a consultation
closing within 3 days, a response report published, a dialogue announced, its conclusions, a
commitment done or overdue — each sent to a subscriber at most once (`SentItem`, keyed by
event and record).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

from consultations.models import ConsultationSettings
from consultations.status import Status, closing_within_filter, status_filter
from core.http import public_url
from core.pages import private_q
from dialogues.commitments import Commitment
from dialogues.models import DialoguePage
from policies.models import PolicyPage
from taxonomy.models import Area

from .models import CONSENT_VERSION, SentItem, SubscribeAttempt, Subscriber, Subscription, UnsubscribeTally, keyed_hash

# Abuse limits: the form cannot be used to flood somebody's mailbox. One connection may send the
# form this often an hour (a household or an office shares one address); one address gets at
# most this many confirmation messages a day, whoever asks.
MAX_ATTEMPTS_PER_CONNECTION_PER_HOUR = 10
MAX_CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
# An address not confirmed within this many days is deleted (`purge`), with its subscriptions.
UNCONFIRMED_DAYS = 3
# Rate-limit records older than this are deleted (`purge`).
ATTEMPTS_KEPT_DAYS = 2
# Digests go out from this hour, site time (Asia/Ho_Chi_Minh): every day, or on Mondays.
DIGEST_HOUR = 7
WEEKLY_DAY = 0  # Monday
CLOSING_WITHIN_DAYS = 3


class Refusal(Exception):
    """A subscription the site will not take now; the message is shown beside the form."""


# --- Areas after the 2025 merger ----------------------------------------------------------


def merger_links():
    """{area id: the id of the unit it was merged into}, for every merged area."""
    return dict(Area.objects.exclude(merged_into=None).values_list("pk", "merged_into"))


def covered_area_ids(area_ids, links=None):
    """The areas a subscription to `area_ids` follows, by one rule:

    a subscription to a unit follows the unit that exists now in its place — its successor
    (`Area.merged_into`, followed to the end of the chain) — and that unit stands for everything
    merged into it, at any depth. So a subscriber of a commune merged away hears about its new
    commune, and a subscriber of the new commune hears about items still tagged with any of the
    communes it was made of (archive content keeps pointing at the unit that existed then).
    A subscription to a unit never merged covers it and the units merged into it. `links`, as
    `merger_links()` gives them, when the caller has read them already.
    """
    if links is None:
        links = merger_links()
    current = set()
    for area_id in area_ids:
        seen = set()
        while area_id in links and area_id not in seen:  # `seen` guards against a loop typed by mistake
            seen.add(area_id)
            area_id = links[area_id]
        current.add(area_id)
    covered = set(current)
    frontier = set(current)
    while frontier:
        frontier = {old for old, new in links.items() if new in frontier} - covered
        covered |= frontier
    return covered


# --- Subscribing, confirming, leaving -------------------------------------------------------


def normalise_email(address):
    return address.strip().lower()


@dataclass(frozen=True)
class Outcome:
    subscriber: Subscriber
    mailed: bool
    added: int


def subscribe(email, targets, frequency, sender_address, now=None):
    """Record the wish of `email` to follow `targets` [(kind, object)], and send the message
    that confirms it; return an `Outcome`, or raise `Refusal` with the reason.

    The same address and target never make two rows. Nothing but the confirmation is ever sent
    to an address before its owner follows the link; a subscription added to an address already
    confirmed waits for a confirmation of its own (anyone may type anyone's address).
    """
    now = now or timezone.now()
    email = normalise_email(email)
    sender_hash, address_hash = keyed_hash(sender_address), keyed_hash(email)
    if (
        SubscribeAttempt.objects.filter(sender_hash=sender_hash, at__gte=now - datetime.timedelta(hours=1)).count()
        >= MAX_ATTEMPTS_PER_CONNECTION_PER_HOUR
    ):
        raise Refusal(
            _("Too many subscriptions have been asked from this connection in the last hour. Please try later.")
        )
    mailed_today = SubscribeAttempt.objects.filter(
        address_hash=address_hash, mailed=True, at__gte=now - datetime.timedelta(days=1)
    ).count()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={"frequency": frequency, "consent_at": now, "consent_version": CONSENT_VERSION, "created_at": now},
        )
        if not created and not subscriber.is_confirmed:
            # Not confirmed yet: the latest sending speaks for the address.
            subscriber.frequency = frequency
            subscriber.consent_at, subscriber.consent_version = now, CONSENT_VERSION
            subscriber.save(update_fields=["frequency", "consent_at", "consent_version"])
        added = 0
        for kind, target in targets:
            _subscription, made = Subscription.objects.get_or_create(
                subscriber=subscriber, kind=kind, **{kind: target}, defaults={"created_at": now}
            )
            added += made
        waiting = subscriber.subscriptions.filter(confirmed_at=None).exists()
    mailed = False
    if waiting:
        if mailed_today >= MAX_CONFIRMATIONS_PER_ADDRESS_PER_DAY:
            SubscribeAttempt.objects.create(sender_hash=sender_hash, address_hash=address_hash, at=now)
            raise Refusal(
                _(
                    "Several confirmation messages have already been sent to this address today. Follow the "
                    "link in one of them, or try again tomorrow."
                )
            )
        send_confirmation(subscriber, now)
        mailed = True
    SubscribeAttempt.objects.create(sender_hash=sender_hash, address_hash=address_hash, mailed=mailed, at=now)
    return Outcome(subscriber, mailed, added)


def confirm(token, now=None):
    """Confirm the address and every subscription waiting on it; the subscriber, or None for a
    link that names nobody (unsubscribed, or deleted unconfirmed). Safe to repeat."""
    now = now or timezone.now()
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return None
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["confirmed_at"])
    subscriber.subscriptions.filter(confirmed_at=None).update(confirmed_at=now)
    return subscriber


def unsubscribe(token, now=None):
    """Erase the address with everything about it; only a count of the day's departures stays.
    True if there was one to erase; a link used twice does nothing the second time."""
    with transaction.atomic():
        deleted, _by_model = Subscriber.objects.filter(token=token).delete()
        if not deleted:
            return False
        tally, _created = UnsubscribeTally.objects.get_or_create(day=timezone.localdate(now or timezone.now()))
        UnsubscribeTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
    return True


def remove_subscription(subscriber, subscription_id, now=None):
    """Stop one subscription; the address itself is erased when it follows nothing any more.
    True when the address was erased."""
    subscriber.subscriptions.filter(pk=subscription_id).delete()
    if not subscriber.subscriptions.exists():
        return unsubscribe(subscriber.token, now)
    return False


def purge(now=None):
    """Delete addresses never confirmed, subscriptions left unconfirmed, and old rate-limit
    records; (addresses, subscriptions) deleted. Run daily by `send_digests`."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=UNCONFIRMED_DAYS)
    _total, deleted = Subscriber.objects.filter(confirmed_at=None, created_at__lt=cutoff).delete()
    addresses = deleted.get(Subscriber._meta.label, 0)
    waiting, _by_model = Subscription.objects.filter(confirmed_at=None, created_at__lt=cutoff).delete()
    SubscribeAttempt.objects.filter(at__lt=now - datetime.timedelta(days=ATTEMPTS_KEPT_DAYS)).delete()
    return addresses, waiting


# --- Messages ---------------------------------------------------------------------------


def link(name, subscriber):
    return public_url(reverse(f"subscriptions:{name}", args=[subscriber.token]))


def _send(subscriber, subject, template, context, html_template=None):
    """One message to the subscriber, with its manage link and one-click unsubscribe (RFC 8058)."""
    unsubscribe_url = link("unsubscribe", subscriber)
    context = {
        **context,
        "subscriber": subscriber,
        "manage_url": link("manage", subscriber),
        "unsubscribe_url": unsubscribe_url,
        "site_url": public_url("/"),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(template, context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    if html_template:
        message.attach_alternative(render_to_string(html_template, context), "text/html")
    message.send()


def send_confirmation(subscriber, now=None):
    with translation.override(settings.LANGUAGE_CODE):
        waiting = list(
            subscriber.subscriptions.filter(confirmed_at=None).select_related("sector", "area", "agency", "page")
        )
        _send(
            subscriber,
            _("Confirm your subscription to news from the consultation portal"),
            "subscriptions/email/confirm.txt",
            {
                "waiting": waiting,
                "confirm_url": link("confirm", subscriber),
                "days": UNCONFIRMED_DAYS,
                "frequency": subscriber.get_frequency_display(),
            },
        )
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=now or timezone.now())


# --- When a digest is due -----------------------------------------------------------------


def latest_slot(frequency, now):
    """The latest moment at or before `now` at which a digest of this frequency goes out:
    07:00 site time every day, or on Mondays at 07:00 for a weekly digest."""
    local = timezone.localtime(now)
    slot = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if frequency == Subscriber.Frequency.WEEKLY:
        slot -= datetime.timedelta(days=(local.weekday() - WEEKLY_DAY) % 7)
    if slot > local:
        slot -= datetime.timedelta(days=7 if frequency == Subscriber.Frequency.WEEKLY else 1)
    return slot


def is_due(subscriber, now):
    """Confirmed, and a digest time has come since the last digest (or since confirming)."""
    if subscriber.confirmed_at is None:
        return False
    last = subscriber.last_digest_at or subscriber.confirmed_at
    return latest_slot(subscriber.frequency, now) > last


def due_subscribers(now):
    return [s for s in Subscriber.objects.exclude(confirmed_at=None).order_by("pk") if is_due(s, now)]


# --- What a digest holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    url: str
    detail: str = ""


EVENTS = [
    ("opened", gettext_lazy("Drafts newly open for comment")),
    ("closing", gettext_lazy("Consultations closing within 3 days")),
    ("report", gettext_lazy("Response reports published")),
    ("dialogue", gettext_lazy("Dialogues announced")),
    ("conclusions", gettext_lazy("Dialogue conclusions published")),
    ("done", gettext_lazy("Commitments done")),
    ("overdue", gettext_lazy("Commitments overdue")),
]


def _matches(subscription, prefix, areas, dialogue):
    """A Q object: records under `prefix` (a policy's or, `dialogue`, a dialogue's fields) the
    subscription follows. Both have `sectors` and `areas`; who they belong to differs: a draft
    its drafting and issuing agencies, a dialogue its organiser and the agencies present."""
    p = prefix
    kind = subscription.kind
    if kind == Subscription.Kind.SECTOR:
        return Q(**{f"{p}sectors": subscription.sector_id})
    if kind == Subscription.Kind.AREA:
        return Q(**{f"{p}areas__in": areas[subscription.area_id]})
    if kind == Subscription.Kind.PAGE:
        return Q(**{f"{p}pk": subscription.page_id})
    if not dialogue:
        return Q(drafting_agency=subscription.agency_id) | Q(issuing_agency=subscription.agency_id)
    return Q(**{f"{p}agency": subscription.agency_id}) | Q(**{f"{p}agencies_present": subscription.agency_id})


def _any(subscriptions, prefix, areas, since, dialogue=False):
    """A Q object: records any of the subscriptions follows, each from its own confirmation on
    (`since(subscription)` gives that subscription's own condition)."""
    q = Q(pk__in=[])
    for subscription in subscriptions:
        q |= _matches(subscription, prefix, areas, dialogue) & since(subscription)
    return q


def _public(model):
    return model.objects.live().exclude(private_q())


def _date(value):
    return formats.date_format(
        timezone.localtime(value) if isinstance(value, datetime.datetime) else value, "SHORT_DATE_FORMAT"
    )


@dataclass(frozen=True)
class Digest:
    """`sections`: [(event label, [Item])], the events with something new; `also_sent`: keys
    logged with them though not listed (a draft's closing, told with its opening)."""

    sections: list
    also_sent: list

    @property
    def count(self):
        return sum(len(items) for _label, items in self.sections)

    @property
    def keys(self):
        return [item.key for _label, items in self.sections for item in items] + self.also_sent


def digest_items(subscriber, now=None):
    """The `Digest` of what was not yet sent to the subscriber, from live public pages only,
    matching its confirmed subscriptions; an event with nothing new is left out."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    subscriptions = list(subscriber.subscriptions.exclude(confirmed_at=None))
    if not subscriptions:
        return Digest([], [])
    links = merger_links()  # read once, not once per area followed
    areas = {s.area_id: covered_area_ids([s.area_id], links) for s in subscriptions if s.area_id}
    sent = set(subscriber.sent_items.values_list("key", flat=True))

    def policies(since):
        matching = PolicyPage.objects.filter(_any(subscriptions, "", areas, since)).values("pk")
        return _public(PolicyPage).filter(pk__in=matching).select_related("response_report", "document_type")

    def dialogues(since):
        matching = DialoguePage.objects.filter(_any(subscriptions, "", areas, since, dialogue=True)).values("pk")
        return _public(DialoguePage).filter(pk__in=matching)

    rules = ConsultationSettings.load()
    items = {event: [] for event, _label in EVENTS}
    newly_open = policies(
        lambda s: Q(consultation_opens_at__gte=s.confirmed_at) | Q(first_published_at__gte=s.confirmed_at)
    ).filter(status_filter(Status.OPEN, now, 0))
    for policy in newly_open.order_by("consultation_closes_at", "pk"):
        consultation = policy.consultation_for(rules)
        detail = _("%(days)s days left, until %(date)s") % {
            "days": consultation.days_left_at(now),
            "date": _date(consultation.closes_at),
        }
        items["opened"].append(Item(f"opened:{policy.pk}", policy.title, policy.full_url, detail))
    opening_now = {item.key.removeprefix("opened:") for item in items["opened"] if item.key not in sent}
    also_sent = []
    closing = policies(lambda s: Q()).filter(closing_within_filter(now, CLOSING_WITHIN_DAYS))
    for policy in closing.order_by("consultation_closes_at", "pk"):
        detail = _("closes on %(date)s") % {"date": _date(policy.consultation_closes_at)}
        key = f"closing:{policy.pk}"
        if str(policy.pk) in opening_now:
            # A draft told as newly open (with its days left) is not listed again as closing.
            also_sent.append(key)
        else:
            items["closing"].append(Item(key, policy.title, policy.full_url, detail))
    reported = policies(lambda s: Q(response_report__published_at__gte=s.confirmed_at)).filter(
        response_report__published_at__lte=now
    )
    for policy in reported.order_by("response_report__published_at", "pk"):
        url = policy.full_url + policy.reverse_subpage("response_report_page").lstrip("/")
        detail = _("published on %(date)s") % {"date": _date(policy.response_report.published_at)}
        items["report"].append(Item(f"report:{policy.pk}", policy.title, url, detail))
    announced = dialogues(lambda s: Q(first_published_at__gte=s.confirmed_at)).filter(held_at__gt=now)
    for dialogue in announced.order_by("held_at", "pk"):
        detail = _("to be held on %(date)s") % {"date": _date(dialogue.held_at)}
        if dialogue.place:
            detail += f", {dialogue.place}"
        items["dialogue"].append(Item(f"dialogue:{dialogue.pk}", dialogue.title, dialogue.full_url, detail))
    concluded = (
        dialogues(lambda s: Q(last_published_at__gte=s.confirmed_at)).filter(held_at__lte=now).exclude(conclusions="")
    )
    for dialogue in concluded.order_by("held_at", "pk"):
        detail = _("held on %(date)s") % {"date": _date(dialogue.held_at)}
        items["conclusions"].append(Item(f"conclusions:{dialogue.pk}", dialogue.title, dialogue.full_url, detail))

    def commitments(since):
        condition = _any(subscriptions, "dialogue__", areas, since, dialogue=True)
        for subscription in subscriptions:
            if subscription.kind == Subscription.Kind.AGENCY:
                condition |= Q(agency=subscription.agency_id) & since(subscription)
        matching = Commitment.objects.filter(condition).values("pk")
        return Commitment.objects.public().filter(pk__in=matching).select_related("dialogue")

    done = commitments(lambda s: Q(done_on__gte=timezone.localdate(s.confirmed_at))).filter(
        status=Commitment.Status.DONE
    )
    for commitment in done.order_by("done_on", "pk"):
        detail = _("done on %(date)s (deadline %(deadline)s)") % {
            "date": _date(commitment.done_on),
            "deadline": _date(commitment.deadline),
        }
        items["done"].append(Item(f"done:{commitment.pk}", commitment.text, commitment.dialogue.full_url, detail))
    # Overdue from the day after its deadline: those that became overdue since the subscription.
    overdue = commitments(
        lambda s: Q(deadline__gte=timezone.localdate(s.confirmed_at) - datetime.timedelta(days=1))
    ).overdue_on(today)
    for commitment in overdue.order_by("deadline", "pk"):
        detail = _("deadline %(deadline)s") % {"deadline": _date(commitment.deadline)}
        if commitment.agency_id:
            detail += f", {commitment.agency}"
        items["overdue"].append(Item(f"overdue:{commitment.pk}", commitment.text, commitment.dialogue.full_url, detail))
    sections = [(label, [item for item in items[event] if item.key not in sent]) for event, label in EVENTS]
    return Digest([(label, section) for label, section in sections if section], also_sent)


# --- Sending ------------------------------------------------------------------------------


def deliver_digest(subscriber_id, now=None):
    """Send the subscriber its digest if it is due and has something new; the number of items
    sent (0: nothing sent). Every item sent is logged so that it is never sent again; a digest
    with nothing new is not sent, but counts as considered."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or not is_due(subscriber, now):
            return 0
        digest = digest_items(subscriber, now)
        count = digest.count
        if count:
            with translation.override(settings.LANGUAGE_CODE):
                _send(
                    subscriber,
                    _("News from the consultation portal, %(date)s") % {"date": _date(now)},
                    "subscriptions/email/digest.txt",
                    {"sections": digest.sections, "count": count, "date": _date(now)},
                    html_template="subscriptions/email/digest.html",
                )
            SentItem.objects.bulk_create(
                [SentItem(subscriber=subscriber, key=key, sent_at=now) for key in digest.keys], ignore_conflicts=True
            )
        subscriber.last_digest_at = now
        subscriber.save(update_fields=["last_digest_at"])
    return count


@task
def send_digest(subscriber_id, at):
    """The digest of one subscriber for the moment `at` (ISO 8601) the command considered."""
    return deliver_digest(subscriber_id, datetime.datetime.fromisoformat(at))


def send_due_digests(now=None):
    """Enqueue one task per subscriber whose digest is due; how many were enqueued."""
    now = now or timezone.now()
    due = due_subscribers(now)
    for subscriber in due:
        send_digest.enqueue(subscriber.pk, now.isoformat())
    return len(due)


def page_target(page_id):
    """The live public draft or dialogue with this id one may subscribe to, or None."""
    page = Page.objects.live().exclude(private_q()).filter(pk=page_id).first()
    if page is None:
        return None
    page = page.specific
    return page if isinstance(page, (PolicyPage, DialoguePage)) else None
