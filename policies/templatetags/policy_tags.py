from django import template

from policies.rendering import policy_text_html, table_of_contents_html

register = template.Library()


@register.simple_tag
def table_of_contents(sections):
    """The items of a policy's contents (policies.rendering)."""
    return table_of_contents_html(sections)


@register.simple_tag
def policy_text(sections, comments_page_url, comment_url, takes_comments):
    """A policy's sections with their first comments (policies.rendering)."""
    return policy_text_html(sections, comments_page_url, comment_url, takes_comments)
