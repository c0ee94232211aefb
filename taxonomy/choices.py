from django.db import models
from django.utils.translation import gettext_lazy as _


class GovernmentLevel(models.TextChoices):
    """The level a dialogue is held at, or a model story recognised at.

    Districts were abolished on 1 July 2025; archive records from before keep their level.
    """

    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")
    AGENCY = "agency", _("agency")
