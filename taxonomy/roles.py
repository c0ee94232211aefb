"""Agency roles (issue 12): each agency's editors, moderators and leaders, and the provincial
administrators who see everything.

How it works, in Wagtail's own terms:

- Each role of each agency is a Django group (`AgencyGroup` links the two), created and kept in
  step by `sync_agency` / `sync_agency_roles` (when an agency is saved, by `manage.py
  sync_agency_roles`, and by `setup_site`). A person gets a role by being put in its group.
- Page permissions are Wagtail's: each role's group holds GroupPagePermissions on the sections
  under which the agency's pages live (the register /van-ban/, the dialogues, the stories). Those
  sections hold every agency's pages, so the page types that belong to an agency
  (`AgencyOwnedPage`) answer `permissions_for_user()` with a tester that grants nothing on
  another agency's page; the explorer lists only one's own agency's pages (a hook in
  `taxonomy.admin.wagtail_hooks`).
- Records that follow a page (comments, reports, progress updates) are scoped with `for_user()`,
  by the permission policies of their viewsets.
- Publication goes through one workflow whose task (`AgencyApprovalTask`) the page's own
  agency's leaders approve; editors have no publish permission.
- Images and documents: a collection per agency, where its groups add and choose.

Public API for other apps: `agencies_of(user)`, `for_user(queryset, user, ...)`,
`may_act_for(user, obj)`, `AgencyOwnedPage`, `AgencyScopedPageForm`, `grant(role, *perms)`.
"""

from django import forms
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PagePermissionTester,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.forms import BasePageForm

from .models import (
    PROVINCIAL_ADMINS,
    Agency,
    AgencyApprovalTask,
    AgencyGroup,
    agency_ids_of,
    agency_owned_page_models,
    is_provincial_admin,
    owned_pages,
    owning_agency_id,
)

__all__ = [
    "AgencyOwnedPage",
    "AgencyScopedPageForm",
    "Role",
    "agencies_of",
    "for_user",
    "grant",
    "is_provincial_admin",
    "may_act_for",
    "sync_agency_roles",
]

Role = AgencyGroup.Role

# Data, in Vietnamese whatever language the admin is shown in: "Sở Tài chính — Biên tập viên".
ROLE_GROUP_SUFFIX = {Role.EDITOR: "Biên tập viên", Role.MODERATOR: "Kiểm duyệt viên", Role.LEADER: "Lãnh đạo"}
WORKFLOW_NAME = "Lãnh đạo cơ quan phê duyệt trước khi xuất bản"
TASK_NAME = "Lãnh đạo cơ quan chủ trì phê duyệt"

ACCESS_ADMIN = "wagtailadmin.access_admin"
# What each role does with the images and documents of its agency's collection.
COLLECTION_PERMISSIONS = {
    Role.EDITOR: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    Role.MODERATOR: [
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    Role.LEADER: ["wagtailimages.choose_image", "wagtaildocs.choose_document"],
}
ALL_COLLECTION_PERMISSIONS = [
    f"{app}.{action}_{model}"
    for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    for action in ("add", "change", "choose", "delete")
]
ALL_PAGE_PERMISSIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]

# Model permissions each role holds whatever the agency; apps add theirs with `grant()` from their
# AppConfig.ready(), so that this module names no app above it.
ROLE_PERMISSIONS = {role: {ACCESS_ADMIN} for role in Role}


def grant(role, *permissions):
    """Give every agency's `role` these model permissions ("app_label.codename")."""
    ROLE_PERMISSIONS[role].update(permissions)


# -- Who works for which agency ----------------------------------------------------------------


def agencies_of(user, role=None):
    """The agencies `user` works for (in `role` only, if given), as a queryset of Agency; None
    means all of them: a provincial administrator or a superuser."""
    ids = agency_ids_of(user, role)
    if ids is None:
        return None
    return Agency.objects.filter(pk__in=ids)


def for_user(queryset, user, *, page_field=None, agency_field=None):
    """`queryset` narrowed to what belongs to `user`'s agencies: through the page it follows
    (`page_field`, e.g. "page" or "commitment__dialogue") or an agency of its own
    (`agency_field`). Unchanged for a provincial administrator."""
    ids = agency_ids_of(user)
    if ids is None:
        return queryset
    if agency_field:
        return queryset.filter(**{f"{agency_field}__in": ids})
    return queryset.filter(**{f"{page_field or 'page'}__in": owned_pages(ids)})


def may_act_for(user, obj):
    """Whether `obj` (a page, or a record with a `page`) belongs to one of `user`'s agencies."""
    ids = agency_ids_of(user)
    if ids is None:
        return True
    page = obj if isinstance(obj, Page) else getattr(obj, "page", obj)
    agency_id = owning_agency_id(page)
    return agency_id is not None and agency_id in ids


def visible_pages_condition(user):
    """For Page querysets in the admin: every page, except other agencies' pages."""
    ids = agency_ids_of(user)
    if ids is None:
        return Q()
    owned_types = ContentType.objects.get_for_models(*agency_owned_page_models()).values()
    return ~Q(content_type__in=owned_types) | Q(pk__in=owned_pages(ids))


# -- Pages ----------------------------------------------------------------------------------------


class AgencyPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, granting nothing on a page of an agency the user does not work for.

    The section's permissions still come from the user's groups; the workflow's task still
    decides who may open a page in moderation (AgencyApprovalTask checks the agency too).
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and not may_act_for(user, page):
            self.permissions = set()


class AgencyOwnedPage:
    """Mixin for a page type that belongs to an agency, named by `agency_field`.

    Put it first among the page's bases. Subclasses with a fallback (a policy: its drafting
    agency, else its issuing agency) override `owning_agency_id` and `agency_q` together.
    """

    agency_field = "agency"
    # Wagtail page permissions each role gets on the sections holding pages of this type.
    role_page_permissions = {
        Role.EDITOR: ["add", "change"],
        Role.MODERATOR: [],
        Role.LEADER: ["add", "change", "publish", "lock", "unlock"],
    }

    @property
    def owning_agency_id(self):
        return getattr(self, f"{self.agency_field}_id")

    @classmethod
    def agency_q(cls, agencies):
        return Q(**{f"{cls.agency_field}__in": agencies})

    def permissions_for_user(self, user):
        return AgencyPagePermissionTester(user, self)


class AgencyScopedPageForm(BasePageForm):
    """The page editor offers a person only the agencies they work for, and requires one, so that
    a page cannot be handed to another agency or left to none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency_field_name = getattr(self._meta.model, "agency_field", None)
        field = self.fields.get(self.agency_field_name)
        self.scoped_agency_ids = agency_ids_of(self.for_user) if self.for_user is not None else None
        if field is not None and self.scoped_agency_ids is not None:
            field.queryset = field.queryset.filter(pk__in=self.scoped_agency_ids)
            # A list of one's own agencies, rather than a chooser of every agency.
            field.widget = forms.Select()
            field.widget.choices = field.choices
            if len(self.scoped_agency_ids) == 1 and not self.initial.get(self.agency_field_name):
                self.initial[self.agency_field_name] = next(iter(self.scoped_agency_ids))

    def clean(self):
        cleaned = super().clean()
        name = self.agency_field_name
        scoped = self.scoped_agency_ids is not None and name in self.fields
        if scoped and not cleaned.get(name) and name not in self.errors:
            self.add_error(name, _("Choose your agency: each page belongs to the agency that prepares it."))
        return cleaned


# -- Groups and permissions, kept in step by code -------------------------------------------------


def group_name(agency, role, taken_by_other=False):
    name = f"{agency.name} — {ROLE_GROUP_SUFFIX[role]}"
    if taken_by_other:
        name = f"{agency.name} ({agency.slug}) — {ROLE_GROUP_SUFFIX[role]}"
    return name[:150]


def permissions(names):
    """Permission objects for "app_label.codename" names (those whose app is installed)."""
    wanted = [name.split(".", 1) for name in names]
    condition = Q(pk__in=[])
    for app_label, codename in wanted:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(condition))


def page_permission(action):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")


def agency_sections():
    """{page model: [section pages under which pages of that type are created]}."""
    sections = {}
    for model in agency_owned_page_models():
        parents = model.allowed_parent_page_models()
        sections[model] = [page for parent in parents for page in parent.objects.all() if parent is not Page]
    return sections


def _ensure_group(agency, role, changes):
    link = AgencyGroup.objects.filter(agency=agency, role=role).select_related("group").first()
    if link is None:
        name = group_name(agency, role)
        if Group.objects.filter(name=name).exists():
            name = group_name(agency, role, taken_by_other=True)
        group, _created = Group.objects.get_or_create(name=name)
        AgencyGroup.objects.create(agency=agency, role=role, group=group)
        changes.append(f"group created: {group.name}")
        return group
    group = link.group
    wanted = group_name(agency, role)
    renamed = group.name != wanted and not group.name.startswith(f"{agency.name} ({agency.slug})")
    if renamed and not Group.objects.filter(name=wanted).exclude(pk=group.pk).exists():
        group.name = wanted
        group.save(update_fields=["name"])
        changes.append(f"group renamed: {wanted}")
    return group


def _ensure_model_permissions(group, names, changes):
    missing = [perm for perm in permissions(names) if not group.permissions.filter(pk=perm.pk).exists()]
    if missing:
        group.permissions.add(*missing)
        changes.append(f"{group.name}: {', '.join(sorted(p.codename for p in missing))}")


def _ensure_page_permissions(group, page, actions, changes):
    for action in actions:
        _obj, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=page_permission(action)
        )
        if created:
            changes.append(f"{group.name}: {action} pages under {page.title}")


def _ensure_collection_permissions(group, collection, names, changes):
    for perm in permissions(names):
        _obj, created = GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=perm
        )
        if created:
            changes.append(f"{group.name}: {perm.codename} in {collection.name}")


def agency_collection(agency, changes=None):
    """The agency's collection of images and documents: the one its editors add to."""
    link = AgencyGroup.objects.filter(agency=agency, role=Role.EDITOR).first()
    if link is not None:
        held = GroupCollectionPermission.objects.filter(group=link.group_id, permission__codename="add_image")
        held = held.exclude(collection__depth=1).select_related("collection").first()
        if held is not None:
            collection = held.collection
            if collection.name != agency.name:
                collection.name = agency.name
                collection.save(update_fields=["name"])
                if changes is not None:
                    changes.append(f"collection renamed: {agency.name}")
            return collection
    collection = Collection.get_first_root_node().add_child(name=agency.name)
    if changes is not None:
        changes.append(f"collection created: {agency.name}")
    return collection


def sync_agency(agency, sections=None):
    """Create or bring in step the groups, permissions and collection of one agency; return what
    changed, one line each (empty when nothing did)."""
    changes = []
    sections = agency_sections() if sections is None else sections
    with transaction.atomic():
        groups = {role: _ensure_group(agency, role, changes) for role in Role}
        collection = agency_collection(agency, changes)
        for role, group in groups.items():
            _ensure_model_permissions(group, ROLE_PERMISSIONS[role], changes)
            _ensure_collection_permissions(group, collection, COLLECTION_PERMISSIONS[role], changes)
            for model, pages in sections.items():
                for page in pages:
                    _ensure_page_permissions(group, page, model.role_page_permissions.get(role, []), changes)
    return changes


def sync_provincial_admins(changes):
    group, created = Group.objects.get_or_create(name=PROVINCIAL_ADMINS)
    if created:
        changes.append(f"group created: {group.name}")
    every_role = set().union(*ROLE_PERMISSIONS.values())
    _ensure_model_permissions(group, every_role, changes)
    root_page = Page.get_first_root_node()
    if root_page is not None:
        _ensure_page_permissions(group, root_page, ALL_PAGE_PERMISSIONS, changes)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        _ensure_collection_permissions(group, root_collection, ALL_COLLECTION_PERMISSIONS, changes)


def sync_workflow(changes, sections=None):
    """One workflow, approved by the page's own agency's leaders, on every section of agency pages."""
    task = AgencyApprovalTask.objects.order_by("pk").first()
    if task is None:
        task = AgencyApprovalTask.objects.create(name=TASK_NAME)
        changes.append(f"workflow task created: {task.name}")
    workflow = Workflow.objects.filter(workflow_tasks__task=task).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        changes.append(f"workflow created: {workflow.name}")
    sections = agency_sections() if sections is None else sections
    for pages in sections.values():
        for page in pages:
            # A section given another workflow by an administrator keeps it.
            _link, created = WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
            if created:
                changes.append(f"workflow {workflow.name} on {page.title}")
    return workflow


def sync_agency_roles():
    """Every agency's groups, the provincial administrators' group and the approval workflow;
    return what changed (empty when nothing did: running it twice changes nothing)."""
    changes = []
    sections = agency_sections()
    with transaction.atomic():
        sync_provincial_admins(changes)
        sync_workflow(changes, sections)
        for agency in Agency.objects.order_by("pk"):
            changes += sync_agency(agency, sections)
    return changes


def add_person(user, agency, role):
    """Give `user` `role` in `agency` (what an administrator does by ticking the group)."""
    link = AgencyGroup.objects.filter(agency=agency, role=role).first()
    if link is None:
        sync_agency(agency)
        link = AgencyGroup.objects.get(agency=agency, role=role)
    user.groups.add(link.group)
    user.__dict__.pop("_agency_ids_by_role", None)
