"""The outline of a policy's text: each section's anchor, label and place.

Anchors follow how Vietnamese legal texts are cited: "dieu-3" for Article 3, "dieu-3-khoan-2"
for clause 2 of Article 3, "chuong-ii" for Chapter II. They are stable as long as the numbering
is, which is what a citation or a comment pointing at a section needs.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from wagtail.rich_text import expand_db_html

ANCHOR_PREFIXES = {
    "preamble": "mo-dau",
    "part": "phan",
    "chapter": "chuong",
    "section": "muc",
    "article": "dieu",
    "clause": "khoan",
    "point": "diem",
    "item": "noi-dung",
}
# A clause belongs to the article above it, a point to the clause above it.
NESTED_UNDER = {"clause": "article", "point": "clause"}
TOP_LEVEL = {"preamble", "part", "chapter", "section", "article", "item"}


@dataclass(frozen=True)
class Section:
    block_id: str
    kind: str
    number: str
    anchor: str
    label: str
    heading: str
    text: object  # RichText
    heading_level: int = 2

    @property
    def is_grouping(self):
        """Parts, chapters and sections group articles; comments go on what they contain."""
        return self.kind in {"part", "chapter", "section"}

    @cached_property
    def html(self):
        """The text as a reader sees it, links expanded, worked out once (`|richtext` would
        expand it again wherever it is shown)."""
        return mark_safe(expand_db_html(self.text.source)) if self.text else ""  # noqa: S308 - rich text as Wagtail renders it

    @cached_property
    def title(self):
        """ "Điều 3. Nguyên tắc hỗ trợ", "Chương II", "4. Tổ chức thực hiện", or the heading alone."""
        if self.label and self.heading:
            separator = " " if self.label.endswith(".") else ". "
            return f"{self.label}{separator}{self.heading}"
        return self.label or self.heading


@lru_cache(maxsize=16)
def _kind_names(language):
    """What each kind is called, translated once per language (not once per section)."""
    return {
        "part": _("Part"),
        "chapter": _("Chapter"),
        "section": pgettext("part of a policy text", "Section"),
        "article": _("Article"),
        "clause": _("Clause"),
        "point": _("Point"),
    }


def _label(kind, number):
    if not number or kind == "preamble":
        return ""
    if kind == "item":
        return f"{number}."
    return f"{_kind_names(get_language())[kind]} {number}"


def outline(stream_value):
    """The sections of a policy's `text` StreamField, in order, with unique anchors."""
    sections = []
    parents = {}  # kind -> anchor of the latest section of that kind
    used = set()
    for block in stream_value:
        if block.block_type != "section":
            continue
        value = block.value
        kind = value.get("kind") or "article"
        number = (value.get("number") or "").strip()
        # A new article or chapter closes the clauses and points above it.
        if kind in TOP_LEVEL:
            for closed in ("article", "clause", "point") if kind != "article" else ("clause", "point"):
                parents.pop(closed, None)
        elif kind == "clause":
            parents.pop("point", None)
        own = ANCHOR_PREFIXES.get(kind, "phan") + (f"-{_slug(number)}" if number else "")
        parent_kind = NESTED_UNDER.get(kind)
        anchor = f"{parents[parent_kind]}-{own}" if parent_kind in parents else own
        if anchor in used:
            # A number repeated by mistake: the second "Điều 5" becomes "dieu-5-2".
            anchor = next(f"{anchor}-{n}" for n in range(2, len(used) + 3) if f"{anchor}-{n}" not in used)
        used.add(anchor)
        parents[kind] = anchor
        sections.append(
            {
                "block_id": block.id,
                "kind": kind,
                "number": number,
                "anchor": anchor,
                "label": _label(kind, number),
                "heading": value.get("heading") or "",
                "text": value.get("text"),
            }
        )
    levels = _heading_levels([(fields["kind"], bool(fields["label"] or fields["heading"])) for fields in sections])
    return [Section(**fields, heading_level=level) for fields, level in zip(sections, levels, strict=True)]


@lru_cache(maxsize=1024)
def _slug(number):
    """A section number in an anchor ("IV" → "iv"): the same few numbers in every text."""
    return slugify(number)


# How deep each kind sits: a part holds chapters, a chapter holds articles, an article clauses.
RANK = {
    "part": 0,
    "chapter": 1,
    "section": 2,
    "preamble": 3,
    "article": 3,
    "item": 3,
    "clause": 4,
    "point": 5,
}


def _heading_levels(sections):
    """The heading level of each of `sections`, given as (kind, whether it has a title), from
    how they actually nest, starting at h2 under the page's h1.

    A section's level is one below the nearest titled section above it of a shallower kind, so
    no level is skipped whichever kinds a text uses (a directive's numbered items sit directly
    under the title; a law's articles under their chapter).
    """
    open_ranks = []
    levels = []
    for kind, titled in sections:
        rank = RANK.get(kind, 3)
        while open_ranks and open_ranks[-1] >= rank:
            open_ranks.pop()
        levels.append(min(2 + len(open_ranks), 6))
        if titled:
            open_ranks.append(rank)
    return levels
