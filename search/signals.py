"""Keep search up to date with what is published beside the pages.

A page is indexed when saved, before its inline children (commitments, questions) are written,
and comments or progress updates change without the page being saved at all; so the page is
indexed again when those settle.
"""

import threading
from contextlib import contextmanager

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import COMMENTS_RELATION_NAME, Page
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail.signals import page_published

from core.searchable import searchable_page_models

from . import documents

# While a bulk import runs, what would be indexed is collected here instead: {model: {pk, …}}.
_deferred = threading.local()


class Reindex:
    """The on-commit callback that indexes one page again, and writes its search document."""

    def __init__(self, page_id):
        self.page_id = page_id

    def __call__(self):
        page = Page.objects.filter(pk=self.page_id).first()
        if page is None:
            return
        page = page.specific
        if page.live:
            index.insert_or_update_object(page)
        documents.refresh([page])


def reindex(page):
    """Index the page again once the current transaction has committed, once per transaction:
    approving fifty comments on one draft indexes the draft once, not fifty times."""
    pending = getattr(_deferred, "pending", None)
    if pending is not None:
        pending.setdefault(page.specific_class, set()).add(page.pk)
        return
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


# Fields Wagtail saves on their own to record drafts, children and locks on a page.
WAGTAIL_BOOKKEEPING = {
    COMMENTS_RELATION_NAME,
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "numchild",
    "locked",
    "locked_at",
    "locked_by",
}


def page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A searchable page's document follows each save (publish, unpublish, edit of the live page)."""
    if raw or getattr(_deferred, "pending", None) is not None:
        return  # collected for indexing in bulk instead
    if update_fields is None:
        # A whole save writes this instance as the page (publishing, creating, importing). Its
        # many-to-many values are written only after this signal, so they are read from it.
        documents.refresh([instance])
    elif set(update_fields) <= WAGTAIL_BOOKKEEPING:
        return  # a draft revision recorded, a child added, a lock: nothing a document holds
    else:
        # A partial save, such as a draft revision being recorded: the instance may hold the
        # unpublished draft, which must never be findable; the live page is what the database has.
        documents.refresh([type(instance).objects.get(pk=instance.pk)])


def _collect(sender, instance, raw=False, **kwargs):
    if not raw:
        _deferred.pending.setdefault(type(instance), set()).add(instance.pk)


@contextmanager
def indexing_deferred(batch_size=500):
    """Index nothing while inside; on leaving, index in bulk what was saved meanwhile.

    For bulk imports: Wagtail indexes each object as it is saved, and its PostgreSQL index
    recomputes the average title length over the whole index after every write, so loading an
    archive one object at a time grows quadratically. Objects whose save was rolled back are not
    found again and so are not indexed. Not for concurrent use: it swaps process-wide signal
    handlers.
    """
    if getattr(_deferred, "pending", None) is not None:
        yield  # already deferred by an outer block, which indexes on leaving
        return
    models = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    _deferred.pending = {}
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(_collect, sender=model)
    try:
        yield
    finally:
        pending, _deferred.pending = _deferred.pending, None
        for model in models:
            post_save.disconnect(_collect, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
    index_in_bulk(pending, batch_size)


def index_in_bulk(pending, batch_size=500):
    """Index {model: pks} with every backend, `batch_size` objects a write."""
    backends = list(get_search_backends(with_auto_update=True))
    searchable = set(searchable_page_models())
    for model, pks in pending.items():
        if not index.class_is_indexed(model):
            continue
        objects = model.get_indexed_objects()
        ordered = sorted(pks)
        for start in range(0, len(ordered), batch_size):
            chunk = list(objects.filter(pk__in=ordered[start : start + batch_size]))
            for backend in backends:
                backend.add_bulk(model, chunk)
            if model in searchable:
                documents.refresh(chunk)


def related_changed(sender, instance, raw=False, created=False, **kwargs):
    """A record published beside a page (a comment, a report, a progress update) changed."""
    if raw:
        return
    # A record that arrives or goes unpublished (a citizen's comment awaiting moderation) changes
    # nothing search holds: indexing the page again for each would cost every submission the
    # price of a page save. A change of state (published, then withdrawn) still reindexes.
    arriving_or_leaving = created or kwargs.get("signal") is post_delete
    if arriving_or_leaving and not getattr(instance, "shown_in_search", True):
        return
    reindex(instance.search_page())


def connect():
    """Follow every searchable page type, and every model that declares the page whose search
    text or facts it is part of (a `search_page()` method, core.searchable; and optionally
    `shown_in_search`, false for a record whose arrival or removal changes nothing search holds)."""
    for model in searchable_page_models():
        post_save.connect(page_saved, sender=model, weak=False)
    for model in apps.get_models():
        if callable(getattr(model, "search_page", None)) and not issubclass(model, Page):
            post_save.connect(related_changed, sender=model, weak=False)
            post_delete.connect(related_changed, sender=model, weak=False)
