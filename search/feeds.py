from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from core.http import public_url
from core.text import without_controls


class SearchFeed(Feed):
    """A search as an Atom feed, to follow it (`/tim-kiem/?q=…&format=atom`): its newest 50 results."""

    feed_type = Atom1Feed
    description = ""

    def get_object(self, request, raw_query, results):
        return {"query": raw_query, "results": results, "url": public_url(request.get_full_path())}

    def title(self, found):
        return _("Search: %(query)s") % {"query": found["query"]}

    def link(self, found):
        return found["url"]

    def feed_url(self, found):
        return found["url"]

    def items(self, found):
        return found["results"]

    # XML 1.0 has no place for control characters, wherever a title or snippet got them from.
    def item_title(self, result):
        return without_controls(result.title)

    def item_link(self, result):
        return result.page.full_url

    def item_description(self, result):
        return without_controls(result.plain_snippet)

    def item_updateddate(self, result):
        return result.updated_at or timezone.now()

    def item_pubdate(self, result):
        return result.updated_at or timezone.now()

    def item_categories(self, result):
        return [result.type]
