"""Every package is installed at a pinned version with its hashes, from the lock files."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _pins(path: Path) -> dict[str, str]:
    """The `name==version` lines of a requirements file (not its `-r` includes)."""
    pins = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[_name(match[1])] = match[2]
    return pins


def _locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """Each package of a pip-compile lock file with its version and hashes."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = _name(match[1])
            entries[current] = (match[2], [])
        elif current and line.strip().startswith("--hash="):
            entries[current][1].append(line.strip().removeprefix("--hash=").rstrip(" \\"))
        elif not line.startswith(" "):
            current = None
    return entries


def test_every_direct_requirement_is_locked_at_its_pinned_version():
    for requirements, lock in [
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ]:
        locked = _locked(ROOT / lock)
        pins = _pins(ROOT / requirements)
        if requirements == "requirements-dev.txt":
            pins |= _pins(ROOT / "requirements.txt")
        assert pins, requirements
        mismatched = {
            name: (version, locked.get(name, ("missing",))[0])
            for name, version in pins.items()
            if locked.get(name, ("",))[0] != version
        }
        assert not mismatched, f"{lock} is out of date (run `make lock`): {mismatched}"


def test_every_locked_package_has_a_sha256_hash():
    for lock in ["requirements.lock", "requirements-dev.lock"]:
        locked = _locked(ROOT / lock)
        assert len(locked) > 20, lock
        unhashed = [name for name, (_, hashes) in locked.items() if not any(h.startswith("sha256:") for h in hashes)]
        assert not unhashed, f"{lock}: no hash for {unhashed}"


def test_the_app_lock_and_the_development_lock_agree_on_every_shared_package():
    app, dev = _locked(ROOT / "requirements.lock"), _locked(ROOT / "requirements-dev.lock")
    assert set(app) <= set(dev)
    assert {name: app[name][0] for name in app} == {name: dev[name][0] for name in app}


def test_make_and_the_dockerfile_install_only_hashed_packages():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements-dev.lock" in makefile
    assert not re.search(r"pip install[^\n]*-r requirements(-dev)?\.txt", makefile)
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert not re.search(r"pip install[^\n]*-r requirements\.txt", dockerfile)


def test_the_docker_base_image_is_pinned_by_digest():
    dockerfile = (ROOT / "Dockerfile").read_text()
    bases = re.findall(r"^FROM\s+(\S+)", dockerfile, flags=re.MULTILINE)
    assert bases
    assert all(re.fullmatch(r"[\w./:-]+@sha256:[0-9a-f]{64}", base) for base in bases), bases
