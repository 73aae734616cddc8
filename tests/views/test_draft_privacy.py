"""A delegation's own draft is nowhere for the secretariat or the Chair: every page, form, export and
API answer refuses it as if it did not exist (404) or leaves it out, and nothing changes. A draft
the secretariat made for a delegation is the secretariat's to see and revise until the delegation
takes it over with the "Take over this draft" button."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.models import Amendment, Comment, Import, Participant, Position, User
from tests.helpers import make_user, paragraph, propose_change

pytestmark = pytest.mark.django_db

SECRET = "Privatissimum"  # in the draft's text, its justification and the delegation's note on it


@pytest.fixture
def chair(wgec):
    return make_user("chair", groups=[User.CHAIR])


@pytest.fixture
def own_draft(russia_delegate, wgec):
    rec_6 = paragraph("recommendations", "6")
    draft = propose_change(
        russia_delegate, rec_6, f"{rec_6.text} {SECRET} words.", submit=False, justification=f"{SECRET} reasons."
    )
    note = actions.comments.comment(user=russia_delegate, text=f"{SECRET} note.", amendment=draft)
    return draft, note


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _snapshot():
    return [(sorted(model.objects.values_list()), model.history.count()) for model in (Amendment, Comment, Position)]


def _refused(draft, note):
    post = {"proposed_text": "Taken.", "justification": "", "expected_paragraph_version": draft.paragraph.version,
            "expected_version": 1, "version": 1, "action": "submit", "text": "Taken.", "stance": "support",
            "decision": "accept", "note": ""}  # fmt: skip
    for name in ("amendment", "amendment-revise", "amendment-withdraw"):
        yield "get", reverse(name, args=[draft.pk]), None
    for name in ("amendment-revise", "amendment-submit", "amendment-withdraw", "amendment-take-over",
                 "amendment-position", "comment-amendment"):  # fmt: skip
        yield "post", reverse(name, args=[draft.pk]), post
    yield "post", reverse("preview", args=[draft.paragraph_id]), {"amendment": draft.pk, "proposed_text": "x"}
    yield "get", reverse("comment-edit", args=[note.pk]), None
    yield "post", reverse("comment-edit", args=[note.pk]), post
    yield "post", reverse("comment-delete", args=[note.pk]), None


@pytest.mark.parametrize("who", ["secretariat_officer", "chair"])
def test_the_secretariat_and_the_chair_get_404_for_a_delegations_own_draft(request, who, own_draft):
    client = _client(request.getfixturevalue(who))
    before = _snapshot()
    for method, url, data in _refused(*own_draft):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 404, (method, url, response.status_code)
    assert _snapshot() == before


def test_the_secretariat_cannot_decide_on_a_delegations_own_draft(secretariat_officer, own_draft):
    draft, _ = own_draft
    before = _snapshot()
    response = _client(secretariat_officer).post(reverse("amendment-decide", args=[draft.pk]), {"decision": "accept"})
    assert response.status_code == 404 and _snapshot() == before


def _docx_text(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))


def _everything(client, report, draft, *, secretariat):
    """Every page, export and API answer that could show the draft, as text."""
    rec_6 = draft.paragraph
    urls = [
        reverse("report", args=[report.pk]),
        reverse("report", args=[report.pk]) + "?redlines=on",
        rec_6.get_absolute_url(),
        rec_6.get_absolute_url() + "?view=side",
        reverse("paragraph-compare", args=[rec_6.pk]),
        reverse("participant", args=[draft.participant_id]),
        reverse("api-report-amendments", args=[report.pk]),
        reverse("export-compilation", args=[report.pk, "html"]),
    ]
    if secretariat:
        urls += [
            reverse("decisions", args=[report.pk]),
            reverse("export-compilation", args=[report.pk, "html"]) + "?edition=internal",
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()
    docx_urls = [
        reverse("export-compilation", args=[report.pk, "docx"]),
        reverse("export-redline", args=[report.pk]) + "?status=pending",
        *(reverse("export-current", args=[report.pk, "docx"]),),
    ]
    if secretariat:
        docx_urls += [
            reverse("export-compilation", args=[report.pk, "docx"]) + "?edition=internal",
            reverse("export-redline", args=[report.pk]) + "?status=pending&edition=internal",
        ]
    for url in docx_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, _docx_text(response.content)


@pytest.mark.parametrize("who", ["secretariat_officer", "chair"])
def test_a_delegations_own_draft_is_on_no_page_export_or_api_answer(request, who, own_draft, wgec):
    draft, _ = own_draft
    client = _client(request.getfixturevalue(who))
    for url, text in _everything(client, wgec, draft, secretariat=who == "secretariat_officer"):
        assert SECRET not in text, url
        assert f"/amendments/{draft.pk}/" not in text, url


def test_the_delegation_still_sees_its_draft_on_its_pages(russia_delegate, own_draft):
    draft, _ = own_draft
    client = _client(russia_delegate)
    for url in (draft.get_absolute_url(), draft.paragraph.get_absolute_url(), reverse("participant",
                args=[draft.participant_id])):  # fmt: skip
        assert SECRET in client.get(url).content.decode(), url


def test_a_delegations_own_upload_is_not_the_secretariats_to_open(russia_delegate, secretariat_officer, wgec):
    from amendments.actions import imports

    rec_10 = paragraph("recommendations", "10")
    data = f"10. {rec_10.text} {SECRET}.".encode()
    staged = imports.stage(
        wgec, user=russia_delegate, kind="revised-text", data=data, filename="ours.txt",
        participant=russia_delegate.participant, unrelated_ok=True,
    )  # fmt: skip
    officer = _client(secretariat_officer)
    assert officer.get(staged.get_absolute_url()).status_code == 404
    assert officer.post(staged.get_absolute_url(), {"action": "confirm"}).status_code == 404
    assert Import.objects.get(pk=staged.pk).status == Import.Status.REVIEW
    assert SECRET in _client(russia_delegate).get(staged.get_absolute_url()).content.decode()


@pytest.fixture
def held(secretariat_officer, wgec):
    target = paragraph("recommendations", "4")
    return actions.amendments.propose(
        user=secretariat_officer, participant=Participant.objects.get(name="Japan"), paragraph_id=target.pk,
        kind="modify", expected_paragraph_version=target.version, proposed_text=f"{target.text} Held words.",
    )  # fmt: skip


def test_the_secretariat_sees_and_revises_the_draft_it_holds(secretariat_officer, held):
    officer = _client(secretariat_officer)
    html = officer.get(held.get_absolute_url()).content.decode()
    assert "Held words." in html and "Take over this draft" not in html
    response = officer.post(
        reverse("amendment-revise", args=[held.pk]),
        {"proposed_text": held.proposed_text + " Tidied.", "justification": "", "action": "draft",
         "expected_paragraph_version": held.paragraph.version, "expected_version": 1},
    )  # fmt: skip
    assert response.status_code == 302
    row = Amendment.objects.get(pk=held.pk)
    assert row.version == 2 and row.held_by_secretariat
    assert officer.post(reverse("amendment-take-over", args=[held.pk]), {"version": 2}).status_code == 403
    assert Amendment.objects.get(pk=held.pk).held_by_secretariat


def test_the_delegation_takes_over_the_draft_with_the_button(japan_delegate, secretariat_officer, held):
    japan = _client(japan_delegate)
    html = japan.get(held.get_absolute_url()).content.decode()
    url = reverse("amendment-take-over", args=[held.pk])
    assert "Take over this draft" in html and f'action="{url}"' in html
    assert japan.get(url).status_code == 405  # a write: POST only
    response = japan.post(url, {"version": 1})
    assert response.status_code == 302 and response["Location"] == held.get_absolute_url()
    row = Amendment.objects.get(pk=held.pk)
    assert not row.held_by_secretariat
    assert row.history.latest().history_change_reason == "Taken over by the delegation from the secretariat"
    assert "Take over this draft" not in japan.get(held.get_absolute_url()).content.decode()
    assert _client(secretariat_officer).get(held.get_absolute_url()).status_code == 404


def test_a_stale_take_over_changes_nothing(japan_delegate, held):
    response = _client(japan_delegate).post(reverse("amendment-take-over", args=[held.pk]), {"version": 7}, follow=True)
    assert "changed since you opened the page" in response.content.decode()
    assert Amendment.objects.get(pk=held.pk).held_by_secretariat


def _admin_pages(model, obj):
    name = model._meta.model_name
    record = obj.history.latest()
    return [
        reverse(f"admin:amendments_{name}_change", args=[obj.pk]),
        reverse(f"admin:amendments_{name}_history", args=[obj.pk]),
        reverse(f"admin:amendments_{name}_simple_history", args=[obj.pk, record.history_id]),
    ]


def test_the_admin_shows_the_secretariat_no_delegations_own_draft_comment_or_upload(
    secretariat_officer, russia_delegate, own_draft, held, wgec
):
    from amendments.actions import imports

    draft, note = own_draft
    rec_10 = paragraph("recommendations", "10")
    upload = imports.stage(
        wgec, user=russia_delegate, kind="revised-text", data=f"10. {rec_10.text} {SECRET}.".encode(),
        filename="ours.txt", participant=russia_delegate.participant, unrelated_ok=True,
    )  # fmt: skip
    officer = _client(secretariat_officer)

    for model in (Amendment, Comment, Import):
        listing = officer.get(reverse(f"admin:amendments_{model._meta.model_name}_changelist"))
        assert listing.status_code == 200 and SECRET not in listing.content.decode(), model
    listed = officer.get(reverse("admin:amendments_amendment_changelist")).content.decode()
    held_page = reverse("admin:amendments_amendment_change", args=[held.pk])
    assert held_page in listed and reverse("admin:amendments_amendment_change", args=[draft.pk]) not in listed
    for model, obj in ((Amendment, draft), (Comment, note), (Import, upload)):
        for url in _admin_pages(model, obj):
            response = officer.get(url, follow=True)
            assert SECRET not in response.content.decode(), url
            assert response.status_code == 404 or response.redirect_chain, url
    for url in _admin_pages(Amendment, held):
        assert officer.get(url).status_code == 200, url


def test_the_admin_lists_the_bracketed_alternatives_for_the_secretariat(secretariat_officer, wgec):
    response = _client(secretariat_officer).get(reverse("admin:amendments_alternative_changelist"))
    assert response.status_code == 200
