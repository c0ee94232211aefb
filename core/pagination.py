"""Pages of a long list in one query instead of two.

Django's `Paginator` counts the whole list (one query) before fetching the page (another). Here
the page asked for is fetched first with the list's total beside each row (a window count); only
when that page is empty — a number past the end, or no rows at all — does Django's own
`get_page` run, with the same result as ever.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Window


def get_page(queryset, per_page, number):
    """What `Paginator(queryset, per_page).get_page(number)` returns, usually in one query."""
    paginator = Paginator(queryset, per_page)
    try:
        index = int(number)
    except (TypeError, ValueError):
        index = 1
    if index >= 1:
        bottom = (index - 1) * per_page
        rows = list(queryset.annotate(rows_in_list=Window(Count("pk")))[bottom : bottom + per_page])
        if rows:
            paginator.__dict__["count"] = rows[0].rows_in_list
            return paginator._get_page(rows, index, paginator)
    return paginator.get_page(number)
