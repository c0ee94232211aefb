from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    """E-mail subscriptions without an account: double opt-in, digests, one-click unsubscribe.

    It reads what the content apps publish (drafts, reports, dialogues, commitments) and is read
    by none of them: pages link to its form by URL name only."""

    name = "subscriptions"
    verbose_name = _("Subscriptions")
