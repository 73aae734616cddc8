"""No browser, proxy or back button keeps what the app answered: a page may show a delegation's private draft.

Every response the app makes says `Cache-Control: private, no-store`: the pages, the API, every download,
the answers to forms and the error pages. Static files alone keep their long caching.
"""

import datetime

import pytest
from django.urls import reverse

from amendments import actions
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

DRAFT_WORD = "Quinquennially"
DRAFT_TEXT = f"{DRAFT_WORD} reviewed: a private draft only the Russian Federation sees."


def _not_stored(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def draft(russia_delegate, wgec):
    return propose_change(russia_delegate, paragraph("recommendations", "10"), DRAFT_TEXT, submit=False)


@pytest.fixture
def revision(secretariat_officer, wgec):
    return actions.revisions.issue_revision(
        wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer
    )


def test_every_page_api_answer_and_download_showing_a_draft_is_never_stored(client, russia_delegate, draft, revision):
    report, rec_10 = draft.paragraph.section.report, draft.paragraph
    client.force_login(russia_delegate)
    urls = [
        reverse("home"),
        reverse("report", args=[report.pk]),
        reverse("participant", args=[russia_delegate.participant_id]),
        reverse("paragraph", args=[rec_10.pk]),
        reverse("paragraph-compare", args=[rec_10.pk]),
        reverse("amendment", args=[draft.pk]),
        reverse("amendment-revise", args=[draft.pk]),
        reverse("propose-change", args=[rec_10.pk]),
        reverse("import-upload", args=[report.pk]),
        reverse("revisions", args=[report.pk]),
        reverse("revision", args=[revision.pk]),
        reverse("compare-revisions", args=[report.pk]),
        # The API
        reverse("api-reports"),
        reverse("api-report", args=[report.pk]),
        reverse("api-report-amendments", args=[report.pk]),
        reverse("api-schema"),
        # Every download
        *(reverse("export-current", args=[report.pk, fmt]) for fmt in ("docx", "html", "md", "txt")),
        *(reverse("export-revision", args=[revision.pk, fmt]) for fmt in ("docx", "html", "md", "txt")),
        reverse("export-redline", args=[report.pk]) + "?status=all",
        *(reverse("export-compilation", args=[report.pk, fmt]) for fmt in ("html", "docx")),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (302 if url == "/" else 200), url  # home leads to the one report
        assert _not_stored(response), f"{url}: {response.get('Cache-Control')!r}"
    # The draft is really on them: the amendment's page and the API show it.
    assert DRAFT_WORD in client.get(reverse("amendment", args=[draft.pk])).content.decode()
    assert DRAFT_WORD in client.get(reverse("api-report-amendments", args=[report.pk])).content.decode()


def test_the_secretariats_pages_form_answers_and_error_pages_are_never_stored(
    client, secretariat_officer, russia_delegate, wgec
):
    # A delegation's own draft is not the secretariat's to see; its submitted amendment is.
    submitted = propose_change(russia_delegate, paragraph("recommendations", "10"), DRAFT_TEXT)
    client.force_login(secretariat_officer)
    rec_10 = submitted.paragraph
    for url in [
        reverse("decisions", args=[rec_10.section.report_id]),
        reverse("paragraph-edit", args=[rec_10.pk]),
        reverse("amendment", args=[submitted.pk]),
        reverse("admin:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _not_stored(response), url
    answers = [
        client.post(reverse("comment-paragraph", args=[rec_10.pk]), {"text": "Noted."}),  # a redirect
        client.post(reverse("comment-paragraph", args=[rec_10.pk]), {"text": ""}),  # refused
        client.get("/no-such-page/"),
        client.get(reverse("amendment", args=[10**9])),
    ]
    assert [response.status_code for response in answers] == [302, 302, 404, 404]
    assert all(_not_stored(response) for response in answers)


def test_the_pages_before_login_are_never_stored_but_static_files_are_cached(client, wgec):
    for response in [
        client.get(reverse("login")),
        client.get(reverse("password_reset")),
        client.get(reverse("report", args=[wgec.pk])),  # to the login page
    ]:
        assert response.status_code in (200, 302)
        assert _not_stored(response), response.request["PATH_INFO"]
    stylesheet = client.get("/static/css/wgec.css")
    assert stylesheet.status_code == 200
    assert "no-store" not in stylesheet.get("Cache-Control", "")
