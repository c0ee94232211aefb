"""/sitemap.xml: every live page that anyone may read, at the site's public address.

Wagtail's sitemap lists the pages of the site that are live and outside any view restriction
(`live().public()`), each at `get_full_url()`, which for our pages is `settings.PUBLIC_URL`
plus the page's path (core.models.BasePage), whatever host the crawler asked. A page type adds
its own sub-pages that readers use (a draft's response report, its published comments) by
returning more than one entry from `get_sitemap_urls()`; what those need from the database it
fetches for a whole batch at once in a classmethod `prepare_for_sitemap(pages)`, so the sitemap
costs a few queries per page type, not one per page.
"""

from collections import defaultdict

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap


class PortalSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        by_type = defaultdict(list)
        for item in items:
            by_type[type(item)].append(item)
        for model, pages in by_type.items():
            prepare = getattr(model, "prepare_for_sitemap", None)
            if prepare is not None:
                prepare(pages)
        urls = [url for item in items for url in item.get_sitemap_urls(self.request)]
        last_mods = {url.get("lastmod") for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
