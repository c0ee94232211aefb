import factory

from django.utils import timezone

from subscriptions.models import CONSENT_VERSION, Subscriber, Subscription


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber; `confirmed_at=None` for one still waiting."""

    email = factory.Sequence(lambda n: f"nguoi-dan-{n}@example.com")
    frequency = Subscriber.Frequency.DAILY
    consent_at = factory.LazyFunction(timezone.now)
    consent_version = CONSENT_VERSION
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber


def follow(subscriber, target, confirmed_at="subscriber"):
    """A subscription of `subscriber` to a Sector, Area, Agency or page, confirmed when the
    subscriber was (or at `confirmed_at`)."""
    kind = {"Sector": "sector", "Area": "area", "Agency": "agency"}.get(type(target).__name__, "page")
    when = subscriber.confirmed_at if confirmed_at == "subscriber" else confirmed_at
    return Subscription.objects.create(subscriber=subscriber, kind=kind, confirmed_at=when, **{kind: target})
