"""Shared fixtures: the real WGEC data and the named users every feature test speaks of.

The WGEC data is loaded once, into the test database, when it is created; each test runs in a
transaction that is rolled back, so it sees the data as loaded whatever the tests before it did.
A test that asks for the database but not for `wgec` gets it empty, as a fresh database is.
"""

import os
import shutil
import tempfile
import threading
from collections.abc import Generator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import settings as hypothesis_settings
from pytest_django import DjangoDbBlocker

from amendments.management.commands.load_demo import ensure_groups
from amendments.models import Participant, Report, User
from tests.helpers import make_user, manage

# The suite sets every variable it needs; the manage.py it starts reads no .env either (see wgec/env.py).
os.environ.setdefault("ENV_FILE", "")

IN_CI = os.environ.get("CI", "").lower() == "true"
# The one reason a test may skip in CI: the PostgreSQL-only tests on the SQLite run.
CI_SKIP_ALLOWED = "DATABASE_URL"

# Property tests: no deadline (a loaded CI machine is slow, not wrong). CI keeps no example database
# (each run starts from a fresh checkout) and prints how to replay a failing example.
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, database=None, print_blob=True)
hypothesis_settings.load_profile("ci" if IN_CI else "dev")

# Tables the WGEC data fills, found when it is loaded: emptied for the tests that do not ask for it.
_WGEC_TABLES: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    from django.test.utils import override_settings

    # Every new user and login hashes a password, and PBKDF2 is slow by design. The production
    # settings keep it: the deployment tests check them in a manage.py of their own.
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    # On PostgreSQL a test thread holds its pooled connection for the whole test (the concurrency
    # tests run 22 such threads); a request of the app gives its connection back when it ends. The
    # pool is made when the first connection opens, after this.
    from django.conf import settings

    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
    if pool:
        pool["max_size"] = max(pool["max_size"], 40)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """In CI a skipped test is a failure, unless it needs PostgreSQL and this run is on SQLite."""
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if CI_SKIP_ALLOWED not in reason:
            report.outcome = "failed"
            report.longrepr = f"Skipped in CI, where nothing may be missing: {reason}"
    return report


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 -- table names from the schema
            counts[table] = cursor.fetchone()[0]
    return counts


def _load_wgec() -> None:
    # The shared data is the Chair's draft; a test that needs the compilations asks for them.
    call_command("load_wgec", "--no-compilations", verbosity=0, stdout=_Null())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """The test database, with the WGEC data loaded once for the whole run."""
    with django_db_blocker.unblock():
        before = _row_counts()
        _load_wgec()
        after = _row_counts()
    _WGEC_TABLES[:] = [table for table, count in after.items() if count > before.get(table, 0)]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rendered redlines are cached by version; each test starts with none (ids repeat across tests)."""
    from django.core.cache import cache

    cache.clear()


def _database_fixture(request: pytest.FixtureRequest) -> str | None:
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        return "transactional_db"
    if "db" in names:
        return "db"
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        return "transactional_db" if marker.kwargs.get("transaction") else "db"
    return None


@pytest.fixture(autouse=True)
def _wgec_only_where_asked(request: pytest.FixtureRequest) -> None:
    """A test that uses the database without `wgec` starts from an empty one, as it always did."""
    if "wgec" in request.fixturenames:
        return
    database = _database_fixture(request)
    if database is None:
        return
    request.getfixturevalue(database)
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are checked when the transaction ends, so the order of the tables is free.
        for table in _WGEC_TABLES:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 -- table names from the schema


@pytest.fixture
def wgec(db: None) -> Report:
    """The participants and the Chair's draft report of 11 November 2017, loaded as `make run` loads them.

    Loaded again when missing: a transactional test (live server, threads) empties the database when it ends.
    """
    if not Report.objects.exists():
        _load_wgec()
    report = Report.objects.current()
    assert report is not None
    return report


@pytest.fixture
def compilations(wgec: Report) -> dict[str, Report]:
    """The two compilations `load_wgec` reads from fixtures/seeds: "rolling" (the 2013–14 rolling
    document) and "contributions" (the Russian Federation's of 2017)."""
    from amendments.management.commands._compilations import CONTRIBUTIONS_TITLE, load_compilations

    load_compilations(wgec.working_group, "Loaded from the WGEC fixtures")
    rows = Report.objects.filter(kind=Report.Kind.COMPILATION)
    return {
        "rolling": rows.get(title="Proposals of Draft Recommendations"),
        "contributions": rows.get(title=CONTRIBUTIONS_TITLE),
    }


class _Null:
    def write(self, *_: object) -> None:
        pass


class _SqliteTemplates:
    """SQLite files that `manage.py` makes, once for the run: one migrated, one with the WGEC data too.

    Tests copy them and never change them. They are made in a thread from the start of the run, so
    the two subprocesses overlap the tests that come before the ones that need them.
    """

    MIGRATED, LOADED = "migrated.sqlite3", "wgec.sqlite3"

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="wgec-sqlite-"))
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._make, daemon=True)
        self._thread.start()

    def _make(self) -> None:
        migrated, loaded = self.folder / self.MIGRATED, self.folder / self.LOADED
        try:
            self._manage(migrated, "migrate", "-v0")
            shutil.copyfile(migrated, loaded)
            self._manage(loaded, "load_wgec")
        except BaseException as error:  # raised again in the test that needs the file
            self._failure = error

    @staticmethod
    def _manage(database: Path, *command: str) -> None:
        result = manage(database, *command)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(command)} failed: {result.stdout}{result.stderr}")

    def copy(self, name: str, target: Path) -> Path:
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        return Path(shutil.copyfile(self.folder / name, target))

    def remove(self) -> None:
        self._thread.join()
        shutil.rmtree(self.folder, ignore_errors=True)


_templates: list[_SqliteTemplates] = []


def _sqlite_templates() -> _SqliteTemplates:
    if not _templates:
        _templates.append(_SqliteTemplates())
    return _templates[0]


def pytest_collection_finish(session: pytest.Session) -> None:
    if any({"migrated_sqlite", "wgec_sqlite"} & set(getattr(item, "fixturenames", ())) for item in session.items):
        _sqlite_templates()


def pytest_unconfigure(config: pytest.Config) -> None:
    while _templates:
        _templates.pop().remove()


@pytest.fixture
def migrated_sqlite(tmp_path: Path) -> Path:
    """A SQLite database file of this test's own, migrated by `manage.py migrate` and empty."""
    return _sqlite_templates().copy(_SqliteTemplates.MIGRATED, tmp_path / "db.sqlite3")


@pytest.fixture
def wgec_sqlite(tmp_path: Path) -> Path:
    """A SQLite database file of this test's own, migrated, with `manage.py load_wgec` run on it."""
    return _sqlite_templates().copy(_SqliteTemplates.LOADED, tmp_path / "db.sqlite3")


@pytest.fixture
def secretariat_officer(wgec: Report) -> User:
    ensure_groups()
    return make_user("officer", groups=[User.SECRETARIAT], is_staff=True, first_name="Sofia", last_name="Officer")


@pytest.fixture
def russia_delegate(wgec: Report) -> User:
    return make_user("delegate-ru", participant=Participant.objects.get(name="Russian Federation"))


@pytest.fixture
def japan_delegate(wgec: Report) -> User:
    return make_user("delegate-jp", participant=Participant.objects.get(name="Japan"))


@pytest.fixture
def observer_delegate(wgec: Report) -> User:
    observer = Participant.objects.create(
        name="Observer delegation", stakeholder_group="international-org", role=Participant.Role.OBSERVER
    )
    return make_user("delegate-obs", participant=observer)


@pytest.fixture
def chair(wgec: Report) -> User:
    """The Chair of the working group: in no delegation, in the Chair group."""
    ensure_groups()
    return make_user("chair", groups=[User.CHAIR], first_name="Carla", last_name="Chair")


pytest_plugins = ["tests.browser.driver"]
