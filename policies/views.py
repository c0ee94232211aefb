"""Versions of a draft: each published revision, and a readable per-section comparison."""

import difflib

from django.http import Http404
from django.template.response import TemplateResponse

from wagtail.models import PageLogEntry

from core.text import plain

from .sections import outline


def published_versions(policy):
    """[(number, log entry)] for each publication of the page, oldest first."""
    entries = (
        PageLogEntry.objects.filter(page=policy, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("timestamp", "pk")
    )
    return list(enumerate(entries, start=1))


def section_text(section):
    """A section's text as one line of plain words, for comparing versions word by word."""
    return plain(section.text)


def word_diff(old, new):
    """[(op, text)] with op one of "same", "del", "ins"."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old_words[i1:i2])))
        else:
            if i2 > i1:
                parts.append(("del", " ".join(old_words[i1:i2])))
            if j2 > j1:
                parts.append(("ins", " ".join(new_words[j1:j2])))
    return parts


def compare_sections(old_text, new_text):
    """Each section of either version, matched by block id, with what changed in it."""
    old = {s.block_id: s for s in outline(old_text)}
    new_sections = outline(new_text)
    new_ids = {s.block_id for s in new_sections}
    changes = []
    for section in new_sections:
        before = old.get(section.block_id)
        if before is None:
            changes.append({"section": section, "change": "added", "parts": [("ins", section_text(section))]})
        else:
            title_changed = before.title != section.title
            parts = word_diff(section_text(before), section_text(section))
            changed = title_changed or any(op != "same" for op, _ in parts)
            changes.append(
                {
                    "section": section,
                    "change": "changed" if changed else "same",
                    "old_title": before.title if title_changed else "",
                    "parts": parts,
                }
            )
    for block_id, section in old.items():
        if block_id not in new_ids:
            changes.append({"section": section, "change": "removed", "parts": [("del", section_text(section))]})
    return changes


def versions(request, policy):
    versions = published_versions(policy)
    by_number = dict(versions)
    context = {"page": policy, "policy": policy, "versions": versions}
    if "tu" in request.GET or "den" in request.GET:
        try:
            older, newer = int(request.GET.get("tu", "")), int(request.GET.get("den", ""))
            old_entry, new_entry = by_number[older], by_number[newer]
        except (ValueError, KeyError):
            raise Http404 from None
        context.update(
            {
                "older": older,
                "newer": newer,
                "changes": compare_sections(old_entry.revision.as_object().text, new_entry.revision.as_object().text),
            }
        )
    return TemplateResponse(request, "policies/versions.html", context)
