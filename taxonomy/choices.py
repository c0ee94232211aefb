from django.db import models
from django.utils.translation import gettext_lazy as _


class GovernmentLevel(models.TextChoices):
    """The level a dialogue is held at, or a model story recognised at."""

    PROVINCE = "province", _("province")
    COMMUNE = "commune", _("commune")
    AGENCY = "agency", _("agency")
