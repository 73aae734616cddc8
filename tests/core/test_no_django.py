"""The core is pure Python: importing any of its modules loads no Django (and so needs no settings)."""

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import amendments.core

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(f"amendments.core.{m.name}" for m in pkgutil.iter_modules(amendments.core.__path__))

CHECK = """
import sys
import {module}
loaded = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
assert not loaded, loaded
"""


def test_the_core_package_has_modules_to_check():
    assert {"amendments.core.textdiff", "amendments.core.document", "amendments.core.rendering"} <= set(MODULES)


@pytest.mark.parametrize("module", ["amendments.core", *MODULES])
def test_importing_a_core_module_loads_no_django(module):
    # A fresh interpreter without DJANGO_SETTINGS_MODULE: this one has Django loaded by pytest-django.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(module=module)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
