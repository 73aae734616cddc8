"""A bad environment value stops start-up with a clear message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from wgec import env

ROOT = Path(__file__).resolve().parents[2]


def _start(**variables):
    """Start Django in a fresh interpreter with exactly these settings variables."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}}
    clean.update(DJANGO_SETTINGS_MODULE="wgec.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "ture", "SECRET_KEY": "x"}, "DEBUG='ture' is not a boolean"),
        ({"DEBUG": "0"}, "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off"),
        ({"SECRET_KEY": "x", "DATABASE_URL": "mysql://db/wgec"}, "DATABASE_URL has the scheme 'mysql'"),
        (
            {"SECRET_KEY": "x", "SESSION_COOKIE_AGE": "twelve hours"},
            "SESSION_COOKIE_AGE='twelve hours' is not a whole number",
        ),
        ({"SECRET_KEY": "x", "ALLOWED_HOSTS": "example.org,,"}, "ALLOWED_HOSTS='example.org,,' has an empty entry"),
        ({"SECRET_KEY_FILE": "/nonexistent/secret"}, "SECRET_KEY_FILE='/nonexistent/secret' cannot be read"),
        ({"SECRET_KEY": "x", "LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD' must be one of"),
    ],
)
def test_bad_value_stops_start_up_with_a_clear_message(variables, message):
    result = _start(**variables)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert message in result.stderr


def test_good_production_values_start(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-long-secret-read-from-a-file\n")
    result = _start(SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="wgec.example.org")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("yes", True), ("off", False), ("", False), ("FALSE", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("WGEC_FLAG", raw)
    assert env.env_bool("WGEC_FLAG") is value


def test_env_int_refuses_out_of_range(monkeypatch):
    monkeypatch.setenv("WGEC_NUMBER", "5")
    with pytest.raises(ImproperlyConfigured, match="outside the range 10..20"):
        env.env_int("WGEC_NUMBER", 15, minimum=10, maximum=20)


def test_database_url_selects_postgresql(tmp_path):
    config = env.database_from_url("postgres://wgec@db.internal:5432/wgec", base_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("wgec", "db.internal", 5432)


def test_no_database_url_means_the_sqlite_file_in_the_project(tmp_path):
    assert env.database_from_url(None, base_dir=tmp_path) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": tmp_path / "db.sqlite3",
        "OPTIONS": env.SQLITE_OPTIONS,
    }


@pytest.mark.parametrize("url", [None, "sqlite:////srv/wgec/db.sqlite3"])
def test_a_sqlite_file_lets_writers_wait_for_each_other(tmp_path, url):
    options = env.database_from_url(url, base_dir=tmp_path)["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "PRAGMA journal_mode=WAL" in options["init_command"]


def test_postgresql_and_an_sqlite_database_in_memory_get_no_sqlite_options(tmp_path):
    postgresql = env.database_from_url("postgres://wgec@db.internal:5432/wgec", base_dir=tmp_path)
    assert set(postgresql["OPTIONS"]) == {"pool"}  # tests/wgec/test_database_pool.py
    assert "OPTIONS" not in env.database_from_url("sqlite://:memory:", base_dir=tmp_path)


def _cache_backend(**variables):
    """The default cache's backend and location Django starts with under these variables."""
    clean = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    clean.update(DJANGO_SETTINGS_MODULE="wgec.settings", SECRET_KEY="x", **variables)
    script = "import django; django.setup(); from django.conf import settings; c = settings.CACHES['default']; "
    script += "print(c['BACKEND'], c.get('LOCATION', '-'), c.get('KEY_PREFIX', '-'))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_without_redis_url_each_process_keeps_its_own_cache():
    assert _cache_backend()[0] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("url", ["redis://cache.internal:6379/0", "rediss://:secret@cache.internal:6380/1"])
def test_redis_url_shares_the_cache_in_redis_under_the_apps_prefix(url):
    assert _cache_backend(REDIS_URL=url) == ["django.core.cache.backends.redis.RedisCache", url, "wgec"]


@pytest.mark.parametrize("url", ["http://cache.internal:6379", "cache.internal:6379", "redis://"])
def test_a_redis_url_that_is_not_one_stops_start_up(url):
    result = _start(SECRET_KEY="x", REDIS_URL=url)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert f"REDIS_URL={url!r} is not a Redis address" in result.stderr


def test_the_live_layer_goes_through_redis_with_room_for_a_whole_room_leaving_at_once():
    layer = env.redis_channel_layer("redis://cache.internal:6379/0", prefix="wgec")
    assert layer["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    (host,) = layer["CONFIG"]["hosts"]
    assert host["address"] == "redis://cache.internal:6379/0"
    # 200 pages closing together leave their groups together: redis-py's own limit (100) refused them.
    assert host["max_connections"] >= 400
    assert env.redis_channel_layer(None, prefix="wgec") is None
