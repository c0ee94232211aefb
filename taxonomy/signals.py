"""An agency saved in the admin, by the archive importer or by setup_site gets its groups,
permissions and collection at once (taxonomy.roles); a deleted one takes its groups with it.

Any taxonomy changed (a name, a unit merged, a document type's minimum) shows on pages, filters
and listings everywhere: cached pages of the whole site go stale (core.pagecache).
"""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from core import pagecache

from .models import Agency, Area, DocumentType, Sector
from .roles import sync_agency, sync_workflow


@receiver(post_save, sender=Agency, dispatch_uid="taxonomy.sync_agency_roles")
def keep_agency_roles_in_step(sender, instance, raw=False, **kwargs):
    if raw:  # loading a fixture: the command brings everything in step afterwards
        return
    sync_workflow([])
    sync_agency(instance)


@receiver(pre_delete, sender=Agency, dispatch_uid="taxonomy.delete_agency_groups")
def delete_agency_groups(sender, instance, **kwargs):
    # The collection stays: it may hold images and documents still in use.
    Group.objects.filter(agency_role__agency=instance).delete()


def taxonomy_changed(sender, raw=False, **kwargs):
    if not raw:
        pagecache.bump(pagecache.SITE)


for _model in (Agency, Sector, Area, DocumentType):
    post_save.connect(taxonomy_changed, sender=_model, dispatch_uid=f"taxonomy.pagecache.{_model.__name__}.saved")
    post_delete.connect(taxonomy_changed, sender=_model, dispatch_uid=f"taxonomy.pagecache.{_model.__name__}.deleted")
