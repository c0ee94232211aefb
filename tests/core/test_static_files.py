"""Production serves static files through whitenoise, compressed and with hashed names."""

import json
import os
import subprocess
import sys

from django.conf import settings


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
        "STATIC_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    assert (tmp_path / hashed).exists()
    assert (tmp_path / f"{hashed}.gz").exists()


def test_whitenoise_serves_the_stylesheet(client, db):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b":focus-visible" in b"".join(response.streaming_content)
