"""Members propose changes, deletions and new paragraphs through forms; bad input keeps what was typed."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.actions.draft import edit_paragraph
from amendments.core.texts import MAX_TEXT_LENGTH
from amendments.models import Amendment
from tests.helpers import paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def russia(client, russia_delegate):
    client.force_login(russia_delegate)
    return client


def _form(paragraph_row, text, action="submit", **extra):
    return {
        "proposed_text": text,
        "justification": extra.pop("justification", ""),
        "expected_paragraph_version": paragraph_row.version,
        "form_token": extra.pop("form_token", str(uuid.uuid4())),
        "action": action,
        **extra,
    }


def _russian_amendments():
    return Amendment.objects.filter(participant__name="Russian Federation")


def test_change_form_opens_with_the_current_text(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    html = russia.get(reverse("propose-change", args=[rec_10.pk])).content.decode()
    assert "Propose a change to Recommendation 10" in html
    assert f">\n{rec_10.text}</textarea>" in html
    assert f'name="expected_paragraph_version" value="{rec_10.version}"' in html


def test_member_submits_a_change(russia, russia_delegate, wgec):
    rec_10 = paragraph("recommendations", "10")
    text = rec_10.text.replace("language barriers", "language barriers and multilingualism")
    response = russia.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, text, justification="Why."))
    [amendment] = _russian_amendments()
    assert response.status_code == 302 and response["Location"] == amendment.get_absolute_url()
    assert (amendment.status, amendment.author, amendment.proposed_text, amendment.justification) == (
        "submitted",
        russia_delegate,
        text,
        "Why.",
    )


def test_member_saves_a_draft(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    russia.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, rec_10.text + " More.", action="draft"))
    assert _russian_amendments().get().status == "draft"


def test_preview_without_javascript_shows_the_redline_and_saves_nothing(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    text = rec_10.text.replace("capacity constraints", "capacity and resource constraints")
    response = russia.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, text, action="preview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<ins>and resource </ins>" in html
    assert "capacity and resource constraints faced by these countries.</textarea>" in html
    assert not _russian_amendments().exists()


def test_live_preview_renders_the_redline_and_changes_nothing(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    response = russia.post(
        reverse("preview", args=[rec_10.pk]), {"proposed_text": rec_10.text.replace("barriers", "<b>walls</b>")}
    )
    html = response.content.decode()
    assert "<del>barriers</del><ins>&lt;b&gt;walls&lt;/b&gt;</ins>" in html
    assert not _russian_amendments().exists()
    assert russia.get(reverse("preview", args=[rec_10.pk])).status_code == 405


def test_member_proposes_deleting_a_sub_item(russia, wgec):
    initiative = paragraph("recommendations", "19", item=1)
    form = _form(initiative, "", justification="Not agreed.")
    del form["proposed_text"]
    russia.post(reverse("propose-deletion", args=[initiative.pk]), form)
    amendment = _russian_amendments().get()
    assert (amendment.kind, amendment.proposed_text, amendment.segments) == (
        "delete",
        "",
        [["delete", initiative.text]],
    )


def test_new_paragraph_form_suggests_bis_then_ter(russia, russia_delegate, wgec):
    two = paragraph("introduction", "2")
    url = reverse("propose-insertion", args=[two.pk])
    assert 'value="2 bis"' in russia.get(url).content.decode()
    russia.post(url, _form(two, "A new paragraph.", provisional_number="2 bis"))
    assert 'value="2 ter"' in russia.get(url).content.decode()
    amendment = _russian_amendments().get()
    assert (amendment.kind, amendment.provisional_number, amendment.base_text) == ("insert", "2 bis", "")


def test_new_paragraph_after_a_numbered_one_needs_its_number(russia, wgec):
    two = paragraph("introduction", "2")
    response = russia.post(
        reverse("propose-insertion", args=[two.pk]), _form(two, "A new paragraph.", provisional_number="")
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not _russian_amendments().exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The proposed text is empty."),
        ("   ", "The proposed text is empty."),
        ("Null\x00byte", "contains a character that cannot be saved (NUL) at position 5"),
        ("Bell\x07byte", "contains a character that cannot be saved (U+0007) at position 5"),
        ("x" * (MAX_TEXT_LENGTH + 5), "the limit is 20,000"),
    ],
)
def test_bad_text_gets_a_form_error_and_keeps_what_was_typed(russia, wgec, text, message):
    rec_10 = paragraph("recommendations", "10")
    response = russia.post(
        reverse("propose-change", args=[rec_10.pk]), _form(rec_10, text, justification="Kept justification.")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Kept justification.</textarea>" in html
    assert not _russian_amendments().exists()


def test_unchanged_text_is_refused_with_no_change_proposed(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    response = russia.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, rec_10.text))
    assert response.status_code == 400
    assert "No change proposed" in response.content.decode()
    assert not _russian_amendments().exists()


def test_html_and_script_are_stored_and_shown_as_text(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    text = rec_10.text + ' <script>alert("x")</script>'
    russia.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, text))
    amendment = _russian_amendments().get()
    assert amendment.proposed_text == text
    html = russia.get(amendment.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_double_submit_creates_one_amendment(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    form = _form(rec_10, rec_10.text + " Once.")
    first = russia.post(reverse("propose-change", args=[rec_10.pk]), form)
    second = russia.post(reverse("propose-change", args=[rec_10.pk]), form)
    assert _russian_amendments().count() == 1
    assert first["Location"] == second["Location"]


def test_stale_form_with_a_clean_merge_keeps_the_text_carried_over(russia, wgec, secretariat_officer):
    rec_10 = paragraph("recommendations", "10")
    opened = rec_10.version
    edit_paragraph(
        rec_10.pk,
        text=rec_10.text.replace("The development of", "The elaboration of"),
        expected_version=opened,
        user=secretariat_officer,
    )
    typed = rec_10.text.replace("language barriers", "language barriers and multilingualism")
    response = russia.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, typed))
    html = response.content.decode()
    assert response.status_code == 409
    assert "The paragraph changed after you opened this form" in html
    assert "<del>development</del><ins>elaboration</ins>" in html
    carried = typed.replace("The development of", "The elaboration of")
    assert f">\n{carried}</textarea>" in html
    assert f'name="expected_paragraph_version" value="{opened + 1}"' in html
    assert not _russian_amendments().exists()


def test_stale_form_with_a_conflict_keeps_the_typed_text(russia, wgec, secretariat_officer):
    rec_10 = paragraph("recommendations", "10")
    edit_paragraph(
        rec_10.pk,
        text=rec_10.text.replace("language barriers", "language hurdles"),
        expected_version=rec_10.version,
        user=secretariat_officer,
    )
    typed = rec_10.text.replace("language barriers", "language obstacles")
    html = russia.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, typed)).content.decode()
    assert "touch the same words" in html
    assert f">\n{typed}</textarea>" in html
    assert not _russian_amendments().exists()


def test_stale_revision_of_a_new_sub_item_asks_for_no_number(russia, russia_delegate, wgec):
    initiative = paragraph("recommendations", "19", item=0)
    amendment = actions.amendments.propose(
        user=russia_delegate, paragraph_id=initiative.pk, kind="insert", provisional_number="",
        expected_paragraph_version=initiative.version, proposed_text="A third initiative.",
    )  # fmt: skip
    actions.amendments.revise(
        amendment.pk, user=russia_delegate, expected_version=1, proposed_text="A revised initiative.", justification=""
    )
    form = _form(initiative, "My own initiative.", action="draft", expected_version=1, provisional_number="")
    response = russia.post(reverse("amendment-revise", args=[amendment.pk]), form)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this amendment after you opened this form" in html
    assert "This field is required." not in html
    assert ">\nMy own initiative.</textarea>" in html
    assert Amendment.objects.get(pk=amendment.pk).proposed_text == "A revised initiative."


def test_get_changes_nothing(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    for name in ("propose-change", "propose-deletion", "propose-insertion"):
        assert russia.get(reverse(name, args=[rec_10.pk])).status_code == 200
    assert not _russian_amendments().exists()


def test_post_without_csrf_token_is_refused(russia_delegate, wgec):
    client = Client(enforce_csrf_checks=True)
    client.force_login(russia_delegate)
    rec_10 = paragraph("recommendations", "10")
    response = client.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, rec_10.text + " x"))
    assert response.status_code == 403
    assert not _russian_amendments().exists()


def test_user_without_a_delegation_cannot_propose(client, secretariat_officer):
    client.force_login(secretariat_officer)
    rec_10 = paragraph("recommendations", "10")
    assert client.get(reverse("propose-change", args=[rec_10.pk])).status_code == 403
    assert client.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, "x")).status_code == 403


def test_observer_can_propose_and_is_marked_observer(client, observer_delegate, wgec):
    client.force_login(observer_delegate)
    rec_10 = paragraph("recommendations", "10")
    response = client.post(reverse("propose-change", args=[rec_10.pk]), _form(rec_10, rec_10.text + " Observer."))
    amendment = Amendment.objects.get(participant=observer_delegate.participant)
    assert response["Location"] == amendment.get_absolute_url()
    assert 'class="tag tag--observer">observer</span>' in client.get(amendment.get_absolute_url()).content.decode()
