"""`manage.py backup` and `manage.py restore`: a backup of a site with content restores into an
empty PostgreSQL database, on which the same pages, comments, answers and files are found.

The restore runs as an operator runs it on a new machine: `manage.py restore` in its own process,
its DATABASE_URL naming the new, empty database and its MEDIA_ROOT an empty folder.
"""

import datetime
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from wagtail.documents import get_document_model

from consultations import services
from consultations.models import Comment
from home import backup
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.policies.factories import PolicyPageFactory, section
from tests.stories.factories import image

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = [
    section("article", "1", "Phạm vi điều chỉnh", "Nghị quyết này quy định mức hỗ trợ."),
    section("article", "2", "Đối tượng áp dụng", "Hộ gia đình, cá nhân."),
    section("article", "3", "Nguyên tắc hỗ trợ", "Hoàn toàn tự nguyện."),
]


@pytest.fixture
def folder():
    """A temporary folder, deleted afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix="backup-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def media(settings, folder):
    settings.MEDIA_ROOT = folder / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def empty_database():
    """A new, empty database in the same cluster as the test database, as on a new server: owned
    by the site's role, which is no superuser, with the unaccent extension created by the postgres
    user (README, Production, step 2). The database and the role are dropped afterwards."""
    name = f"restored_{uuid.uuid4().hex[:12]}"
    role = f"portal_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
        cursor.execute(f'CREATE DATABASE "{name}" OWNER "{role}" TEMPLATE template0 ENCODING \'UTF8\'')
    with closing(connect(name)) as new, new.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        new.commit()
    yield name, role
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def unaccent():
    """The site's database has the unaccent extension, as production's has (its dump then holds a
    comment on the extension that the site's role may not write)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        existed = cursor.fetchone() is not None
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    yield
    if not existed:
        with connection.cursor() as cursor:
            cursor.execute("DROP EXTENSION IF EXISTS unaccent")


def connection_params(name, user=None):
    """How to reach database `name` on the test database's server (psycopg's keywords)."""
    params = {key: value for key, value in connection.get_connection_params().items() if isinstance(value, str | int)}
    params.pop("client_encoding", None)
    if user:
        params.update(user=user, password="")
    return {**params, "dbname": name}


def database_url(name, user=None):
    """DATABASE_URL for database `name` on the test database's server, as `user`."""
    params = connection_params(name, user)
    credentials = params.get("user", "") + (f":{params['password']}" if params.get("password") else "")
    return f"postgres://{credentials}@/{name}?" + urlencode(
        {key: params[key] for key in ("host", "port") if params.get(key)}
    )


def connect(name):
    return psycopg.connect(**connection_params(name))


def manage(*args, media_root, database):
    """`manage.py ARGS` in a process of its own, on `database` (its name and role) and `media_root`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "MEDIA_ROOT", "DJANGO_SETTINGS_MODULE", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url(*database),
        MEDIA_ROOT=str(media_root),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def content(site_tree, moderator, media):
    """A draft whose consultation closed, with comments answered, one refused and the report
    published; a draft open for comment with a pending comment and a letter received on paper (its
    scan is a private document); an unpublished draft; an image."""
    closed = PolicyPageFactory(
        parent=site_tree["policies"], title="Dự thảo Nghị quyết hỗ trợ hiến đất làm đường", text=TEXT
    )
    for key, value in closed_window(closed_days_ago=3).items():
        setattr(closed, key, value)
    closed.save_revision().publish()
    article_3 = closed.section_by_anchor("dieu-3")
    first = CommentFactory(
        page=closed,
        section_id=article_3.block_id,
        section_title=article_3.title,
        body="Đề nghị ghi rõ thời hạn niêm yết danh sách là 15 ngày làm việc.",
    )
    second = CommentFactory(page=closed, body="Cần quy định mức hỗ trợ tối thiểu cho hộ nghèo.")
    CommentFactory(
        page=closed,
        body="Quảng cáo đất nền giá rẻ.",
        state=Comment.State.REJECTED,
        rejection_reason=Comment.RejectionReason.SPAM,
    )
    services.respond([first], "accepted", "Tiếp thu, sửa lại Điều 3: niêm yết 15 ngày làm việc.", moderator)
    services.respond([second], "not_accepted", "Mức hỗ trợ do Hội đồng nhân dân quyết định hằng năm.", moderator)
    services.publish_report(closed, moderator, introduction="Sở Xây dựng tiếp thu, giải trình như sau.")

    open_draft = PolicyPageFactory(
        parent=site_tree["consultations"], title="Dự thảo Quyết định về giá đất ở nông thôn", text=TEXT, **open_window()
    )
    CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Giá đất ở xã Đức Thọ cao quá so với thu nhập.")
    services.enter_offline_comment(
        open_draft,
        {
            "received_on": timezone.localdate() - datetime.timedelta(days=1),
            "channel": Comment.Channel.LETTER,
            "body": "Thư góp ý của ông Trần Văn Thư về bảng giá đất.",
            "scan": SimpleUploadedFile("thu-gop-y.pdf", PDF, content_type="application/pdf"),
        },
        moderator,
        uuid.uuid4(),
    )
    PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo chưa xuất bản về phí chợ", live=False)
    image("Lễ ra quân hiến đất", colour=(200, 40, 40))
    return closed


def pages_in(cursor):
    cursor.execute("SELECT title, live, path FROM wagtailcore_page WHERE depth > 1 ORDER BY path")
    return cursor.fetchall()


def comments_in(cursor):
    cursor.execute(
        "SELECT body, state, response_outcome, response_text, submission_token::text"
        " FROM consultations_comment ORDER BY submission_token"
    )
    return cursor.fetchall()


def files_under(root):
    root = Path(root)
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_pages_comments_answers_and_files(
    unaccent, content, media, folder, empty_database
):
    output = folder / "backups"
    stdout = io.StringIO()
    call_command("backup", output=str(output), stdout=stdout)

    # One folder, named after the time in Vietnam, with the dump, the files and the manifest.
    (made,) = list(output.iterdir())
    assert re.fullmatch(r"backup-\d{8}-\d{6}", made.name)
    now_in_vietnam = timezone.localtime(timezone.now(), datetime.timezone(datetime.timedelta(hours=7)))
    assert made.name[len("backup-") : len("backup-YYYYMMDD")] == now_in_vietnam.strftime("%Y%m%d")
    assert sorted(path.name for path in made.iterdir()) == ["database.dump", "manifest.json", "media.tar.gz"]
    manifest = json.loads((made / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["created_at"].endswith("+07:00")
    assert manifest["versions"]["wagtail"] and manifest["versions"]["django"]
    leaves = dict(MigrationLoader(None).graph.leaf_nodes())
    assert manifest["migrations"]["consultations"] == leaves["consultations"]
    assert manifest["migrations"]["wagtailcore"] == leaves["wagtailcore"]
    assert manifest["counts"]["comments"] == 5
    assert manifest["counts"]["comments_pending"] == 2
    assert manifest["counts"]["answers"] == 2
    assert manifest["counts"]["response_reports"] == 1
    assert manifest["media"]["files"] >= 2
    assert made.name in stdout.getvalue()
    # Nothing about how to reach the database: no server, no role, no password.
    text = (made / "manifest.json").read_text(encoding="utf-8")
    params = connection.get_connection_params()
    assert str(params["host"]) not in text and f'"{params["user"]}"' not in text

    with connection.cursor() as cursor:
        pages, comments = pages_in(cursor), comments_in(cursor)
    originals = files_under(media)
    scan = get_document_model().objects.get().file.name
    assert scan in originals and any(name.startswith("original_images/") for name in originals)

    # The test database is not empty: restoring into it is refused, and nothing changes.
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(made))
    with connection.cursor() as cursor:
        assert pages_in(cursor) == pages

    # On the "new machine": an empty database and an empty media folder.
    restored_media = folder / "restored-media"
    result = manage("restore", str(made), media_root=restored_media, database=empty_database)
    assert result.returncode == 0, result.stderr
    assert "Restore complete." in result.stdout
    assert "differs" not in result.stdout

    with closing(connect(empty_database[0])) as restored, restored.cursor() as cursor:
        assert pages_in(cursor) == pages
        assert comments_in(cursor) == comments
        cursor.execute("SELECT introduction FROM consultations_responsereport")
        assert cursor.fetchall() == [("Sở Xây dựng tiếp thu, giải trình như sau.",)]
        # Restored as the site's role, which owns what it restored (pg_restore --no-owner).
        cursor.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchall() == [(empty_database[1],)]
    assert ("Dự thảo chưa xuất bản về phí chợ", False) in [(title, live) for title, live, _ in pages]
    assert ("Tiếp thu, sửa lại Điều 3: niêm yết 15 ngày làm việc.") in [c[3] for c in comments]
    assert files_under(restored_media) == originals

    # A second restore on top is refused too, unless forced.
    refused = manage("restore", str(made), media_root=restored_media, database=empty_database)
    assert refused.returncode != 0 and "is not empty" in refused.stderr

    # A backup older than the code (made before stories' latest migration), restored by force over
    # that database, is migrated forward, and holds the same comments.
    leaf = leaves["stories"]
    older = "0001_initial"
    assert leaf != older
    for step in (["migrate", "stories", older], ["backup", "--output", str(folder / "older")]):
        ran = manage(*step, media_root=restored_media, database=empty_database)
        assert ran.returncode == 0, ran.stderr
    (older_backup,) = list((folder / "older").iterdir())
    assert json.loads((older_backup / "manifest.json").read_text())["migrations"]["stories"] == older
    forced = manage("restore", "--force", str(older_backup), media_root=restored_media, database=empty_database)
    assert forced.returncode == 0, forced.stderr
    assert "older than the code: migrating" in forced.stdout and "differs" not in forced.stdout
    with closing(connect(empty_database[0])) as restored, restored.cursor() as cursor:
        assert comments_in(cursor) == comments
        cursor.execute("SELECT name FROM django_migrations WHERE app = 'stories' ORDER BY name DESC LIMIT 1")
        assert cursor.fetchone() == (leaf,)

    # A backup made by newer code (a migration this code lacks) is refused, naming the migration.
    newer = folder / "newer"
    shutil.copytree(made, newer)
    manifest["migrations"]["consultations"] = "0999_from_the_future"
    (newer / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CommandError, match=r"newer version of the code .*consultations\.0999_from_the_future"):
        call_command("restore", str(newer))

    # A damaged backup is refused before anything is touched.
    with open(made / "media.tar.gz", "ab") as damaged:
        damaged.write(b"\0")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(made))


@pytest.mark.django_db
def test_backup_says_what_is_wrong_when_pg_dump_is_missing_and_leaves_nothing(monkeypatch, media, folder):
    monkeypatch.setenv("PATH", str(folder / "no-such-bin"))
    monkeypatch.setattr(backup, "POSTGRES_BIN_DIRS", str(folder / "no-postgresql" / "*" / "bin"))
    with pytest.raises(CommandError, match=r"pg_dump was not found .*apt-get install postgresql-client"):
        call_command("backup", output=str(folder / "backups"))
    assert list((folder / "backups").iterdir()) == []


@pytest.mark.django_db
def test_backup_says_when_the_output_folder_cannot_be_written(media, folder):
    not_a_folder = folder / "a-file"
    not_a_folder.write_text("x")
    with pytest.raises(CommandError, match="cannot be created"):
        call_command("backup", output=str(not_a_folder / "backups"))


def test_the_database_password_goes_through_the_environment_never_the_command_line(monkeypatch, folder):
    seen = []

    def run(command, env, **kwargs):
        seen.append((command, env))
        return subprocess.CompletedProcess(command, 0, stdout="pg_dump (PostgreSQL) 17", stderr="")

    monkeypatch.setattr(backup.subprocess, "run", run)
    database = {"NAME": "consultation", "USER": "consultation", "PASSWORD": "bi-mat-2026", "HOST": "db", "PORT": 5432}
    backup.dump_postgres(database, folder / "database.dump")
    (dump_command, env), _ = seen
    assert env["PGPASSWORD"] == "bi-mat-2026" and env["PGHOST"] == "db"
    assert not any("bi-mat-2026" in part for part in dump_command)
    assert "--format=custom" in dump_command


@pytest.mark.django_db
def test_old_backups_beyond_keep_are_deleted_newest_kept(folder):
    for name in ["backup-20261201-021500", "backup-20261202-021500", "backup-20261203-021500"]:
        (folder / name).mkdir()
        (folder / name / "manifest.json").write_text("{}")
    (folder / "notes.txt").write_text("không phải bản sao lưu")
    # Left by backups killed on the way: one two days ago, one perhaps still being written.
    for name, age in [(".backup-20261201-021500-x1.partial", 2 * 86400), (".backup-20261203-021500-x2.partial", 60)]:
        (folder / name).mkdir()
        os.utime(folder / name, (time.time() - age, time.time() - age))
    removed = backup.prune(folder, keep=2)
    assert sorted(path.name for path in removed) == [".backup-20261201-021500-x1.partial", "backup-20261201-021500"]
    assert sorted(path.name for path in folder.iterdir()) == [
        ".backup-20261203-021500-x2.partial",
        "backup-20261202-021500",
        "backup-20261203-021500",
        "notes.txt",
    ]


def test_sqlite_database_is_copied_consistently_and_restored(folder):
    """The `make run` database: SQLite's online backup API, while another connection is writing."""
    live = folder / "db.sqlite3"
    with closing(sqlite3.connect(live)) as db:
        db.execute("CREATE TABLE comment (body TEXT)")
        db.execute("INSERT INTO comment VALUES ('Đề nghị làm rõ Điều 3.')")
        db.commit()
        # A write not yet committed is not in the copy.
        db.execute("INSERT INTO comment VALUES ('chưa lưu')")
        backup.dump_sqlite(live, folder / "copy.sqlite3")
        db.rollback()
    backup.restore_sqlite(folder / "copy.sqlite3", folder / "restored" / "db.sqlite3")
    with closing(sqlite3.connect(folder / "restored" / "db.sqlite3")) as restored:
        assert restored.execute("SELECT body FROM comment").fetchall() == [("Đề nghị làm rõ Điều 3.",)]


def test_restore_leaves_out_what_the_sites_role_may_not_do_to_an_extension_it_does_not_own():
    listing = """;
; Archive created at 2026-12-03 01:30:00 +07
;     Format: CUSTOM
2; 3079 16385 EXTENSION - unaccent
3456; 0 0 COMMENT - EXTENSION unaccent
218; 1259 16500 TABLE public consultations_comment postgres
3400; 0 16500 TABLE DATA public consultations_comment postgres
"""
    kept = backup.restore_list(listing).splitlines()
    assert "3456; 0 0 COMMENT - EXTENSION unaccent" not in kept
    assert "2; 3079 16385 EXTENSION - unaccent" in kept  # created if the new database lacks it
    assert "3400; 0 16500 TABLE DATA public consultations_comment postgres" in kept
    already = backup.restore_list(listing, installed={"unaccent"}).splitlines()
    assert "2; 3079 16385 EXTENSION - unaccent" not in already
    assert "218; 1259 16500 TABLE public consultations_comment postgres" in already
