"""Backups of the whole site, and restoring one (`manage.py backup`, `manage.py restore`).

A backup is one folder, named after the moment it was made in Vietnam's time
(`backup-20261203-021500`), holding:

- `database.dump`: PostgreSQL's own dump (`pg_dump --format=custom`), a consistent snapshot taken
  while the site runs; or `database.sqlite3` (the `make run` database), copied with SQLite's online
  backup API, never by copying the live file;
- `media.tar.gz`: every uploaded file (images and their renditions, documents, the private scans
  of comments received on paper);
- `manifest.json`: when, by which versions of Django and Wagtail, the latest migration of each app,
  what it holds (pages, comments, answers…) and the SHA-256 of both files. No password, no
  address of the database server, no personal data.

The database is dumped first, then the media: files are only ever added under a new name, so
every file the dump refers to is already on disk when the media are archived.

It lives in `home`, the top of the layers, because its manifest counts what every app holds.
"""

import datetime
import glob
import hashlib
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing, contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import django
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

import wagtail
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from consultations.models import Comment, ResponseReport

FORMAT = 1
# Debian's PostgreSQL packages, one folder per major version.
POSTGRES_BIN_DIRS = "/usr/lib/postgresql/*/bin"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NAME_PATTERN = re.compile(r"^backup-\d{8}-\d{6}(-\d+)?$")
MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupError(Exception):
    """A backup or a restore cannot go on; the message says why and what to do."""


# --- Finding PostgreSQL's tools ------------------------------------------------------------------


def _version_key(path):
    match = re.search(r"/postgresql/(\d+)/", str(path))
    return int(match.group(1)) if match else 0


def postgres_tool(name):
    """The path of pg_dump or pg_restore: on PATH, else the newest under /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"{POSTGRES_BIN_DIRS}/{name}"), key=_version_key, reverse=True)
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        f"{name} was not found on PATH or in /usr/lib/postgresql/*/bin. Install PostgreSQL's client "
        "programs, of the server's version or newer (Debian: apt-get install postgresql-client)."
    )


# libpq's connection keywords that DATABASES' OPTIONS may hold, and their environment variables.
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def postgres_environment(settings_dict):
    """The environment that points pg_dump/pg_restore at a database, as Django connects to it
    (OPTIONS first, then HOST, PORT… when set): the password goes through PGPASSWORD, never on the
    command line, where any user of the machine could read it."""
    params = {key: value for key, value in (settings_dict.get("OPTIONS") or {}).items() if key in LIBPQ_ENVIRONMENT}
    for key, setting in [("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD")]:
        if settings_dict.get(setting):
            params[key] = settings_dict[setting]
    params["dbname"] = settings_dict["NAME"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update({LIBPQ_ENVIRONMENT[key]: str(value) for key, value in params.items() if value not in (None, "")})
    return env


def _run(command, env, what):
    try:
        # A list of arguments, no shell: the paths come from the settings and the operator.
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as error:
        raise BackupError(f"{what} could not be started: {error}") from error
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit status {result.returncode}):\n{result.stderr.strip()}")
    return result.stdout


# --- Making a backup ----------------------------------------------------------------------------


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dump_postgres(settings_dict, destination, snapshot=None):
    """`pg_dump --format=custom`: one consistent snapshot of the database, however busy it is;
    with `snapshot`, the one a transaction exported (that transaction must stay open meanwhile)."""
    pg_dump = postgres_tool("pg_dump")
    command = [pg_dump, "--format=custom", "--no-password", f"--file={destination}"]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    _run(command, postgres_environment(settings_dict), "pg_dump")
    return _run([pg_dump, "--version"], os.environ.copy(), "pg_dump").strip()


@contextmanager
def exported_snapshot(connection):
    """A repeatable-read transaction whose snapshot pg_dump shares (`pg_export_snapshot()`), so that
    the manifest counts exactly what the dump holds while comments keep arriving. Inside a
    transaction already begun (a test), its snapshot cannot be exported: None, and the counts are
    that transaction's."""
    if connection.in_atomic_block:
        yield None
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield cursor.fetchone()[0]


def _read_only(path):
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def dump_sqlite(source, destination):
    """SQLite's online backup API: a consistent copy even while the site writes to the file."""
    if not Path(source).exists():
        raise BackupError(f"The SQLite database {source} does not exist.")
    with closing(_read_only(source)) as live, closing(sqlite3.connect(destination)) as copy:
        live.backup(copy)


def archive_media(media_root, destination):
    """Every file under MEDIA_ROOT, with paths relative to it; returns (files, bytes)."""
    media_root = Path(media_root)
    files = size = 0
    # Level 1: images, PDFs and scans are compressed already; more effort would only cost time.
    with tarfile.open(destination, "w:gz", compresslevel=1) as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if not path.is_file() or path.is_symlink():
                    continue
                try:
                    with open(path, "rb") as file:
                        info = archive.gettarinfo(arcname=path.relative_to(media_root).as_posix(), fileobj=file)
                        archive.addfile(info, file)
                except FileNotFoundError:
                    continue  # deleted since the listing (a rendition, a document removed): not needed
                files += 1
                size += info.size
    return files, size


def latest_migrations(connection):
    """The latest applied migration of each app, e.g. {"consultations": "0001_initial", …}."""
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def content_counts(using):
    """What the backup holds, to compare after a restore (`manage.py restore` prints it)."""
    pages = Page.objects.using(using)
    comments = Comment.objects.using(using)
    return {
        "pages": pages.exclude(depth=1).count(),
        "live_pages": pages.exclude(depth=1).filter(live=True).count(),
        "comments": comments.count(),
        "comments_published": comments.filter(state=Comment.State.PUBLISHED).count(),
        "comments_pending": comments.filter(state=Comment.State.PENDING).count(),
        "comments_rejected": comments.filter(state=Comment.State.REJECTED).count(),
        "answers": comments.exclude(response_text="").count(),
        "response_reports": ResponseReport.objects.using(using).count(),
        "images": get_image_model().objects.using(using).count(),
        "documents": get_document_model().objects.using(using).count(),
    }


def backup_name(now, output):
    name = f"backup-{now.astimezone(VIETNAM):%Y%m%d-%H%M%S}"
    candidate, number = name, 1
    while (output / candidate).exists():
        number += 1
        candidate = f"{name}-{number}"
    return candidate


def writable_folder(output):
    output = Path(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"The backup folder {output} cannot be created: {error.strerror}.") from error
    if not output.is_dir() or not os.access(output, os.W_OK | os.X_OK):
        raise BackupError(
            f"The backup folder {output} is not writable by this user; choose another with --output "
            "or give this user write access."
        )
    return output


def make_backup(output, using="default", now=None):
    """Write one backup into the folder `output`; return its path and its manifest."""
    try:
        return _make_backup(output, using, now)
    except OperationalError as error:
        raise BackupError(f"The database cannot be reached: {error}".strip()) from error


def _make_backup(output, using, now):
    output = writable_folder(output)
    connection = connections[using]
    now = now or datetime.datetime.now(tz=datetime.UTC)
    name = backup_name(now, output)
    # Written under a hidden name, renamed at the end: a half-made backup never looks like one.
    partial = Path(tempfile.mkdtemp(prefix=f".{name}-", suffix=".partial", dir=output))
    try:
        if connection.vendor == "postgresql":
            database_file = POSTGRES_DUMP
            postgres_tool("pg_dump")  # missing: say so before anything else
            with exported_snapshot(connection) as snapshot:
                migrations, counts = latest_migrations(connection), content_counts(using)
                tool = dump_postgres(connection.settings_dict, partial / database_file, snapshot)
        elif connection.vendor == "sqlite":
            database_file = SQLITE_COPY
            migrations, counts = latest_migrations(connection), content_counts(using)
            dump_sqlite(connection.settings_dict["NAME"], partial / database_file)
            tool = f"sqlite3 {sqlite3.sqlite_version}"
        else:
            raise BackupError(f"Backing up a {connection.vendor} database is not supported.")
        media_files, media_bytes = archive_media(settings.MEDIA_ROOT, partial / MEDIA)
        manifest = {
            "format": FORMAT,
            "name": name,
            "created_at": now.astimezone(VIETNAM).isoformat(timespec="seconds"),
            "versions": {
                "django": django.get_version(),
                "wagtail": wagtail.__version__,
                "python": platform.python_version(),
                "database": _server_version(connection),
                "dump_tool": tool,
            },
            "database": {"vendor": connection.vendor, "file": database_file},
            "migrations": migrations,
            "counts": counts,
            "media": {"file": MEDIA, "files": media_files, "bytes": media_bytes},
            "sha256": {database_file: sha256(partial / database_file), MEDIA: sha256(partial / MEDIA)},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        partial.chmod(0o700)
        partial.rename(output / name)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return output / name, manifest


def _server_version(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return f"SQLite {sqlite3.sqlite_version}"


def backups_in(output):
    """The complete backups in a folder, oldest first."""
    output = Path(output)
    if not output.is_dir():
        return []
    return sorted(path for path in output.iterdir() if NAME_PATTERN.match(path.name) and (path / MANIFEST).is_file())


def prune(output, keep, now=None):
    """Delete all but the `keep` newest complete backups in `output`, and what a backup killed on
    the way (a reboot, the memory killer) left more than a day ago; return what was deleted."""
    if keep < 1:
        raise BackupError("--keep must be at least 1.")
    old = backups_in(output)[:-keep]
    day_ago = (now or datetime.datetime.now(tz=datetime.UTC)).timestamp() - 24 * 3600
    old += [path for path in Path(output).glob(".backup-*.partial") if path.stat().st_mtime < day_ago]
    for path in old:
        shutil.rmtree(path)
    return old


# --- Restoring one --------------------------------------------------------------------------------


def read_manifest(backup):
    """The manifest of a backup folder, after checking that its files are whole."""
    backup = Path(backup)
    try:
        manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"{backup} is not a backup: it has no {MANIFEST}.") from error
    except (OSError, ValueError) as error:
        raise BackupError(f"The manifest of {backup} cannot be read: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{backup} was written in another format ({manifest.get('format')!r}); expected {FORMAT}.")
    for file, expected in manifest["sha256"].items():
        path = backup / file
        if not path.is_file():
            raise BackupError(f"{path} is missing; this backup is incomplete.")
        if sha256(path) != expected:
            raise BackupError(f"{path} does not match its checksum in the manifest; this backup is damaged.")
    return manifest


def unknown_migrations(manifest):
    """The migrations the backup has applied that this code does not have (a newer backup)."""
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in on_disk)


def database_is_empty(connection):
    return not connection.introspection.table_names()


def media_is_empty(media_root):
    media_root = Path(media_root)
    return not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))


def restore_list(contents, installed=()):
    """What pg_restore restores, from its `--list` of the dump: all but the comments on extensions
    (Debian's text, which only the extension's owner may write: on a new server the postgres user
    created unaccent, not the site's role) and the extensions the database already has (with
    --clean, dropping one the site's role does not own would fail)."""
    kept = []
    for line in contents.splitlines():
        entry = line.split(";", 1)[-1].split()
        if entry[2:4] == ["COMMENT", "-"] and entry[4:5] == ["EXTENSION"]:
            continue
        if entry[2:4] == ["EXTENSION", "-"] and entry[4:5] and entry[4] in installed:
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def installed_extensions(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        return {name for (name,) in cursor.fetchall()}


def restore_postgres(settings_dict, dump, force=False, installed=()):
    """pg_restore into the database in one transaction: all of it, or nothing."""
    pg_restore = postgres_tool("pg_restore")
    env = postgres_environment(settings_dict)
    contents = _run([pg_restore, "--list", str(dump)], env, "pg_restore --list")
    with tempfile.NamedTemporaryFile("w", suffix=".list", encoding="utf-8") as listing:
        listing.write(restore_list(contents, installed))
        listing.flush()
        command = [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--use-list={listing.name}",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ]
        if force:
            command[1:1] = ["--clean", "--if-exists"]
        try:
            _run(command, env, "pg_restore")
        except BackupError as error:
            raise BackupError(
                f"{error}\nThe restore ran in one transaction: the database was left as it was."
            ) from error


def restore_sqlite(copy, destination):
    """Write the backed-up SQLite database over `destination`, through the backup API."""
    Path(destination).parent.mkdir(parents=True, exist_ok=True)
    with closing(_read_only(copy)) as source, closing(sqlite3.connect(destination)) as target:
        source.backup(target)


def extract_media(archive, media_root):
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
        tar.extractall(media_root, filter="data")


def restore_backup(backup, using="default", force=False):
    """Restore a backup folder into the database `using` and MEDIA_ROOT; return its manifest and
    whether the database now needs migrating (the backup is older than the code).

    Refuses a database that already has tables, or a MEDIA_ROOT that already has files, unless
    `force`.
    """
    try:
        return _restore_backup(backup, using, force)
    except OperationalError as error:
        raise BackupError(f"The database cannot be reached: {error}".strip()) from error


def _restore_backup(backup, using, force):
    backup = Path(backup)
    manifest = read_manifest(backup)
    connection = connections[using]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"This backup holds a {vendor} database; the settings point at a {connection.vendor} database."
        )
    newer = unknown_migrations(manifest)
    if newer:
        raise BackupError(
            "This backup was made by a newer version of the code (migrations unknown here: "
            f"{', '.join(newer)}). Check out that version, or a later one, and restore again."
        )
    if not force:
        if not database_is_empty(connection):
            raise BackupError(
                f"The database {connection.settings_dict['NAME']} is not empty. Restore into a new, empty "
                "database, or add --force to replace what it holds. Nothing was changed."
            )
        if not media_is_empty(settings.MEDIA_ROOT):
            raise BackupError(
                f"MEDIA_ROOT ({settings.MEDIA_ROOT}) already holds files. Restore into an empty folder, "
                "or add --force to write the backup's files over it. Nothing was changed."
            )
    database_file = backup / manifest["database"]["file"]
    if vendor == "postgresql":
        installed = installed_extensions(connection)
        connection.close()
        restore_postgres(connection.settings_dict, database_file, force=force, installed=installed)
    else:
        connection.close()
        restore_sqlite(database_file, connection.settings_dict["NAME"])
    connection.close()
    extract_media(backup / MEDIA, settings.MEDIA_ROOT)
    executor = MigrationExecutor(connection)
    behind = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return manifest, behind
