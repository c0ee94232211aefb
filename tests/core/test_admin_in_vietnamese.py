"""The admin in Vietnamese (issue #12, item 6), below the browser walk of
`tests/e2e/test_admin_in_vietnamese.py`: the catalogues, the words of the main menu, the date
widgets, no avatar fetched from outside.

`locale-wagtail/` completes and corrects the `vi` catalogues Wagtail 8 and Django ship; the
project's own catalogue (`locale/`) must not relabel a string Wagtail uses with another meaning
(our "Pages" of a pagination showed as Wagtail's main menu item): an ambiguous string of ours
takes a context (`pgettext`).
"""

import datetime
import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import django
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone, translation

import wagtail
from wagtail.test.utils import WagtailTestUtils

from tests.policies.factories import PolicyPageFactory

WAGTAIL = Path(wagtail.__file__).parent
DJANGO = Path(django.__file__).parent
OURS = settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"
WAGTAIL_VI = settings.BASE_DIR / "locale-wagtail" / "vi" / "LC_MESSAGES"
# Wagtail's apps this site installs (the rest have no screen here).
INSTALLED_WAGTAIL = [
    WAGTAIL,
    *(WAGTAIL / name for name in ("admin", "users", "images", "documents", "snippets", "embeds", "search", "sites")),
    *(WAGTAIL / "contrib" / name for name in ("settings", "redirects", "search_promotions")),
]


def entries(pattern):
    """(context, msgid) → entry, over the catalogues matching a glob pattern."""
    found = {}
    for path in glob.glob(str(pattern), recursive=True):
        for entry in polib.pofile(path):
            if not entry.obsolete:
                found.setdefault((entry.msgctxt, entry.msgid), entry)
    return found


def translated(*patterns):
    found = {}
    for pattern in patterns:
        found.update({key: entry for key, entry in entries(pattern).items() if entry.translated()})
    return found


def test_the_projects_strings_do_not_relabel_wagtails_or_djangos():
    theirs = entries(WAGTAIL / "**/locale/en/LC_MESSAGES/django.po") | entries(
        DJANGO / "**/locale/en/LC_MESSAGES/django.po"
    )
    # What the admin says for their strings: our correction, else their Vietnamese.
    their_vietnamese = translated(
        DJANGO / "**/locale/vi/LC_MESSAGES/django.po", WAGTAIL / "**/locale/vi/LC_MESSAGES/django.po"
    ) | translated(WAGTAIL_VI / "django.po")
    relabelled = []
    for entry in polib.pofile(str(OURS)):
        key = (entry.msgctxt, entry.msgid)
        if key in theirs:
            said = their_vietnamese.get(key)
            if said is None or said.msgstr != entry.msgstr:
                relabelled.append(f"{entry.msgid!r}: ours {entry.msgstr!r}, theirs {said and said.msgstr!r}")
    assert relabelled == [], "Give these a context (pgettext), or the same words in locale-wagtail:\n" + "\n".join(
        relabelled
    )


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_string_of_wagtails_admin_has_vietnamese(domain):
    english = {}
    for app in INSTALLED_WAGTAIL:
        english |= entries(app / f"locale/en/LC_MESSAGES/{domain}.po")
    vietnamese = translated(WAGTAIL / f"**/locale/vi/LC_MESSAGES/{domain}.po", WAGTAIL_VI / f"{domain}.po")
    missing = [msgid for key, msgid in ((key, key[1]) for key in english) if key not in vietnamese]
    assert missing == [], f"Translate these in locale-wagtail/vi/LC_MESSAGES/{domain}.po"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_wagtail_catalogue_is_compiled_and_complete(domain):
    po = polib.pofile(str(WAGTAIL_VI / f"{domain}.po"))
    assert [e.msgid for e in po if not e.translated() or e.obsolete] == []
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(WAGTAIL_VI / f"{domain}.mo"))
    }
    assert {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po} == {
        key: value for key, value in compiled.items() if key[1]
    }, "The .mo is stale: run `make messages`"


def test_make_messages_leaves_the_wagtail_catalogue_alone(tmp_path):
    """`make messages` rewrites locale/ from our source; locale-wagtail/ is written by hand."""
    copy = tmp_path / "src"
    skip = {".venv", ".git", "var", "staticfiles", "node_modules", ".pytest_cache", ".ruff_cache", "bench", "tests"}
    shutil.copytree(settings.BASE_DIR, copy, ignore=lambda directory, names: [n for n in names if n in skip])
    before = {path.name: path.read_bytes() for path in (copy / "locale-wagtail/vi/LC_MESSAGES").iterdir()}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    for command in (["makemessages", "--locale", "vi", "--no-obsolete"], ["compilemessages", "--locale", "vi"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=copy, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
    after = {path.name: path.read_bytes() for path in (copy / "locale-wagtail/vi/LC_MESSAGES").iterdir()}
    assert after == before


@pytest.mark.parametrize(
    ("context", "source", "ours", "wagtails"),
    [
        ("pagination", "Pages", "Phân trang", "Trang"),
        ("legal documents", "Documents", "Văn bản", "Tài liệu"),
        ("date a document was issued", "Date", "Ngày ban hành", "Ngày"),
        ("citizen comments", "Comments", "Ý kiến góp ý", "Bình luận"),
        ("draft policy", "Draft", "Dự thảo", "Bản nháp"),
    ],
)
def test_one_english_word_two_vietnamese_meanings(context, source, ours, wagtails):
    with translation.override("vi"):
        assert translation.pgettext(context, source) == ours
        assert translation.gettext(source) == wagtails


def main_menu(client):
    """The labels of the admin's main menu, from the props Wagtail renders for its sidebar."""
    soup = WagtailTestUtils.get_soup(client.get("/admin/").content)
    labels = []

    def walk(node):
        if isinstance(node, dict):
            if "label" in node and "name" in node:
                labels.append(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(soup.find("script", id="wagtail-sidebar-props").string))
    return labels


@pytest.mark.django_db
def test_the_main_menu_names_wagtails_pages_and_library_as_wagtail_means_them(client, admin_user, site_tree):
    client.force_login(admin_user)
    menu = main_menu(client)
    assert {"Trang", "Hình ảnh", "Tài liệu", "Ý kiến góp ý", "Cài đặt"} <= set(menu)
    assert not {"Phân trang", "Văn bản", "Pages", "Documents", "Images", "Settings"} & set(menu)


@pytest.mark.django_db
def test_no_admin_page_fetches_an_avatar_from_an_outside_service(client, site_tree, django_user_model):
    editor = django_user_model.objects.create_user("bientap", "lan.nguyen@hatinh.gov.vn", "mat-khau-2026")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    admin = django_user_model.objects.create_superuser("quantri", "quantri@hatinh.gov.vn", "mat-khau-2026")
    for user, urls in [
        (editor, ["/admin/", "/admin/account/"]),
        (
            admin,
            ["/admin/", "/admin/users/", f"/admin/users/edit/{editor.pk}/", f"/admin/pages/{site_tree['home'].pk}/"],
        ),
    ]:
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "gravatar" not in response.content.decode().lower(), url


@pytest.mark.django_db
def test_the_admin_writes_and_reads_dates_as_dd_mm_yyyy(client, admin_user, site_tree):
    moment = timezone.make_aware(datetime.datetime(2026, 3, 5, 8, 30))
    page = PolicyPageFactory(parent=site_tree["policies"], issued_on=datetime.date(2026, 3, 5), go_live_at=moment)
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'value="05/03/2026"' in html  # the date printed on the document
    assert 'value="05/03/2026 08:30"' in html  # the publishing schedule

    form_class = type(page).get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=admin_user)
    assert form.fields["issued_on"].to_python("31/12/2026") == datetime.date(2026, 12, 31)
    assert form.fields["go_live_at"].to_python("31/12/2026 07:00").replace(tzinfo=None) == datetime.datetime(
        2026, 12, 31, 7, 0
    )
