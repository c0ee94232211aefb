"""What makes cached pages stale in the participation engine (core.pagecache).

Moderation (`services.approve`, `reject`, `respond`, single or in bulk) saves each comment, so
these receivers see every decision; they bump once per transaction, after it commits.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import pagecache

from .models import Comment, ConsultationSettings, ResponseReport


@receiver(post_save, sender=Comment, dispatch_uid="consultations.pagecache.comment_saved")
def comment_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    # A comment just sent awaits moderation: nothing a reader sees changes but the "received"
    # counts, which catch up within PAGE_CACHE_SECONDS. Bumping here would empty the cache of a
    # draft being commented on every few seconds, just when it is most read.
    if created and instance.state == Comment.State.PENDING:
        return
    pagecache.bump(pagecache.page_tag(instance.page_id), pagecache.LISTINGS)


@receiver(post_delete, sender=Comment, dispatch_uid="consultations.pagecache.comment_deleted")
@receiver(post_save, sender=ResponseReport, dispatch_uid="consultations.pagecache.report_saved")
@receiver(post_delete, sender=ResponseReport, dispatch_uid="consultations.pagecache.report_deleted")
def page_record_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pagecache.bump(pagecache.page_tag(instance.page_id), pagecache.LISTINGS)


@receiver(post_save, sender=ConsultationSettings, dispatch_uid="consultations.pagecache.rules_saved")
def rules_changed(sender, raw=False, **kwargs):
    # The response limit decides what is overdue on every draft and listing.
    if not raw:
        pagecache.bump(pagecache.SITE)
