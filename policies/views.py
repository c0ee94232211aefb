"""Versions of a draft: each published revision, and a readable per-section comparison."""

import difflib
import re
from dataclasses import dataclass
from typing import NamedTuple

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

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


# Where one paragraph of rich text ends and the next begins.
PARAGRAPH_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.IGNORECASE)
# Above this many word comparisons (old words × new words) a paragraph is shown replaced whole:
# a word-by-word diff costs their product, and a public page must answer quickly.
WORD_DIFF_BUDGET = 250_000
# The same for a whole section: past it, further changed paragraphs are shown replaced whole.
SECTION_DIFF_BUDGET = 2_000_000


def section_paragraphs(section):
    """A section's text as its paragraphs, each one line of plain words."""
    html = section.text.source if hasattr(section.text, "source") else str(section.text or "")
    return [text for text in (plain(piece) for piece in PARAGRAPH_END.split(html)) if text]


class Part(NamedTuple):
    """A run of words in a comparison: kept ("same"), only in the older version ("del") or only
    in the newer one ("ins")."""

    op: str
    text: str

    @property
    def deleted(self):
        return self.op == "del"

    @property
    def inserted(self):
        return self.op == "ins"


CHANGE_LABELS = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}


@dataclass(frozen=True)
class SectionChange:
    """One section compared across two versions: `change` is "added", "removed", "changed" or
    "same"; `paragraphs` holds each paragraph's parts, so paragraphs stay apart."""

    section: object
    change: str
    paragraphs: list
    old_title: str = ""

    @property
    def differs(self):
        return self.change != "same"

    @property
    def label(self):
        return CHANGE_LABELS.get(self.change, "")


def word_diff(old, new, budget=WORD_DIFF_BUDGET):
    """[Part(op, text)] with op one of "same", "del", "ins"; a pair too long to compare word by
    word within `budget` is shown as the old paragraph removed and the new one added."""
    old_words, new_words = old.split(), new.split()
    if len(old_words) * len(new_words) > budget:
        return [part for part in (Part("del", old), Part("ins", new)) if part.text]
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(Part("same", " ".join(old_words[i1:i2])))
        else:
            if i2 > i1:
                parts.append(Part("del", " ".join(old_words[i1:i2])))
            if j2 > j1:
                parts.append(Part("ins", " ".join(new_words[j1:j2])))
    return parts


def paragraph_diff(old, new):
    """[[Part]] a paragraph each: paragraphs matched first (kept, removed, added), then the words
    of each changed paragraph against its counterpart."""
    paragraphs = []
    spent = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            paragraphs += [[Part("same", text)] for text in old[i1:i2]]
            continue
        before, after = old[i1:i2], new[j1:j2]
        for position in range(max(len(before), len(after))):
            if position < len(before) and position < len(after):
                budget = min(WORD_DIFF_BUDGET, SECTION_DIFF_BUDGET - spent)
                paragraphs.append(word_diff(before[position], after[position], budget))
                spent += len(before[position].split()) * len(after[position].split())
            elif position < len(before):
                paragraphs.append([Part("del", before[position])])
            else:
                paragraphs.append([Part("ins", after[position])])
    return paragraphs


def compare_sections(old_text, new_text):
    """Each section of either version, matched by block id, with what changed in it."""
    old = {s.block_id: s for s in outline(old_text)}
    new_sections = outline(new_text)
    new_ids = {s.block_id for s in new_sections}
    changes = []
    for section in new_sections:
        before = old.get(section.block_id)
        if before is None:
            changes.append(
                SectionChange(section, "added", [[Part("ins", text)] for text in section_paragraphs(section)])
            )
        else:
            title_changed = before.title != section.title
            paragraphs = paragraph_diff(section_paragraphs(before), section_paragraphs(section))
            changed = title_changed or any(part.op != "same" for parts in paragraphs for part in parts)
            changes.append(
                SectionChange(
                    section,
                    "changed" if changed else "same",
                    paragraphs,
                    old_title=before.title if title_changed else "",
                )
            )
    for block_id, section in old.items():
        if block_id not in new_ids:
            changes.append(
                SectionChange(section, "removed", [[Part("del", text)] for text in section_paragraphs(section)])
            )
    return changes


def versions(request, policy):
    versions = published_versions(policy)
    by_number = dict(versions)
    context = {"page": policy, "policy": policy, "versions": versions}
    older = newer = None
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
    # The comparison form: the versions compared, or by default the latest as the newer one.
    newer_choice = newer or (versions[-1][0] if versions else None)
    context["choices"] = [(number, number == older, number == newer_choice) for number, _entry in versions]
    return TemplateResponse(request, "policies/versions.html", context)
