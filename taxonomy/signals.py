"""An agency saved in the admin, by the archive importer or by setup_site gets its groups,
permissions and collection at once (taxonomy.roles)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Agency
from .roles import sync_agency, sync_workflow


@receiver(post_save, sender=Agency, dispatch_uid="taxonomy.sync_agency_roles")
def keep_agency_roles_in_step(sender, instance, raw=False, **kwargs):
    if raw:  # loading a fixture: the command brings everything in step afterwards
        return
    sync_workflow([])
    sync_agency(instance)
