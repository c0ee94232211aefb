"""Wagtail hooks of the core app: pages tell the page cache what they depend on."""

from wagtail import hooks

from . import pagecache


# Last of the `on_serve_page` hooks, so innermost: it runs only once Wagtail's own checks (view
# restrictions: a password or a login) have let the request through to the page itself, and
# before the page reads anything, as the tags' versions must be read first.
@hooks.register("on_serve_page", order=1000)
def declare_page_cache_tags(serve):
    def inner(page, request, serve_args, serve_kwargs):
        # Only the portal's own page types say what they depend on; any other is not cached.
        cache_tags = getattr(page, "cache_tags", None)
        if cache_tags is not None:
            pagecache.declare(request, *cache_tags())
        return serve(page, request, serve_args, serve_kwargs)

    return inner
