from django import template

from consultations.rendering import channel_html, comment_list_html, report_rows_html

register = template.Library()


@register.simple_tag
def comment_list(comments):
    """Published comments and their answers (consultations.rendering)."""
    return comment_list_html(comments)


@register.simple_tag
def comment_channel(comment):
    """How and when a comment that did not come through the website was received."""
    return channel_html(comment)


@register.simple_tag
def report_rows(rows):
    """The response report's comments and answers, section by section."""
    return report_rows_html(rows)
