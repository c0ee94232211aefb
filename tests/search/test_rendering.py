"""The results list written in Python (search/rendering.py) escapes what editors typed and keeps
the snippet's marks, as the template did."""

import datetime
from types import SimpleNamespace

from django.utils.safestring import mark_safe

from search.rendering import results_html


def test_a_result_shows_its_type_date_and_agency_with_what_editors_typed_escaped():
    result = SimpleNamespace(
        url="/van-ban/a/",
        title="Quy định <b>mới</b>",
        type_name="văn bản",
        date=datetime.date(2026, 1, 15),
        agency="Sở Tài chính & Kế hoạch",
        snippet=mark_safe("hỗ trợ <mark>dân</mark>"),
    )
    html = results_html([result])
    assert '<a href="/van-ban/a/">Quy định &lt;b&gt;mới&lt;/b&gt;</a>' in html
    assert 'Văn bản · <time datetime="2026-01-15">15/01/2026</time> · Sở Tài chính &amp; Kế hoạch' in html
    assert "<p>hỗ trợ <mark>dân</mark></p>" in html


def test_an_undated_result_without_agency_shows_its_type_alone():
    result = SimpleNamespace(url="/x/", title="T", type_name="câu chuyện", date=None, agency="", snippet="")
    assert '<p class="card__meta">\n            Câu chuyện\n          </p>' in results_html([result])


def test_a_result_dated_by_a_time_shows_the_day_it_was_in_vietnam():
    # 20:00 UTC on the 15th is 03:00 on the 16th in Hà Tĩnh.
    evening = datetime.datetime(2026, 1, 15, 20, 0, tzinfo=datetime.UTC)
    result = SimpleNamespace(url="/x/", title="T", type_name="văn bản", date=evening, agency="", snippet="")
    assert '<time datetime="2026-01-16">16/01/2026</time>' in results_html([result])
