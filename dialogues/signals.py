"""What makes cached pages stale in the dialogues (core.pagecache): a commitment, its status
history or a progress update saved shows on its dialogue's page, the tracker and the home page.
A dialogue that takes questions stops taking them when it is held: a change by the clock."""

from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import pagecache

from .models import Commitment, CommitmentStatusChange, CommitmentUpdate, DialoguePage


def _bump_dialogue(dialogue_id):
    pagecache.bump(pagecache.page_tag(dialogue_id), pagecache.LISTINGS)


@receiver(post_save, sender=Commitment, dispatch_uid="dialogues.pagecache.commitment_saved")
@receiver(post_delete, sender=Commitment, dispatch_uid="dialogues.pagecache.commitment_deleted")
def commitment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _bump_dialogue(instance.dialogue_id)


@receiver(post_save, sender=CommitmentUpdate, dispatch_uid="dialogues.pagecache.update_saved")
@receiver(post_delete, sender=CommitmentUpdate, dispatch_uid="dialogues.pagecache.update_deleted")
@receiver(post_save, sender=CommitmentStatusChange, dispatch_uid="dialogues.pagecache.status_saved")
def commitment_record_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    dialogue_id = Commitment.objects.filter(pk=instance.commitment_id).values_list("dialogue_id", flat=True).first()
    if dialogue_id is not None:
        _bump_dialogue(dialogue_id)


def next_dialogue_held(now):
    """The next instant a live dialogue taking questions in advance is held (and stops taking them)."""
    return (
        DialoguePage.objects.live().filter(accepts_questions=True, held_at__gt=now).aggregate(at=Min("held_at"))["at"]
    )


pagecache.register_clock(next_dialogue_held)
