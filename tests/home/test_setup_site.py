"""`manage.py setup_site --url …`: a real site on an empty (freshly migrated) PostgreSQL
database, without demo content, ready for `import_archive` (issue 12, item 7)."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from wagtail.models import GroupPagePermission, Page, PageLogEntry, Revision, Site

from consultations.models import ConsultationSettings
from core.models import SiteSettings
from dialogues.models import CommitmentTrackerPage, DialogueIndexPage, DialoguePage
from home.models import HomePage
from policies.models import ConsultationIndexPage, PolicyIndexPage, PolicyPage
from scorecard.models import ScorecardPage
from stories.models import ModelStoryPage, StoryIndexPage
from taxonomy.models import Agency, Area, DocumentType, Sector
from tests.archive.factories import DIALOGUE, POLICY, STORY, lines

pytestmark = pytest.mark.django_db

HOST = "thamvan.hatinh.example.vn"
PUBLIC = f"https://{HOST}"
ATOM = "{http://www.w3.org/2005/Atom}"
# The environment a server gets from /etc/consultation-portal/env (site/env.example).
server_environment = override_settings(
    PUBLIC_URL=PUBLIC,
    WAGTAILADMIN_BASE_URL=PUBLIC,
    WAGTAILAPI_BASE_URL=PUBLIC,
    ALLOWED_HOSTS=[HOST],
)
COMMENTED_POLICY = {
    **POLICY,
    "consultation": {
        **POLICY["consultation"],
        "comments": [
            {
                "name": "Nguyễn Văn An",
                "area": "Xã Tiên Điền",
                "section": "1",
                "date": "2024-05-10",
                "body": "Nên miễn phí cho học sinh.",
                "response": {"outcome": "accepted", "text": "Tiếp thu.", "date": "2024-06-20"},
            }
        ],
    },
}


@pytest.fixture
def empty_site(root_page):
    """The database as `migrate` leaves it: Wagtail's placeholder page, no content of ours."""
    assert not HomePage.objects.exists()
    assert not Agency.objects.exists() and not Area.objects.exists()
    return root_page


def setup_site(*args):
    out = io.StringIO()
    call_command("setup_site", *args, stdout=out)
    return out.getvalue()


def get(client, path, **query):
    """A request as the public makes it: over HTTPS, to the public host."""
    return client.get(path, query, HTTP_HOST=HOST, secure=True)


def snapshot():
    """Everything setup_site may touch, to compare before and after."""
    return {
        "pages": list(
            Page.objects.order_by("path").values_list(
                "path", "content_type", "title", "slug", "live", "show_in_menus", "latest_revision", "last_published_at"
            )
        ),
        "revisions": Revision.objects.count(),
        "page log": PageLogEntry.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "port", "root_page", "is_default_site", "site_name")),
        "site settings": list(SiteSettings.objects.values()),
        "rules": list(ConsultationSettings.objects.values()),
        "groups": list(Group.objects.order_by("name").values_list("name", flat=True)),
        "page permissions": GroupPagePermission.objects.count(),
        "taxonomies": [m.objects.count() for m in (Agency, Sector, Area, DocumentType)],
    }


@server_environment
def test_setup_then_import_then_the_public_pages_serve_at_the_public_address(empty_site, client, tmp_path):
    out = setup_site("--url", PUBLIC)

    home = HomePage.objects.get()
    sections = [page.specific_class for page in home.get_children().live()]
    assert sections == [
        ConsultationIndexPage,
        PolicyIndexPage,
        DialogueIndexPage,
        CommitmentTrackerPage,
        ScorecardPage,
        StoryIndexPage,
    ]
    assert PolicyIndexPage.objects.get().url_path == "/trang-chu/van-ban/"
    site = Site.objects.get()
    assert (site.hostname, site.port, site.root_page_id, site.is_default_site) == (HOST, 443, home.pk, True)
    assert ConsultationSettings.objects.get().default_minimum_days == 30
    assert DocumentType.objects.filter(slug="khac").exists()
    # No demo content: no documents, no agencies, sectors or areas.
    assert not PolicyPage.objects.exists() and not DialoguePage.objects.exists()
    assert [Agency.objects.count(), Sector.objects.count(), Area.objects.count()] == [0, 0, 0]
    assert f"site address: {PUBLIC}" in out

    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(lines(COMMENTED_POLICY, DIALOGUE, STORY)) + "\n", encoding="utf-8")
    call_command("import_archive", str(archive), stdout=io.StringIO())
    policy = PolicyPage.objects.get(archive_id=POLICY["id"])
    assert policy.get_parent().specific_class is PolicyIndexPage
    assert DialoguePage.objects.get().get_parent().specific_class is DialogueIndexPage
    assert ModelStoryPage.objects.get().get_parent().specific_class is StoryIndexPage

    home_html = get(client, "/").content.decode()
    assert f'href="{policy.url}"' in home_html
    register = get(client, "/van-ban/")
    assert register.status_code == 200 and f'href="{policy.url}"' in register.content.decode()
    page = get(client, policy.url)
    assert page.status_code == 200
    assert policy.url.startswith("/van-ban/") and "Nên miễn phí cho học sinh." in page.content.decode()
    for section in home.get_children().live():
        assert get(client, section.url).status_code == 200, section.url

    # Every absolute link names the public address, whatever host the request came in on.
    links = [row["url"] for row in csv.DictReader(io.StringIO(get(client, "/van-ban/", format="csv").text))]
    links.append(get(client, policy.url + "y-kien/json/").json()["url"])
    feed = ET.fromstring(get(client, "/tim-kiem/", q="phí tham quan", format="atom").content)
    links += [link.get("href") for link in feed.iter(f"{ATOM}entry") for link in link.iter(f"{ATOM}link")]
    links.append(get(client, f"/api/v2/pages/{policy.pk}/").json()["meta"]["html_url"])
    assert links.count(PUBLIC + policy.url) >= 3, links
    assert all(link.startswith(PUBLIC + "/") for link in links), links


@server_environment
def test_running_it_twice_changes_nothing(empty_site, tmp_path):
    setup_site("--url", PUBLIC)
    before = snapshot()
    assert setup_site("--url", PUBLIC).strip() == "Nothing to change."
    assert snapshot() == before

    # Nor does running it again once the archive is in and an editor has renamed a section.
    archive = tmp_path / "archive.jsonl"
    archive.write_text(lines(POLICY)[0], encoding="utf-8")
    call_command("import_archive", str(archive), stdout=io.StringIO())
    PolicyIndexPage.objects.filter(slug="van-ban").update(title="Hệ thống văn bản")
    ConsultationSettings.objects.update(default_minimum_days=45)
    before = snapshot()
    assert setup_site("--url", PUBLIC).strip() == "Nothing to change."
    assert snapshot() == before


BAD_URLS = {
    "http://" + HOST: "HTTPS",
    HOST: "https://host.name",
    f"{PUBLIC}/portal/": "path",
    f"{PUBLIC}/?lang=vi": "query",
    f"https://admin:secret@{HOST}": "password",
    f"{PUBLIC}:99999": "not a URL",
    "https://thamvan.example.vn": "PUBLIC_URL",
    "": "https://host.name",
}


@server_environment
@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_url_is_refused_clearly_and_changes_nothing(empty_site, url):
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        setup_site("--url", url)
    assert BAD_URLS[url] in str(refused.value)
    assert str(refused.value).endswith("Nothing was changed.")
    assert snapshot() == before


@override_settings(PUBLIC_URL=PUBLIC, WAGTAILADMIN_BASE_URL=PUBLIC, ALLOWED_HOSTS=["thamvan.example.vn"])
def test_an_address_the_site_would_not_serve_is_refused(empty_site):
    before = snapshot()
    with pytest.raises(CommandError, match="ALLOWED_HOSTS"):
        setup_site("--url", PUBLIC)
    assert snapshot() == before


@override_settings(DEBUG=True, PUBLIC_URL="http://127.0.0.1:8000", ALLOWED_HOSTS=["127.0.0.1"])
def test_plain_http_is_allowed_for_a_development_site(empty_site):
    setup_site("--url", "http://127.0.0.1:8000/")
    site = Site.objects.get()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)


@server_environment
def test_reference_lists_are_loaded_only_when_asked(empty_site, tmp_path, settings):
    setup_site("--url", PUBLIC)
    assert not Area.objects.exists()

    lists = tmp_path / "taxonomies.json"
    site_json = json.loads((settings.BASE_DIR / "demo" / "site.json").read_text(encoding="utf-8"))
    lists.write_text(json.dumps({key: site_json[key] for key in ("agencies", "sectors", "areas")}), encoding="utf-8")
    out = setup_site("--url", PUBLIC, "--taxonomies", str(lists))
    district = Area.objects.get(name="Huyện Thạch Hà")
    assert str(district.valid_to) == "2025-06-30" and district.parent.name == "Tỉnh Hà Tĩnh"
    assert Agency.objects.get(short_name="Sở Xây dựng").parent.name == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert "area created: Huyện Thạch Hà" in out
    # The same lists again: nothing changes.
    assert setup_site("--url", PUBLIC, "--taxonomies", str(lists)).strip() == "Nothing to change."
    assert not PolicyPage.objects.exists()


@server_environment
def test_a_list_that_cannot_be_loaded_is_refused_and_changes_nothing(empty_site, tmp_path):
    lists = tmp_path / "taxonomies.json"
    orphan = {"name": "Xã Thạch Lạc", "level": "commune", "parent": "Huyện Thạch Hà"}
    lists.write_text(json.dumps({"areas": [{"name": "Tỉnh Hà Tĩnh", "level": "province"}, orphan]}), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="cannot be loaded.*Nothing was changed"):
        setup_site("--url", PUBLIC, "--taxonomies", str(lists))
    assert snapshot() == before and not HomePage.objects.exists()


@server_environment
def test_setup_site_creates_each_agencys_groups_and_the_approval_workflow(empty_site, tmp_path, settings):
    lists = tmp_path / "taxonomies.json"
    site_json = json.loads((settings.BASE_DIR / "demo" / "site.json").read_text(encoding="utf-8"))
    lists.write_text(json.dumps({"agencies": site_json["agencies"]}), encoding="utf-8")
    setup_site("--url", PUBLIC, "--taxonomies", str(lists))
    names = set(Group.objects.values_list("name", flat=True))
    for role in ("Biên tập viên", "Kiểm duyệt viên", "Lãnh đạo"):
        assert f"Sở Tài chính tỉnh Hà Tĩnh — {role}" in names
    assert "Quản trị viên cấp tỉnh" in names
    register = PolicyIndexPage.objects.get()
    assert register.get_workflow().name == "Lãnh đạo cơ quan phê duyệt trước khi xuất bản"
    assert GroupPagePermission.objects.filter(
        page=register, group__name="Sở Tài chính tỉnh Hà Tĩnh — Biên tập viên", permission__codename="change_page"
    ).exists()
    # Run again: nothing changes.
    assert setup_site("--url", PUBLIC, "--taxonomies", str(lists)).strip() == "Nothing to change."
