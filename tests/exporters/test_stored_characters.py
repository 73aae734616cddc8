"""Characters no document can hold, already stored (before the checks, or by a path around them):
every export still answers, with U+FFFD in their place, and the export commands exit 0.

The texts are written straight through the models, as an old row or a careless script would have
them: a paragraph, a footnote, a heading, an amendment's text, justification and decision note, a
comment, a history reason and a revision's name. The database takes what it can store: PostgreSQL
refuses NUL in text, so it is stored on SQLite only.
"""

import datetime
import io
import sqlite3
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from lxml import etree

from amendments import actions
from amendments.actions.history import save_with_history
from amendments.core import textdiff
from amendments.core.document import Block, Comment, Document, Footnote, RevisionLabel, Section, TrackedChange
from amendments.exporters import clean_draft, compilation, word_redline
from amendments.models import Comment as CommentRow
from amendments.models import Revision
from amendments.models import Section as SectionRow
from amendments.queries.compilation import compile_proposals
from tests.helpers import PASSWORD, manage, paragraph, propose_change

pytestmark = pytest.mark.django_db

XML_CANNOT_HOLD = ["\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"]
REFUSED_TOO = ["\x7f", "\x85", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]
LONE_SURROGATES = ["\ud800", "\udfff"]  # only JSON holds them (a revision's snapshot on SQLite)


def _stored_characters() -> list[str]:
    nul = ["\x00"] if connection.vendor == "sqlite" else []  # PostgreSQL text cannot hold NUL
    return nul + XML_CANNOT_HOLD + REFUSED_TOO


def _bad_text(label: str) -> str:
    return f"{label}: " + " ".join(f"x{c}y" for c in _stored_characters())


def _assert_clean(text: str, where: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in text if c in _stored_characters() + LONE_SURROGATES})
    assert not found, f"{where} holds {', '.join(found)}"


def _docx_text(data: bytes) -> str:
    """Every XML part of the package, parsed (so it is well-formed) and written out again as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [name for name in archive.namelist() if name.endswith(".xml")]
        return "".join(etree.tostring(etree.fromstring(archive.read(name)), encoding="unicode") for name in parts)


@pytest.fixture
def stored(wgec, secretariat_officer, russia_delegate, japan_delegate):
    """Every kind of stored text holds the characters, written without the forms and write functions."""
    rec_5, rec_6, note = (
        paragraph("recommendations", "5"),
        paragraph("recommendations", "6"),
        paragraph(None, footnote=9),
    )
    amendment = propose_change(russia_delegate, rec_5, rec_5.text + " Russian wording.")
    amendment.proposed_text = rec_5.text + " " + _bad_text("Proposed")
    amendment.segments = [list(s) for s in textdiff.diff(amendment.base_text, amendment.proposed_text)]
    amendment.justification, amendment.decision_note = _bad_text("Justification"), _bad_text("Decision")
    amendment.save()
    CommentRow.objects.create(paragraph=rec_5, author=japan_delegate, participant=japan_delegate.participant,
                              text=_bad_text("Comment"))  # fmt: skip
    CommentRow.objects.create(amendment=amendment, author=japan_delegate, participant=japan_delegate.participant,
                              text=_bad_text("Comment on the amendment"))  # fmt: skip
    rec_6.text = _bad_text("Paragraph")
    save_with_history(rec_6, user=secretariat_officer, reason=_bad_text("Reason"))
    note.text = _bad_text("Footnote")
    note.save()
    section = SectionRow.objects.get(key="recommendations")
    section.heading = _bad_text("Heading")
    section.save()
    revision = actions.revisions.issue_revision(
        wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer
    )
    # An issued revision refuses a save; its row is not history-tracked, so the name is written in place.
    Revision.objects.filter(pk=revision.pk).update(name="Rev.1 " + _bad_text("Name"))
    revision.refresh_from_db()
    return {"report": wgec, "revision": revision, "paragraph": rec_6}


@pytest.fixture
def officer(client, secretariat_officer):
    client.login(username=secretariat_officer.username, password=PASSWORD)
    return client


DOWNLOADS = [
    ("export-current", "docx"),
    ("export-current", "html"),
    ("export-current", "md"),
    ("export-current", "txt"),
    ("export-revision", "docx"),
    ("export-revision", "html"),
    ("export-revision", "md"),
    ("export-revision", "txt"),
    ("export-compilation", "docx"),
    ("export-compilation", "html"),
    ("export-redline", "docx"),
]
COMMANDS = [
    ("export_draft", "--format", "docx"),
    ("export_draft", "--format", "html"),
    ("export_draft", "--format", "md"),
    ("export_draft", "--format", "txt"),
    ("export_draft", "--format", "docx", "--revision", "REVISION"),
    ("export_draft", "--format", "txt", "--revision", "REVISION"),
    ("export_redline",),
    ("export_compilation", "--format", "docx"),
    ("export_compilation", "--format", "html"),
]


def _download(client, stored, url_name, fmt):
    on = stored["revision"] if url_name == "export-revision" else stored["report"]
    if url_name == "export-redline":
        return client.get(reverse(url_name, args=[on.pk]) + "?status=pending")
    return client.get(reverse(url_name, args=[on.pk, fmt]))


def test_every_download_answers_with_stored_characters_replaced(officer, stored):
    # One stored state for every format: building it (a revision of the whole report) is the slow part.
    for url_name, fmt in DOWNLOADS:
        response = _download(officer, stored, url_name, fmt)
        assert response.status_code == 200, f"{url_name}.{fmt}"
        text = _docx_text(response.content) if fmt == "docx" else response.content.decode("utf-8")
        _assert_clean(text, f"{url_name}.{fmt}")
        if url_name == "export-compilation":
            assert "Proposed: x\ufffdy" in text and "Justification: x\ufffdy" in text
        else:
            assert "Paragraph: x\ufffdy" in text, f"{url_name}.{fmt}"  # the draft's own text
        if url_name == "export-redline":
            assert "Proposed: x\ufffdy" in text and "Comment: x\ufffdy" in text


def test_every_export_command_writes_its_file_and_exits_0(stored, tmp_path):
    for command, *args in COMMANDS:
        target = tmp_path / "out"
        args = [stored["revision"].name if arg == "REVISION" else arg for arg in args]
        call_command(command, *args, "-o", str(target), stderr=io.StringIO())  # a failure raises: exit status 1
        data = target.read_bytes()
        text = _docx_text(data) if data[:2] == b"PK" else data.decode("utf-8")
        _assert_clean(text, f"{command} {' '.join(args)}")
        if "--revision" in args:
            assert "Rev.1 Name: x\ufffdy" in text


def test_the_export_commands_exit_0_as_an_operator_runs_them(wgec_sqlite, tmp_path):
    # A row as an older version (or a script) may have left it, in the operator's own database file.
    with sqlite3.connect(wgec_sqlite) as database:
        database.execute("UPDATE amendments_paragraph SET text = text || ? WHERE id = (SELECT MIN(id) FROM amendments_paragraph)",
                         (" Stored\ufffe\x01 long ago.",))  # fmt: skip
    for command in (
        ["export_draft", "--format", "docx"],
        ["export_redline"],
        ["export_compilation", "--format", "docx"],
    ):
        target = tmp_path / f"{command[0]}.docx"
        result = manage(wgec_sqlite, *command, "-o", str(target))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert "Stored\ufffd\ufffd long ago." in _docx_text((tmp_path / "export_draft.docx").read_bytes())


# The writers themselves, on a Document holding every such character, lone surrogates included.


def _document() -> Document:
    bad = "".join(["\x00", *XML_CANNOT_HOLD, *REFUSED_TOO, *LONE_SURROGATES])
    comment = Comment(author=f"Author{bad}", text=f"Comment {bad}", replies=(Comment(author="B", text=f"Reply {bad}"),))
    change = TrackedChange(
        author=f"Delegation{bad}", segments=(("equal", f"Text {bad} "), ("insert", f"added{bad}")), comments=(comment,)
    )
    block = Block(
        kind="paragraph",
        number=f"1{bad}",
        text=f"Text {bad} ",
        footnotes=(Footnote(number="1", text=f"Note {bad}", after="Text"),),
        items=(Block(kind="item", text=f"Item {bad}"),),
        changes=(
            change,
            TrackedChange(author="Japan", segments=(("insert", "Elsewhere"),), kind="insert", number="1 bis"),
        ),
        comments=(comment,),
    )
    return Document(
        title=f"Title {bad}",
        subtitle=f"Sub {bad}",
        body=f"Body {bad}",
        revision=RevisionLabel(f"Rev.1{bad}", "2018-01-15"),
        sections=(Section(key="s", heading=f"Heading {bad}", blocks=(block,)),),
    )


@pytest.mark.parametrize(
    "write",
    [
        clean_draft.to_docx,
        clean_draft.to_html,
        clean_draft.to_txt,
        lambda document: word_redline.redline_docx(document, title_note="Note \ufffe\x00"),
        lambda document: clean_draft.to_docx(Document.from_json(document.to_json())),  # a revision's snapshot
    ],
    ids=["docx", "html", "txt", "redline", "snapshot"],
)
def test_the_writers_replace_what_no_document_can_hold(write):
    out = write(_document())
    text = _docx_text(out) if isinstance(out, bytes) else out
    text.encode("utf-8")  # no lone surrogate left: the response and the commands write UTF-8
    _assert_clean(text, "the export")
    assert "Heading \ufffd\ufffd" in text


def test_the_compilation_writers_replace_what_no_document_can_hold(wgec):
    data = compile_proposals(wgec)
    proposal = data["sections"][0]["paragraphs"][0]["amendments"][0]
    proposal["justification"] = "Why \ud800\x00\ufffe"
    proposal["segments"] = [*proposal["segments"], ["insert", " more \udfff\x01"]]
    for out in (compilation.to_docx(data), compilation.to_html(data)):
        text = _docx_text(out) if isinstance(out, bytes) else out
        text.encode("utf-8")
        _assert_clean(text, "the compilation")
        assert "Why \ufffd\ufffd\ufffd" in text
