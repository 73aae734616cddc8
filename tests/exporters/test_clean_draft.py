"""Exports of the clean consolidated draft (.docx, .html, .md, .txt) and the export_draft command,
which writes PDF too (the PDF itself: tests/exporters/test_pdf.py).

The tests change the draft as a revision stores it (the JSON snapshot) and export what
`Document.from_json` reads of it, as a revision is exported. Expected texts are computed here from the
snapshot by hand (anchor found with str.find), not with the exporters' own helpers, so a wrong mark
position or a lost bracket shows as a failure.
"""

import copy
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from amendments.core.document import Block, Document, Footnote, RevisionLabel, Section
from amendments.exporters import clean_draft
from amendments.models import Report, Revision
from amendments.queries.snapshots import report_document, report_snapshot
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REV1 = {"name": "Rev.1", "date": "2018-01-15"}


@pytest.fixture
def snapshot(wgec):
    return report_snapshot(wgec)


def _rows(snapshot):
    """(section, paragraph) for every top-level paragraph, in order."""
    return [(s, p) for s in snapshot["sections"] for p in s["paragraphs"]]


def _find(snapshot, section_key, number):
    return next(p for s, p in _rows(snapshot) if s["key"] == section_key and p["number"] == number)


def _all_notes(snapshot):
    notes = []
    for _, paragraph in _rows(snapshot):
        for row in [paragraph, *paragraph["items"]]:
            notes += sorted(row["footnotes"], key=lambda n: row["text"].find(n["after"]))
    return notes


def _bracketed(row):
    """The whole text in brackets, as the secretariat's bracket action writes it (the status is a label)."""
    row["text"], row["status"] = f"[{row['text']}]", "bracketed"
    return row


def _with_marks(row):
    """The printed text with "[n]" after each anchor, as the .txt shows it."""
    text = row["text"]
    for note in sorted(row["footnotes"], key=lambda n: row["text"].find(n["after"]), reverse=True):
        at = row["text"].find(note["after"]) + len(note["after"])
        text = f"{text[:at]}[{note['number']}]{text[at:]}"
    return text


def _docx(snapshot):
    data = clean_draft.to_docx(Document.from_json(snapshot))
    return data, docx.Document(io.BytesIO(data))


# .docx -------------------------------------------------------------------------------------------------


def test_docx_paragraphs_are_the_snapshot_in_order_with_numbers_headings_and_list_styles(snapshot):
    _, document = _docx(snapshot)
    expected = []
    for section in snapshot["sections"]:
        expected.append(("Heading 1", section["heading"]))
        if not section["paragraphs"]:
            expected.append(("Normal", clean_draft.EMPTY_SECTION))
        for p in section["paragraphs"]:
            number = f"{p['number']}.\t" if p["number"] else ""
            expected.append(("Numbered Paragraph" if number else "Normal", number + p["text"]))
            expected += [("Quote" if i["kind"] == "quote" else "List Bullet", i["text"]) for i in p["items"]]
    body = [(p.style.name, p.text) for p in document.paragraphs]
    start = next(i for i, row in enumerate(body) if row[0] == "Heading 1")
    assert body[start:] == expected
    assert ("Numbered Paragraph", "15.\t" + _find(snapshot, "introduction", "15")["text"]) in body
    assert sum(1 for style, _ in body if style == "List Bullet") >= 10
    assert sum(1 for style, _ in body if style == "Quote") == 3


def test_docx_numbers_come_from_the_snapshot_not_from_word(snapshot):
    paragraph = _find(snapshot, "introduction", "2")
    paragraph["number"] = "2 bis"
    _, document = _docx(snapshot)
    texts = [p.text for p in document.paragraphs]
    assert "2 bis.\t" + paragraph["text"] in texts
    numbered = [p for p in document.paragraphs if p.style.name == "Numbered Paragraph"]
    assert all(p._p.pPr is None or p._p.pPr.numPr is None for p in numbered)  # no automatic numbering


IDENTITY = {"symbol": "E/CN.16/2018/CRP.3", "distribution": "Limited", "language": "English", "date": "2018-01-15"}


def test_docx_masthead_names_the_symbol_with_the_revision_distribution_date_and_language(snapshot):
    _, document = _docx({**snapshot, "identity": IDENTITY, "revision": REV1})
    masthead = document.paragraphs[:4]
    assert [p.text for p in masthead] == [
        "E/CN.16/2018/CRP.3/Rev.1",
        "Distr.: Limited",
        "15 January 2018",
        "Original: English",
    ]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in masthead)
    assert document.paragraphs[4].text == "Working Group on Enhanced Cooperation"


def test_docx_title_block_and_revision_line(snapshot):
    snapshot.pop("identity", None)
    _, document = _docx(snapshot)
    head = [p.text for p in document.paragraphs[:4]]
    assert head[:3] == [
        "Working Group on Enhanced Cooperation",
        "Draft report of the Working Group on Enhanced Cooperation",
        "Chair's initial proposal of 11 November 2017",
    ]
    assert "Rev.1" not in " ".join(head)
    _, revised = _docx({**snapshot, "revision": REV1})
    assert revised.paragraphs[3].text == "Rev.1, 15 January 2018"
    properties = revised.core_properties
    assert (properties.title, properties.author) == (snapshot["report"]["title"], snapshot["report"]["body"])
    assert properties.subject == "Chair's initial proposal of 11 November 2017, Rev.1, 15 January 2018"
    assert "python-docx" not in (properties.comments + properties.author)


def test_docx_looks_like_a_un_document(snapshot):
    _, document = _docx(snapshot)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == docx.shared.Pt(12)
    assert normal.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(document.sections[0].page_width.cm, 1) == 21.0


def test_docx_footnotes_are_real_word_footnotes_at_their_anchors(snapshot):
    data, _ = _docx(snapshot)
    package = zipfile.ZipFile(io.BytesIO(data))
    content_types = package.read("[Content_Types].xml").decode()
    assert (
        'PartName="/word/footnotes.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"'
    ) in content_types
    rels = package.read("word/_rels/document.xml.rels").decode()
    assert 'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"' in rels
    assert 'Target="footnotes.xml"' in rels

    footnotes = etree.fromstring(package.read("word/footnotes.xml"))
    by_id = {n.get(f"{W}id"): n for n in footnotes.iter(f"{W}footnote")}
    assert by_id["-1"].get(f"{W}type") == "separator"
    assert by_id["0"].get(f"{W}type") == "continuationSeparator"
    notes = _all_notes(snapshot)
    assert [n["number"] for n in notes] == [str(n) for n in range(1, 10)]
    for n, note in enumerate(notes, 1):
        body = by_id[str(n)]
        assert "".join(body.itertext()).strip() == note["text"]
        assert len(body.findall(f".//{W}footnoteRef")) == 1  # Word prints the number, 1 … 9 in order

    # In the document: nine references, ids 1 … 9 in order, each run right after its anchor text.
    document = etree.fromstring(package.read("word/document.xml"))
    found = []
    for paragraph in document.iter(f"{W}p"):
        text = ""
        for run in paragraph.iter(f"{W}r"):
            reference = run.find(f"{W}footnoteReference")
            if reference is not None:
                assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
                found.append((reference.get(f"{W}id"), text))
            text += "".join(t.text for t in run.iter(f"{W}t"))
    assert [ref for ref, _ in found] == [str(n) for n in range(1, 10)]
    for (_, before), note in zip(found, notes, strict=True):
        assert before.endswith(note["after"]), (before[-40:], note["after"])
    styles = etree.fromstring(package.read("word/styles.xml"))
    reference_style = styles.find(f"{W}style[@{W}styleId='FootnoteReference']")
    assert reference_style.find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "superscript"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_nine_footnotes_as_footnotes(snapshot, tmp_path):
    source = tmp_path / "draft.docx"
    source.write_bytes(clean_draft.to_docx(Document.from_json(snapshot)))
    subprocess.run(
        [
            shutil.which("soffice"),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # never the user's own profile
            "--headless",
            "--convert-to",
            "fodt",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    document = etree.parse(str(tmp_path / "draft.fodt"))
    notes = document.findall(f".//{text}note")
    assert [n.get(f"{text}note-class") for n in notes] == ["footnote"] * 9
    assert [n.findtext(f"{text}note-citation") for n in notes] == [str(n) for n in range(1, 10)]
    bodies = ["".join(n.find(f"{text}note-body").itertext()).strip() for n in notes]
    assert bodies == [note["text"] for note in _all_notes(snapshot)]


def test_docx_keeps_footnote_numbers_that_word_would_not_give(snapshot):
    note = _find(snapshot, "recommendations", "8")["footnotes"][0]
    note["number"] = "12"  # e.g. footnotes deleted before it: Word must not renumber it 9
    data, _ = _docx(snapshot)
    package = zipfile.ZipFile(io.BytesIO(data))
    document = package.read("word/document.xml").decode()
    assert document.count('w:customMarkFollows="1"') == 9
    assert re.search(r'<w:footnoteReference w:id="9" w:customMarkFollows="1"/><w:t>12</w:t>', document)
    footnotes = etree.fromstring(package.read("word/footnotes.xml"))
    last = footnotes.findall(f"{W}footnote")[-1]
    assert "".join(last.itertext()) == "12 " + note["text"]


def test_docx_bracketed_paragraph_is_in_square_brackets_with_its_mark_inside(snapshot):
    paragraph = _bracketed(_find(snapshot, "recommendations", "8"))
    data, document = _docx(snapshot)
    text = next(p.text for p in document.paragraphs if p.text.startswith("8.\t[In order to promote"))
    assert text == f"8.\t{paragraph['text']}"
    other = next(p.text for p in document.paragraphs if p.text.startswith("9.\tInstitutions and processes"))
    assert "[" not in other
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert re.search(r"marginalized groups</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"", xml)


# .html -------------------------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.scripts = set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.scripts += tag == "script"
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if attrs.get("href", "").startswith("#"):
            self.hrefs.append(attrs["href"][1:])


def test_html_escapes_every_text(snapshot):
    _find(snapshot, "introduction", "15")["text"] = 'See <script>alert("x")</script> & <b>this</b>.'
    snapshot["report"]["title"] = "Draft <i>report</i>"
    snapshot["sections"][0]["heading"] = "Summary </h2><script>"
    page = clean_draft.to_html(Document.from_json(snapshot))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;this&lt;/b&gt;." in page
    assert "Draft &lt;i&gt;report&lt;/i&gt;" in page
    links = _Links()
    links.feed(page)
    assert links.scripts == 0
    assert "<b>" not in page and "<i>" not in page


def test_html_is_a_print_ready_document_with_numbers_and_linked_footnotes(snapshot):
    snapshot["revision"] = REV1
    _bracketed(_find(snapshot, "introduction", "3"))
    page = clean_draft.to_html(Document.from_json(snapshot))
    assert page.startswith("<!DOCTYPE html>")
    assert "@page" in page and "serif" in page
    assert '<p class="doc-head__revision">Rev.1, 15 January 2018</p>' in page
    assert '<span class="para__number">15.</span>It should be further noted' in page
    assert '<span class="para__number">3.</span>[The group held five meetings' in page
    assert "live captioning were made available.<sup" in page  # mark after the anchor, inside the brackets
    links = _Links()
    links.feed(page)
    assert page.count('class="fn-mark"') == 9
    assert page.count('class="note"') == 9
    assert set(links.hrefs) <= links.ids  # every mark leads to its note and back
    assert len(links.hrefs) == 18
    # Each note sits at the end of its own section: footnote 9 after the last recommendation.
    recommendations = page[page.index('<section id="s-recommendations">') : page.index('<section id="s-annex-1">')]
    assert "Marginalized groups may include" in recommendations
    assert recommendations.index("Marginalized groups") > recommendations.rindex('class="para')


# .txt --------------------------------------------------------------------------------------------------


def test_txt_is_wrapped_at_80_columns_with_hanging_numbers(snapshot):
    text = clean_draft.to_txt(Document.from_json(snapshot))
    lines = text.splitlines()
    for line in lines:
        if len(line) > 80:  # only a word longer than a line (a URL) may run past it, kept whole
            words = line.split()
            assert len(words) <= 2 and len(words[-1]) > 60, line
    start = lines.index(next(line for line in lines if line.startswith("15. It should be further noted")))
    block = lines[start : lines.index("", start)]
    assert len(block) > 3 and all(line.startswith("    ") and line[4] != " " for line in block[1:])
    assert " ".join(line.strip() for line in block)[4:] == _find(snapshot, "introduction", "15")["text"]


def test_txt_holds_every_paragraph_in_order_with_items_and_footnotes(snapshot):
    snapshot["revision"] = REV1
    snapshot.pop("identity", None)
    _bracketed(_find(snapshot, "recommendations", "8"))
    text = clean_draft.to_txt(Document.from_json(snapshot))
    assert "Rev.1, 15 January 2018" in text.splitlines()[3]
    flat = re.sub(r"\s+", " ", text)
    at = 0
    for _, paragraph in _rows(snapshot):
        prefix = f"{paragraph['number']}. " if paragraph["number"] else ""
        at = flat.index(prefix + re.sub(r"\s+", " ", _with_marks(paragraph)), at)
    assert "[groups[9] and unaffiliated users.]" not in flat
    assert "marginalized groups[9] and unaffiliated users.]" in flat
    assert "\n  • Transparency:\n" in text
    # Footnote 9 is listed under paragraph 8, before paragraph 9.
    assert re.search(r"\n8\. \[In order.*?\n\n   \[9\] Marginalized groups.*?\n\n9\. Institutions", text, re.S)


def test_txt_is_utf8_text_with_a_final_newline(snapshot):
    text = clean_draft.to_txt(Document.from_json(snapshot))
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "Option 1 – Establishment" in text  # the en dash survives
    text.encode("utf-8")


def test_txt_and_md_print_the_masthead_first(snapshot):
    document = Document.from_json({**snapshot, "identity": IDENTITY})
    masthead = ["E/CN.16/2018/CRP.3", "Distr.: Limited", "15 January 2018", "Original: English"]
    txt = clean_draft.to_txt(document).splitlines()
    assert [line.strip() for line in txt[:4]] == masthead and all(len(line) == 80 for line in txt[:4])
    md = clean_draft.to_md(document).split("\n")
    assert md[:8:2] == masthead


def test_md_has_headings_escaped_numbers_items_quotes_and_markdown_footnotes(snapshot):
    snapshot["revision"] = REV1
    snapshot.pop("identity", None)
    _bracketed(_find(snapshot, "recommendations", "8"))
    text = clean_draft.to_md(Document.from_json(snapshot))
    report = snapshot["report"]
    head = [report["body"], f"# {report['title']}", report["subtitle"], "Rev.1, 15 January 2018"]
    assert text.split("\n")[:7] == [head[0], "", head[1], "", head[2], "", head[3]]
    assert "\n## Recommendations\n" in text
    # "15\." is no list item a Markdown renderer would renumber; the quoted "64." is escaped too.
    assert f"\n15\\. {_find(snapshot, 'introduction', '15')['text']}\n" in text
    assert "\n> 64\\. We acknowledge" in text
    assert "\n\n- Transparency:\n\n" in text
    assert "marginalized groups[^9] and unaffiliated users.\\]" in text  # the bracket is text, the mark is not
    # Footnote 9 is defined under paragraph 8, before paragraph 9; a URL's underscores are escaped.
    assert re.search(r"\n8\\. \\\[In order[^\n]*\n\n\[\^9\]: Marginalized groups[^\n]*\n\n9\\. Institutions", text)
    assert "[^3]: http://unctad.org/meetings/en/SessionalDocuments/WGEC\\_2016\\_meeting1" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_md_escapes_what_markdown_would_read_as_markup():
    block = Block(kind="paragraph", text="- a *b* _c_ [d](e) <i>f</i> & ~~g~~ `h` \\ i", number="")
    document = Document(title="T", sections=(Section(key="s", heading="#1", blocks=(block,)),))
    text = clean_draft.to_md(document)
    assert "\n## \\#1\n" in text
    assert "\n\\- a \\*b\\* \\_c\\_ \\[d\\](e) &lt;i&gt;f&lt;/i&gt; &amp; \\~\\~g\\~\\~ \\`h\\` \\\\ i\n" in text


# Pure functions on a small handmade snapshot --------------------------------------------------------------


def test_exports_need_nothing_but_the_document():
    document = Document(
        id=9,
        title="T",
        body="B",
        revision=RevisionLabel("Rev.2", "2018-02-01"),
        sections=(
            Section(
                key="s",
                heading="S",
                blocks=(
                    Block(
                        id=1,
                        kind="paragraph",
                        number="2 bis",
                        text="First line\nsecond line",
                        items=(
                            Block(
                                id=2, kind="item", text="an item", footnotes=(Footnote("1", "Note.", after="an", id=3),)
                            ),
                        ),
                    ),
                ),
            ),
            Section(key="e", heading="Empty"),
        ),
    )
    original = copy.deepcopy(document)
    text = clean_draft.to_txt(document)
    assert "2 bis. First line\n       second line\n  • an[1] item\n\n       [1] Note.\n" in text
    assert "Rev.2, 1 February 2018" in text
    assert clean_draft.EMPTY_SECTION in text
    page = clean_draft.to_html(document)
    assert "First line<br>second line" in page
    assert '<ul class="items"><li>an<sup class="fn-mark"><a href="#fn-1" id="fnref-1"' in page
    assert '<p class="note" id="fn-1"><span class="note__number"><a href="#fnref-1">1</a></span>Note.</p>' in page
    word = docx.Document(io.BytesIO(clean_draft.to_docx(document)))
    assert [p.text for p in word.paragraphs if p.text.startswith("2 bis")] == ["2 bis.\tFirst line\nsecond line"]
    markdown = clean_draft.to_md(document)
    assert "\n2 bis. First line second line\n\n- an[^1] item\n\n[^1]: Note.\n" in markdown
    assert "Rev.2, 1 February 2018" in markdown and f"*{clean_draft.EMPTY_SECTION}*" in markdown
    assert document == original  # the exporters never change their input


# The command ---------------------------------------------------------------------------------------------


def _export(*args, **kwargs):
    call_command("export_draft", *args, **kwargs)


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf", "md", "txt"])
def test_command_writes_each_format_to_a_file(wgec, tmp_path, fmt):
    target = tmp_path / f"draft.{fmt}"
    _export("--format", fmt, "-o", str(target))
    data = target.read_bytes()
    if fmt == "docx":
        assert any(p.text == "Recommendations" for p in docx.Document(io.BytesIO(data)).paragraphs)
    elif fmt == "pdf":
        assert "Recommendations" in pdf_text(data)
    else:
        assert data.decode("utf-8") == getattr(clean_draft, f"to_{fmt}")(report_document(wgec))
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    assert target.stat().st_mode & 0o777 != 0o600  # not the temporary file's private mode


def test_command_writes_text_to_standard_output(wgec):
    out = io.StringIO()
    _export("--format", "txt", "-o", "-", stdout=out)
    assert out.getvalue() == clean_draft.to_txt(report_document(wgec))


def test_command_writes_utf8_bytes_through_the_real_stdout(wgec, capsysbinary):
    _export("--format", "txt", "-o", "-")
    assert capsysbinary.readouterr().out == clean_draft.to_txt(report_document(wgec)).encode("utf-8")
    _export("--format", "docx", "-o", "-")
    data = capsysbinary.readouterr().out
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    assert any(p.text == "Introduction" for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_command_writes_the_pdf_bytes_to_the_binary_stdout(wgec, capsysbinary):
    _export("--format", "pdf", "-o", "-")
    data = capsysbinary.readouterr().out
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data)
    assert "Recommendations" in text and "submitted to the twenty-first session of the Commission on Science" in text


def test_command_exports_the_snapshot_stored_on_a_revision(wgec):
    stored = report_snapshot(wgec)
    _find(stored, "introduction", "15")["text"] = "The text as it stood in Rev.1."
    Revision.objects.create(report=wgec, name="Rev.1", date=date(2018, 1, 15), snapshot=stored)
    revised, current = io.StringIO(), io.StringIO()
    _export("--format", "txt", "--revision", "Rev.1", "--report", str(wgec.pk), "-o", "-", stdout=revised)
    _export("--format", "txt", "-o", "-", stdout=current)
    assert "15. The text as it stood in Rev.1." in revised.getvalue()
    assert "Rev.1, 15 January 2018" in revised.getvalue()
    assert "The text as it stood in Rev.1." not in current.getvalue()
    assert "Rev.1" not in current.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "txt", "--revision", "Rev.9", "-o", "-"], "has no revision named 'Rev.9'"),
        (["--format", "rtf", "-o", "-"], "Unknown format 'rtf': give --format docx, html, pdf, md or txt."),
        (["--format", "txt"], "-o FILE"),
        (["-o", "-"], "No format given: give --format docx, html, pdf, md or txt."),
        (["--format", "txt", "--report", "999", "-o", "-"], "no report with id '999'"),
        (["--format", "txt", "--report", "x", "-o", "-"], "no report with id 'x'"),
    ],
)
def test_command_refuses_bad_input_with_status_2(wgec, args, message):
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        _export(*args, stdout=io.StringIO())
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)


def test_command_without_a_report_says_so(db):
    assert not Report.objects.exists()
    with pytest.raises(CommandError, match="No report is loaded") as error:
        _export("--format", "txt", "-o", "-", stdout=io.StringIO())
    assert error.value.returncode == 2


def test_command_reports_an_unwritable_path_and_creates_nothing(wgec, tmp_path):
    with pytest.raises(CommandError, match="Cannot write .*No such file or directory") as error:
        _export("--format", "txt", "-o", str(tmp_path / "missing" / "draft.txt"))
    assert error.value.returncode == 2
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(CommandError, match="Cannot write"):
        _export("--format", "txt", "-o", str(tmp_path))  # a directory


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(wgec, tmp_path, monkeypatch):
    target = tmp_path / "draft.docx"
    target.write_bytes(b"the previous export")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(CommandError, match="No space left on device"):
        _export("--format", "docx", "-o", str(target))
    assert target.read_bytes() == b"the previous export"
    assert list(tmp_path.iterdir()) == [target]


def test_command_line_exit_status_2_and_one_line_on_stderr(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(SECRET_KEY="test", STATIC_MANIFEST="0", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )

    assert manage("migrate", "-v0").returncode == 0
    for args, message in [
        (["--format", "txt", "-o", "-"], "No report is loaded"),
        (["--format", "rtf", "-o", "-"], "Unknown format 'rtf'"),
    ]:
        result = manage("export_draft", *args)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_command_line_writes_the_pdf_and_nothing_else_to_standard_output(wgec_sqlite):
    # As an operator pipes it (`export_draft --format pdf -o - > draft.pdf`): the bytes on the binary
    # stream, no text-stream encoding of them and no progress line before or after.
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "AXES_ENABLED"}}
    env.update(SECRET_KEY="test", STATIC_MANIFEST="0", HTTPS="0", DATABASE_URL=f"sqlite:///{wgec_sqlite}")

    result = subprocess.run(
        [sys.executable, "manage.py", "export_draft", "--format", "pdf", "-o", "-"],
        cwd=ROOT, env=env, capture_output=True, timeout=300,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout.startswith(b"%PDF-") and result.stdout.rstrip().endswith(b"%%EOF")
    assert "submitted to the twenty-first session of the Commission on Science" in pdf_text(result.stdout)
