"""The participation engine's records: comments, the response report, and the rules.

Comments belong to any page that takes them (see `consultations.pages.CommentablePage`); this
app knows those pages only through that contract.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core import prepared, shellcache
from core.memo import once_per_request

from .masking import mask_personal_numbers


@register_setting(icon="time")
class ConsultationSettings(BaseGenericSetting):
    """Rules of consultation that the province sets and may change without a release.

    The 2025 law's minimum comment periods are not settled here, so each document type may set
    its own minimum (`taxonomy.DocumentType.minimum_days`); types without one use the default.
    """

    default_minimum_days = models.PositiveSmallIntegerField(
        _("default minimum length (days)"),
        default=30,
        help_text=_("For document types without a minimum of their own (Taxonomies → Document types)."),
    )
    response_limit_days = models.PositiveSmallIntegerField(
        _("days allowed to publish the response"),
        default=30,
        help_text=_("After this many days from closing without a published response, it is overdue."),
    )
    contact_retention_days = models.PositiveSmallIntegerField(
        _("days to keep commenters' contact details"),
        default=90,
        help_text=_("Counted from the publication of the response report."),
    )

    panels = [
        FieldPanel("default_minimum_days"),
        FieldPanel("response_limit_days"),
        FieldPanel("contact_retention_days"),
    ]

    class Meta:
        verbose_name = _("consultation rules")

    @classmethod
    def load(cls, request_or_site=None):
        """The rules, read once per request whoever asks (core.memo), and kept between requests
        while the site does not change (saving them bumps it: core.shellcache)."""
        return once_per_request(
            ("setting", cls._meta.label),
            lambda: shellcache.kept(("setting", cls._meta.label), lambda: cls._read(request_or_site)),
        )

    @classmethod
    def _read(cls, request_or_site):
        """Wagtail's `load` (created when missing), its query compiled once per process
        (core.prepared)."""
        found = prepared.run(("setting", cls._meta.label), lambda: cls.base_queryset().order_by("pk")[:1])
        return found[0] if found else super().load(request_or_site)

    def minimum_days_for(self, document_type):
        """The shortest window for a draft of this `taxonomy.DocumentType` (or None): the
        type's own minimum, else the default."""
        if document_type is not None and document_type.minimum_days is not None:
            return document_type.minimum_days
        return self.default_minimum_days


class PublicNameRule:
    """Who spoke, as the public sees them: by name only if they asked, otherwise by area. From
    `display_name`, `show_name`, `area_id` and `area` (anything with a `name`)."""

    @property
    def public_name(self):
        # A name is published text like any other: a phone number typed into it is masked too.
        name = mask_personal_numbers(self.display_name).strip() if self.show_name else ""
        if name:
            return name
        # Translated now, in the reader's language (not lazily: a page shows hundreds of names).
        if self.area_id:
            return gettext("Citizen in %(area)s") % {"area": self.area.name}
        return gettext("Citizen")


class PublicIdentity(PublicNameRule, models.Model):
    """Who spoke: a name shown only with consent, and an area (PublicNameRule)."""

    display_name = models.CharField(_("name"), max_length=100, blank=True)
    show_name = models.BooleanField(_("show my name"), default=False)
    area = models.ForeignKey("taxonomy.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        abstract = True


# A receipt code is read out on the phone to the agency, in Vietnamese: digits and the letters of
# the Vietnamese alphabet (no F, J, W, Z, which have no Vietnamese name), less those taken for
# others when heard or written (0/O, 1/I/L, U/V): 26 signs, 8 of them, 26^8 ≈ 2·10^11 codes.
RECEIPT_ALPHABET = "23456789ABCDEGHKMNPQRSTVXY"
RECEIPT_CODE_LENGTH = 8


def new_receipt_code():
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_CODE_LENGTH))


def new_receipt_token():
    """The secret of a receipt's private link: 24 random bytes, 32 characters safe in a URL."""
    return secrets.token_urlsafe(24)


def group_receipt_code(code):
    """A code as it is shown and read out: two groups of four, "K7QM-4TZP"."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_receipt_code(text):
    """A code as typed or heard ("k7qm 4tzp", "K7QM-4TZP") as it is stored ("K7QM4TZP")."""
    return "".join(ch for ch in str(text).upper() if ch.isalnum())


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Comment.State.PUBLISHED)

    def pending(self):
        return self.filter(state=Comment.State.PENDING)


class PublishedCommentRules(PublicNameRule):
    """What the public sees of a comment, from its columns alone: shared by `Comment` and the
    lighter `consultations.services.PreviewComment` a draft's page shows under each section."""

    @property
    def date_received(self):
        return self.received_on or timezone.localdate(self.submitted_at)

    @property
    def public_name(self):
        """A person's name only with their consent; a sending organisation's name always."""
        organisation = mask_personal_numbers(self.sender_organisation).strip()
        name = mask_personal_numbers(self.display_name).strip() if self.show_name else ""
        if organisation and name:
            return f"{name} ({organisation})"
        return organisation or super().public_name

    @property
    def came_offline(self):
        """Whether it reached the agency some other way than this website (shown in public)."""
        return self.channel != Comment.Channel.WEBSITE

    @cached_property
    def public_body(self):
        """The comment as published: phone and citizen ID numbers masked, direction controls removed."""
        return mask_personal_numbers(self.body)

    @property
    def public_response(self):
        return mask_personal_numbers(self.response_text)

    @property
    def has_response(self):
        return bool(self.response_outcome)

    @property
    def anchor(self):
        return f"y-kien-{self.pk}"


class Comment(PublishedCommentRules, PublicIdentity):
    """A citizen's comment on a draft policy, on the whole text or on one section.

    Nothing is public before an editor approves it. The commenter's contact details are private:
    they are used only to send the agency's answer, and erased after the retention period.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("not published")

    class RejectionReason(models.TextChoices):
        SPAM = "spam", _("spam or advertising")
        OFFENSIVE = "offensive", _("offensive language")
        OFF_TOPIC = "off_topic", _("not about this draft")
        PERSONAL_DATA = "personal_data", _("contains personal data")
        DUPLICATE = "duplicate", _("duplicate")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted, with explanation")

    class Channel(models.TextChoices):
        """How the comment reached the agency. Every comment but the website's was typed in by an
        editor (`entered_by`) from what came by another way (services.enter_offline_comment)."""

        WEBSITE = "website", pgettext_lazy("comment channel", "website")
        MEETING = "meeting", pgettext_lazy("comment channel", "meeting")
        LETTER = "letter", pgettext_lazy("comment channel", "letter")
        HOTLINE = "hotline", pgettext_lazy("comment channel", "hotline")
        ZALO = "zalo", pgettext_lazy("comment channel", "Zalo")
        FATHERLAND_FRONT = "fatherland_front", pgettext_lazy("comment channel", "Fatherland Front")
        OTHER = "other", pgettext_lazy("comment channel", "other")

    # A draft policy, or a dialogue taking questions in advance: any page with a `consultation`.
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="public_comments"
    )
    # The StreamField block id of the section: stable across revisions of the draft.
    section_id = models.CharField(_("section"), max_length=64, blank=True, db_index=True)
    section_title = models.CharField(_("section title"), max_length=300, blank=True)
    body = models.TextField(pgettext_lazy("citizen comment", "comment"))
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # A keyed hash of the sender's address, for rate limits; never the address itself.
    sender_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    state = models.CharField(
        _("moderation"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    rejection_reason = models.CharField(
        _("reason not published"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    response_outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    response_text = models.TextField(_("response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    # Set when the answer is changed after the response report was published: readers are told.
    response_edited_at = models.DateTimeField(_("answer edited at"), null=True, blank=True)
    response_agency = models.ForeignKey(
        "taxonomy.Agency",
        verbose_name=_("responding agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_erased_at = models.DateTimeField(_("contact details erased at"), null=True, blank=True)
    channel = models.CharField(
        _("received through"), max_length=20, choices=Channel.choices, default=Channel.WEBSITE, db_index=True
    )
    # The day the agency received it: for the website, the day it was sent, set on save. (Empty
    # only for rows written with bulk_create, which skips save: `date_received` falls back.)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    # An organisation that sent the comment (e.g. a commune's Fatherland Front committee): the
    # name of a body, not of a person, so it is published without anyone's consent.
    sender_organisation = models.CharField(_("sending organisation"), max_length=200, blank=True)
    # Comments that did not come through the website: who typed it in (for audit, never public),
    # and the scanned letter or minutes (a private document, erased with the contact details).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scan = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("scanned document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer_emailed_at = models.DateTimeField(_("answer e-mailed at"), null=True, blank=True)
    # The receipt (consultations.receipts): a short code the citizen reads out to the agency, which
    # finds the comment by it, and the secret of the private link to the receipt page. The code
    # is short enough to guess, so it opens nothing by itself; only the link's token does. The
    # token is kept as it is, not hashed: every later e-mail (published, not published, answered)
    # carries the link again, so the site must be able to write it; and the page it opens shows
    # less than this very row holds in clear (never the contact details), so a hash would protect
    # nothing a stolen database does not already give away.
    receipt_code = models.CharField(
        _("receipt code"), max_length=RECEIPT_CODE_LENGTH, unique=True, default=new_receipt_code, editable=False
    )
    receipt_token = models.CharField(max_length=64, unique=True, default=new_receipt_token, editable=False)
    # Each message about a moderation decision goes once (consultations.receipts).
    published_emailed_at = models.DateTimeField(_("publication e-mailed at"), null=True, blank=True)
    rejection_emailed_at = models.DateTimeField(_("refusal e-mailed at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("citizen comment", "comment")
        verbose_name_plural = pgettext_lazy("citizen comment", "comments")
        ordering = ["submitted_at", "pk"]
        permissions = [
            ("moderate_comment", _("Can moderate and answer comments")),
            ("add_offline_comment", _("Can enter comments received outside the website")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(rejection_reason=""),
                name="rejected_comment_has_a_reason",
            )
        ]
        indexes = [
            # A draft's page shows the first published comments of each section
            # (consultations.services.comments_preview): read from here, a few per section.
            models.Index(
                fields=["page", "section_id", "submitted_at", "id"],
                condition=models.Q(state="published"),
                name="comment_published_in_section",
            )
        ]

    def __str__(self):
        return f"{self.public_name}: {self.body[:60]}"

    def save(self, *args, **kwargs):
        if self.received_on is None or self.channel == self.Channel.WEBSITE:
            received_on = timezone.localdate(self.submitted_at)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and received_on != self.received_on:
                kwargs["update_fields"] = {*update_fields, "received_on"}
            self.received_on = received_on
        super().save(*args, **kwargs)

    @property
    def receipt_code_display(self):
        return group_receipt_code(self.receipt_code)

    def search_page(self):
        """The page whose search text holds this comment once published (core.searchable)."""
        return self.page

    @property
    def shown_in_search(self):
        """Whether the page's search text holds this comment (only published ones)."""
        return self.state == self.State.PUBLISHED

    @staticmethod
    def hash_sender(address):
        return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


class ResponseReport(models.Model):
    """The agency's published answer to a consultation: when, by whom, with what introduction."""

    # A page that takes comments and publishes what it did with them (a draft policy).
    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="response_report",
        verbose_name=_("page"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response report")
        verbose_name_plural = _("response reports")

    def __str__(self):
        return str(self.page)

    def search_page(self):
        """Publishing the report changes the page's status in search (core.searchable)."""
        return self.page
