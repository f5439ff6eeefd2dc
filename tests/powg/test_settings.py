"""Production settings: required variables, deploy checks, load_demo refusing to run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from members.models import User

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # The e2e harness allows async-unsafe ORM calls in this process; a deployment never does.
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    env = {"DEBUG": "0", "SECRET_KEY": "", "ALLOWED_HOSTS": "portal.example.org"}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k3y-" + "a1b2c3d4e5" * 6,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_sqlite_is_refused():
    result = run_manage("check", DATABASE_URL="sqlite:///var/x.db")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG=0"):
        call_command("load_demo")
    assert not User.objects.filter(email__endswith="@example.org").exists()


@pytest.mark.django_db
def test_load_demo_is_idempotent(settings):
    from django.contrib.auth.models import Group

    from documents.models import ThematicArea

    settings.DEBUG = True
    call_command("load_demo")
    counts = (User.objects.count(), ThematicArea.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), ThematicArea.objects.count()) == counts
    assert ThematicArea.objects.count() == 14
    steering = User.objects.get(email="steering@example.org")
    assert set(steering.groups.values_list("name", flat=True)) == {"Members", "Steering Committee"}
    assert User.objects.get(email="admin@example.org").is_superuser
    assert Group.objects.filter(name="Members").exists()


@pytest.mark.django_db
def test_load_demo_dry_run_writes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo", "--dry-run")
    assert not User.objects.filter(email="member@example.org").exists()
