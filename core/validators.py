"""Checks on files editors upload through site settings."""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# An emblem is a small drawing: anything larger is a photo traced into SVG, slow on a phone.
EMBLEM_MAX_BYTES = 100 * 1024
# What lets an SVG run code when opened on its own (the header shows it with <img>, where none
# of it runs, but its media address can still be opened directly).
ACTIVE_SVG = re.compile(r"<script|<foreignobject|\bon[a-z]+\s*=|javascript:", re.IGNORECASE)


def validate_emblem_size(upload):
    if upload.size > EMBLEM_MAX_BYTES:
        raise ValidationError(
            _("The emblem is %(size)s; it must be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(EMBLEM_MAX_BYTES)},
        )


def validate_svg_content(upload):
    """The file's name says .svg; its first bytes must say so too (an SVG drawing, not a renamed
    photo or page), and it must hold a drawing only, no script."""
    upload.seek(0)
    content = upload.read(EMBLEM_MAX_BYTES + 1)
    upload.seek(0)
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="ignore")
    if "<svg" not in content[:2048].lower() or ACTIVE_SVG.search(content):
        raise ValidationError(_("The emblem must be an SVG drawing, without scripts."), code="not_svg")
