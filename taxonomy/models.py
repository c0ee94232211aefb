from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index


class NamedNode(index.Indexed, models.Model):
    """A named entry that may sit under a parent of its own kind (province → department)."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agency(NamedNode):
    """A state body: the provincial People's Committee, a department, a commune's committee."""

    short_name = models.CharField(_("short name"), max_length=50, blank=True)

    class Meta(NamedNode.Meta):
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")


class Sector(NamedNode):
    """A field of policy: land, health, education, administrative reform…"""

    class Meta(NamedNode.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class AreaQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Units that existed on `day`."""
        return self.filter(
            (models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day))
            & (models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))
        )


class Area(NamedNode):
    """An administrative unit, valid between two dates.

    Vietnam merged and abolished units in 2025; content about a unit keeps pointing at the unit
    as it existed then, and the unit records when it ceased to exist.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        COMMUNE = "commune", _("commune")
        WARD = "ward", _("ward")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta(NamedNode.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def is_valid_on(self, day):
        """Whether the unit existed on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)
