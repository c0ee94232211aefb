from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    RESOLUTION = "nghi-quyet", _("resolution")
    DECISION = "quyet-dinh", _("decision")
    DIRECTIVE = "chi-thi", _("directive")
    PLAN = "ke-hoach", _("plan")
    CONCLUSION = "ket-luan", _("conclusion")
    PROJECT = "de-an", _("scheme")
    REGULATION = "quy-dinh", _("regulation")
    NOTICE = "thong-bao", _("notice")
    OTHER = "khac", _("other")
