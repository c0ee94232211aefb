from django import template
from django.utils import timezone
from django.utils.translation import get_language

from core import shellcache
from policies.rendering import policy_text_html, table_of_contents_html

register = template.Library()


@register.simple_tag
def table_of_contents(sections):
    """The items of a policy's contents (policies.rendering)."""
    return table_of_contents_html(sections)


@register.simple_tag(takes_context=True)
def policy_text(context, sections, comments_page_url, comment_url, takes_comments):
    """A policy's sections with their first comments (policies.rendering): the markup of the
    page served (`page`) is kept between requests until a page or a comment changes
    (core.shellcache; never for a preview, which the admin serves), so a draft of sixty articles
    and three thousand comments neither reads nor writes its comments again meanwhile."""

    def render():
        return policy_text_html(sections, comments_page_url, comment_url, takes_comments)

    page = context.get("page")
    if page is None or not page.pk:
        return render()
    key = (
        "policy_text",
        page.pk,
        comments_page_url,
        comment_url,
        bool(takes_comments),
        get_language(),
        timezone.get_current_timezone_name(),
    )
    return shellcache.kept(key, render, content=True)
