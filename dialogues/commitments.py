"""Dialogue commitments: what leaders promised, by when, and whether it was done.

Overdue is computed (deadline passed, not done), never typed; status changes are recorded with
their date so that "done on time" can be told from the records.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, Page

from core.pages import private_q


def overdue_on(day):
    """A Q object: past the deadline on `day` and neither done nor declared impossible (with its reason)."""
    return Q(deadline__lt=day) & ~Q(status__in=Commitment.CLOSED)


def due_between(first, last):
    """A Q object: still awaited, with a deadline from `first` to `last`, both days included."""
    return Q(deadline__gte=first, deadline__lte=last) & ~Q(status__in=Commitment.CLOSED)


class CommitmentQuerySet(models.QuerySet):
    def overdue_on(self, day):
        return self.filter(overdue_on(day))

    def due_between(self, first, last):
        return self.filter(due_between(first, last))

    def overdue_and_due(self, today, last, count):
        """([overdue on `today`], [due from `today` to `last`]), the first `count` of each by
        deadline: one query (a window function numbers each list)."""
        overdue = overdue_on(today)
        rows = list(
            self.filter(overdue | due_between(today, last))
            .annotate(
                listed_overdue=Case(When(overdue, then=Value(True)), default=Value(False)),
                position=Window(RowNumber(), partition_by=[F("listed_overdue")], order_by=[F("deadline"), F("pk")]),
            )
            .filter(position__lte=count)
            .order_by("deadline", "pk")
        )
        return [c for c in rows if c.listed_overdue], [c for c in rows if not c.listed_overdue]

    def answerable_by(self, agency):
        """The commitments `agency` answers for: those naming it as responsible, and those naming
        none at a dialogue it organised (as the scorecard counts them)."""
        return self.filter(Q(agency=agency) | Q(agency__isnull=True, dialogue__agency=agency))

    def public(self):
        """Commitments of published dialogues that anyone may read (no login or password)."""
        return self.filter(dialogue__in=Page.objects.live().exclude(private_q()))


class Commitment(Orderable):
    """A promise made at a dialogue, edited on the dialogue page."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANNOT_BE_DONE = "cannot_be_done", _("cannot be done")

    dialogue = ParentalKey("dialogues.DialoguePage", on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField(_("what was promised"))
    agency = models.ForeignKey(
        "taxonomy.Agency", verbose_name=_("responsible agency"), null=True, blank=True, on_delete=models.PROTECT
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    reason = models.TextField(
        _("why it cannot be done"), blank=True, help_text=_("Required when the commitment cannot be done.")
    )
    # A commitment in one of these states is no longer awaited: it cannot be overdue.
    CLOSED = (Status.DONE, Status.CANNOT_BE_DONE)

    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True, editable=False)
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)

    objects = CommitmentQuerySet.as_manager()

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("agency"), FieldPanel("deadline")]),
        FieldPanel("status"),
        FieldPanel("reason"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.status == self.Status.CANNOT_BE_DONE and not self.reason.strip():
            raise ValidationError({"reason": _("Say why the commitment cannot be done.")})

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def cannot_be_done(self):
        return self.status == self.Status.CANNOT_BE_DONE

    @property
    def done_late(self):
        """Done, but after its deadline."""
        return self.is_done and self.done_on is not None and self.done_on > self.deadline

    def is_overdue_on(self, day):
        return self.deadline < day and self.status not in self.CLOSED

    @property
    def is_overdue(self):
        return self.is_overdue_on(timezone.localdate())

    @property
    def done_on_time(self):
        return self.status == self.Status.DONE and self.done_on is not None and self.done_on <= self.deadline

    def save(self, *args, **kwargs):
        previous = None
        if self.pk:
            previous = Commitment.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        changed = previous != self.status
        today = timezone.localdate()
        if changed:
            self.status_changed_on = today
            self.done_on = today if self.status == self.Status.DONE else None
        super().save(*args, **kwargs)
        if changed:
            CommitmentStatusChange.objects.create(commitment=self, status=self.status, changed_on=today)


class CommitmentStatusChange(models.Model):
    """The history of a commitment's status, one row per change, dated."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=Commitment.Status.choices)
    changed_on = models.DateField(_("changed on"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("status change")

    def __str__(self):
        return f"{self.changed_on:%d/%m/%Y}: {self.get_status_display()}"


class CommitmentUpdate(models.Model):
    """A dated report of progress on a commitment, with optional evidence."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"), default=datetime.date.today)
    text = models.TextField(_("progress"))
    evidence = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("evidence (document)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("commitment"), FieldPanel("date"), FieldPanel("text"), FieldPanel("evidence")]

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.text[:60]}"

    def search_page(self):
        """Progress is findable on the dialogue's page (core.searchable)."""
        return self.commitment.dialogue


def on_time_share_by_agency(commitments, today):
    """Per agency: commitments due (deadline passed, or done), done on time, and the share.

    [(agency name, due, done on time, share as a whole percentage)], highest share first.
    """
    # A commitment naming no agency is its dialogue's organiser's (CommitmentQuerySet.answerable_by).
    rows = (
        commitments.annotate(answerable=Coalesce("agency__name", "dialogue__agency__name"))
        .exclude(answerable=None)
        .values("answerable")
        .annotate(
            due=Count("pk", filter=Q(deadline__lt=today) | Q(status=Commitment.Status.DONE)),
            on_time=Count("pk", filter=Q(status=Commitment.Status.DONE, done_on__lte=F("deadline"))),
        )
        .filter(due__gt=0)
        .order_by("answerable")
    )
    result = [(row["answerable"], row["due"], row["on_time"], round(100 * row["on_time"] / row["due"])) for row in rows]
    return sorted(result, key=lambda row: (-row[3], row[0]))


def summary(commitments, today):
    """Counts of `commitments` (any iterable) by what became of them, as of `today`."""
    commitments = list(commitments)
    return {
        "total": len(commitments),
        "done": sum(c.is_done for c in commitments),
        "done_on_time": sum(c.done_on_time for c in commitments),
        "in_progress": sum(c.status == Commitment.Status.IN_PROGRESS for c in commitments),
        "not_started": sum(c.status == Commitment.Status.NOT_STARTED for c in commitments),
        "cannot_be_done": sum(c.cannot_be_done for c in commitments),
        "overdue": sum(c.is_overdue_on(today) for c in commitments),
    }
