"""On PostgreSQL an app process holds at most DATABASE_POOL_SIZE connections, however many requests it serves.

The app runs on ASGI, where each request's view runs in a thread of its own. Connections kept per
thread (CONN_MAX_AGE) piled up with every request until PostgreSQL refused new clients ("sorry, too
many clients already") and pages failed; the pool hands each request a connection and takes it back.
"""

import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from tests.helpers import free_port, server_env, wait_until_listening
from wgec import env as wgec_env

ROOT = Path(__file__).resolve().parents[2]
POOL_SIZE = 3


def test_a_postgresql_database_gets_a_pool_and_no_connections_kept_per_thread(tmp_path):
    config = wgec_env.database_from_url("postgres://wgec@db.internal:5432/wgec", base_dir=tmp_path, pool_size=7)
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["pool"]["max_size"] == 7
    assert config["CONN_HEALTH_CHECKS"] is True  # a broken connection is replaced before it is handed out


def _connections(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [application_name])
        return cursor.fetchone()[0]


def _get(url: str) -> int:
    # A session cookie the server does not know: each request looks it up in the database.
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={uuid.uuid4().hex}"})  # noqa: S310 -- http://127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 -- a local test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is PostgreSQL's (DATABASE_URL)")
def test_the_app_server_holds_no_more_connections_than_its_pool_after_many_requests():
    name = f"wgec-pool-{uuid.uuid4().hex[:8]}"
    settings = connection.settings_dict
    port = free_port()
    database = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = server_env(
        port, f"{database}?application_name={name}", SECRET_KEY="pool-test-key", DATABASE_POOL_SIZE=str(POOL_SIZE)
    )
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "wgec.asgi:application", "--config", "wgec/gunicorn.conf.py"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip

        def output() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")[-3000:]

        try:
            wait_until_listening(server, port, "gunicorn", output)
            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = list(pool.map(_get, [f"http://127.0.0.1:{port}/reports/1/"] * 80))
            assert set(statuses) == {200}, output()  # the login page, after the redirect
            assert 1 <= _connections(name) <= POOL_SIZE, output()
        finally:
            server.terminate()
            server.wait(timeout=30)
