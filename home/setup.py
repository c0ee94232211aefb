"""A site with no content yet: the home page and its sections, the default rules, the groups and
the site's public address. `manage.py setup_site` runs it for a real deployment; the demo
(`home.demo`) builds its tree with the same functions before loading its documents.

Every step creates what is missing and leaves what exists alone (a section an editor renamed
stays renamed), so running it again changes nothing.

The tree is read from `demo/site.json` (`home` and `sections`): one description of the site's
structure for the demo and for a real site. Its `settings` and taxonomies are the demo's own.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http.request import validate_host

from wagtail.models import Page, Site

from archive.importer import unique_taxonomy_slug
from consultations.models import ConsultationSettings
from core.models import SiteSettings
from home.models import HomePage
from taxonomy.models import Agency, Area, Sector
from taxonomy.roles import sync_agency_roles

STRUCTURE_FILE = settings.BASE_DIR / "demo" / "site.json"
DEFAULT_PORTS = {"http": 80, "https": 443}


class SetupError(Exception):
    """Why the site cannot be set up as asked; nothing has been changed."""


@dataclass(frozen=True)
class PublicAddress:
    """A validated public address: `url` is its normalised form (scheme://host[:port])."""

    scheme: str
    hostname: str
    port: int

    @property
    def host(self):
        """The host as a Host header names it (an IPv6 address in brackets)."""
        return f"[{self.hostname}]" if ":" in self.hostname else self.hostname

    @property
    def url(self):
        default = DEFAULT_PORTS[self.scheme] == self.port
        return f"{self.scheme}://{self.host}" + ("" if default else f":{self.port}")


def public_address(url, *, require_https):
    """Parse and check the site's public address; raise SetupError saying what is wrong.

    Only a scheme, a host and optionally a port: every link is this address plus a page's path,
    so a path, a query or a login in it would end up in every link.
    """
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError as error:
        raise SetupError(f"{url!r} is not a URL ({error}).") from error
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise SetupError(
            f"{url!r} is not a web address: give it as https://host.name (for example https://thamvan.hatinh.gov.vn)."
        )
    if require_https and parts.scheme != "https":
        raise SetupError(
            f"{url!r} is not HTTPS: a production site is served over HTTPS only (https://{parts.hostname})."
        )
    if parts.username or parts.password:
        raise SetupError(f"{url!r} holds a user name or password; give the public address only.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SetupError(f"{url!r} has a path, query or fragment; the site is served at the root of its host.")
    return PublicAddress(parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme])


def check_environment(address):
    """The address must be the one this process's settings serve and link to: PUBLIC_URL builds
    every absolute link (core.http.public_url), ALLOWED_HOSTS decides which requests are served."""
    try:
        configured = public_address(settings.PUBLIC_URL, require_https=False)
    except SetupError as error:
        raise SetupError(f"The PUBLIC_URL setting is wrong: {error}") from error
    if configured != address:
        raise SetupError(
            f"PUBLIC_URL is {settings.PUBLIC_URL!r} in this environment, so links would not point at {address.url}. "
            f"Set PUBLIC_URL={address.url} in the environment (/etc/consultation-portal/env on a server) "
            "and run this again."
        )
    if not validate_host(address.host, settings.ALLOWED_HOSTS):
        raise SetupError(
            f"{address.host} is not in ALLOWED_HOSTS ({', '.join(settings.ALLOWED_HOSTS) or 'empty'}): "
            "the site would refuse its own address. Add it to ALLOWED_HOSTS and run this again."
        )


def setup_site(url, *, taxonomies=None):
    """Set up a site at `url` with no content; return what changed, one line each (empty when
    nothing did). Raise SetupError, having changed nothing, when `url` is not right here.

    `taxonomies`: optionally a JSON file with "agencies", "sectors" and "areas" in the shape of
    demo/site.json, to load a province's reference lists at the same time.

    HTTPS is required unless DEBUG is on: the production settings are the ones without it.
    """
    address = public_address(url, require_https=not settings.DEBUG)
    check_environment(address)
    extra = read_taxonomies(taxonomies) if taxonomies else {}
    structure = read_structure()
    changes = []
    with transaction.atomic():
        ensure_tree(structure, changes)
        ensure_site_record(address, changes)
        ensure_rules(changes)
        try:
            ensure_taxonomies(extra, changes)
        except (AttributeError, KeyError, TypeError, ValueError, ObjectDoesNotExist) as error:
            # Raised inside the transaction: whatever the file had created is rolled back.
            raise SetupError(f"{taxonomies} has an entry that cannot be loaded: {error!r}.") from error
        changes += ensure_groups()
    return changes


def read_structure():
    return json.loads(STRUCTURE_FILE.read_text(encoding="utf-8"))


def read_taxonomies(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise SetupError(f"Cannot read {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise SetupError(f"{path} is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise SetupError(f'{path} must hold an object with "agencies", "sectors" and "areas" lists.')
    return data


# --- The tree --------------------------------------------------------------------------------


def ensure_tree(structure, changes=None):
    """The home page and its sections; return the home page."""
    home = ensure_home(structure["home"], changes)
    for section in structure["sections"]:
        ensure_section(home, section, changes)
    return home


def ensure_home(data, changes=None):
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a placeholder "Welcome" page where ours belongs (its
        # Site record goes with it).
        for placeholder in root.get_children().filter(slug="home"):
            if placeholder.specific_class is Page:
                placeholder.delete()
        home = root.add_child(instance=HomePage(title=data["title"], slug="trang-chu", intro=data["intro"]))
        home.save_revision().publish()
        _note(changes, f"home page created: {home.title}")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
        _note(changes, "the default site now starts at the home page")
    return home


def ensure_section(home, data, changes=None):
    model = apps.get_model(data["type"])
    if model.objects.child_of(home).exists():
        return
    page = model(title=data["title"], slug=data["slug"], intro=data["intro"], show_in_menus=data.get("in_menu", True))
    home.add_child(instance=page)
    page.save_revision().publish()
    _note(changes, f"section created: {page.title} (/{page.slug}/)")


# --- Address, rules, reference lists, groups ---------------------------------------------------


def ensure_site_record(address, changes):
    """Wagtail's Site record answers to the public host name, so that routing and the admin's
    links agree with PUBLIC_URL."""
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (address.hostname, address.port):
        changes.append(f"site address: {address.url} (was {site.hostname}:{site.port})")
        site.hostname, site.port = address.hostname, address.port
        site.save()


def ensure_rules(changes):
    """The default consultation rules and the site's settings, with the models' defaults; an
    administrator's later edits are kept. Document types and their minimum windows are seeded by
    taxonomy's migration."""
    if not ConsultationSettings.objects.exists():
        rules = ConsultationSettings.load()
        changes.append(
            f"consultation rules: minimum {rules.default_minimum_days} days, response within "
            f"{rules.response_limit_days} days, contact details kept {rules.contact_retention_days} days"
        )
    site = Site.objects.get(is_default_site=True)
    if not SiteSettings.objects.filter(site=site).exists():
        settings_ = SiteSettings.objects.create(site=site)
        changes.append(f"site settings: {settings_.site_name} ({settings_.owner_name}); edit them in the admin")


def ensure_taxonomies(data, changes=None):
    for key, model in (("agencies", Agency), ("sectors", Sector), ("areas", Area)):
        entries = data.get(key) or []
        ensure_taxonomy(model, entries, changes)


def ensure_taxonomy(model, entries, changes=None):
    """Create or update each entry by name; parents, and the unit an area was merged into
    (`merged_into`), are named and must come first."""
    for entry in entries:
        fields = {key: value for key, value in entry.items() if key not in {"name", "parent"}}
        if "parent" in entry:
            fields["parent"] = model.objects.get(name=entry["parent"])
        if "merged_into" in entry:
            fields["merged_into"] = model.objects.get(name=entry["merged_into"])
        for key in ("valid_from", "valid_to"):
            if key in fields:
                fields[key] = datetime.date.fromisoformat(fields[key])
        obj = model.objects.filter(name=entry["name"]).first()
        if obj is None:
            model.objects.create(name=entry["name"], slug=unique_taxonomy_slug(model, entry["name"]), **fields)
            _note(changes, f"{model.__name__.lower()} created: {entry['name']}")
        elif any(getattr(obj, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(obj, key, value)
            obj.save()
            _note(changes, f"{model.__name__.lower()} updated: {entry['name']}")


def ensure_groups():
    """Each agency's editor, moderator and leader groups with their permissions and collections,
    the provincial administrators' group and the approval workflow (taxonomy.roles); return what
    changed. Wagtail's own "Editors" and "Moderators" groups are left as they are."""
    return sync_agency_roles()


def _note(changes, line):
    if changes is not None:
        changes.append(line)
