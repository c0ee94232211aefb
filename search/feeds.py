import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from core.http import public_url
from core.models import SiteSettings
from core.text import without_controls

ATOM = "application/atom+xml"


def wants_page(request):
    """Whether the feed's address was opened by a person in a browser rather than a feed reader.

    Browsers put text/html first in Accept; feed readers ask for Atom or for anything (*/*), and a
    tie goes to Atom. A browser gets a page that says how to subscribe: Chromium shows an Atom
    document as raw text and is dropping XSLT (it already puts a red warning over XSLT pages).
    """
    return request.get_preferred_type([ATOM, "text/html"]) == "text/html"


def vary_on_accept(response):
    # One address, two representations: a cache must not hand the page to a feed reader.
    patch_vary_headers(response, ["Accept"])
    return response


def published_at(result):
    """When an entry's document is dated (issued, opened for comment, recognised), at the start of
    that day in the site's time zone: the date the feed is ordered by. None when undated."""
    if result.date is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(result.date, datetime.time.min))


class SearchFeed(Feed):
    """A search as an Atom feed (RFC 4287), to follow it (`/tim-kiem/?q=…&format=atom`): its newest
    matches, newest document first, each entry identified by its page for good."""

    feed_type = Atom1Feed
    description = ""

    def get_object(self, request, raw_query, results, page_url):
        return {
            "query": raw_query,
            "results": results,
            "url": public_url(request.get_full_path()),
            "page_url": public_url(page_url),
            "owner": SiteSettings.for_request(request).owner_name,
        }

    def __call__(self, request, *args, **kwargs):
        return vary_on_accept(super().__call__(request, *args, **kwargs))

    def title(self, found):
        return _("Search: %(query)s") % {"query": found["query"]}

    # rel="alternate": the same search as a web page.
    def link(self, found):
        return found["page_url"]

    # rel="self": the feed's own address, as requested.
    def feed_url(self, found):
        return found["url"]

    def feed_guid(self, found):
        return found["url"]

    # RFC 4287 requires an author on the feed or on every entry: the office that publishes the site.
    def author_name(self, found):
        return found["owner"]

    def items(self, found):
        return found["results"]

    # XML 1.0 has no place for control characters, wherever a title or snippet got them from.
    def item_title(self, result):
        return without_controls(result.title)

    def item_link(self, result):
        return result.full_url

    # The page's translation key is a UUID that stays with it when it is renamed or moved, so a
    # feed reader does not show a moved page as new.
    def item_guid(self, result):
        return f"urn:uuid:{result.page.translation_key}"

    def item_description(self, result):
        return without_controls(result.plain_snippet)

    def item_updateddate(self, result):
        return result.updated_at or timezone.now()

    def item_pubdate(self, result):
        return published_at(result)

    def item_categories(self, result):
        return [result.type]
