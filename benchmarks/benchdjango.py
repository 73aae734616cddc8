"""Django for a benchmark script: a temporary SQLite database unless DATABASE_URL says otherwise."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_database = tempfile.TemporaryDirectory()  # removed when the script ends


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{_database.name}/bench.sqlite3")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("HTTPS", "0")
    os.environ.setdefault("AXES_ENABLED", "0")  # the test client logs in without a request
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "wgec.settings"
    import django

    django.setup()
