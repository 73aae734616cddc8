"""The production start command (gunicorn, DEBUG off, collected static files) serves the app."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 -- a local test server
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_gunicorn_serves_the_login_page_and_static_files_with_debug_off(migrated_sqlite, tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "STATIC_MANIFEST", "WHITENOISE_USE_FINDERS"}}
    env.update(
        SECRET_KEY="gunicorn-test-key",
        HTTPS="0",  # plain HTTP on the loopback; production behind TLS is checked by test_production_settings
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{migrated_sqlite}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "wgec.asgi:application", "--config", "wgec/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, body = _get(f"http://127.0.0.1:{port}/accounts/login/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"gunicorn did not start: {server.stderr.read().decode() if server.poll() else ''}")
                time.sleep(0.3)
        assert status == 200
        assert b"Log in" in body
        # The page links the hashed stylesheet, and whitenoise serves it with a far-future cache header.
        css = body.decode().split('href="/static/', 1)[1].split('"', 1)[0]
        assert css.startswith("css/wgec.") and css != "css/wgec.css"
        status, headers, _ = _get(f"http://127.0.0.1:{port}/static/{css}")
        assert status == 200
        assert "max-age=315360000" in headers.get("Cache-Control", "")
        # DEBUG is off: an unknown address never shows a debug page.
        status, _, body = _get(f"http://127.0.0.1:{port}/no-such-page/")
        assert b"Traceback" not in body
    finally:
        server.terminate()
        server.wait(timeout=10)
