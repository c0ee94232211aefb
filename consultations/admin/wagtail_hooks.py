from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.models import ModelLogEntry

from consultations.models import Comment

from . import views

app_name = "consultations_admin"
urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("dot-lay-y-kien/", views.ConsultationsView.as_view(), name="consultations"),
    path("bao-cao/<int:policy_id>/", views.PublishReportView.as_view(), name="publish_report"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("y-kien/", include((urlpatterns, app_name), namespace=app_name))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.MODERATE)


@hooks.register("register_admin_menu_item")
def register_menu():
    menu = Menu(
        items=[
            ModeratorMenuItem(_("Comments"), reverse("consultations_admin:queue"), icon_name="comment", order=1),
            ModeratorMenuItem(
                _("Consultations and reports"),
                reverse("consultations_admin:consultations"),
                icon_name="doc-full",
                order=2,
            ),
        ]
    )
    return SubmenuMenuItem(_("Public comment"), menu, icon_name="comment", order=250)


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(content_type__app_label="consultations", codename="moderate_comment")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_model(Comment, ModelLogEntry)
    actions.register_action("consultations.comment.approve", _("Approve comment"), _("Comment approved and published"))
    actions.register_action("consultations.comment.reject", _("Reject comment"), _("Comment not published"))
    actions.register_action("consultations.comment.respond", _("Answer comment"), _("Comment answered"))
    actions.register_action(
        "consultations.report.publish", _("Publish response report"), _("Response report published")
    )
