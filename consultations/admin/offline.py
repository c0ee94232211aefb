"""Comments that did not come through the website: an editor types them in.

Two steps, so that choosing the part of the draft needs no JavaScript: the page first
(/admin/y-kien/nhap/), then the form with that page's sections (/admin/y-kien/nhap/<id>/).
What is entered is a pending `Comment`, moderated, answered and reported like any other
(`services.enter_offline_comment`). Who may: the action "add_offline" of the comments'
permission policy (consultations.admin.permissions), so that it can be scoped like the rest.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet

from consultations import receipts, services
from consultations.pages import commentable_page_models
from taxonomy.roles import for_user

from .forms import ChoosePageForm, OfflineCommentForm
from .permissions import moderation_policy
from .views import AdminScreenMixin

URL_PREFIX = "y-kien/nhap"


def pages_for_offline_entry(user, page_id=None):
    """The pages this user may enter comments received elsewhere on, newest first (only the one
    numbered `page_id`, if given, so that the entry screen does not weigh every candidate).

    Only the pages of the user's own agencies (taxonomy.roles), all of them for a provincial
    administrator.
    """
    pages = []
    for model in commentable_page_models():
        candidates = for_user(model.offline_entry_candidates(), user, page_field="pk")
        if page_id is not None:
            candidates = candidates.filter(pk=page_id)
        pages += [page for page in candidates if services.offline_entry_refusal(page) is None]
    return sorted(pages, key=lambda page: page.pk, reverse=True)


class OfflineEntryMixin(PermissionCheckedMixin, AdminScreenMixin):
    permission_policy = moderation_policy
    permission_required = moderation_policy.OFFLINE
    page_title = gettext_lazy("Enter a comment received outside the website")
    header_icon = "comment"

    @cached_property
    def pages(self):
        return pages_for_offline_entry(self.request.user)


class ChoosePageView(OfflineEntryMixin, TemplateView):
    """Step 1: the draft or dialogue (a form sent by GET, so the browser's Back works)."""

    template_name = "consultations/admin/offline_choose_page.html"

    def get(self, request, *args, **kwargs):
        form = ChoosePageForm(request.GET if "page" in request.GET else None, pages=self.pages)
        if form.is_valid():
            return redirect("offline_comments:enter", page_id=form.cleaned_data["page"].pk)
        return self.render_to_response(self.get_context_data(form=form))


class EnterCommentView(OfflineEntryMixin, TemplateView):
    """Step 2: the comment, on the chosen page or one of its sections."""

    template_name = "consultations/admin/offline_comment_form.html"

    def dispatch(self, request, *args, page_id, **kwargs):
        # Permission first (PermissionCheckedMixin), then the page, among those this user may use.
        self.page_id = page_id
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def page(self):
        page = next(iter(pages_for_offline_entry(self.request.user, page_id=self.page_id)), None)
        if page is None:
            raise Http404
        return page

    def get_page_subtitle(self):
        return self.page.title

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=OfflineCommentForm(page=self.page)))

    def post(self, request, *args, **kwargs):
        form = OfflineCommentForm(request.POST, request.FILES, page=self.page)
        if form.is_valid():
            try:
                comment, created = services.enter_offline_comment(
                    self.page, form.cleaned_data, request.user, form.cleaned_data["submission_token"]
                )
            except services.Refusal as refusal:
                form.add_error(None, str(refusal))
            else:
                self.say_what_happened(comment, created)
                # The next comment from the same meeting or the same bundle of letters.
                return redirect("offline_comments:enter", page_id=self.page.pk)
        messages.error(request, _("The comment was not saved: see the errors below."))
        return self.render_to_response(self.get_context_data(form=form))

    def say_what_happened(self, comment, created):
        if not created:
            messages.info(self.request, _("That comment had already been saved; it was not stored twice."))
            return
        messages.success(
            self.request,
            _("The comment received through %(channel)s on %(date)s is saved and awaits moderation.")
            % {
                "channel": comment.get_channel_display(),
                "date": formats.date_format(comment.received_on, "SHORT_DATE_FORMAT"),
            },
        )
        messages.info(
            self.request,
            _("Its receipt code, for the sender to quote: %(code)s. Its private receipt link, to send them: %(url)s")
            % {"code": comment.receipt_code_display, "url": receipts.receipt_url(comment)},
        )
        if services.received_outside_window(self.page, comment.received_on):
            consultation = self.page.consultation
            messages.warning(
                self.request,
                _(
                    "It was received outside the period for comments (%(opens)s – %(closes)s). It is kept and "
                    "counted; the moderator decides whether to publish it."
                )
                % {
                    "opens": formats.date_format(consultation.opens_at, "SHORT_DATE_FORMAT"),
                    "closes": formats.date_format(consultation.closes_at, "SHORT_DATE_FORMAT"),
                },
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["choose_page_url"] = reverse("offline_comments:choose_page")
        return context


class OfflineEntryMenuItem(MenuItem):
    def is_shown(self, request):
        return moderation_policy.user_has_permission(request.user, moderation_policy.OFFLINE)


class OfflineCommentViewSet(ViewSet):
    """Beside the moderation queue in the menu, and linked from its header."""

    name = "offline_comments"
    url_prefix = URL_PREFIX
    icon = "comment"
    menu_label = gettext_lazy("Enter a comment received elsewhere")
    menu_name = "offline-comments"
    menu_item_class = OfflineEntryMenuItem

    def get_urlpatterns(self):
        return [
            path("", ChoosePageView.as_view(), name="choose_page"),
            path("<int:page_id>/", EnterCommentView.as_view(), name="enter"),
        ]
