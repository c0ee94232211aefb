"""What makes cached pages stale, for what the core app knows: pages and the site's settings.

Each app wires its own records the same way (consultations, dialogues, taxonomy `signals.py`).
Every bump runs after the transaction commits (core.pagecache.bump).
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache
from .models import SiteSettings


def page_changed_tags(page, shape_changed):
    """A page published shows anew on itself and in the listings; the menus (and so every
    page) show it too when it is in them, or was (a section under the home page taken out of
    the menu), and the footer when it links to it. Unpublished, moved or deleted, links to it
    from anywhere change: the whole site."""
    tags = [pagecache.page_tag(page), pagecache.LISTINGS]
    if shape_changed or page.show_in_menus or page.depth <= 3 or _in_footer(page):
        tags.append(pagecache.SITE)
    return tags


def _in_footer(page):
    return SiteSettings.objects.filter(Q(privacy_page=page.pk) | Q(accessibility_page=page.pk)).exists()


@receiver(page_published, dispatch_uid="core.pagecache.page_published")
def page_published_changes_cache(sender, instance, **kwargs):
    pagecache.bump(*page_changed_tags(instance, shape_changed=False))


@receiver(page_unpublished, dispatch_uid="core.pagecache.page_unpublished")
def page_unpublished_changes_cache(sender, instance, **kwargs):
    pagecache.bump(*page_changed_tags(instance, shape_changed=True))


@receiver(post_page_move, dispatch_uid="core.pagecache.page_moved")
def page_moved_changes_cache(sender, instance, **kwargs):
    pagecache.bump(*page_changed_tags(instance, shape_changed=True))


@receiver(post_delete, sender=Page, dispatch_uid="core.pagecache.page_deleted")
def page_deleted_changes_cache(sender, instance, **kwargs):
    pagecache.bump(*page_changed_tags(instance, shape_changed=True))


@receiver(post_save, sender=SiteSettings, dispatch_uid="core.pagecache.site_settings_saved")
@receiver(post_save, sender=Site, dispatch_uid="core.pagecache.site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="core.pagecache.site_deleted")
def site_changed(sender, raw=False, **kwargs):
    if not raw:
        pagecache.bump(pagecache.SITE)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="core.pagecache.restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="core.pagecache.restriction_deleted")
def restriction_changed(sender, raw=False, **kwargs):
    # A page put behind a password (or freed from one) leaves (or joins) every listing, and its
    # sub-pages with it: the whole site.
    if not raw:
        pagecache.bump(pagecache.SITE)


@receiver(post_save, sender=get_document_model(), dispatch_uid="core.pagecache.document_saved")
@receiver(post_delete, sender=get_document_model(), dispatch_uid="core.pagecache.document_deleted")
def document_changed(sender, raw=False, **kwargs):
    # A document's title and file show wherever a page links to it (a draft's attachments):
    # documents change seldom, so the whole site.
    if not raw:
        pagecache.bump(pagecache.SITE)
