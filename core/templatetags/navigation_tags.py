from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import Site

from core.pages import menu_pages

register = template.Library()


@register.inclusion_tag("navigation/main_nav.html", takes_context=True)
def main_nav(context):
    """The site's sections (the home page's children shown in menus), then search."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    current_path = request.path if request else ""
    if site:
        for page in menu_pages(site.root_page):
            url = page.get_url(request)
            items.append({"title": page.title, "url": url, "current": current_path.startswith(url)})
    search_url = reverse("search")
    items.append({"title": _("Search"), "url": search_url, "current": current_path.startswith(search_url)})
    return {"items": items}
