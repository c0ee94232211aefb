from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from taxonomy.models import Agency, Area, DocumentType, Sector
from taxonomy.roles import visible_pages_condition


class CurrentUnitsOnly:
    """A chooser that offers only the units (agencies, areas) that exist today: one abolished by
    the 2025 merger stays in the listing for the archive, and on the pages that already name it,
    but is not chosen for new content. The page forms refuse it too (core.forms)."""

    def get_object_list(self):
        return super().get_object_list().valid_on(timezone.localdate())


class CurrentUnitChooseView(CurrentUnitsOnly, ChooseView):
    pass


class CurrentUnitChooseResultsView(CurrentUnitsOnly, ChooseResultsView):
    pass


class CurrentUnitChooserViewSet(SnippetChooserViewSet):
    choose_view_class = CurrentUnitChooseView
    choose_results_view_class = CurrentUnitChooseResultsView


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    list_display = ["name", "short_name", "parent", "valid_from", "valid_to"]
    chooser_viewset_class = CurrentUnitChooserViewSet
    search_fields = ["name", "short_name"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name", "parent"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "level", "parent", "valid_from", "valid_to", "merged_into"]
    chooser_viewset_class = CurrentUnitChooserViewSet
    list_filter = ["level"]
    search_fields = ["name"]


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "doc-full"
    list_display = ["name", "slug", "minimum_days"]
    search_fields = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomies")
    menu_icon = "folder-open-inverse"
    items = (AgencyViewSet, SectorViewSet, AreaViewSet, DocumentTypeViewSet)


register_snippet(TaxonomyViewSetGroup)


@hooks.register("construct_explorer_page_queryset")
def only_own_agency_pages(parent_page, pages, request):
    """Beside the permissions (taxonomy.roles), the explorer lists only one's agency's pages."""
    return pages.filter(visible_pages_condition(request.user))
