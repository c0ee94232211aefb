"""The URLs of `manage.py runserver` (config.settings.dev): the site's, plus the pattern page.

Production and the tests use config.urls, where /mau-giao-dien/ is an ordinary missing page.
"""

from django.urls import path

from core.patterns import pattern_library

from .urls import urlpatterns as site_urlpatterns

urlpatterns = [path("mau-giao-dien/", pattern_library, name="pattern_library"), *site_urlpatterns]
