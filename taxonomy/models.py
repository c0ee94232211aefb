from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index


class Named(models.Model):
    """A named entry, with a slug for URLs."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class NamedNode(index.Indexed, Named):
    """A named entry that may sit under a parent of its own kind (province → department)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(Named.Meta):
        abstract = True


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Units that existed on `day`."""
        return self.filter(
            (models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day))
            & (models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))
        )


class Validity(models.Model):
    """A unit that exists between two dates, either of them open.

    Vietnam merged and abolished units and agencies in 2025: content about one keeps pointing at
    it as it existed then, and the unit records when it ceased to exist. The admin offers only
    units valid today for new content (`core.forms.CurrentChoicesMixin` reads `valid_on`).
    """

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    # The admin's choosers search among the units valid today.
    search_fields = [index.FilterField("valid_from"), index.FilterField("valid_to")]

    class Meta:
        abstract = True

    def is_valid_on(self, day):
        """Whether the unit existed on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Agency(Validity, NamedNode):
    """A state body: the provincial People's Committee, a department, a commune's committee.

    Agencies too were merged or abolished in 2025 (the district committees): `valid_to` is the
    last day one existed.
    """

    short_name = models.CharField(_("short name"), max_length=50, blank=True)

    objects = ValidityQuerySet.as_manager()
    search_fields = NamedNode.search_fields + Validity.search_fields

    class Meta(NamedNode.Meta):
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")


class Sector(NamedNode):
    """A field of policy: land, health, education, administrative reform…"""

    class Meta(NamedNode.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Area(Validity, NamedNode):
    """An administrative unit, valid between two dates (`Validity`)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        COMMUNE = "commune", _("commune")
        WARD = "ward", _("ward")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)

    objects = ValidityQuerySet.as_manager()
    search_fields = NamedNode.search_fields + Validity.search_fields

    class Meta(NamedNode.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class DocumentType(Named):
    """A kind of document public bodies issue: decision, directive, official letter…

    Seeded with the types of Decree 30/2020/NĐ-CP and of the Party's documents; editors add the
    rest. Each type may set the shortest comment window its drafts may have. A few dozen rows,
    so not indexed: the admin finds them by name in the database, seeded rows included.
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    minimum_days = models.PositiveSmallIntegerField(
        _("minimum consultation (days)"),
        null=True,
        blank=True,
        help_text=_(
            "The shortest comment window for a draft of this type. Empty: the default of the consultation rules."
        ),
    )

    class Meta(Named.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
