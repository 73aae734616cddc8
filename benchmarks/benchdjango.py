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


def report(rows, value_width=10, goal_width=8):
    """Print the figures (name, value, goal, met) as a table; the exit status: 0 if every goal is met."""
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>{value_width}}  {'goal':<{goal_width}} met")
    for name, value, goal, met in rows:
        print(f"{name:<{width}}  {value:>{value_width}}  {goal:<{goal_width}} {'yes' if met else 'NO'}")
    return 0 if all(r[3] for r in rows) else 1
