"""The site's URLs with a "hello" view in front: Django's floor for `make bench-http`."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain; charset=utf-8")


urlpatterns = [path("_bench/hello", hello), *site_urlpatterns]
