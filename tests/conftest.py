import os

import pytest
from playwright.sync_api import sync_playwright

from django.core.cache import cache
from django.test.utils import isolate_apps

from wagtail.models import Collection, Locale, Page, Site, get_page_models, pages

from core.models import SiteSettings
from tests.dialogues.factories import DialogueIndexPageFactory
from tests.home.factories import HomePageFactory
from tests.policies.factories import ConsultationIndexPageFactory, PolicyIndexPageFactory
from tests.stories.factories import StoryIndexPageFactory

# --- A skipped test has not passed: the run fails if anything was skipped. --------------------

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            f"FAILED: {len(_skipped)} test(s) were skipped; every test must run here.", red=True
        )


# --- The site tree ---------------------------------------------------------------------------


@pytest.fixture
def root_page(db):
    """Wagtail's tree root. Migrations create it, but a browser test's flush removes it (and the
    root collection images go into)."""
    Locale.objects.get_or_create(language_code="vi")
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


@pytest.fixture
def home_page(root_page):
    home = HomePageFactory(parent=root_page)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Cổng lấy ý kiến"},
    )
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "site_name": "Cổng lấy ý kiến tỉnh Hà Tĩnh",
            "address": "Số 01 đường Nguyễn Tất Thành, phường Thành Sen",
            "phone": "0239 3855 000",
            "email": "lay-y-kien@hatinh.gov.vn",
        },
    )
    return home


@pytest.fixture
def consultation_index(home_page):
    return ConsultationIndexPageFactory(parent=home_page)


@pytest.fixture
def policy_index(home_page):
    return PolicyIndexPageFactory(parent=home_page)


@pytest.fixture
def dialogue_index(home_page):
    return DialogueIndexPageFactory(parent=home_page)


@pytest.fixture
def story_index(home_page):
    return StoryIndexPageFactory(parent=home_page)


@pytest.fixture
def site_tree(consultation_index, policy_index, dialogue_index, story_index, home_page):
    """The home page with its four sections, in menu order."""
    return {
        "home": home_page,
        "consultations": consultation_index,
        "policies": policy_index,
        "dialogues": dialogue_index,
        "stories": story_index,
    }


@pytest.fixture
def moderator(django_user_model):
    """An administrator, who moderates and answers comments."""
    return django_user_model.objects.create_superuser("bientap", "bientap@example.invalid", "mat-khau-2026")


# --- The page cache ------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    """The page cache on (the test settings turn it off), starting and ending empty."""
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield cache
    cache.clear()


# --- Throwaway page types ------------------------------------------------------------------


@pytest.fixture
def throwaway_page_types(monkeypatch):
    """Page types a test defines (with `class Meta: app_label = "search"` or "consultations") are
    kept out of the rest of the run: Django's registry is isolated, Wagtail's list of page classes
    is a copy for the test, and the allowed parent and child types each real page type works out
    while the test runs (system checks do) are forgotten afterwards."""
    monkeypatch.setattr(pages, "PAGE_MODEL_CLASSES", list(pages.PAGE_MODEL_CLASSES))
    for model in get_page_models():
        monkeypatch.setattr(model, "_clean_subpage_models", model.__dict__.get("_clean_subpage_models"))
        monkeypatch.setattr(model, "_clean_parent_page_models", model.__dict__.get("_clean_parent_page_models"))
    with isolate_apps("search", "consultations"):
        yield


# --- Browser tests ---------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach Google, which this
# machine's closed network refuses.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
    # thread with a loop unless told this is deliberate. The ORM calls in tests are not async.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A page in a 360×740 phone viewport, Vietnamese locale."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def at_width(browser):
    """`open(width)`: a new page in a Vietnamese browser `width` px wide (740 px high, a phone's)."""
    contexts = []

    def open_page(width):
        context = browser.new_context(
            viewport={"width": width, "height": 740}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
