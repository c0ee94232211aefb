"""Published comments as HTML, written in Python rather than the template language.

A draft's page shows a few comments under each of its sections, and its comments page fifty at
a time: rendered through templates, each comment cost some forty variable lookups, lazy
translations and date formats. Here the words are translated once per list, each day
formatted once, each outcome's label looked up once, and the text escaped by the standard
library's `html.escape` (what Django's `escape` calls, without its lazy-string wrapper); the
markup is that of `consultations/components/comment_list.html` (which now calls this), class
for class.
"""

import html
import re
from functools import lru_cache

from django.utils import formats, timezone, translation
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Comment

NEWLINES = re.compile(r"\r\n|\r")
PARAGRAPH_BREAK = re.compile("\n{2,}")


def esc(value):
    """As `conditional_escape`: HTML kept, anything else escaped."""
    if type(value) is str:  # most values: plain text (SafeString is a subclass)
        return html.escape(value)
    if isinstance(value, SafeData):
        return value
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def paragraphs(text):
    """As `|linebreaks`: the text escaped, in paragraphs and line breaks."""
    text = str(text)
    if "\n" not in text and "\r" not in text:
        return "<p>" + html.escape(text) + "</p>"  # most comments: one paragraph
    parts = PARAGRAPH_BREAK.split(NEWLINES.sub("\n", text))
    return "\n\n".join("<p>" + html.escape(part).replace("\n", "<br>") + "</p>" for part in parts)


@lru_cache(maxsize=512)
def _short_date(day, language):
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def local_day(value, tz=None):
    """A date as it is; a time as its day where the reader is (as the `date` filter shows it)."""
    if hasattr(value, "hour"):
        if timezone.is_aware(value):
            value = value.astimezone(tz or timezone.get_current_timezone())
        value = value.date()
    return value


def short_date(value, tz=None):
    """As `|date:"SHORT_DATE_FORMAT"`: the local day, written once per day and language."""
    return _short_date(local_day(value, tz), translation.get_language())


def time_html(value, tz=None, language=None):
    """`<time>` with the local time, ISO 8601, showing the local day (SHORT_DATE_FORMAT)."""
    if timezone.is_aware(value):
        value = value.astimezone(tz or timezone.get_current_timezone())
    day = _short_date(value.date(), language or translation.get_language())
    return f'<time datetime="{value.isoformat()}">{day}</time>'


@lru_cache(maxsize=16)
def _words(language):
    """The words every list repeats, and each outcome's label, translated once per language."""
    words = {
        "answer": esc(_("Answer")),
        "from": esc(_("from")),
        "edited_on": esc(_("Edited on")),
        "received_through": esc(_("Received through:")),
        "section": esc(_("Article or clause")),
        "comment": esc(_("The comment")),
        "the_answer": esc(_("The answer")),
        "outcome": esc(_("Outcome")),
        "no_answer": esc(_("No answer given.")),
    }
    outcomes = {value: esc(capfirst(str(label))) for value, label in Comment.Outcome.choices}
    return words, outcomes


def channel_html(comment, tz=None):
    """How a comment that did not come through the website reached the agency, and when."""
    received = comment.date_received
    received_through = _words(translation.get_language())[0]["received_through"]
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<span class="comment__channel">{received_through} {esc(comment.get_channel_display())}, '
        f'<time datetime="{received.isoformat()}">{short_date(received)}</time></span>'
    )


def comment_list_html(comments):
    """The `<ol class="comment-list">` of published comments with their answers."""
    language = translation.get_language()
    words, outcomes = _words(language)
    answer, from_, edited_on = words["answer"], words["from"], words["edited_on"]
    tz = timezone.get_current_timezone()
    items = ['<ol class="comment-list">']
    for comment in comments:
        when = channel_html(comment, tz) if comment.came_offline else time_html(comment.submitted_at, tz, language)
        items.append(
            f'<li id="{comment.anchor}" class="comment"><p class="comment__meta"><strong><bdi>'
            f"{esc(comment.public_name)}</bdi></strong> · {when}</p>"
            f'<div class="comment__body">{paragraphs(comment.public_body)}</div>'
        )
        if comment.has_response:
            outcome = comment.response_outcome
            agency = comment.response_agency
            items.append(
                f'<div class="response response--{esc(outcome)}"><p class="response__meta"><strong>{answer}'
                f"{f' {from_} {esc(agency)}' if agency else ''}:</strong> "
                f"{outcomes.get(outcome) or esc(capfirst(outcome))}</p>{paragraphs(comment.public_response)}"
            )
            if comment.response_edited_at:
                items.append(f'<p class="edited">{edited_on} {time_html(comment.response_edited_at, tz, language)}</p>')
            items.append("</div>")
        items.append("</li>")
    items.append("</ol>")
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped


def report_rows_html(rows):
    """The response report's table body: for each section, a row naming it, then each comment
    with its answer and outcome (`rows` as `consultations.views.report_rows` gives them)."""
    words, outcomes = _words(translation.get_language())
    section_label, comment_label = words["section"], words["comment"]
    answer_label, outcome_label = words["the_answer"], words["outcome"]
    edited_on, no_answer = words["edited_on"], words["no_answer"]
    tz = timezone.get_current_timezone()
    parts = []
    for section_title, comments in rows:
        parts.append(
            f'<tbody><tr class="report-table__group"><th scope="rowgroup" colspan="3" data-label="{section_label}">'
            f"{esc(section_title)}</th></tr>"
        )
        for comment in comments:
            channel = f" · {channel_html(comment, tz)}" if comment.came_offline else ""
            if comment.has_response:
                outcome = comment.response_outcome
                answer = paragraphs(comment.public_response)
                if comment.response_edited_at:
                    answer += f'<p class="edited">{edited_on} {time_html(comment.response_edited_at, tz)}</p>'
                outcome_cell = f"<strong>{outcomes.get(outcome) or esc(capfirst(outcome))}</strong>"
            else:
                answer, outcome_cell = no_answer, "—"
            parts.append(
                f'<tr id="{comment.anchor}"><td data-label="{comment_label}"><p class="comment__meta">'
                f"<bdi>{esc(comment.public_name)}</bdi>{channel}</p>{paragraphs(comment.public_body)}</td>"
                f'<td data-label="{answer_label}">{answer}</td>'
                f'<td data-label="{outcome_label}">{outcome_cell}</td></tr>'
            )
        parts.append("</tbody>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped
