"""Checks on files editors upload through site settings."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# An emblem is a small drawing: anything larger is a photo traced into SVG, slow on a phone.
EMBLEM_MAX_BYTES = 100 * 1024


def validate_emblem_size(upload):
    if upload.size > EMBLEM_MAX_BYTES:
        raise ValidationError(
            _("The emblem is %(size)s; it must be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(EMBLEM_MAX_BYTES)},
        )


def validate_svg_content(upload):
    """The file's name says .svg; its first bytes must say so too (an SVG drawing, not a renamed
    photo or page). It is shown with <img>, where a browser runs none of its scripts."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(position)
    if isinstance(head, bytes):
        head = head.decode("utf-8", errors="ignore")
    if "<svg" not in head.lower():
        raise ValidationError(_("The emblem must be an SVG drawing."), code="not_svg")
