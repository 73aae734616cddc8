"""A real secretariat starts from nothing, in a real browser against a server of its own (runserver
on a new, migrated SQLite database with no demo data; e-mails printed on its console):
`createsecretariat` makes the first officer, who creates a working group, uploads the members' list
of 40 people in 25 delegations, reviews and confirms it; the console shows 40 invitations; one
invited delegate chooses a password from the link and logs in; a delegate of a second working group
sees nothing of the first."""

import csv
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.driver import screenshot
from tests.helpers import ROOT

pytestmark = pytest.mark.browser

GROUP = "CSTD Working Group on Enhanced Cooperation"
OTHER = "Other Working Group"
PASSWORD = "A long pass phrase for the officer"
STAKEHOLDERS = ["Member State", "Private sector", "Civil society", "Technical community", "Academic community"]


def _members_csv(path: Path, *, delegations: int, people: int, domain: str) -> Path:
    """`people` members in `delegations` delegations (the first ones with two), one a delegation of observers."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Delegation", "Stakeholder group", "Role", "Name", "E-mail"])
        for n in range(people):
            d = n % delegations
            role = "observer" if d == delegations - 1 else "member"
            writer.writerow(
                [
                    f"Delegation {d + 1}",
                    STAKEHOLDERS[d % len(STAKEHOLDERS)],
                    role,
                    f"Person {n + 1}",
                    f"person{n + 1}@{domain}",
                ]
            )
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """manage.py on one SQLite file, as an operator runs it, and runserver on it."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.console = tmp_path / "console.log"
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "LANG": "C.UTF-8",
            "ENV_FILE": "",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "SECRET_KEY": "onboarding-test-key",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HTTPS": "0",
            "STATIC_MANIFEST": "0",
            "AXES_ENABLED": "0",
            "SITE_URL": self.url,
        }
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, input=stdin, capture_output=True,
            text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    def start(self) -> None:
        log = self.console.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=2)  # noqa: S310 (the local server)
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(self.console.read_text())

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def server(browser, tmp_path):
    one = Server(tmp_path)
    one.manage("migrate", "--noinput", "-v0")
    one.manage("createsecretariat", "officer@wgec.example", "--body", "Bureau", "--password-stdin", stdin=PASSWORD)
    one.start()
    yield one
    one.stop()


def _log_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def _set_password(page, link, password):
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("The same again").fill(password)
    page.get_by_role("button", name="Save the password").click()
    page.wait_for_load_state()


def _links(console: str) -> dict[str, str]:
    """The invitation link of each addressee printed on the console."""
    found = {}
    for message in console.split("Subject: [WGEC] Your account for ")[1:]:
        to = re.search(r"^To: (\S+)$", message, re.M)
        link = re.search(r"(https?://\S+/accounts/reset/\S+/)", message)
        if to and link:
            found[to.group(1)] = link.group(1)
    return found


def test_a_secretariat_starts_from_an_empty_database_and_invites_its_members(browser, server, tmp_path):
    members = _members_csv(tmp_path / "members.csv", delegations=25, people=40, domain="members.example")
    contexts = [browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900}) for _ in range(3)]
    try:
        officer, delegate, other = (context.new_page() for context in contexts)
        for page in (officer, delegate, other):
            page.set_default_timeout(15_000)

        # The first officer creates the working group and uploads its members' list.
        _log_in(officer, "officer@wgec.example", PASSWORD)
        officer.goto("/working-groups/")
        officer.get_by_role("link", name="New working group").click()
        officer.get_by_label("Name").fill(GROUP)
        officer.get_by_role("button", name="Create").click()
        officer.get_by_role("heading", name=re.compile("Staff")).first.wait_for()
        screenshot(officer, "onboarding-1-working-group-created")
        officer.goto("/working-groups/")
        officer.locator("section", has_text=GROUP).get_by_role("link", name=re.compile("Members")).click()
        officer.locator("input[type=file]").set_input_files(str(members))
        officer.get_by_role("button", name="Upload and review").click()
        review = officer.locator("main").inner_text()
        assert "40" in review and "25" in review, review
        screenshot(officer, "onboarding-2-members-review")
        before = server.console.read_text()
        officer.get_by_role("button", name="Confirm and invite").click()
        officer.get_by_text("40 users invited").wait_for()
        screenshot(officer, "onboarding-3-members-invited")

        # The console shows the 40 invitations; one delegate chooses a password and logs in.
        for _ in range(50):
            links = _links(server.console.read_text()[len(before) :])
            if len(links) == 40:
                break
            time.sleep(0.1)
        assert len(links) == 40, sorted(links)
        _set_password(delegate, links["person7@members.example"], "Person seven's own pass phrase")
        _log_in(delegate, "person7@members.example", "Person seven's own pass phrase")
        delegate.goto("/working-groups/")
        assert GROUP in delegate.locator("main").inner_text()
        screenshot(delegate, "onboarding-4-delegate-logged-in")
        members_url = officer.url

        # A second working group, with its own secretariat and one delegate.
        server.manage("createsecretariat", "other@other.example", "--body", OTHER, "--password-stdin", stdin=PASSWORD)
        other_list = _members_csv(tmp_path / "other.csv", delegations=1, people=1, domain="other.example")
        printed = server.manage("import_members", str(other_list), "--body", OTHER)
        _set_password(other, _links(printed)["person1@other.example"], "The other delegate's pass phrase")
        _log_in(other, "person1@other.example", "The other delegate's pass phrase")
        other.goto("/working-groups/")
        seen = other.locator("main").inner_text()
        assert OTHER in seen and GROUP not in seen, seen
        assert other.goto(members_url).status == 404
        assert other.goto("/api/reports/").status == 200 and other.locator("body").inner_text().strip() == "[]"
        screenshot(other, "onboarding-5-other-working-group")
    finally:
        for context in contexts:
            context.close()
