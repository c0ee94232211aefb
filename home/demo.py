"""The demo content of `make run`: the site tree, taxonomies and settings from demo/site.json,
then the documents of demo/archive.jsonl through the archive importer.

Running it again changes nothing that is already there.
"""

import datetime
import json
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wagtail.models import Site

from archive.importer import import_lines
from core.models import ContentPage, SiteSettings
from home.setup import ensure_taxonomy, ensure_tree
from taxonomy.models import Agency, Area, Sector
from taxonomy.roles import Role, add_person, sync_agency_roles

DEMO_DIR = settings.BASE_DIR / "demo"
RELATIVE_DATE = re.compile(r"\{\{today([+-]\d+)?\}\}")


def load_demo(today=None):
    """Load everything; return the importer's per-line results."""
    ensure_site()
    archive = (DEMO_DIR / "archive.jsonl").read_text(encoding="utf-8")
    results = import_lines(with_dates_from(archive, today or timezone.localdate()).splitlines(), base_dir=DEMO_DIR)
    sync_agency_roles()
    return results


# One person in each role of the agency drafting the demo's open consultation (taxonomy.roles),
# so that a newcomer can try the workflow: the editor submits, the leader approves, the
# moderator moderates and answers.
DEMO_AGENCY = "Sở Xây dựng tỉnh Hà Tĩnh"
DEMO_STAFF = [("sxd-bientap", Role.EDITOR), ("sxd-kiemduyet", Role.MODERATOR), ("sxd-lanhdao", Role.LEADER)]


def ensure_demo_staff(password):
    """The demo agency's editor, moderator and leader, all with `password`; return their usernames
    and roles. Running it again resets their passwords to `password` and changes nothing else."""
    User = get_user_model()
    agency = Agency.objects.get(name=DEMO_AGENCY)
    staff = []
    for username, role in DEMO_STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, f"{username}@example.invalid", password)
        elif not user.check_password(password):
            user.set_password(password)
            user.save()
        add_person(user, agency, role)
        staff.append((username, role))
    return staff


def ensure_site():
    """The home page, its sections, the taxonomies and the site's settings; no documents."""
    data = json.loads((DEMO_DIR / "site.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        home = ensure_tree(data)
        ensure_taxonomy(Agency, data["agencies"])
        ensure_taxonomy(Sector, data["sectors"])
        ensure_taxonomy(Area, data["areas"])
        linked = {f"{key}_page": page for key, page in ensure_content_pages(home).items()}
        site = Site.objects.get(root_page=home)
        SiteSettings.objects.update_or_create(site=site, defaults={**data["settings"], **linked})


def ensure_content_pages(home):
    """The privacy notice, the accessibility statement and "how to comment" (demo/pages.json),
    under the home page and out of the menu (the footer and the forms link them); each created
    once and left as an editor made it after. Return {key: page} for the footer's links."""
    entries = json.loads((DEMO_DIR / "pages.json").read_text(encoding="utf-8"))["pages"]
    pages = {}
    for entry in entries:
        page = ContentPage.objects.child_of(home).filter(slug=entry["slug"]).first()
        if page is None:
            page = ContentPage(
                title=entry["title"], slug=entry["slug"], intro=entry["intro"], body=entry["body"], show_in_menus=False
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        pages[entry["key"]] = page
    return pages


def with_dates_from(text, today):
    """Replace {{today}}, {{today+N}} and {{today-N}} by dates, so that the demo's open
    consultation is open whenever the demo is loaded."""

    def date_for(match):
        offset = int(match.group(1) or 0)
        return (today + datetime.timedelta(days=offset)).isoformat()

    return RELATIVE_DATE.sub(date_for, text)
