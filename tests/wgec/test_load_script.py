"""The load benchmark's script works end to end (a few seconds, on PostgreSQL, under gunicorn)."""

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the load run needs PostgreSQL (DATABASE_URL)"
)


def test_load_script_submits_and_finds_every_amendment():
    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])._replace(path="/wgec_load_smoke").geturl()
    result = subprocess.run(
        [sys.executable, "benchmarks/load.py", "--seconds", "3", "--clients", "2"],
        cwd=ROOT, env={**os.environ, "LOAD_DATABASE_URL": url}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "errors                                          0" in result.stdout, result.stdout + result.stderr
    lines = {line.split("  ")[0]: line for line in result.stdout.splitlines()}
    submitted = lines["amendments submitted (clients' log)"].split()[-2]
    assert int(submitted.replace(",", "")) > 0
    assert lines["amendments in the database"].split()[-4] == submitted
    assert lines["… with their history record"].split()[-4] == submitted
