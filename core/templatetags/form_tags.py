from django import template

register = template.Library()


@register.filter
def is_checkbox(field):
    """Whether a bound form field is a single checkbox (laid out with its label beside it)."""
    return field.widget_type == "checkbox"
