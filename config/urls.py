from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from consultations import opendata
from consultations import views as consultation_views
from core import views as core_views
from core.api import api_router
from home import calendar as home_calendar
from search import views as search_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("tim-kiem/", search_views.search, name="search"),
    path("lich.ics", home_calendar.calendar_feed, name="calendar"),
    # A comment's or question's receipt, by the secret of its private link (consultations.receipts).
    path("bien-nhan/<str:token>/", consultation_views.receipt, name="receipt"),
    # Open data: every published comment and answer in one file, and the page describing it.
    path("du-lieu-mo/", opendata.schema_page, name="open_data"),
    path("du-lieu-mo/y-kien.<str:export_format>", opendata.bulk_download, name="open_data_comments"),
    path("nhan-tin/", include("subscriptions.urls")),
    path("sitemap.xml", core_views.sitemap, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree; it must come last.
urlpatterns += [path("", include(wagtail_urls))]

# A database that cannot be reached gets its own 503 page, which keeps a form being sent.
handler500 = "core.views.server_error"
