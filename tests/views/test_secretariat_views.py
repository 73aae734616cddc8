"""The secretariat edits the draft, sets statuses and brackets, decides, issues and compares revisions."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from amendments import actions
from amendments.actions.draft import edit_paragraph
from amendments.models import Amendment, Paragraph, Revision, Section
from tests.helpers import paragraph, pdf_text, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, secretariat_officer):
    client.force_login(secretariat_officer)
    return client


@pytest.fixture
def russia(russia_delegate):
    client = Client()
    client.force_login(russia_delegate)
    return client


def _ashton_hart(section, number):
    return Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=paragraph(section, number))


def test_officer_edits_a_paragraph_with_a_note(officer, secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    response = officer.post(
        reverse("paragraph-edit", args=[rec_5.pk]),
        {"text": "New fifth.", "number": "5", "note": "Chair's redraft", "version": rec_5.version},
    )
    assert response.status_code == 302
    latest = Paragraph.objects.get(pk=rec_5.pk).history.latest()
    assert (latest.text, latest.history_user, latest.history_change_reason) == (
        "New fifth.",
        secretariat_officer,
        "Chair's redraft",
    )


def test_second_officer_saving_over_a_newer_save_sees_both_changes_and_is_offered_both(officer, secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    opened = rec_5.version
    edit_paragraph(
        rec_5.pk, text=rec_5.text.replace("proactively", "actively"), expected_version=opened, user=secretariat_officer
    )
    mine = rec_5.text.replace("easily understandable", "plain")
    response = officer.post(
        reverse("paragraph-edit", args=[rec_5.pk]), {"text": mine, "number": "5", "version": opened}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "saved this paragraph after you opened it" in html
    assert "<del>proactively</del><ins>actively</ins>" in html  # their change
    assert "<ins>plain</ins>" in html  # yours
    both = mine.replace("proactively", "actively")
    assert f">\n{both}</textarea>" in html  # the merge, for the officer to check and save
    assert (
        "actively" in Paragraph.objects.get(pk=rec_5.pk).text and "plain" not in Paragraph.objects.get(pk=rec_5.pk).text
    )


def test_officer_restores_an_earlier_version_as_a_new_version(officer, secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    original = rec_5.text
    edited = edit_paragraph(rec_5.pk, text="Replaced.", expected_version=rec_5.version, user=secretariat_officer)
    first = edited.history.earliest()
    officer.post(reverse("paragraph-restore", args=[rec_5.pk, first.history_id]), {"version": edited.version})
    restored = Paragraph.objects.get(pk=rec_5.pk)
    assert (restored.text, restored.version) == (original, edited.version + 1)
    assert restored.history.count() == 3


def test_officer_inserts_moves_and_deletes_paragraphs(officer):
    two = paragraph("introduction", "2")
    officer.post(reverse("paragraph-insert", args=[two.pk]), {"number": "2 bis", "text": "Inserted text.", "note": ""})
    inserted = Paragraph.objects.get(text="Inserted text.")

    def order():
        rows = Paragraph.objects.filter(section__key="introduction", parent=None).order_by("position")
        return list(rows.values_list("number", flat=True))

    assert order()[:4] == ["1", "2", "2 bis", "3"]
    officer.post(reverse("paragraph-move", args=[inserted.pk]), {"direction": "up", "version": inserted.version})
    assert order()[:3] == ["1", "2 bis", "2"]
    inserted.refresh_from_db()
    officer.post(reverse("paragraph-delete", args=[inserted.pk]), {"version": inserted.version})
    assert Paragraph.objects.get(pk=inserted.pk).status == "deleted"


def test_officer_edits_a_section_heading(officer):
    section = Section.objects.get(key="annex-3")
    officer.post(reverse("section-edit", args=[section.pk]), {"heading": "Annex III – Institutional framework"})
    section.refresh_from_db()
    assert section.heading == "Annex III – Institutional framework"
    assert section.history.latest().history_change_reason == "Heading edited"


def test_a_status_is_a_label_and_the_brackets_written_show_in_the_report(officer, wgec):
    rec_19 = paragraph("recommendations", "19")
    text = rec_19.text
    officer.post(reverse("paragraph-status", args=[rec_19.pk]), {"status": "bracketed", "version": rec_19.version})
    rec_19.refresh_from_db()
    assert rec_19.status == "bracketed" and rec_19.text == text  # the status wrote no bracket
    officer.post(
        reverse("paragraph-bracket", args=[rec_19.pk]), {"passage": "further consideration", "version": rec_19.version}
    )
    rec_19.refresh_from_db()
    assert rec_19.status == "bracketed"
    assert rec_19.text == text.replace("further consideration", "[further consideration]")
    html = officer.get(reverse("report", args=[wgec.pk])).content.decode()
    assert '<span class="bracketed">[further consideration]</span>' in html
    assert "bracketed--whole" not in html and "[The WGEC" not in html
    assert "Not agreed (bracketed passages)</span>" in html


def test_bracketing_a_passage_that_is_not_there_is_refused(officer):
    rec_19 = paragraph("recommendations", "19")
    response = officer.post(
        reverse("paragraph-bracket", args=[rec_19.pk]),
        {"passage": "not in the text", "version": rec_19.version},
        follow=True,
    )
    assert "That passage is not in the text" in response.content.decode()
    assert Paragraph.objects.get(pk=rec_19.pk).text == rec_19.text


def test_an_unknown_status_is_refused_with_its_message_and_changes_nothing(officer):
    rec_19 = paragraph("recommendations", "19")
    response = officer.post(
        reverse("paragraph-status", args=[rec_19.pk]), {"status": "settled", "version": rec_19.version}, follow=True
    )
    assert "Unknown status &#x27;settled&#x27;." in response.content.decode()
    assert Paragraph.objects.get(pk=rec_19.pk).version == rec_19.version


def test_a_status_note_over_the_limit_is_refused_and_changes_nothing(officer):
    rec_19 = paragraph("recommendations", "19")
    response = officer.post(
        reverse("paragraph-status", args=[rec_19.pk]),
        {"status": "agreed", "version": rec_19.version, "note": "x" * 301},
        follow=True,
    )
    assert "The note is 301 characters long; the limit is 300." in response.content.decode()
    assert Paragraph.objects.get(pk=rec_19.pk).status == Paragraph.Status.OPEN


def test_a_status_keeps_the_note_as_its_history_reason(officer):
    rec_19 = paragraph("recommendations", "19")
    officer.post(
        reverse("paragraph-status", args=[rec_19.pk]),
        {"status": "agreed-ad-ref", "version": rec_19.version, "note": "Informal consultations, 14 May"},
    )
    rec_19.refresh_from_db()
    assert rec_19.status == Paragraph.Status.AGREED_AD_REF
    assert rec_19.history.latest().history_change_reason == "Informal consultations, 14 May"


def test_an_empty_passage_is_refused_with_its_message(officer):
    rec_19 = paragraph("recommendations", "19")
    response = officer.post(
        reverse("paragraph-bracket", args=[rec_19.pk]), {"passage": "  ", "version": rec_19.version}, follow=True
    )
    assert "The passage is empty." in response.content.decode()
    assert Paragraph.objects.get(pk=rec_19.pk).text == rec_19.text


def test_the_paragraph_page_gives_the_secretariat_the_status_and_bracket_forms_with_unique_ids(officer):
    rec_19 = paragraph("recommendations", "19")
    html = officer.get(reverse("paragraph", args=[rec_19.pk])).content.decode()
    assert 'id="id_status_status"' in html and 'id="id_bracket_passage"' in html
    assert 'id="id_status_note"' in html and 'id="id_bracket_note"' in html
    assert f'<option value="{Paragraph.Status.OPEN}" selected>' in html


def test_a_revision_date_that_is_not_an_iso_date_is_refused_and_nothing_is_issued(officer, wgec):
    response = officer.post(reverse("revisions", args=[wgec.pk]), {"name": "Rev.1", "date": "15/01/2018"})
    assert response.status_code == 400
    assert "Give the date of the revision as a date (YYYY-MM-DD)." in response.content.decode()
    assert not wgec.revisions.issued().exists()


def test_report_filters_by_status_pending_amendments_and_delegation(officer, wgec, russia_delegate):
    rec_19 = paragraph("recommendations", "19")
    officer.post(reverse("paragraph-status", args=[rec_19.pk]), {"status": "bracketed", "version": rec_19.version})
    rec_4 = paragraph("recommendations", "4")
    propose_change(russia_delegate, rec_4, rec_4.text + " Russian.")
    url = reverse("report", args=[wgec.pk])
    html = officer.get(url + "?status=bracketed").content.decode()
    assert "1 paragraph shown." in html and f'id="p-{rec_19.pk}"' in html
    html = officer.get(url + f"?delegation={russia_delegate.participant_id}").content.decode()
    assert "1 paragraph shown." in html and f'id="p-{rec_4.pk}"' in html
    assert (
        "13 paragraphs shown." in officer.get(url + "?pending=1").content.decode()
    )  # Ashton-Hart's 13 fall in 12 paragraphs (two in Rec 1's sub-items, one in Rec 8's footnote), plus Rec 4
    assert "Open" in html


def test_members_cannot_use_secretariat_pages(russia, wgec):
    rec_5 = paragraph("recommendations", "5")
    amendment = _ashton_hart("recommendations", "2")
    for method, url in [
        ("get", reverse("paragraph-edit", args=[rec_5.pk])),
        ("post", reverse("paragraph-edit", args=[rec_5.pk])),
        ("post", reverse("paragraph-status", args=[rec_5.pk])),
        ("post", reverse("paragraph-delete", args=[rec_5.pk])),
        ("post", reverse("amendment-decide", args=[amendment.pk])),
        ("get", reverse("decisions", args=[wgec.pk])),
        ("post", reverse("revisions", args=[wgec.pk])),
    ]:
        assert (
            getattr(russia, method)(
                url, {"decision": "accept", "text": "x", "name": "Rev.1", "date": "2018-01-15"}
            ).status_code
            == 403
        ), url
    assert Amendment.objects.get(pk=amendment.pk).status == "submitted"
    assert not Revision.objects.issued().exists()


def test_decisions_one_at_a_time_and_for_a_selection_notify_the_delegation(
    officer, wgec, russia_delegate, django_capture_on_commit_callbacks
):
    russia_delegate.email = "ru@wgec.example"
    russia_delegate.save()
    rec_4, rec_5 = paragraph("recommendations", "4"), paragraph("recommendations", "5")
    first = propose_change(russia_delegate, rec_4, rec_4.text + " One.")
    second = propose_change(russia_delegate, rec_5, rec_5.text + " Two.")
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(
            reverse("amendment-decide", args=[first.pk]), {"decision": "reject", "note": "Out of scope.", "version": 1}
        )
    with django_capture_on_commit_callbacks(execute=True):
        nah = _ashton_hart("recommendations", "3")
        officer.post(
            reverse("decisions", args=[wgec.pk]),
            {"decision": "note", "amendment": [second.pk, nah.pk], f"version-{second.pk}": 1, f"version-{nah.pk}": 1},
        )
    assert Amendment.objects.get(pk=first.pk).status == "rejected"
    assert Amendment.objects.get(pk=first.pk).decision_note == "Out of scope."
    assert Amendment.objects.get(pk=second.pk).status == "noted"
    assert _ashton_hart("recommendations", "3").status == "noted"
    assert [m.subject for m in mail.outbox] == [
        "[WGEC] Your amendment to Recommendation 4: rejected",
        "[WGEC] Your amendment to Recommendation 5: noted",
    ]
    html = Client().get(first.get_absolute_url())
    assert html.status_code == 302  # logged out: login first
    assert "Decision: Rejected" in officer.get(first.get_absolute_url()).content.decode()


def test_accept_with_modifications_shows_the_modification_as_a_redline(officer, wgec):
    amendment = _ashton_hart("recommendations", "12")
    final = amendment.proposed_text.replace("in particular help", "help in particular")
    officer.post(
        reverse("amendment-decide", args=[amendment.pk]),
        {"decision": "accept-modified", "final_text": final, "version": 1},
    )
    amendment.refresh_from_db()
    assert (amendment.status, amendment.final_text) == ("accepted-modified", final)
    html = officer.get(amendment.get_absolute_url()).content.decode()
    assert "The modification, against the proposal" in html
    assert "<ins>help </ins>" in html or "<del> help</del>" in html or "help</ins>" in html


def test_a_bulk_decision_that_cannot_apply_to_one_changes_none(officer, wgec, russia_delegate):
    rec_4 = paragraph("recommendations", "4")
    draft = propose_change(russia_delegate, rec_4, rec_4.text + " Draft.", submit=False)
    nah = _ashton_hart("recommendations", "3")
    response = officer.post(
        reverse("decisions", args=[wgec.pk]),
        {"decision": "accept", "amendment": [nah.pk, draft.pk], f"version-{nah.pk}": 1, f"version-{draft.pk}": 1},
        follow=True,
    )
    assert "cannot be decided on" in response.content.decode()
    assert _ashton_hart("recommendations", "3").status == "submitted"


def _fingerprint(response):
    return re.search(r'name="fingerprint" value="([0-9a-f]{64})"', response.content.decode()).group(1)


def test_officer_issues_a_revision_and_views_compares_and_downloads_it(officer, wgec, secretariat_officer):
    actions.decisions.decide([_ashton_hart("introduction", "15").pk], decision="accept", user=secretariat_officer)
    data = {"name": "Rev.1", "date": "2018-01-15"}
    preview = officer.post(reverse("revisions", args=[wgec.pk]), data)
    assert preview.status_code == 200 and not Revision.objects.issued().exists()
    response = officer.post(reverse("revisions", args=[wgec.pk]), {**data, "fingerprint": _fingerprint(preview)})
    revision = Revision.objects.issued().get()
    assert response["Location"] == revision.get_absolute_url()
    html = officer.get(revision.get_absolute_url()).content.decode()
    assert "Rev.1, 15 January 2018" in html and "the topic of whether an institutional framework is required" in html
    compare = officer.get(
        reverse("compare-revisions", args=[wgec.pk]) + f"?from={revision.pk}&to=current"
    ).content.decode()
    assert "From Rev.1, 15 January 2018 to the current draft" in compare
    docx = officer.get(reverse("export-revision", args=[revision.pk, "docx"]))
    assert (
        docx.status_code == 200
        and docx["Content-Disposition"] == 'attachment; filename="wgec-draft-Rev.1-2018-01-15.docx"'
    )
    assert docx.content[:2] == b"PK"
    pdf = officer.get(reverse("export-revision", args=[revision.pk, "pdf"]))
    assert (
        pdf.status_code == 200
        and pdf["Content-Disposition"] == 'attachment; filename="wgec-draft-Rev.1-2018-01-15.pdf"'
    )
    text = pdf_text(pdf.content)
    assert "Rev.1, 15 January 2018" in text and "the topic of whether an institutional framework is required" in text


def test_collision_page_shows_both_amendments_and_issues_nothing(officer, wgec, russia_delegate, secretariat_officer):
    rec_2 = paragraph("recommendations", "2")
    russian = propose_change(
        russia_delegate, rec_2, rec_2.text.replace("maintaining and growing", "maintaining and securing")
    )
    actions.decisions.decide(
        [russian.pk, _ashton_hart("recommendations", "2").pk], decision="accept", user=secretariat_officer
    )
    response = officer.post(reverse("revisions", args=[wgec.pk]), {"name": "Rev.1", "date": "2018-01-15"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "accepted amendments collide" in html and "Recommendation 2" in html
    assert "<td>securing</td>" in html or "<td>expanding</td>" in html
    assert not Revision.objects.issued().exists()


@pytest.mark.parametrize(
    ("name", "date", "message"), [("", "2018-01-15", "is empty"), ("Rev.1", "15/01/2018", "as a date")]
)
def test_bad_revision_form_is_refused_with_a_message(officer, wgec, name, date, message):
    response = officer.post(reverse("revisions", args=[wgec.pk]), {"name": name, "date": date})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Revision.objects.issued().exists()


def test_compare_two_revisions_shows_changes_and_renumbering(officer, wgec, secretariat_officer, russia_delegate):
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer)
    two = paragraph("introduction", "2")
    insert = actions.amendments.propose(
        user=russia_delegate, paragraph_id=two.pk, kind="insert", provisional_number="2 bis",
        expected_paragraph_version=two.version, proposed_text="A new one.", submit=True,
    )  # fmt: skip
    actions.decisions.decide(
        [insert.pk, _ashton_hart("recommendations", "2").pk], decision="accept", user=secretariat_officer
    )
    rev2 = actions.revisions.issue_revision(
        wgec.pk, name="Rev.2", date=datetime.date(2018, 1, 30), user=secretariat_officer
    )
    rev1 = Revision.objects.get(name="Rev.1")
    html = officer.get(reverse("compare-revisions", args=[wgec.pk]) + f"?from={rev1.pk}&to={rev2.pk}").content.decode()
    assert "<ins>A new one.</ins>" in html
    assert "<del>growing</del><ins>expanding</ins>" in html
    assert "<del>3</del> <ins>4</ins>" in html  # the old 3 is now 4


def test_a_decision_on_a_version_the_officer_did_not_see_is_refused(officer, wgec, russia_delegate):
    rec_4 = paragraph("recommendations", "4")
    amendment = propose_change(russia_delegate, rec_4, rec_4.text + " First.")
    actions.amendments.revise(
        amendment.pk, user=russia_delegate, expected_version=1, proposed_text=rec_4.text + " Second.", justification=""
    )
    response = officer.post(
        reverse("amendment-decide", args=[amendment.pk]), {"decision": "accept", "version": 1}, follow=True
    )
    assert "it was revised since you opened the page" in response.content.decode()
    assert Amendment.objects.get(pk=amendment.pk).status == "submitted"


def test_a_form_without_its_version_overwrites_nothing(officer, secretariat_officer):
    rec_5 = paragraph("recommendations", "5")
    response = officer.post(reverse("paragraph-edit", args=[rec_5.pk]), {"text": "No version sent.", "number": "5"})
    assert response.status_code == 409
    assert Paragraph.objects.get(pk=rec_5.pk).text == rec_5.text


def test_moving_a_footnote_is_refused_with_a_message(officer):
    note = paragraph(None, footnote=9)
    response = officer.post(
        reverse("paragraph-move", args=[note.pk]), {"direction": "up", "version": note.version}, follow=True
    )
    assert "A footnote stands where its mark is" in response.content.decode()


def test_a_long_decision_note_is_kept_whole(officer, wgec):
    amendment = _ashton_hart("recommendations", "3")
    note = "The Group agreed in informal consultations that the plural should follow the style guide. " * 4
    officer.post(reverse("amendment-decide", args=[amendment.pk]), {"decision": "reject", "note": note, "version": 1})
    amendment.refresh_from_db()
    assert (amendment.status, amendment.decision_note) == ("rejected", note.strip())
    assert amendment.history.latest().history_change_reason == "Rejected: " + note.strip()


def test_an_unknown_decision_is_refused_with_a_message(officer, wgec):
    amendment = _ashton_hart("recommendations", "3")
    response = officer.post(
        reverse("amendment-decide", args=[amendment.pk]), {"decision": "maybe", "version": 1}, follow=True
    )
    assert "Unknown decision &#x27;maybe&#x27;." in response.content.decode()
    assert Amendment.objects.get(pk=amendment.pk).status == "submitted"


def test_an_edit_with_a_note_over_the_limit_is_refused_and_keeps_the_text(officer):
    rec_5 = paragraph("recommendations", "5")
    response = officer.post(
        reverse("paragraph-edit", args=[rec_5.pk]),
        {"text": "Kept text.", "number": "5", "note": "n" * 301, "version": rec_5.version},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The note is 301 characters long; the limit is 300." in html
    assert ">\nKept text.</textarea>" in html
    assert Paragraph.objects.get(pk=rec_5.pk).text == rec_5.text


def test_members_read_the_revisions_but_get_no_form_to_issue_one(russia, wgec):
    response = russia.get(reverse("revisions", args=[wgec.pk]))
    assert response.status_code == 200
    assert "Issue a revision" not in response.content.decode()
