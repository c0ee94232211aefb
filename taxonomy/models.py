from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.models import Page, Task, TaskState, get_page_models
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
        return self.valid_during(day, day)

    def valid_during(self, first, last):
        """Units that existed on at least one day from `first` to `last`."""
        return self.filter(
            (models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=last))
            & (models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=first))
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
    # The unit this one was merged into (the 2025 merger): subscriptions to it follow the
    # successor (subscriptions.services.covered_area_ids).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        help_text=_("The unit that took over this one when it was merged, if any."),
    )

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


# Agency roles (issue 12): who works for which agency. `taxonomy.roles` builds on these; they
# live here because Django finds models in `models` only.

# The names of groups are data, kept in Vietnamese whatever language the admin is shown in.
PROVINCIAL_ADMINS = "Quản trị viên cấp tỉnh"


class AgencyGroup(models.Model):
    """One role of one agency, held by the members of one Django group.

    Created and kept in step by `taxonomy.roles.sync_agency` (when an agency is saved, and by
    `manage.py sync_agency_roles`); a person gets a role by being put in its group.
    """

    class Role(models.TextChoices):
        EDITOR = "editor", pgettext_lazy("agency role", "editor")
        MODERATOR = "moderator", pgettext_lazy("agency role", "moderator")
        LEADER = "leader", pgettext_lazy("agency role", "leader")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    group = models.OneToOneField(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="agency_role")

    class Meta:
        verbose_name = _("agency role")
        verbose_name_plural = _("agency roles")
        constraints = [models.UniqueConstraint(fields=["agency", "role"], name="one_group_per_agency_role")]

    def __str__(self):
        return self.group.name


def is_provincial_admin(user):
    """A superuser, or a member of the provincial administrators' group: sees and does everything."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_provincial_admin", None)
    if cached is None:
        cached = user.groups.filter(name=PROVINCIAL_ADMINS).exists()
        user._is_provincial_admin = cached
    return cached


def agency_ids_of(user, role=None):
    """The ids of the agencies `user` holds a role in (that `role` only, if given), or None for
    all (a provincial administrator). Cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if is_provincial_admin(user):
        return None
    cache = user.__dict__.setdefault("_agency_ids_by_role", {})
    if role not in cache:
        roles = AgencyGroup.objects.filter(group__user=user)
        if role:
            roles = roles.filter(role=role)
        cache[role] = set(roles.values_list("agency_id", flat=True))
    return cache[role]


def agency_owned_page_models():
    """Page types that belong to an agency: those that say how (`taxonomy.roles.AgencyOwnedPage`)."""
    return [model for model in get_page_models() if hasattr(model, "agency_q") and not model._meta.abstract]


def owned_pages(agencies):
    """Pages that belong to one of `agencies` (a queryset or ids), as a Page queryset."""
    condition = models.Q(pk__in=[])
    for model in agency_owned_page_models():
        condition |= models.Q(pk__in=model.objects.filter(model.agency_q(agencies)).values("pk"))
    return Page.objects.filter(condition)


def owning_agency_id(obj):
    """The agency a page (or any object with a `page`) belongs to, or None."""
    page = getattr(obj, "specific", obj)
    return getattr(page, "owning_agency_id", None)


class AgencyApprovalTask(Task):
    """A workflow step approved by the leaders of the page's own agency (or a provincial
    administrator). One task serves every agency: whose leaders may act is read from the page."""

    def may_approve(self, obj, user):
        if is_provincial_admin(user):
            return True
        agency_id = owning_agency_id(obj)
        leader_of = agency_ids_of(user, AgencyGroup.Role.LEADER)
        return agency_id is not None and agency_id in leader_of

    def user_can_access_editor(self, obj, user):
        return self.may_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.may_approve(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.may_approve(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        agency_ids = agency_ids_of(user, AgencyGroup.Role.LEADER)
        if agency_ids is None:
            return states
        pages = owned_pages(agency_ids).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in pages])

    @classmethod
    def get_description(cls):
        return _("The leaders of the agency a page belongs to approve it")

    class Meta:
        verbose_name = _("approval by the agency's leaders")
        verbose_name_plural = _("approvals by the agency's leaders")
