"""Published comments as HTML, written in Python rather than the template language.

A draft's page shows a few comments under each of its sections, and its comments page fifty at
a time: rendered through templates, each comment cost some forty variable lookups, lazy
translations and date formats. Here the words are translated once per list, each date
formatted once, and each outcome's label looked up once; the markup is that of
`consultations/components/comment_list.html` (which now calls this), class for class.
"""

from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Comment


class _Dates:
    """Each distinct day written once, as `|date:"SHORT_DATE_FORMAT"` would."""

    def __init__(self):
        self.short = {}

    def short_date(self, value):
        if hasattr(value, "tzinfo") and timezone.is_aware(value):
            value = timezone.localtime(value)
        day = value.date() if hasattr(value, "date") else value
        if day not in self.short:
            self.short[day] = formats.date_format(day, "SHORT_DATE_FORMAT")
        return self.short[day]

    @staticmethod
    def iso(value):
        """As `|date:'c'`: the local time, ISO 8601."""
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat()


def _paragraphs(text):
    """As `|linebreaks`: the text escaped, in paragraphs and line breaks."""
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - linebreaks escapes the text


def channel_html(comment, dates=None):
    """How a comment that did not come through the website reached the agency, and when
    (the markup of `consultations/components/comment_channel.html`)."""
    dates = dates or _Dates()
    received = comment.date_received
    return format_html(
        '<span class="comment__channel">{} {}, <time datetime="{}">{}</time></span>',
        _("Received through:"),
        comment.get_channel_display(),
        received.isoformat(),
        dates.short_date(received),
    )


def comment_list_html(comments):
    """The `<ol class="comment-list">` of published comments with their answers."""
    dates = _Dates()
    answer, from_, edited_on = _("Answer"), _("from"), _("Edited on")
    outcomes = {value: capfirst(str(label)) for value, label in Comment.Outcome.choices}
    items = []
    for comment in comments:
        if comment.came_offline:
            when = channel_html(comment, dates)
        else:
            submitted = comment.submitted_at
            when = format_html('<time datetime="{}">{}</time>', dates.iso(submitted), dates.short_date(submitted))
        response = ""
        if comment.has_response:
            agency = comment.response_agency
            edited = ""
            if comment.response_edited_at:
                edited_at = comment.response_edited_at
                edited = format_html(
                    '<p class="edited">{} <time datetime="{}">{}</time></p>',
                    edited_on,
                    dates.iso(edited_at),
                    dates.short_date(edited_at),
                )
            outcome = comment.response_outcome
            response = format_html(
                '<div class="response response--{}"><p class="response__meta"><strong>{}{}:</strong> {}</p>{}{}</div>',
                outcome,
                answer,
                format_html(" {} {}", from_, agency) if agency else "",
                outcomes.get(outcome, capfirst(outcome)),
                _paragraphs(comment.public_response),
                edited,
            )
        items.append(
            format_html(
                '<li id="{}" class="comment"><p class="comment__meta"><strong><bdi>{}</bdi></strong> · {}</p>'
                '<div class="comment__body">{}</div>{}</li>',
                comment.anchor,
                comment.public_name,
                when,
                _paragraphs(comment.public_body),
                response,
            )
        )
    return mark_safe('<ol class="comment-list">' + "".join(conditional_escape(item) for item in items) + "</ol>")  # noqa: S308 - each item is built by format_html
