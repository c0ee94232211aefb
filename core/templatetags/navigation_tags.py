from django import template
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Site

from core import shellcache
from core.pages import menu_pages

register = template.Library()


def _render(context, template_name, values=None):
    """A template rendered as `{% include %}` (values=None: in the same context) or an inclusion
    tag (`values`: in a new context) would render it: the same bytes."""
    tmpl = context.template.engine.get_template(template_name)
    if values is None:
        return tmpl.render(context)
    new_context = context.new(values)
    csrf_token = context.get("csrf_token")
    if csrf_token is not None:
        new_context["csrf_token"] = csrf_token
    return tmpl.render(new_context)


def _menu(request, site):
    """[(title, url)]: the site's sections (the home page's children shown in menus), then search."""
    items = []
    if site:
        items = [(page.title, page.get_url(request)) for page in menu_pages(site.root_page)]
    items.append((_("Search"), reverse("search")))
    return items


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The site's sections, then search, the one the request is in marked current. The menu and
    its markup are kept between requests while the site does not change (core.shellcache), one
    copy for each item that can be current."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current_path = request.path if request else ""
    site_key = site.pk if site else None
    items = shellcache.kept(("menu", site_key, get_language()), lambda: _menu(request, site))
    current = tuple(current_path.startswith(url) for _title, url in items)

    def render():
        return _render(
            context,
            "navigation/main_nav.html",
            {
                "items": [
                    {"title": title, "url": url, "current": is_current}
                    for (title, url), is_current in zip(items, current, strict=True)
                ]
            },
        )

    return shellcache.kept(("menu-html", site_key, get_language(), current), render)


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer ("components/footer.html", rendered as an include would), kept between
    requests while the site does not change (core.shellcache)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return _render(context, "components/footer.html")
    return shellcache.kept(("footer", site.pk, get_language()), lambda: _render(context, "components/footer.html"))
