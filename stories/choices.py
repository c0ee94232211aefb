from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryField(models.TextChoices):
    """The four fields in which "Dân vận khéo" models are recognised."""

    ECONOMY = "kinh-te", _("economy")
    CULTURE_SOCIETY = "van-hoa-xa-hoi", _("culture and society")
    DEFENCE_SECURITY = "quoc-phong-an-ninh", _("defence and security")
    POLITICAL_SYSTEM = "xay-dung-he-thong-chinh-tri", _("building the political system")
