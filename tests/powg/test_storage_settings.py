"""STORAGE_BACKEND=s3 puts files in an S3-compatible bucket (django-storages), chosen by
configuration alone; checked in a fresh process, without any network access."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.core.files.storage import default_storage as s
s._setup()
w = s._wrapped
print(json.dumps({
    "class": f"{type(w).__module__}.{type(w).__name__}",
    "bucket": getattr(w, "bucket_name", None),
    "endpoint": getattr(w, "endpoint_url", None),
    "region": getattr(w, "region_name", None),
    "location": getattr(w, "location", None),
    "acl": getattr(w, "default_acl", None),
    "signed": getattr(w, "querystring_auth", None),
    "overwrite": getattr(w, "file_overwrite", None),
}))
"""


def probe(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment.update(DJANGO_SETTINGS_MODULE="powg.settings", **env)
    # Any attempt to reach a real endpoint would fail fast instead of hanging.
    environment.update(AWS_EC2_METADATA_DISABLED="true", HTTPS_PROXY="http://127.0.0.1:9")
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_filesystem_by_default():
    result = probe()
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert info["class"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_s3_when_configured():
    result = probe(
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="powg-files",
        AWS_S3_ENDPOINT_URL="https://objects.example.org",
        AWS_S3_REGION_NAME="ca-central-1",
        AWS_LOCATION="portal",
        AWS_ACCESS_KEY_ID="test-key-id",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert info == {
        "class": "storages.backends.s3.S3Storage",
        "bucket": "powg-files",
        "endpoint": "https://objects.example.org",
        "region": "ca-central-1",
        "location": "portal",
        "acl": "private",
        "signed": True,
        "overwrite": False,
    }


def test_s3_without_a_bucket_or_an_unknown_backend_stops_at_startup():
    result = probe(STORAGE_BACKEND="s3")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr
    result = probe(STORAGE_BACKEND="ftp")
    assert result.returncode != 0
    assert "STORAGE_BACKEND must be" in result.stderr
