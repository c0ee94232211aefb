from django import template

from consultations.rendering import comment_list_html, report_rows_html

register = template.Library()


@register.simple_tag
def comment_list(comments):
    """Published comments and their answers (consultations.rendering)."""
    return comment_list_html(comments)


@register.simple_tag
def report_rows(rows):
    """The response report's comments and answers, section by section."""
    return report_rows_html(rows)
