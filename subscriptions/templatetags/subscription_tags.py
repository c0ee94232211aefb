from django import template

register = template.Library()


@register.filter
def masked_email(address):
    """n•••@example.com: enough for the owner to recognise, little for someone looking over a
    shoulder at the page."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"
