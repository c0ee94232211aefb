"""The site's addresses with one plain view in front, which needs no Site (as bench/urls.py puts
Django's "hello" in front of them)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def plain(request):
    return HttpResponse("plain", content_type="text/plain")


urlpatterns = [path("_plain", plain), *site_urlpatterns]
