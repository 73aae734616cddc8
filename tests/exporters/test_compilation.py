"""The compilation of proposals (the "rolling document"): its data, its .html and .docx, the command
(which writes PDF too; the PDF itself: tests/exporters/test_pdf.py).

The data (queries/compilation.py): the real draft with Nick Ashton-Hart's 13 amendments, a Russian amendment to
Recommendation 10 that Japan supports, and a Japanese draft that only Japan may see (in no compilation).
Expected orders and labels are written out here, not computed with the module's own helpers.
"""

import io
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx.enum.text import WD_UNDERLINE

from amendments import actions
from amendments.exporters import compilation
from amendments.models import Amendment, Participant, User
from amendments.queries.compilation import compile_proposals
from amendments.queries.editions import INTERNAL_MARK, Edition
from tests.helpers import paragraph, pdf_text, propose_change

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# Ashton-Hart's amended rows, in the order of the report (footnote 9 is Recommendation 8's, which has
# no amendment of its own), then the Russian amendment's paragraph, which he amends too.
ASHTONHART_LABELS = [
    "Introduction 15",
    "Recommendation 1, sub-item 3",
    "Recommendation 1, sub-item 4",
    "Recommendation 2",
    "Recommendation 3",
    "Recommendation 7",
    "Footnote 9 to Recommendation 8",
    "Recommendation 9",
    "Recommendation 10",
    "Recommendation 11",
    "Recommendation 12",
    "Recommendation 14",
    "Annex III – Institutional Framework, unnumbered paragraph",
]
HEADINGS = ["Introduction", "Recommendations", "Annex III – Institutional Framework"]
HOSTILE = "<script>alert(\"x\")</script> & <b>bold</b> 'quoted'"


@pytest.fixture
def russian(wgec, russia_delegate, japan_delegate):
    """Russia changes "taking into account" in Recommendation 10 to "considering"; Japan supports it."""
    target = paragraph("recommendations", "10")
    text = target.text.replace("taking into account", "considering")
    amendment = propose_change(russia_delegate, target, text, justification="Plainer words.")
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="support")
    return amendment


@pytest.fixture
def japanese_draft(wgec, japan_delegate):
    target = paragraph("recommendations", "3")
    return propose_change(japan_delegate, target, target.text + " Japanese draft words.", submit=False)


@pytest.fixture
def data(russian, japanese_draft):
    return compile_proposals(russian.paragraph.section.report)


def _amendments(result):
    return [a for s in result["sections"] for p in s["paragraphs"] for a in p["amendments"]]


def _labels(result):
    return [p["label"] for s in result["sections"] for p in s["paragraphs"]]


def _row(result, label):
    return next(p for s in result["sections"] for p in s["paragraphs"] if p["label"] == label)


# The data ----------------------------------------------------------------------------------------------


def test_sections_and_paragraphs_in_report_order_with_every_ashtonhart_amendment(data, wgec):
    assert [s["heading"] for s in data["sections"]] == HEADINGS
    assert [s["key"] for s in data["sections"]] == ["introduction", "recommendations", "annex-3"]
    assert _labels(data) == ASHTONHART_LABELS
    ashtonhart = Amendment.objects.filter(participant__name="Nick Ashton-Hart")
    assert ashtonhart.count() == 13
    for amendment in ashtonhart:
        rows = [p for s in data["sections"] for p in s["paragraphs"] if p["id"] == amendment.paragraph_id]
        assert len(rows) == 1, amendment
        assert amendment.pk in [a["id"] for a in rows[0]["amendments"]]
        assert rows[0]["text"] == amendment.paragraph.text  # the current text
    assert data["total"] == 14
    assert data["report"]["title"] == wgec.title and data["title"] == "Compilation of proposals"
    assert data["generated"] == timezone.localdate().isoformat()
    assert json.loads(json.dumps(data)) == data  # plain data


def test_table_of_contents_counts_per_section_and_paragraph(data):
    contents = data["contents"]
    assert [(c["heading"], c["count"]) for c in contents] == [
        ("Introduction", 1),
        ("Recommendations", 12),
        ("Annex III – Institutional Framework", 1),
    ]
    recommendations = {p["label"]: p["count"] for p in contents[1]["paragraphs"]}
    assert recommendations["Recommendation 10"] == 2 and recommendations["Recommendation 2"] == 1
    assert [p["label"] for c in contents for p in c["paragraphs"]] == ASHTONHART_LABELS
    assert [p["anchor"] for c in contents for p in c["paragraphs"]] == [
        p["anchor"] for s in data["sections"] for p in s["paragraphs"]
    ]


def test_the_russian_amendment_follows_ashtonharts_with_japans_support(data, russian):
    first, second = _row(data, "Recommendation 10")["amendments"]
    assert first["participant"] == "Nick Ashton-Hart" and first["stakeholder_group"] == "Technical community"
    assert second["id"] == russian.pk
    assert second["participant"] == "Russian Federation" and second["observer"] is False
    assert second["stakeholder_group"] == "Member State"
    assert (second["kind"], second["kind_label"], second["status_label"]) == ("modify", "Change", "Submitted")
    assert second["supported_by"] == ["Japan"] and second["opposed_by"] == []
    assert second["submitted"] == timezone.localtime(russian.submitted_at).date().isoformat()
    assert second["justification"] == "Plainer words." and second["version"] == 1
    assert second["redline"] == "current"
    assert [op for op, text in second["segments"] if op != "equal"] == ["delete", "insert"]
    deleted = "".join(text for op, text in second["segments"] if op == "delete")
    inserted = "".join(text for op, text in second["segments"] if op == "insert")
    assert (deleted.split(), inserted.split()) == (["taking", "into", "account"], ["considering"])


def test_no_draft_is_compiled_and_the_internal_edition_adds_only_the_secretariats(
    data, wgec, japanese_draft, secretariat_officer
):
    target = paragraph("recommendations", "4")
    held = actions.amendments.propose(
        user=secretariat_officer, participant=Participant.objects.get(name="Japan"), paragraph_id=target.pk,
        kind="modify", expected_paragraph_version=target.version, proposed_text=target.text + " Held words.",
    )  # fmt: skip
    circulated = compile_proposals(wgec)
    assert {japanese_draft.pk, held.pk}.isdisjoint(a["id"] for a in _amendments(circulated))
    assert (circulated["total"], circulated["edition"], circulated["mark"]) == (14, "circulated", "")
    internal = compile_proposals(wgec, edition=Edition.INTERNAL)
    drafts = [a for a in _amendments(internal) if a["status"] == "draft"]
    assert [(a["id"], a["submitted"]) for a in drafts] == [(held.pk, None)]  # not Japan's own draft
    assert (internal["total"], internal["edition"], internal["mark"]) == (15, "internal", INTERNAL_MARK)


def test_filters_by_participant_and_by_status(data, wgec, russian, secretariat_officer):
    only_russia = compile_proposals(wgec, participant="Russian Federation")
    assert [a["id"] for a in _amendments(only_russia)] == [russian.pk]
    assert only_russia["filters"]["participant"] == "Russian Federation"
    assert compile_proposals(wgec, participant=Participant.objects.get(name="Japan"))["sections"] == []
    assert compile_proposals(wgec, participant="Japan", edition=Edition.INTERNAL)["total"] == 0  # its own draft

    accepted = Amendment.objects.get(participant__name="Nick Ashton-Hart", paragraph=paragraph("recommendations", "2"))
    actions.decisions.decide([accepted.pk], decision="accept", user=secretariat_officer, note="Agreed in the room.")
    just_accepted = compile_proposals(wgec, statuses=["accepted", "accepted-modified"])
    assert [a["id"] for a in _amendments(just_accepted)] == [accepted.pk]
    assert _amendments(just_accepted)[0]["decision_note"] == "Agreed in the room."
    assert _amendments(just_accepted)[0]["status_label"] == "Accepted"
    submitted = compile_proposals(wgec, statuses=["submitted"])
    assert accepted.pk not in [a["id"] for a in _amendments(submitted)] and submitted["total"] == 13
    with pytest.raises(ValueError, match="Unknown status 'pending'"):
        compile_proposals(wgec, statuses=["pending"])


def test_a_paragraph_changed_since_shows_the_proposal_carried_over_or_its_original_redline(
    data, wgec, russian, secretariat_officer
):
    target = paragraph("recommendations", "10")
    # A change elsewhere in the paragraph: the Russian proposal carries over cleanly.
    new_text = target.text.replace("The development of", "Developing")
    actions.draft.edit_paragraph(target.pk, text=new_text, expected_version=target.version, user=secretariat_officer)
    row = _row(compile_proposals(wgec), "Recommendation 10")
    assert row["text"] == new_text
    carried = next(a for a in row["amendments"] if a["id"] == russian.pk)
    assert carried["redline"] == "rebased"
    assert "".join(t for op, t in carried["segments"] if op != "insert") == new_text
    assert "".join(t for op, t in carried["segments"] if op != "delete") == new_text.replace(
        "taking into account", "considering"
    )
    # Now the same words change: a conflict is shown against the text the proposal was written on.
    target.refresh_from_db()
    clash = new_text.replace("taking into account", "bearing in mind")
    actions.draft.edit_paragraph(target.pk, text=clash, expected_version=target.version, user=secretariat_officer)
    row = _row(compile_proposals(wgec), "Recommendation 10")
    conflicted = next(a for a in row["amendments"] if a["id"] == russian.pk)
    assert conflicted["redline"] == "conflict"
    assert conflicted["segments"] == russian.segments
    assert "earlier text (version 1)" in compilation.redline_note(conflicted)


def test_query_count_does_not_grow_with_the_number_of_amendments(data, wgec, japan_delegate, russia_delegate):
    def queries(**kwargs):
        with CaptureQueriesContext(connection) as captured:
            result = compile_proposals(wgec, **kwargs)
        return len(captured), result

    before, result = queries()
    before_internal, _ = queries(edition=Edition.INTERNAL)
    assert result["total"] == 14
    for number in ("1", "4", "5", "6", "13", "15", "16", "17", "18", "19"):
        target = paragraph("recommendations", number)
        added = propose_change(russia_delegate, target, target.text + " Added words.")
        actions.positions.set_position(added.pk, user=japan_delegate, stance="oppose")
    after, result = queries()
    after_internal, _ = queries(edition=Edition.INTERNAL)
    assert result["total"] == 24
    assert after == before <= 5
    assert after_internal == before_internal <= 5
    assert _row(result, "Recommendation 19")["amendments"][0]["opposed_by"] == ["Japan"]


# .html -------------------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Element ids, link targets, text, and the tags around the redline."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.tags, self.text = set(), [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self.links.append(attrs.get("href"))

    def handle_data(self, data):
        self.text.append(data)


def _page(text):
    page = _Page()
    page.feed(text)
    return page


def test_html_is_a_standalone_document_with_contents_links_headings_and_redlines(data, russian):
    text = compilation.to_html(data)
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    page = _page(text)
    assert page.links and all(link.startswith("#") and link[1:] in page.ids for link in page.links)
    assert len(page.links) == len(HEADINGS) + len(ASHTONHART_LABELS)
    assert f"a-{russian.pk}" in page.ids
    # Sections and paragraphs in order, after the contents.
    body = text[text.index("<main>") :]
    positions = [body.index(f"<h2>{heading}</h2>") for heading in HEADINGS]
    assert positions == sorted(positions)
    positions = [body.index(f"<h3>{label}</h3>") for label in ASHTONHART_LABELS]
    assert positions == sorted(positions)
    words = re.sub(r"\s+", " ", "".join(page.text))
    assert (
        "Proposed by Russian Federation (Member State) · Change · Submitted "
        f"{compilation.long_date(data['generated'])} · Japan supports" in words
    )
    assert "Proposed by Nick Ashton-Hart (Technical community)" in words
    assert "<del>taking into account</del><ins>considering</ins>" in text
    assert "Justification: Plainer words." in words
    # Deletions and insertions read without colour.
    assert re.search(r"del \{[^}]*line-through", text) and re.search(r"ins \{[^}]*underline double", text)


def test_html_escapes_hostile_text_everywhere(wgec, japan_delegate):
    hostile = Participant.objects.create(name=HOSTILE, stakeholder_group="civil-society", role="observer")
    user = User.objects.create_user("hostile", participant=hostile)
    target = paragraph("recommendations", "5")
    amendment = propose_change(user, target, target.text + " " + HOSTILE, justification=HOSTILE)
    actions.positions.set_position(amendment.pk, user=japan_delegate, stance="oppose")
    text = compilation.to_html(compile_proposals(wgec))
    assert "<script>" not in text and "<b>bold" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text
    page = _page(text)
    assert "script" not in page.tags and "b" not in page.tags
    words = "".join(page.text)
    assert f"Proposed by {HOSTILE} (Civil society, observer)" in words
    assert f"Justification: {HOSTILE}" in words and "Japan opposes" in words


# .docx -------------------------------------------------------------------------------------------------


def _docx(result):
    return docx.Document(io.BytesIO(compilation.to_docx(result)))


def _after(document, startswith):
    """The paragraph that follows the first one starting with `startswith`."""
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text.startswith(startswith))
    return paragraphs[index + 1]


def test_docx_has_the_title_block_contents_and_headings_in_order(data, wgec):
    document = _docx(data)
    texts = [p.text for p in document.paragraphs]
    today = timezone.localdate()
    assert texts[:2] == [f"{today.day} {today:%B %Y}", "Original: English"]  # the masthead, dated as compiled
    assert texts[2:6] == [wgec.body, wgec.title, wgec.subtitle, "Compilation of proposals"]
    assert "Contents" in texts
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == HEADINGS
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == ASHTONHART_LABELS
    contents = texts[texts.index("Contents") + 1 : texts.index(HEADINGS[0])]
    assert "Recommendations (12)" in contents and "Recommendation 10 (2)" in contents
    assert contents.index("Introduction (1)") < contents.index("Recommendations (12)")


def test_docx_proposals_have_participant_lines_and_struck_and_underlined_runs(data):
    document = _docx(data)
    heads = [p.text for p in document.paragraphs if p.text.startswith("Proposed by ")]
    assert len(heads) == 14
    assert (
        sum(h.startswith("Proposed by Nick Ashton-Hart (Technical community) · Change · Submitted ") for h in heads)
        == 13
    )
    russian = next(h for h in heads if h.startswith("Proposed by Russian Federation"))
    assert russian.endswith("· Japan supports")
    text = _after(document, "Proposed by Russian Federation")
    struck = [r.text for r in text.runs if r.font.strike]
    underlined = [r.text for r in text.runs if r.font.underline == WD_UNDERLINE.DOUBLE]
    assert "".join(struck).split() == ["taking", "into", "account"]
    assert "".join(underlined).split() == ["considering"]
    plain = [r for r in text.runs if not r.font.strike and r.font.underline is None]
    assert plain and not any(r.font.strike for r in plain)
    assert "".join(r.text for r in text.runs if not r.font.underline) == paragraph("recommendations", "10").text
    justification = next(p for p in document.paragraphs if p.text == "Justification: Plainer words.")
    assert all(r.italic for r in justification.runs)
    # Plain formatting: no tracked changes in this export.
    assert not document.element.body.xpath(".//w:ins | .//w:del")


def test_docx_keeps_hostile_text_as_text(wgec):
    hostile = Participant.objects.create(name=HOSTILE, stakeholder_group="civil-society")
    user = User.objects.create_user("hostile", participant=hostile)
    target = paragraph("recommendations", "5")
    propose_change(user, target, target.text + " " + HOSTILE)
    document = _docx(compile_proposals(wgec, participant=hostile))
    assert any(p.text.startswith(f"Proposed by {HOSTILE} (Civil society) · ") for p in document.paragraphs)
    text = _after(document, f"Proposed by {HOSTILE}")
    assert HOSTILE in "".join(r.text for r in text.runs if r.font.underline == WD_UNDERLINE.DOUBLE)


# The command -------------------------------------------------------------------------------------------


def _export(*args, **kwargs):
    call_command("export_compilation", *args, **kwargs)


def test_command_writes_html_and_docx_chosen_by_the_extension(data, tmp_path, japanese_draft):
    _export("-o", str(tmp_path / "compilation.html"))
    text = (tmp_path / "compilation.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Japan supports" in text
    assert "Japanese draft words" not in text
    _export("-o", str(tmp_path / "compilation.docx"))
    document = docx.Document(tmp_path / "compilation.docx")
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == ASHTONHART_LABELS
    _export("--format", "html", "-o", str(tmp_path / "forced.docx"))
    assert (tmp_path / "forced.docx").read_bytes().startswith(b"<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compilation.docx", "compilation.html", "forced.docx"]


def test_command_filters_and_writes_to_standard_output(data, russian, capsysbinary):
    out = io.StringIO()
    _export("--format", "html", "--participant", "russian federation", "-o", "-", stdout=out)
    assert "Proposed by <strong>Russian Federation</strong>" in out.getvalue()
    assert "Nick Ashton-Hart" not in out.getvalue() and "Proposals by Russian Federation" in out.getvalue()
    out = io.StringIO()
    _export("--format", "html", "--status", "accepted", "withdrawn", "-o", "-", stdout=out)
    assert "No proposal matches this compilation." in out.getvalue()
    _export("--format", "docx", "--status", "submitted", "--status", "noted", "-o", "-")
    document = docx.Document(io.BytesIO(capsysbinary.readouterr().out))
    assert sum(p.text.startswith("Proposed by ") for p in document.paragraphs) == 14


def test_command_writes_the_pdf_bytes_to_the_binary_stdout(data, russian, capsysbinary):
    _export("--format", "pdf", "--participant", "Russian Federation", "-o", "-")
    pdf = capsysbinary.readouterr().out
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    assert "Proposals by Russian Federation" in text and "Proposed by Russian Federation" in text
    assert "Nick Ashton-Hart" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "-", "--format", "rtf"], "Unknown format 'rtf': give --format html, pdf or docx."),
        (["-o", "-"], "Give --format html, pdf or docx when writing to standard output."),
        (
            ["-o", "out.rtf"],
            "Cannot tell the format from 'out.rtf': name a .html, .pdf or .docx file, or give --format.",
        ),
        (["--format", "html"], "-o FILE"),
        (["--format", "html", "-o", "-", "--participant", "Atlantis"], "no participant named 'Atlantis'"),
        (["--format", "html", "-o", "-", "--status", "pending"], "Cannot compile status 'pending' (unknown status)"),
        (["--format", "html", "-o", "-", "--status", "draft"], "drafts are only in the internal edition"),
        (["--format", "html", "-o", "-", "--report", "999"], "no report with id '999'"),
    ],
)
def test_command_refuses_bad_input_with_status_2(wgec, args, message):
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        _export(*args, stdout=io.StringIO())
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)


def test_command_reports_an_unwritable_path_and_leaves_nothing_behind(wgec, tmp_path):
    with pytest.raises(CommandError, match="Cannot write .*No such file or directory") as error:
        _export("-o", str(tmp_path / "missing" / "compilation.html"))
    assert error.value.returncode == 2
    (tmp_path / "folder.html").mkdir()
    with pytest.raises(CommandError, match="Cannot write") as error:
        _export("-o", str(tmp_path / "folder.html"))
    assert error.value.returncode == 2
    assert [p.name for p in tmp_path.iterdir()] == ["folder.html"]


def test_command_line_exit_status_2_one_line_and_an_export(tmp_path):
    # The suite's AXES_ENABLED=0 makes Django warn on standard error: run as a deployment would.
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "AXES_ENABLED"}}
    env.update(SECRET_KEY="test", STATIC_MANIFEST="0", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )

    assert manage("migrate", "-v0").returncode == 0
    result = manage("export_compilation", "-o", str(tmp_path / "c.html"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and "No report is loaded" in result.stderr
    assert manage("load_wgec").returncode == 0
    result = manage("export_compilation", "-o", "-", "--format", "html", "--participant", "Atlantis")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and "no participant named 'Atlantis'" in result.stderr
    assert "Traceback" not in result.stderr
    result = manage("export_compilation", "-o", str(tmp_path / "c.docx"))
    assert result.returncode == 0, result.stderr
    document = docx.Document(tmp_path / "c.docx")
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == HEADINGS
