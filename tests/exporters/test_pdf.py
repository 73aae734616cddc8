"""PDF exports: the clean draft, its revisions and the compilation of proposals, typeset by WeasyPrint
from the print HTML the app renders.

Each PDF is opened with pypdf and read as text: the title block, every paragraph, the running head
with the report's title, a page number at the foot of every page, and each footnote on the page of
its mark. What the app writes reads back as what it wrote: the clean PDF, uploaded as a member's
revised text, proposes no change.
"""

from __future__ import annotations

import datetime
import io
import re
import socket
from html import unescape
from urllib.parse import urlsplit

import pytest
import weasyprint
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from pypdf import PdfReader

from amendments import actions
from amendments.core.document import display_text, footnote_mark_positions
from amendments.exporters import clean_draft
from amendments.exporters.pdf import PRINT_CSS, _fetcher, _print_ready, html_to_pdf
from amendments.models import Amendment, Import, Participant, Report, User
from amendments.queries.snapshots import report_document
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

RUNNING_HEAD = "Draft report of the Working Group on Enhanced Cooperation"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _flat(text: str) -> str:
    """Text with every run of white space one space: lines wrap wherever the page ends them."""
    return " ".join(text.split())


def _printed(block) -> str:
    """A paragraph's text as the PDF prints it: each footnote mark a number after its word."""
    text, out, start = display_text(block), [], 0
    for at, note in footnote_mark_positions(block):
        out += [text[start:at], note.number]
        start = at
    return _flat("".join([*out, text[start:]]))


def _printed_opening(block, length: int = 80) -> re.Pattern[str]:
    """The opening words of a paragraph as the PDF prints them, as a pattern: the text extractor may
    read a space before a raised footnote mark. Only the opening, because a paragraph running over a
    page has that page's footnotes, foot and head inside it; the round trip below reads the whole."""
    text, out, at_start = display_text(block)[:length], [], 0
    for at, note in footnote_mark_positions(block):
        if at > len(text):
            break
        out += [text[at_start:at], f"\0{note.number}\0"]
        at_start = at
    pieces = _flat("".join([*out, text[at_start:]])).split("\0")
    # Odd pieces are the marks; a space may be read before each.
    return re.compile("".join(r"\s?" + re.escape(p) if n % 2 else re.escape(p) for n, p in enumerate(pieces)))


@pytest.fixture
def draft_pdf(wgec: Report, russia_delegate: User) -> bytes:
    response = _client(russia_delegate).get(reverse("export-current", args=[wgec.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="wgec-draft-current-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return response.content


def test_the_draft_pdf_holds_the_title_block_and_every_paragraph(wgec, draft_pdf):
    pages = _pages(draft_pdf)
    document = report_document(wgec)
    text = _flat("\n".join(pages))

    today = timezone.localdate()
    assert pages[0].startswith(f"{today.day} {today:%B %Y}\nOriginal: English\n{document.body}\n")  # the masthead first
    assert "DRAFT REPORT OF THE WORKING GROUP ON ENHANCED COOPERATION" in _flat(pages[0])
    for section in document.sections:
        assert section.heading in text
        for block in section.blocks:
            assert _printed_opening(block).search(text), (section.heading, block.printed_number)
            if block.printed_number:
                assert f"{block.printed_number} {_printed(block)[:20]}" in text


def test_every_page_has_its_number_at_the_foot_and_the_title_at_the_head_after_the_first(draft_pdf):
    pages = _pages(draft_pdf)

    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert page.rstrip().splitlines()[-1] == str(number), number
    assert RUNNING_HEAD not in pages[0]
    assert all(RUNNING_HEAD in page for page in pages[1:])


def test_each_footnote_stands_at_the_foot_of_the_page_of_its_mark(wgec, draft_pdf):
    pages = [_flat(page) for page in _pages(draft_pdf)]
    checked = 0
    for section in report_document(wgec).sections:
        for block in section.blocks:
            for at, note in footnote_mark_positions(block):
                marked = _flat(display_text(block)[:at])[-12:] + note.number  # the mark after its word
                on = [n for n, page in enumerate(pages) if marked in page]
                assert len(on) == 1, (note.number, on)
                assert f"{note.number} {_flat(note.text)[:40]}" in pages[on[0]], (note.number, on)
                checked += 1
    assert checked >= 5


def test_the_clean_pdf_read_back_as_a_revised_text_proposes_no_change(wgec, russia_delegate, draft_pdf):
    before = Amendment.objects.count()

    staged = actions.imports.stage(
        wgec, user=russia_delegate, kind=Import.Kind.REVISED_TEXT, data=draft_pdf, filename="draft.pdf",
        participant=russia_delegate.participant,
    )  # fmt: skip
    done = actions.imports.confirm(staged.pk, user=russia_delegate)

    assert done.result["amendments"] == []
    assert Amendment.objects.count() == before


def test_a_revision_downloads_as_pdf_under_its_name(wgec, secretariat_officer, russia_delegate):
    revision = actions.revisions.issue_revision(
        wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer
    )
    response = _client(russia_delegate).get(reverse("export-revision", args=[revision.pk, "pdf"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="wgec-draft-Rev.1-2018-01-15.pdf"'
    first = _flat(_pages(response.content)[0])
    assert "Rev.1" in first


DOWNLOADS = {"export-current", "export-revision", "export-compilation"}


def _downloads(html: str) -> dict[str, str]:
    """The page's links to the clean draft's, a revision's and the compilation's downloads, by URL: the format of each."""
    found = {}
    for href in re.findall(r'href="(/[^"]+)"', html):
        try:
            match = resolve(urlsplit(unescape(href)).path)
        except Resolver404:
            continue  # a static file
        if match.url_name in DOWNLOADS:
            found[unescape(href)] = match.kwargs["fmt"]
    return found


@pytest.mark.parametrize("who", ["secretariat_officer", "russia_delegate"])
def test_every_page_offering_a_docx_download_offers_the_pdf_beside_it(request, wgec, secretariat_officer, who):
    revision = actions.revisions.issue_revision(
        wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer
    )
    client = _client(request.getfixturevalue(who))
    pages = {
        "report": reverse("report", args=[wgec.pk]),
        "revisions": reverse("revisions", args=[wgec.pk]),
        "revision": revision.get_absolute_url(),
        "participant": reverse("participant", args=[Participant.objects.get(name="Russian Federation").pk]),
    }

    for page, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, page
        downloads = _downloads(response.content.decode())
        docx = [link for link, fmt in downloads.items() if fmt == "docx"]
        assert docx, page
        for link in docx:
            path, query = urlsplit(link).path, urlsplit(link).query
            pdf = path.removesuffix(".docx") + ".pdf" + (f"?{query}" if query else "")
            assert downloads.get(pdf) == "pdf", (page, link)
    internal = [link for link in _downloads(client.get(pages["report"]).content.decode()) if "edition=internal" in link]
    assert len(internal) == (3 if who == "secretariat_officer" else 0)  # the compilation as .html, .pdf and .docx


@pytest.mark.parametrize("name", ["export-current", "export-compilation"])
def test_an_unknown_format_is_not_found(wgec, russia_delegate, name):
    client = _client(russia_delegate)
    assert client.get(reverse(name, args=[wgec.pk, "ps"])).status_code == 404
    assert client.get(reverse(name, args=[wgec.pk, "PDF"])).status_code == 404


def test_the_compilation_pdf_holds_each_proposal_with_its_redline(wgec, japan_delegate, russia_delegate):
    target = paragraph("recommendations", "6")
    propose_change(japan_delegate, target, target.text.replace("should", "shall", 1) + " Newlyaddedword.")

    response = _client(russia_delegate).get(reverse("export-compilation", args=[wgec.pk, "pdf"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="wgec-draft-current-{timezone.localdate():%Y-%m-%d}-compilation.pdf"'
    )
    pages = _pages(response.content)
    assert "Compilation of proposals" in _flat(pages[0])
    text = _flat("\n".join(pages))
    assert "Proposed by Japan" in text
    assert "Newlyaddedword." in text
    for number, page in enumerate(pages, start=1):
        assert page.rstrip().splitlines()[-1] == str(number)


def _decorations(html: str) -> dict[str, set[str]]:
    """The text decoration WeasyPrint lays out for each <ins> and <del> of the page, by tag."""
    document = weasyprint.HTML(string=_print_ready(html)).render(stylesheets=[weasyprint.CSS(string=PRINT_CSS)])
    found: dict[str, set[str]] = {}

    def walk(box):
        if getattr(box, "element_tag", None) in ("ins", "del"):
            found.setdefault(box.element_tag, set()).update(box.style["text_decoration_line"] or ())
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return found


def test_insertions_are_underlined_and_deletions_struck_through_without_colour(wgec, japan_delegate):
    from amendments.exporters import compilation
    from amendments.queries.compilation import compile_proposals

    target = paragraph("recommendations", "6")
    propose_change(japan_delegate, target, target.text.replace("should", "shall", 1))

    decorations = _decorations(compilation.to_html(compile_proposals(wgec)))

    assert "underline" in decorations["ins"]
    assert "line-through" in decorations["del"]
    assert re.search(r"del \{[^}]*color: inherit", PRINT_CSS) and re.search(r"ins \{[^}]*color: inherit", PRINT_CSS)


def test_the_pdf_fetches_nothing_from_the_network(monkeypatch):
    connections = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connections.append(address))
    page = (
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://example.org/style.css"></head>'
        '<body><p>Text</p><img src="http://example.org/logo.png"><img src="file:///etc/hostname"></body></html>'
    )

    pdf = html_to_pdf(page, base_url="https://example.org/")

    assert pdf.startswith(b"%PDF-")
    assert "Text" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert connections == []
    for url in ("http://example.org/x.png", "https://example.org/x.css", "file:///etc/hostname"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            _fetcher().fetch(url)


def test_a_slash_between_words_never_ends_a_line_but_a_url_may_break():
    html = _print_ready("<!DOCTYPE html><html><body><p>the new/revised text, http://unctad.org/a/b/c</p></body></html>")

    assert "new/\u2060revised" in html
    assert "http://unctad.org/a/b/c" in html


def test_export_draft_writes_a_pdf(wgec, tmp_path):
    out = tmp_path / "draft.pdf"

    call_command("export_draft", "--format", "pdf", "-o", str(out))

    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    today = timezone.localdate()
    assert pages[0].startswith(f"{today.day} {today:%B %Y}\nOriginal: English\nWorking Group on Enhanced Cooperation")
    assert clean_draft.to_pdf(report_document(wgec))[:5] == b"%PDF-"


def test_export_compilation_takes_the_pdf_format_from_the_file_name(wgec, tmp_path):
    out = tmp_path / "compilation.pdf"

    call_command("export_compilation", "-o", str(out))

    assert "Compilation of proposals" in PdfReader(str(out)).pages[0].extract_text()


def test_pages_after_the_first_are_headed_by_the_symbol(wgec, russia_delegate):
    wgec.symbol = "E/CN.16/2018/CRP.3"
    wgec.save()
    response = _client(russia_delegate).get(reverse("export-current", args=[wgec.pk, "pdf"]))
    pages = _pages(response.content)

    assert len(pages) > 2
    assert all("E/CN.16/2018/CRP.3" in page for page in pages[1:])
    # On the first page once, in its masthead, with the date of the text.
    today = timezone.localdate()
    assert _flat(pages[0]).startswith(f"E/CN.16/2018/CRP.3 {today.day} {today:%B %Y} Original: English")
    assert _flat(pages[0]).count("E/CN.16/2018/CRP.3") == 1
