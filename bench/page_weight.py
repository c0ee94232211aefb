"""What a phone downloads: each page's HTML and stylesheets, raw and compressed, against the
page shell alone (the 404 page: header, footer, stylesheets, no content) measured in the same run.

Compressed as a web server sends them: gzip at level 6 (nginx's usual `gzip_comp_level`). The
stylesheets are counted once per page, as on a first visit with an empty cache; print stylesheets
count too, since browsers fetch them as well.
"""

import gzip
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from bench.policy_page import make_policy, site
from home.demo import load_demo
from policies.models import PolicyPage

STYLESHEET = re.compile(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"')


def compressed(data):
    return len(gzip.compress(data, compresslevel=6))


def stylesheets(html):
    """The bytes of every stylesheet the page links to, read from the static files."""
    found = []
    for href in STYLESHEET.findall(html):
        path = urlsplit(href).path.removeprefix(settings.STATIC_URL)
        with open(finders.find(path), "rb") as stylesheet:
            found.append(stylesheet.read())
    return found


def weigh(client, url):
    response = client.get(url)
    html = response.content
    css = stylesheets(html.decode())
    return {
        "status": response.status_code,
        "html_kb": len(html) / 1024,
        "html_gz_kb": compressed(html) / 1024,
        "css_gz_kb": sum(compressed(sheet) for sheet in css) / 1024,
        "total_gz_kb": (compressed(html) + sum(compressed(sheet) for sheet in css)) / 1024,
    }


def run():
    load_demo()
    demo_policy = max(PolicyPage.objects.live(), key=lambda page: len(page.sections))
    large = make_policy(site(), "bench-nang", sections=60, comments=3000)
    pages = {
        "page shell (404), baseline": "/khong-co-trang-nay/",
        "home": "/",
        f"policy page, demo ({len(demo_policy.sections)} sections)": demo_policy.url,
        "policy page, 60 sections, 3,000 comments": large.url,
        "register /van-ban/": "/van-ban/",
        "search ?q=dân": "/tim-kiem/?q=d%C3%A2n",
    }
    client = Client()
    results = {name: weigh(client, url) for name, url in pages.items()}
    baseline = results["page shell (404), baseline"]["total_gz_kb"]
    print("Page weight: HTML and stylesheets, gzip level 6, first visit (nothing cached)")
    print(f"{'page':44} {'HTML KB':>8} {'HTML gz':>8} {'CSS gz':>7} {'total gz':>9} {'× shell':>8}")
    for name, r in results.items():
        sizes = f"{r['html_kb']:8.1f} {r['html_gz_kb']:8.1f} {r['css_gz_kb']:7.1f} {r['total_gz_kb']:9.1f}"
        print(f"{name:44} {sizes} {r['total_gz_kb'] / baseline:8.2f}")
    PolicyPage.objects.filter(slug="bench-nang").delete()
