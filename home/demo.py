"""The demo content of `make run`: the site tree, taxonomies and settings from demo/site.json,
then the documents of demo/archive.jsonl through the archive importer.

Running it again changes nothing that is already there.
"""

import datetime
import json
import re

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Site

from archive.importer import import_lines, unique_taxonomy_slug
from core.models import SiteSettings
from home.models import HomePage
from taxonomy.models import Agency, Area, Sector

DEMO_DIR = settings.BASE_DIR / "demo"
RELATIVE_DATE = re.compile(r"\{\{today([+-]\d+)?\}\}")


def load_demo(today=None):
    """Load everything; return the importer's per-line results."""
    ensure_site()
    archive = (DEMO_DIR / "archive.jsonl").read_text(encoding="utf-8")
    return import_lines(with_dates_from(archive, today or timezone.localdate()).splitlines(), base_dir=DEMO_DIR)


def ensure_site():
    """The home page, its sections, the taxonomies and the site's settings; no documents."""
    data = json.loads((DEMO_DIR / "site.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        home = ensure_home(data["home"])
        for section in data["sections"]:
            ensure_section(home, section)
        ensure_taxonomy(Agency, data["agencies"])
        ensure_taxonomy(Sector, data["sectors"])
        ensure_taxonomy(Area, data["areas"])
        site = Site.objects.get(root_page=home)
        SiteSettings.objects.update_or_create(site=site, defaults=data["settings"])


def with_dates_from(text, today):
    """Replace {{today}}, {{today+N}} and {{today-N}} by dates, so that the demo's open
    consultation is open whenever the demo is loaded."""

    def date_for(match):
        offset = int(match.group(1) or 0)
        return (today + datetime.timedelta(days=offset)).isoformat()

    return RELATIVE_DATE.sub(date_for, text)


def ensure_home(data):
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a placeholder "Welcome" page where ours belongs.
        for placeholder in root.get_children().filter(slug="home"):
            if placeholder.specific_class is Page:
                placeholder.delete()
        home = root.add_child(instance=HomePage(title=data["title"], slug="trang-chu", intro=data["intro"]))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def ensure_section(home, data):
    model = apps.get_model(data["type"])
    if model.objects.child_of(home).exists():
        return
    page = model(title=data["title"], slug=data["slug"], intro=data["intro"], show_in_menus=data.get("in_menu", True))
    home.add_child(instance=page)
    page.save_revision().publish()


def ensure_taxonomy(model, entries):
    """Create or update each entry by name; parents are named and must come first."""
    for entry in entries:
        fields = {key: value for key, value in entry.items() if key not in {"name", "parent"}}
        if "parent" in entry:
            fields["parent"] = model.objects.get(name=entry["parent"])
        for key in ("valid_from", "valid_to"):
            if key in fields:
                fields[key] = datetime.date.fromisoformat(fields[key])
        obj = model.objects.filter(name=entry["name"]).first()
        if obj is None:
            model.objects.create(name=entry["name"], slug=unique_taxonomy_slug(model, entry["name"]), **fields)
        else:
            for key, value in fields.items():
                setattr(obj, key, value)
            obj.save()
