"""A policy's text as HTML: its table of contents and its sections with their first comments,
written in Python rather than the template language.

A draft of sixty articles rendered through `{% include %}` once per section spent most of its
time resolving template variables and translating the same few words again for each section.
Here each word is translated once per page and each section's markup written at once; the
markup is what `pages/policy_page.html` showed before, class for class.
"""

from functools import lru_cache

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from consultations.rendering import comment_list_html, esc


@lru_cache(maxsize=1024)
def _counted(what, n, language):
    """ "12 ý kiến", escaped: translated once per number and language, not once per section."""
    if what == "comments":
        text = ngettext("%(n)s comment", "%(n)s comments", n)
    elif what == "published":
        text = ngettext("%(n)s published comment", "%(n)s published comments", n)
    else:
        text = ngettext("See all %(n)s comment", "See all %(n)s comments", n)
    return esc(text % {"n": n})


def _contents_title(section):
    """A section's name in the contents: its title, or its label and its first words (as
    `|striptags|truncatewords:10` on its HTML)."""
    if section.heading:
        return esc(section.title)
    return f"{esc(section.label)} {Truncator(strip_tags(section.html)).words(10, truncate=' …')}"


def table_of_contents_html(sections):
    """The `<li>` of each section in the contents, with how many comments it has."""
    language = get_language()
    items = []
    for section, _comments, total in sections:
        count = ""
        if total:
            comments = _counted("comments", total, language)
            # The space the template's line break gave: "Điều 3 (1 ý kiến)", not "Điều 3(1 ý kiến)".
            count = f' <span class="count">({comments})</span>'
        items.append(f'<li><a href="#{esc(section.anchor)}">{_contents_title(section)}</a>{count}</li>')
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped


def policy_text_html(sections, comments_page_url, comment_url, takes_comments):
    """Each section: its heading, its text, its first published comments and the links to all
    of them and to the comment form (while comments are open)."""
    language = get_language()
    comment_on = esc(_("Comment on"))
    comments_page_url, comment_url = esc(comments_page_url), esc(comment_url)
    parts = []
    for section, comments, total in sections:
        title = esc(section.title)
        anchor = esc(section.anchor)
        level = section.heading_level
        parts.append(
            f'<section id="{anchor}" class="policy-section policy-section--{esc(section.kind)}"'
            + (
                f' aria-labelledby="{anchor}-heading"><h{level} id="{anchor}-heading">{title}</h{level}>'
                if title
                else ">"
            )
            + section.html
        )
        about = f" — {title}" if title else ""
        if comments:
            published = _counted("published", total, language)
            parts.append(f'<details class="comments" open><summary>{published}{about}</summary>')
            parts.append(comment_list_html(comments))
            if total > len(comments):
                see_all = _counted("see_all", total, language)
                more = f'<a href="{comments_page_url}?muc={anchor}">{see_all}{about}</a>'
                parts.append(f'<p class="section-comments-more">{more}</p>')
            parts.append("</details>")
        if takes_comments and title and not section.is_grouping:
            # The whole title, never cut: "Comment on Điều 5. Hỗ trợ xây dựng …" lost what it was about.
            parts.append(f'<p class="comment-link"><a href="{comment_url}?muc={anchor}">{comment_on} {title}</a></p>')
        parts.append("</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped
