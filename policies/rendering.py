"""A policy's text as HTML: its table of contents and its sections with their first comments,
written in Python rather than the template language.

A draft of sixty articles rendered through `{% include %}` once per section spent most of its
time resolving template variables and translating the same few words again for each section.
Here each word is translated once per page and each section's markup written at once; the
markup is what `pages/policy_page.html` showed before, class for class.
"""

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.rendering import comment_list_html


def _joined(parts):
    return mark_safe("".join(parts))  # noqa: S308 - every part is built by format_html


def _contents_title(section):
    """A section's name in the contents: its title, or its label and its first words."""
    if section.heading:
        return section.title
    return format_html("{} {}", section.label, mark_safe(Truncator(strip_tags(section.html)).words(10, truncate=" …")))  # noqa: S308 - as `|striptags|truncatewords:10` on the section's HTML


def table_of_contents_html(sections):
    """The `<li>` of each section in the contents, with how many comments it has."""
    return format_html_join(
        "",
        '<li><a href="#{}">{}</a>{}</li>',
        (
            (
                section.anchor,
                _contents_title(section),
                format_html(
                    '<span class="count">({})</span>',
                    ngettext("%(n)s comment", "%(n)s comments", total) % {"n": total},
                )
                if total
                else "",
            )
            for section, _comments, total in sections
        ),
    )


def policy_text_html(sections, comments_page_url, comment_url, takes_comments):
    """Each section: its heading, its text, its first published comments and the links to all
    of them and to the comment form (while comments are open)."""
    comment_on = _("Comment on")
    parts = []
    for section, comments, total in sections:
        title = section.title
        anchor = section.anchor
        heading = ""
        if title:
            heading = format_html(
                '<h{} id="{}-heading">{}</h{}>', section.heading_level, anchor, title, section.heading_level
            )
        about = format_html(" — {}", title) if title else ""
        discussion = ""
        if comments:
            more = ""
            if total > len(comments):
                more = format_html(
                    '<p class="section-comments-more"><a href="{}?muc={}">{}{}</a></p>',
                    comments_page_url,
                    anchor,
                    ngettext("See all %(n)s comment", "See all %(n)s comments", total) % {"n": total},
                    about,
                )
            discussion = format_html(
                '<details class="comments" open><summary>{}{}</summary>{}{}</details>',
                ngettext("%(n)s published comment", "%(n)s published comments", total) % {"n": total},
                about,
                comment_list_html(comments),
                more,
            )
        link = ""
        if takes_comments and title and not section.is_grouping:
            # The whole title, never cut: "Comment on Điều 5. Hỗ trợ xây dựng …" lost what it was about.
            link = format_html(
                '<p class="comment-link"><a href="{}?muc={}">{} {}</a></p>', comment_url, anchor, comment_on, title
            )
        parts.append(
            format_html(
                '<section id="{}" class="policy-section policy-section--{}"{}>{}{}{}{}</section>',
                anchor,
                section.kind,
                format_html(' aria-labelledby="{}-heading"', anchor) if title else "",
                heading,
                section.html,
                discussion,
                link,
            )
        )
    return _joined(parts)
