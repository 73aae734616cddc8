"""Real documents in: a revised text becomes a delegation's draft amendments; a Word file's tracked
changes and comments become the amendments and comments of the delegations its authors map to."""

import io
import json
import textwrap
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from amendments.actions import imports
from amendments.actions.draft import edit_paragraph
from amendments.importers import uploads
from amendments.importers.plans import PlannedChange
from amendments.models import Amendment, Comment, Import, Paragraph
from tests.helpers import PASSWORD, paragraph
from tests.wordfiles import dele, ins, make_docx, p, r

pytestmark = pytest.mark.django_db


@pytest.fixture
def russia(client, russia_delegate):
    client.login(username=russia_delegate.username, password=PASSWORD)
    return client


@pytest.fixture
def officer(client, secretariat_officer):
    client.login(username=secretariat_officer.username, password=PASSWORD)
    return client


def _recommendations_text(changes=None, insert_after=None):
    """The Recommendations as a delegation would send them back, numbered, one paragraph a line."""
    rows = Paragraph.objects.filter(section__key="recommendations", parent=None).order_by("position")
    lines = []
    for row in rows:
        text = (changes or {}).get(row.number, row.text)
        lines.append(f"{row.number}. {text}")
        lines.extend(f"• {item.text}" for item in row.children.exclude(kind="footnote").order_by("position"))
        if insert_after and row.number == insert_after[0]:
            lines.append(insert_after[1])
    return "\n\n".join(lines)


def _upload(client, report, content, name="revised.txt", kind="revised-text", **extra):
    return client.post(
        reverse("import-upload", args=[report.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content), **extra},
    )


def test_delegation_uploads_a_revised_text_reviews_it_and_gets_draft_amendments(russia, russia_delegate, wgec):
    rec_10 = paragraph("recommendations", "10")
    changed = rec_10.text.replace("language barriers", "language barriers and multilingualism")
    text = _recommendations_text(
        {"10": changed}, insert_after=("12", "12 bis. Cooperation should respect cultural diversity.")
    )
    response = _upload(russia, wgec, text.encode())
    staged = Import.objects.get()
    assert response["Location"] == staged.get_absolute_url()
    assert not Amendment.objects.filter(participant=russia_delegate.participant).exists()  # nothing yet

    html = russia.get(staged.get_absolute_url()).content.decode()
    assert "Recommendation 10" in html and "<ins>multilingualism and </ins>" in html
    assert "Cooperation should respect cultural diversity." in html

    russia.post(staged.get_absolute_url(), {"action": "confirm"})
    created = Amendment.objects.filter(participant=russia_delegate.participant).order_by("id")
    assert [(a.kind, a.status) for a in created] == [("modify", "draft"), ("insert", "draft")]
    assert created[0].paragraph == rec_10 and created[0].proposed_text == changed
    assert created[1].paragraph == paragraph("recommendations", "12")
    assert created[0].history.get().history_change_reason == "Imported from revised.txt"
    assert Import.objects.get().status == "done"


def test_a_revised_text_reflowed_like_a_pdf_conversion_is_still_aligned(russia, russia_delegate, wgec):
    rec_3 = paragraph("recommendations", "3")
    text = _recommendations_text({"3": rec_3.text.replace("fora", "forums")})
    reflowed = "\n\n".join("\n\n".join(textwrap.wrap(block, 70)) for block in text.split("\n\n"))
    _upload(russia, wgec, reflowed.encode())
    plan = Import.objects.get().plan["entries"]
    changed = [e for e in plan if e["kind"] != "unchanged"]
    assert [(e["kind"], e["label"]) for e in changed] == [("modified", "Recommendation 3")]


def test_the_draft_changing_between_upload_and_confirmation_creates_nothing(
    russia, russia_delegate, wgec, secretariat_officer
):
    rec_10 = paragraph("recommendations", "10")
    _upload(russia, wgec, _recommendations_text({"10": rec_10.text + " Added."}).encode())
    edit_paragraph(rec_10.pk, text=rec_10.text + " Edited.", expected_version=rec_10.version, user=secretariat_officer)
    response = russia.post(Import.objects.get().get_absolute_url(), {"action": "confirm"}, follow=True)
    assert "changed since the upload" in response.content.decode()
    assert not Amendment.objects.filter(participant=russia_delegate.participant).exists()
    assert Import.objects.get().status == "review"


def test_another_user_cannot_see_or_confirm_an_import(russia, client, japan_delegate, wgec):
    _upload(russia, wgec, _recommendations_text({"1": "Changed."}).encode())
    staged = Import.objects.get()
    japan = Client()
    japan.login(username=japan_delegate.username, password=PASSWORD)
    assert japan.get(staged.get_absolute_url()).status_code == 403
    assert japan.post(staged.get_absolute_url(), {"action": "confirm"}).status_code == 403
    assert Import.objects.get().status == "review"


def _two_author_docx():
    """A Word file of three recommendations, with tracked changes by two authors and a comment."""
    rec_2, rec_3, rec_12 = (paragraph("recommendations", n) for n in ("2", "3", "12"))
    before_2, after_2 = rec_2.text.split("growing", 1)
    before_3, after_3 = rec_3.text.split("towards", 1)
    body = (
        p(r(before_2), dele("Alice Delegate", "growing"), ins("Alice Delegate", "expanding"), r(after_2))
        + p(r(before_3), dele("Bob Delegate", "towards"), ins("Bob Delegate", "of"), r(after_3))
        + p(
            '<w:commentRangeStart w:id="7"/>',
            r(rec_12.text),
            '<w:commentRangeEnd w:id="7"/>',
            '<w:r><w:commentReference w:id="7"/></w:r>',
        )  # fmt: skip
    )
    comments = (
        '<w:comment w:id="7" w:author="Bob Delegate" w:date="2017-11-20T10:00:00Z" w:initials="BD">'
        "<w:p><w:r><w:t>Too vague: which Goals?</w:t></w:r></w:p></w:comment>"
    )
    return make_docx(body, comments=comments)


def test_word_file_with_two_authors_becomes_two_delegations_amendments_with_comments(
    officer, wgec, russia_delegate, japan_delegate
):
    response = _upload(officer, wgec, _two_author_docx(), name="changes.docx", kind="word-changes")
    staged = Import.objects.get()
    assert response["Location"] == staged.get_absolute_url()
    html = officer.get(staged.get_absolute_url()).content.decode()
    assert "Alice Delegate" in html and "Bob Delegate" in html and "Too vague: which Goals?" in html
    authors = list(staged.plan["authors"])
    mapping = {"Alice Delegate": russia_delegate.participant_id, "Bob Delegate": japan_delegate.participant_id}
    response = officer.post(
        staged.get_absolute_url(),
        {"action": "confirm", **{f"author-{i}": mapping[a] for i, a in enumerate(authors)}},
        follow=True,
    )
    assert "2 draft amendments created and 1 draft comment: review them and submit." in response.content.decode()
    assert "A draft comment is seen only by its delegation until the delegation submits it." in (
        response.content.decode()
    )

    russian = Amendment.objects.get(participant=russia_delegate.participant)
    japanese = Amendment.objects.get(participant=japan_delegate.participant)
    assert russian.paragraph == paragraph("recommendations", "2")
    assert ["delete", "growing"] in russian.segments and ["insert", "expanding"] in russian.segments
    assert japanese.paragraph == paragraph("recommendations", "3")
    assert ["delete", "towards"] in japanese.segments
    comment = Comment.objects.get(participant=japan_delegate.participant)
    assert (comment.text, comment.paragraph) == ("Too vague: which Goals?", paragraph("recommendations", "12"))
    assert comment.draft and comment.written is not None and comment.written.year == 2017


def test_members_cannot_import_tracked_changes_for_others(russia, wgec):
    response = _upload(russia, wgec, _two_author_docx(), name="changes.docx", kind="word-changes")
    assert response.status_code == 403
    assert not Import.objects.exists()


def _zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", uploads.EMPTY),
        ("image.docx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, uploads.NOT_DOCX),
        ("legacy.docx", uploads.OLE_MAGIC + b"\0" * 600, ""),
        ("latin1.txt", "Café crème".encode("latin-1"), uploads.NOT_DOCX),
        ("bomb.docx", _zip_bomb(), "far more than a Word document does"),
        ("truncated.docx", make_docx(p(r("Text.")))[:200], uploads.DAMAGED),
        ("entities.docx", b"", ""),
    ],
)
def test_hostile_or_broken_files_get_a_clear_message_and_create_nothing(russia, wgec, name, content, message):
    if name == "entities.docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr(
                "word/document.xml",
                '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>',
            )
        content, message = buffer.getvalue(), uploads.DTD
    response = _upload(russia, wgec, content, name=name)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert not Import.objects.exists()


def test_import_revision_command_prints_the_alignment_and_creates_drafts(wgec, tmp_path, capsys):
    rec_10 = paragraph("recommendations", "10")
    source = tmp_path / "revised.txt"
    source.write_text(_recommendations_text({"10": rec_10.text + " Added."}))
    call_command("import_revision", str(source), participant="Russian Federation", dry_run=True, json=True)
    listing = json.loads(capsys.readouterr().out)
    assert {"kind": "modified", "number": "10", "text": rec_10.text + " Added."} in listing
    assert sum(e["kind"] == "unchanged" for e in listing) == 27  # 19 recommendations and their 9 sub-items, less one
    assert not Amendment.objects.filter(participant__name="Russian Federation").exists()
    call_command("import_revision", str(source), participant="Russian Federation")
    assert Amendment.objects.get(participant__name="Russian Federation").status == "draft"


def test_import_docx_command_lists_by_author_and_needs_a_mapping(wgec, tmp_path, capsys):
    source = tmp_path / "changes.docx"
    source.write_bytes(_two_author_docx())
    call_command("import_docx", str(source), dry_run=True, json=True)
    summary = json.loads(capsys.readouterr().out)
    assert summary["authors"] == ["Alice Delegate", "Bob Delegate"]
    assert [c["text"] for c in summary["by_author"]["Bob Delegate"]["comments"]] == ["Too vague: which Goals?"]
    with pytest.raises(CommandError, match="Map every author") as raised:
        call_command("import_docx", str(source))
    assert raised.value.returncode == 2
    call_command("import_docx", str(source), map=["Alice Delegate=Russian Federation", "Bob Delegate=Japan"])
    assert Amendment.objects.filter(participant__name__in=["Russian Federation", "Japan"]).count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/file.txt", "--participant", "Japan"], "no such file"),
        (["FILE", "--participant", "Nobody"], "No participant named"),
    ],
)
def test_import_commands_refuse_bad_input_with_status_2(wgec, tmp_path, args, message):
    source = tmp_path / "f.txt"
    source.write_text("Some text.")
    args = [str(source) if a == "FILE" else a for a in args]
    with pytest.raises(CommandError, match=message) as raised:
        call_command("import_revision", *args)
    assert raised.value.returncode == 2


def test_a_text_far_longer_than_the_report_is_refused_before_aligning(russia, wgec):
    text = "\n\n".join(f"{n}. Paragraph number {n} of a very long text." for n in range(1, 1200))
    response = _upload(russia, wgec, text.encode())
    assert response.status_code == 400
    assert "far more than the draft" in response.content.decode()
    assert not Import.objects.exists()


def test_cancelling_an_import_under_review_creates_nothing_and_records_who_cancelled(russia, russia_delegate, wgec):
    rec_10 = paragraph("recommendations", "10")
    _upload(russia, wgec, _recommendations_text({"10": rec_10.text + " Added."}).encode())
    staged = Import.objects.get()

    response = russia.post(staged.get_absolute_url(), {"action": "cancel"})

    assert response.status_code == 302 and response["Location"] == wgec.get_absolute_url()
    staged.refresh_from_db()
    assert staged.status == Import.Status.CANCELLED
    latest = staged.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (russia_delegate, "Cancelled")
    assert not Amendment.objects.filter(participant=russia_delegate.participant).exists()


def test_a_cancelled_import_can_be_neither_confirmed_nor_cancelled_again(russia, russia_delegate, wgec):
    _upload(russia, wgec, _recommendations_text({"10": "Changed."}).encode())
    staged = imports.cancel(Import.objects.get().pk, user=russia_delegate)
    with pytest.raises(imports.ImportRefused, match="already cancelled"):
        imports.cancel(staged.pk, user=russia_delegate)
    with pytest.raises(imports.ImportRefused, match="already cancelled"):
        imports.confirm(staged.pk, user=russia_delegate)
    russia.post(staged.get_absolute_url(), {"action": "confirm"})
    assert not Amendment.objects.filter(participant=russia_delegate.participant).exists()
    assert staged.history.count() == 2  # created, then cancelled once


def test_planned_entries_are_stored_with_the_keys_the_review_reads(russia, wgec):
    rec_10 = paragraph("recommendations", "10")
    text = _recommendations_text({"10": rec_10.text + " Added."}, insert_after=("12", "12 bis. A new paragraph here."))
    text = text.replace(f"11. {paragraph('recommendations', '11').text}", "")  # recommendation 11 deleted
    _upload(russia, wgec, text.encode())
    entries = Import.objects.get().plan["entries"]
    keys = {e["kind"]: set(e) for e in entries}
    assert keys == {
        "unchanged": {"kind", "draft", "label"},
        "modified": {"kind", "draft", "version", "label", "number", "text", "moved", "segments"},
        "deleted": {"kind", "draft", "version", "label", "number", "text", "segments"},
        "inserted": {"kind", "after", "after_version", "label", "number", "text", "segments"},
    }
    assert all(PlannedChange.from_json(e).to_json() == e for e in entries)


def test_planned_word_changes_are_stored_with_the_keys_the_review_reads(officer, wgec):
    _upload(officer, wgec, _two_author_docx(), name="changes.docx", kind="word-changes")
    authors = Import.objects.get().plan["authors"]
    entries = [e for found in authors.values() for e in found["entries"]]
    assert [set(e) for e in entries] == [{"kind", "draft", "version", "label", "text", "segments"}] * 2
    assert all(PlannedChange.from_json(e).to_json() == e for e in entries)
