"""Keep search up to date with what is published beside the pages.

A page is indexed when saved, before its inline children (commitments, questions) are written,
and comments or progress updates change without the page being saved at all; so the page is
indexed again when those settle.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.search import index
from wagtail.signals import page_published


class Reindex:
    """The on-commit callback that indexes one page again."""

    def __init__(self, page_id):
        self.page_id = page_id

    def __call__(self):
        from wagtail.models import Page

        page = Page.objects.filter(pk=self.page_id).first()
        if page is not None and page.live:
            index.insert_or_update_object(page.specific)


def reindex(page):
    """Index the page again once the current transaction has committed, once per transaction:
    approving fifty comments on one draft indexes the draft once, not fifty times."""
    connection = transaction.get_connection()
    # Django keeps the callbacks waiting for this transaction in run_on_commit; a rollback
    # drops them, so nothing here outlives the transaction.
    if any(
        isinstance(callback, Reindex) and callback.page_id == page.pk for _, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(Reindex(page.pk))


@receiver(page_published)
def reindex_published_page(sender, instance, **kwargs):
    # Only page types whose search text reads their inline children need a second pass.
    if getattr(instance.specific_class, "search_reads_inline_children", False):
        reindex(instance)


def connect():
    from consultations.models import Comment, CommitmentUpdate

    @receiver([post_save, post_delete], sender=Comment, weak=False)
    def comment_changed(sender, instance, **kwargs):
        reindex(instance.page)

    @receiver([post_save, post_delete], sender=CommitmentUpdate, weak=False)
    def update_changed(sender, instance, **kwargs):
        reindex(instance.commitment.dialogue)
