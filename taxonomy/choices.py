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


class DocumentType(models.TextChoices):
    """The kinds of document public bodies issue; consultation rules set a minimum window per kind."""

    RESOLUTION = "nghi-quyet", _("resolution")
    DECISION = "quyet-dinh", _("decision")
    DIRECTIVE = "chi-thi", _("directive")
    PLAN = "ke-hoach", _("plan")
    CONCLUSION = "ket-luan", _("conclusion")
    PROJECT = "de-an", _("scheme")
    REGULATION = "quy-dinh", _("regulation")
    NOTICE = "thong-bao", _("notice")
    OTHER = "khac", _("other")
