"""What tests speak of: the named users, rows looked up the way people name them, common requests.

Fixtures live in conftest.py; everything a test module imports comes from here.
"""

import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from django.contrib.auth.models import Group
from django.test import Client

from amendments.models import Amendment, Paragraph, Participant, StaffRole, User, WorkingGroup, sole_working_group

PASSWORD = "wgec-test-password"
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"  # real third-party files, with their sources in data/README.md


def make_user(
    username: str,
    *,
    participant: Participant | None = None,
    groups: Iterable[str] = (),
    working_group: WorkingGroup | None = None,
    **extra: object,
) -> User:
    """A user; one in the Secretariat or Chair group has that staff role in `working_group` (by
    default the only one there is)."""
    groups = list(groups)
    user = User.objects.create_user(username, password=PASSWORD, participant=participant, **extra)
    user.groups.set(Group.objects.filter(name__in=groups))
    roles = {User.SECRETARIAT: StaffRole.Role.SECRETARIAT, User.CHAIR: StaffRole.Role.CHAIR}
    staff = [roles[name] for name in groups if name in roles]
    group_id = working_group.pk if working_group is not None else sole_working_group()
    if staff and group_id is not None:  # in a database with no working group, a role in none
        for role in staff:
            StaffRole.objects.create(user=user, working_group_id=group_id, role=role)
    return user


def manage(database: Path, *args: str, input_script: str | None = None) -> subprocess.CompletedProcess:
    """`python manage.py *args` in a fresh interpreter on the SQLite file `database`, as an operator runs it."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{database}", SECRET_KEY="manage-test", STATIC_MANIFEST="0", HTTPS="0")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        input=input_script,
    )  # fmt: skip


def free_port() -> int:
    """A TCP port on the loopback that nothing listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(port: int, database_url: str, **variables: str) -> dict[str, str]:
    """The environment of an app server the test starts on `port` (runserver or gunicorn): this
    one's, without DEBUG or Redis, over plain HTTP on the loopback, and `variables` on top."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "REDIS_URL"}}
    env.update(
        STATIC_MANIFEST="0",
        HTTPS="0",
        AXES_ENABLED="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    env.update(variables)
    return env


def wait_until_listening(process: subprocess.Popen, port: int, what: str, log: Callable[[], str]) -> None:
    """Return once the server `process` started accepts connections on `port`; fail the test with
    `log()` (its output) if it stops or is not listening within a minute."""
    import socket
    import time

    import pytest

    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{what} did not start: {log()}")
            time.sleep(0.3)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it (poppler-utils, as the seed drafts were read), each run
    of white space one space: lines wrap wherever the page ends them."""
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return " ".join(result.stdout.decode("utf-8").split())


def count_queries(client: Client, url: str) -> int:
    """SQL queries for one request with nothing cached (the most a request can cost)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def paragraph(
    section_key: str | None, number: str | None = None, *, item: int | None = None, footnote: int | str | None = None
) -> Paragraph:
    """Look up a row of the draft the way people name it: ("recommendations", "1", item=2)."""
    if footnote is not None:
        return Paragraph.objects.get(kind=Paragraph.Kind.FOOTNOTE, number=str(footnote))
    top = Paragraph.objects.get(section__key=section_key, parent=None, number=number or "")
    if item is None:
        return top
    return top.children.exclude(kind=Paragraph.Kind.FOOTNOTE).order_by("position")[item]


def propose_change(
    user: User, target: Paragraph, text: str, *, submit: bool = True, justification: str = ""
) -> Amendment:
    """An amendment by the user's delegation changing `target` to `text`."""
    from amendments import actions

    return actions.amendments.propose(
        user=user,
        paragraph_id=target.pk,
        kind="modify",
        expected_paragraph_version=target.version,
        proposed_text=text,
        justification=justification,
        submit=submit,
    )


# Two rival changes to Recommendation 3, and the Chair's compromise that merges them.
RUSSIA_TEXT = "The process towards enhanced cooperation should take account of existing work."
JAPAN_TEXT = "The process towards enhanced cooperation should support existing international forums."
COMPROMISE = (
    "The process towards enhanced cooperation should take account of existing work and support existing forums."
)


def rival_amendments(target: Paragraph, russia: User, japan: User) -> tuple[Amendment, Amendment]:
    """Russia's and Japan's submitted changes to `target` (Recommendation 3), for a compromise to merge."""
    return propose_change(russia, target, RUSSIA_TEXT), propose_change(japan, target, JAPAN_TEXT)


def import_word_comments(user: User, delegation: Participant) -> list[int]:
    """A Word file commenting on recommendation 12, as `delegation` sends it: a comment on four of
    its words, dated 1 March 2024, and a reply Word anchored nowhere. Staged and confirmed by
    `user`; the ids of the comments made, first comment first."""
    from amendments.actions import imports
    from tests.wordfiles import make_docx, p, r

    words = paragraph("recommendations", "12").text.split(" ")
    before, anchor, after = " ".join(words[:3]) + " ", " ".join(words[3:7]), " " + " ".join(words[7:])
    body = p(
        r(before), '<w:commentRangeStart w:id="7"/>', r(anchor), '<w:commentRangeEnd w:id="7"/>',
        '<w:r><w:commentReference w:id="7"/></w:r>', r(after),
    )  # fmt: skip
    comments = (
        '<w:comment w:id="7" w:author="Bob Delegate" w:date="2024-03-01T09:30:00Z" w:initials="BD">'
        '<w:p w14:paraId="AAAA0000"><w:r><w:t>Too vague: which Goals?</w:t></w:r></w:p></w:comment>'
        '<w:comment w:id="8" w:author="Bob Delegate" w:date="2024-03-02T16:00:00Z" w:initials="BD">'
        '<w:p w14:paraId="BBBB0000"><w:r><w:t>The ones of the 2030 Agenda.</w:t></w:r></w:p></w:comment>'
    )
    extended = (
        '<w15:commentEx w15:paraId="AAAA0000" w15:done="0"/>'
        '<w15:commentEx w15:paraId="BBBB0000" w15:paraIdParent="AAAA0000" w15:done="0"/>'
    )
    data = make_docx(body, comments=comments, commentsExtended=extended)
    staged = imports.stage(
        paragraph("recommendations", "12").section.report, user=user, kind="word-changes", data=data,
        filename="comments.docx",
    )  # fmt: skip
    done = imports.confirm(staged.pk, user=user, mapping={"Bob Delegate": delegation.pk})
    return list(done.result["comments"])


MEMBER_GROUPS = ("Member State", "Civil society", "Private sector", "Technical community", "Academic community")


def members_list(people: int = 40, delegations: int = 25) -> list[list[str]]:
    """A members' list as the secretariat keeps it, header first: `people` persons in `delegations`
    delegations (the first ones with two persons), every fifth delegation an observer."""
    rows = [["Delegation", "Stakeholder group", "Role", "Name", "E-mail"]]
    for index in range(people):
        number = index % delegations
        group = MEMBER_GROUPS[number % len(MEMBER_GROUPS)]
        role = "Observer" if number % 5 == 4 else "Member"
        rows.append(
            [f"Delegation {number + 1:02}", group, role, f"Person Number{index + 1}", f"person{index + 1}@example.org"]
        )
    return rows


def as_csv(rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def as_xlsx(rows: list[list[str]]) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def other_working_group(text: str) -> dict[str, object]:
    """A second working group on the server, with a report of one paragraph saying `text`, its
    secretariat officer and a delegate: rows that no user of the WGEC may ever see."""
    from amendments import actions
    from amendments.core.document import Block, Document, Section

    group = WorkingGroup.objects.create(name="Other Working Group")
    officer = make_user("other-officer", groups=[User.SECRETARIAT], working_group=group, email="other@example.org")
    draft = Document(
        title="Draft report of the Other Working Group",
        body="Other Working Group",
        sections=(
            Section(key="findings", heading="Findings", blocks=(Block(kind="paragraph", number="1", text=text),)),
        ),
    )
    report, _ = actions.reports.create_report(draft, user=officer, reason="test", working_group_id=group.pk)
    delegation = Participant.objects.create(
        working_group=group, name="Other delegation", stakeholder_group="civil-society"
    )
    delegate = make_user("other-delegate", participant=delegation)
    return {"group": group, "report": report, "officer": officer, "delegate": delegate}
