"""The site's URLs plus one view with a bug, for the error pages' tests."""

from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug, not an outage")


urlpatterns = [path("hong/", broken), *site_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
