"""A .env file fills in the settings the environment leaves unset; the environment always wins."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from wgec import env

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ("DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "ALLOWED_HOSTS", "HTTPS", "TIME_ZONE", "ENV_FILE")


def _settings_with(env_file: Path, **variables: str) -> subprocess.CompletedProcess:
    """Print some settings from a fresh interpreter given this env file and these variables."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    clean.update(DJANGO_SETTINGS_MODULE="wgec.settings", ENV_FILE=str(env_file), **variables)
    script = (
        "from django.conf import settings as s; "
        "print(s.SECRET_KEY, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, s.TIME_ZONE, sep='|')"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_the_file_gives_what_the_environment_does_not_set(tmp_path):
    key = tmp_path / "key"
    key.write_text("key-from-a-file\n")
    (tmp_path / ".env").write_text(
        f"# the demo\n\nSECRET_KEY_FILE={key}\nALLOWED_HOSTS='127.0.0.1,localhost'\nexport HTTPS=0\nTIME_ZONE=\"UTC\"\n"
    )
    result = _settings_with(tmp_path / ".env")
    assert result.stdout.strip() == "key-from-a-file|['127.0.0.1', 'localhost']|False|UTC", result.stderr


def test_the_environment_takes_precedence_over_the_file(tmp_path):
    (tmp_path / ".env").write_text("SECRET_KEY_FILE=/no/such/file\nALLOWED_HOSTS=localhost\nHTTPS=0\n")
    result = _settings_with(tmp_path / ".env", SECRET_KEY="key-from-the-environment", ALLOWED_HOSTS="wgec.org")
    # SECRET_KEY in the environment hides the file's SECRET_KEY_FILE: the pair is one setting.
    assert result.stdout.strip() == "key-from-the-environment|['wgec.org']|False|Europe/Zurich", result.stderr


def test_an_empty_env_file_variable_reads_no_file(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("SECRET_KEY=from-the-file\n")
    monkeypatch.setenv("ENV_FILE", "")
    assert env.env_file(tmp_path) is None


def test_a_line_that_is_not_name_equals_value_names_the_file_and_line(tmp_path):
    (tmp_path / ".env").write_text("SECRET_KEY=x\nHTTPS 0\n")
    with pytest.raises(ImproperlyConfigured, match=r"\.env, line 2: 'HTTPS 0' is not NAME=value"):
        env.parse_env_file(tmp_path / ".env")


def test_a_bad_env_file_stops_manage_py_with_one_line_and_status_2(tmp_path):
    (tmp_path / ".env").write_text("SECRET_KEY=x\n= 0\n")
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    clean.update(ENV_FILE=str(tmp_path / ".env"))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr == f"wgec: {tmp_path / '.env'}, line 2: '= 0' is not NAME=value.\n"


def test_a_named_env_file_that_is_missing_is_refused(tmp_path):
    result = _settings_with(tmp_path / "missing.env", SECRET_KEY="x")
    assert result.returncode != 0
    assert "ENV_FILE=" in result.stderr and "cannot be read" in result.stderr
