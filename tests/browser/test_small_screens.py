"""On a phone (375 px wide) no page of the app scrolls sideways: long URLs and words wrap, columns
stack, tables scroll inside their own box, forms fit.

Every page with a GET view is in PAGES, one entry a page: (URL name, its arguments, who looks at
it). An argument in ROWS is named by the row it stands for and filled in once the rows exist. A
test fails for a URL name of the app that is neither a page here nor in NOT_PAGES, so a new page
is measured from the day it is added.
"""

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, Import, Report, Revision, Submission, User
from amendments.urls import urlpatterns
from tests.browser.driver import screenshot
from tests.helpers import paragraph, propose_change

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
DELEGATE, SECRETARIAT, ANONYMOUS = "delegate", "secretariat", "anonymous"


@dataclass(frozen=True)
class Page:
    name: str  # a URL name, or a path for a page of the project outside the app
    args: tuple[str, ...] = ()  # names of ROWS, in the URL's order
    user: str = DELEGATE
    query: str = ""

    def url(self, rows: dict[str, Any]) -> str:
        if self.name.startswith("/"):
            return self.name
        return reverse(self.name, args=[rows[arg] for arg in self.args]) + self.query


PAGES = [
    Page("/accounts/login/", user=ANONYMOUS),
    Page("/no-such-page/"),  # the 404 page
    Page("home"),
    Page("report", ("report",)),
    Page("report", ("report",), query="?redlines=on"),
    Page("report", ("report",), SECRETARIAT),
    Page("paragraph", ("rec_3",)),
    Page("paragraph", ("rec_3",), query="?view=side"),
    Page("paragraph", ("footnote_3",)),
    Page("paragraph-compare", ("rec_3",)),
    Page("propose-change", ("rec_3",)),
    Page("propose-deletion", ("rec_3",)),
    Page("propose-insertion", ("rec_3",)),
    Page("amendment", ("nah_amendment",)),
    Page("amendment", ("draft",)),
    Page("amendment-revise", ("draft",)),
    Page("amendment-submit", ("draft",)),
    Page("amendment-withdraw", ("submitted",)),
    Page("comment-edit", ("comment",)),
    Page("comment-delete", ("comment",)),
    Page("participant", ("nah",)),
    Page("revisions", ("report",)),
    Page("revisions", ("report",), SECRETARIAT),
    Page("revision", ("original",)),
    Page("compare-revisions", ("report",)),
    Page("import-upload", ("report",)),
    Page("import", ("import",)),
    Page("working-groups"),
    Page("my-delegation"),
    Page("notifications"),
    Page("notification-settings"),
    Page("search", query="?q=Internet+governance"),
    Page("report", ("report",), query="?lines=on"),
    Page("decisions", ("report",), SECRETARIAT),
    Page("deadline", ("report",), SECRETARIAT),
    Page("identity", ("report",), SECRETARIAT),
    Page("import-upload", ("report",), SECRETARIAT),
    Page("paragraph", ("rec_3",), SECRETARIAT),
    Page("paragraph-edit", ("rec_3",), SECRETARIAT),
    Page("paragraph-insert", ("rec_3",), SECRETARIAT),
    Page("paragraph-delete", ("rec_3",), SECRETARIAT),
    Page("paragraph-alternatives", ("rec_3",), SECRETARIAT),
    Page("section-edit", ("recommendations",), SECRETARIAT),
    Page("propose-compromise", ("rec_3",), SECRETARIAT),
    Page("amendment", ("nah_amendment",), SECRETARIAT),
    Page("report-new", user=SECRETARIAT),
    Page("report-new-review", ("new_report",), SECRETARIAT),
    Page("members", ("group",), SECRETARIAT),
    Page("members-review", ("group", "new_members"), SECRETARIAT),
    Page("member-active", ("group", "delegate"), SECRETARIAT),
    Page("working-groups", user=SECRETARIAT),
    Page("working-group-new", user=SECRETARIAT),
    Page("working-group-staff", ("group",), SECRETARIAT),
    Page("screen", ("report",)),
    Page("screen-control", ("report",), SECRETARIAT),
    Page("report", ("rolling",)),
    Page("report", ("contributions",)),
    Page("report", ("rolling",), SECRETARIAT),
    Page("participant-submissions", ("russia",)),
    Page("submissions-compare", ("russia",)),
    Page("submission-status", ("submission",), SECRETARIAT),
]

# URL names that are not pages to read: forms' targets (POST only), downloads and the JSON API.
NOT_PAGES = {
    "paragraph-move", "paragraph-status", "paragraph-bracket", "paragraph-unbracket", "paragraph-restore",
    "preview", "paragraph-block", "amendment-take-over", "amendment-position", "amendment-decide", "submission-position",
    "comment-paragraph", "comment-amendment", "comment-submit",
    "export-current", "export-redline", "export-compilation", "export-revision",
    "api-schema", "api-reports", "api-report", "api-report-amendments",
}  # fmt: skip


def test_every_url_of_the_app_is_a_page_measured_or_named_as_no_page():
    names = {pattern.name for pattern in urlpatterns}
    measured = {page.name for page in PAGES}
    assert names - measured - NOT_PAGES == set()
    assert NOT_PAGES - names == set()


def _rows(wgec: Report, delegate: User, staging: Client, compilations: dict[str, Report]) -> dict[str, Any]:
    """The rows the pages show: the WGEC draft with Nick Ashton-Hart's amendments, a draft, a
    submitted amendment and a comment of the delegate's, a revised text waiting for review, and a new
    report and a members' list staged in the officer's session (`staging`)."""
    rec_3, rec_6 = paragraph("recommendations", "3"), paragraph("recommendations", "6")
    draft = propose_change(delegate, rec_6, rec_6.text + " As agreed.", submit=False)
    submitted = propose_change(delegate, rec_3, rec_3.text.replace("existing", "all existing"))
    comment = actions.comments.comment(
        user=delegate, text="See https://www.example.org/" + "long-path/" * 12, paragraph=rec_3
    )
    text = staging.get(reverse("export-current", args=[wgec.pk, "txt"])).content
    staged = actions.imports.stage(
        wgec, user=delegate, kind=Import.Kind.REVISED_TEXT, data=text.replace(b"existing work", b"all work"),
        filename="revised.txt", participant=delegate.participant,
    )  # fmt: skip
    new_report = staging.post(reverse("report-new"), {"file": SimpleUploadedFile("draft.txt", text)})
    new_members = staging.post(
        reverse("members", args=[wgec.working_group_id]),
        {"action": "add", "delegation": "Japan", "group": "member-state", "role": "member",
         "name": "Aiko Tanaka", "email": "aiko@example.org"},
    )  # fmt: skip
    assert new_report.status_code == new_members.status_code == 302
    nah = Amendment.objects.filter(participant__name="Nick Ashton-Hart", paragraph=rec_3).get()
    return {
        "report": wgec.pk, "group": wgec.working_group_id, "rec_3": rec_3.pk,
        "footnote_3": paragraph(None, footnote=3).pk, "recommendations": rec_3.section_id,
        "nah_amendment": nah.pk, "nah": nah.participant_id, "draft": draft.pk, "submitted": submitted.pk,
        "comment": comment.pk, "original": Revision.objects.get(report=wgec, is_original=True).pk,
        "import": staged.pk, "delegate": delegate.pk,
        "new_report": new_report["Location"].rstrip("/").rsplit("/", 1)[1],
        "new_members": new_members["Location"].rstrip("/").rsplit("/", 1)[1],
        "rolling": compilations["rolling"].pk, "contributions": compilations["contributions"].pk,
        "russia": delegate.participant_id,
        "submission": Submission.objects.filter(section__report=compilations["contributions"]).first().pk,
    }  # fmt: skip


def _phone(browser, live_server, client: Client | None):
    """A phone-sized browser with the session of `client` (none: not logged in)."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    if client is not None:
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_no_page_is_wider_than_a_phone(browser, live_server, wgec, compilations):
    call_command("load_demo", stdout=io.StringIO())  # the demo logins, with their names and amendments
    delegate, officer = User.objects.get(username="russia"), User.objects.get(username="secretariat")
    clients = {DELEGATE: Client(), SECRETARIAT: Client()}
    clients[DELEGATE].force_login(delegate)
    clients[SECRETARIAT].force_login(officer)
    rows = _rows(wgec, delegate, clients[SECRETARIAT], compilations)
    widths = []
    for user in (ANONYMOUS, DELEGATE, SECRETARIAT):
        context, page = _phone(browser, live_server, clients.get(user))
        try:
            for entry in (entry for entry in PAGES if entry.user == user):
                url = entry.url(rows)
                response = page.goto(url)
                assert response is not None
                status = response.status
                assert status == (404 if entry.name == "/no-such-page/" else 200), (url, user)
                widths.append((page.evaluate("document.documentElement.scrollWidth"), user, url))
                if (entry.name, entry.user, entry.query) == ("report", DELEGATE, ""):
                    screenshot(page, "small-screen-report")
                if entry.name == "paragraph-compare":
                    screenshot(page, "small-screen-compare-all")
        finally:
            context.close()
    print("\nwidth  user         page")
    for width, user, url in widths:
        print(f"{width:5}  {user:11}  {url}")
    assert [(width, url) for width, _, url in widths if width > PHONE["width"]] == []
