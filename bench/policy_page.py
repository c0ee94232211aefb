"""Render time and memory of a policy page: 60 sections and 3,000 published comments, against a
baseline of 6 sections and no comments measured in the same run on the same database."""

import datetime
import statistics
import time
import tracemalloc

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale, Page, Site

from consultations.models import Comment
from home.models import HomePage
from policies.models import PolicyIndexPage, PolicyPage
from taxonomy.models import Area, DocumentType


def site():
    Locale.objects.get_or_create(language_code="vi")
    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ", slug="bench-home"))
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    index = PolicyIndexPage.objects.first() or home.add_child(instance=PolicyIndexPage(title="Văn bản", slug="van-ban"))
    return index


def make_policy(index, slug, sections, comments):
    PolicyPage.objects.filter(slug=slug).delete()
    now = timezone.now()
    policy = index.add_child(
        instance=PolicyPage(
            title=f"Dự thảo thử tải {slug}",
            slug=slug,
            document_type=DocumentType.objects.get(slug="nghi-quyet"),
            consultation_opens_at=now - datetime.timedelta(days=5),
            consultation_closes_at=now + datetime.timedelta(days=25),
            text=[
                (
                    "section",
                    {
                        "kind": "article",
                        "number": str(n),
                        "heading": f"Điều khoản số {n}",
                        "text": "<p>" + "Cơ quan soạn thảo công khai dự thảo và tiếp thu ý kiến. " * 12 + "</p>",
                    },
                )
                for n in range(1, sections + 1)
            ],
        )
    )
    policy.save_revision().publish()
    areas = list(Area.objects.all()[:10]) or [
        Area.objects.create(name="Xã thử tải", slug="xa-thu-tai", level="commune")
    ]
    blocks = [s.block_id for s in policy.sections]
    Comment.objects.bulk_create(
        Comment(
            page=policy,
            section_id=blocks[n % len(blocks)],
            body=f"Ý kiến số {n}: đề nghị làm rõ mức hỗ trợ và thời hạn niêm yết danh sách hộ hiến đất.",
            area=areas[n % len(areas)],
            consent_at=now,
            state=Comment.State.PUBLISHED,
            response_outcome="partly" if n % 2 else "",
            response_text="Tiếp thu một phần, điều chỉnh tại dự thảo lần 2." if n % 2 else "",
        )
        for n in range(comments)
    )
    return policy


def measure(client, url, runs):
    client.get(url)  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # now: the next request clears the log
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "queries": query_count,
        "html_kb": len(response.content) / 1024,
        "peak_mb": peak / 1024 / 1024,
    }


def run(runs):
    index = site()
    baseline = make_policy(index, "bench-co-so", sections=6, comments=0)
    large = make_policy(index, "bench-lon", sections=60, comments=3000)
    client = Client()
    results = {"baseline (6 sections, 0 comments)": measure(client, baseline.url, runs)}
    results["large (60 sections, 3,000 comments)"] = measure(client, large.url, runs)
    print(f"Policy page render, {runs} runs each, Django test client, PostgreSQL {connection.pg_version // 10000}")
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'HTML KB':>8} {'peak MB':>8}")
    for name, r in results.items():
        timing = f"{r['median_ms']:10.1f} {r['p95_ms']:8.1f}"
        print(f"{name:40} {timing} {r['queries']:8d} {r['html_kb']:8.0f} {r['peak_mb']:8.1f}")
    base, big = results.values()
    ratio = big["median_ms"] / base["median_ms"]
    print(f"ratio large/baseline: median {ratio:.1f}x, queries {big['queries']}/{base['queries']}")
    PolicyPage.objects.filter(slug__in=["bench-co-so", "bench-lon"]).delete()
