"""Circulated files hold only what every member may see, whoever downloads them.

Russia keeps an unsubmitted draft with a proposed text, a justification and a note of its own, and a
draft comment; the secretariat holds a draft it imported for Japan, with a draft comment. Every
export (the clean draft in every format, the Word redline, the compilation in .html, .pdf and .docx, a
revision's exports) is downloaded by the secretariat and by delegates: no word of either draft is
in the circulated edition. The secretariat's internal edition holds the drafts it holds, and only
those, and says so on its first page and in its file name; nobody else may download it.
"""

import datetime
import io
import zipfile

import docx
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from amendments import actions
from amendments.models import Amendment, Participant, Revision
from amendments.queries.editions import INTERNAL_MARK
from tests.helpers import paragraph, propose_change

pytestmark = pytest.mark.django_db

# Russia's draft: its proposed text, its justification, its note on the draft, its draft comment, and
# a draft it withdrew without ever submitting it.
RUSSIAN_WORDS = ("Zhuravlinaya", "Ostorozhnost", "Primechanie", "Chernovik", "Otozvannyi")
# The draft the secretariat imported for Japan, and the draft comment it imported with it (the
# compilation holds no comments: the comment's word is looked for in the redline).
HELD_WORDS = ("Sakurazaki", "Kometomodoki")


def _held_words(url):
    return HELD_WORDS if "redline" in url else HELD_WORDS[:1]


FORMATS = ("docx", "html", "pdf", "md", "txt")
COMPILATION_FORMATS = ("html", "pdf", "docx")
WORD_PARTS = ("word/document.xml", "word/comments.xml", "word/footnotes.xml")


@pytest.fixture
def drafts(wgec, russia_delegate, secretariat_officer):
    rec_6, rec_9 = paragraph("recommendations", "6"), paragraph("recommendations", "9")
    own = propose_change(
        russia_delegate, rec_6, f"{rec_6.text} {RUSSIAN_WORDS[0]} text.", submit=False,
        justification=f"{RUSSIAN_WORDS[1]} is needed.",
    )  # fmt: skip
    actions.comments.comment(user=russia_delegate, text=f"{RUSSIAN_WORDS[2]} to ourselves.", amendment=own)
    actions.comments.comment(user=russia_delegate, text=f"{RUSSIAN_WORDS[3]} remark.", paragraph=rec_9, draft=True)
    rec_7 = paragraph("recommendations", "7")
    withdrawn = propose_change(russia_delegate, rec_7, f"{rec_7.text} {RUSSIAN_WORDS[4]} text.", submit=False)
    actions.amendments.withdraw(withdrawn.pk, user=russia_delegate, expected_version=1)
    japan = Participant.objects.get(name="Japan")
    held = actions.amendments.propose(
        user=secretariat_officer, participant=japan, paragraph_id=rec_9.pk, kind="modify",
        expected_paragraph_version=rec_9.version, proposed_text=f"{rec_9.text} {HELD_WORDS[0]} text.",
    )  # fmt: skip
    actions.comments.comment(
        user=secretariat_officer, participant=japan, text=f"{HELD_WORDS[1]} remark.", amendment=held, draft=True
    )
    # Something decided, so that the revision differs from the Chair's text.
    accepted = Amendment.objects.filter(participant__name="Nick Ashton-Hart", paragraph__number="2").first()
    actions.decisions.decide([accepted.pk], decision="accept", user=secretariat_officer)
    actions.revisions.issue_revision(wgec.pk, name="Rev.1", date=datetime.date(2018, 1, 15), user=secretariat_officer)
    return own, held


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _words_of(content, url):
    """The text a file holds: a .docx's document, comments and footnotes, a PDF's text, or the text itself."""
    if content.startswith(b"%PDF-"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if not content.startswith(b"PK"):
        return content.decode()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert "word/document.xml" in names, url
        return "".join(archive.read(name).decode() for name in WORD_PARTS if name in names)


def _circulated_urls(report):
    revision = Revision.objects.get(report=report, name="Rev.1")
    yield from (reverse("export-current", args=[report.pk, fmt]) for fmt in FORMATS)
    yield from (reverse("export-revision", args=[revision.pk, fmt]) for fmt in FORMATS)
    yield from (reverse("export-redline", args=[report.pk]) + f"?status={status}" for status in ("pending", "accepted"))
    yield from (reverse("export-compilation", args=[report.pk, fmt]) for fmt in COMPILATION_FORMATS)


@pytest.mark.parametrize("who", ["secretariat_officer", "russia_delegate", "japan_delegate"])
def test_no_unsubmitted_draft_is_in_any_circulated_export(request, who, drafts, wgec):
    client = _client(request.getfixturevalue(who))
    for url in _circulated_urls(wgec):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "-internal" not in response["Content-Disposition"], url
        text = _words_of(response.content, url)
        for word in RUSSIAN_WORDS + HELD_WORDS:
            assert word not in text, (who, url, word)
        assert INTERNAL_MARK not in text, url


def test_the_circulated_exports_still_hold_what_is_submitted(drafts, wgec, japan_delegate):
    client = _client(japan_delegate)
    compiled = client.get(reverse("export-compilation", args=[wgec.pk, "html"])).content.decode()
    assert "Nick Ashton-Hart" in compiled and "Proposed by" in compiled
    redline = _words_of(client.get(reverse("export-redline", args=[wgec.pk])).content, "redline")
    assert 'w:author="Nick Ashton-Hart"' in redline


def _internal(client, report):
    yield reverse("export-compilation", args=[report.pk, "html"]) + "?edition=internal"
    yield reverse("export-compilation", args=[report.pk, "docx"]) + "?edition=internal"
    yield reverse("export-compilation", args=[report.pk, "pdf"]) + "?edition=internal"
    yield reverse("export-redline", args=[report.pk]) + "?status=pending&edition=internal"


def test_the_internal_edition_holds_only_the_drafts_the_secretariat_holds_and_says_so(
    drafts, wgec, secretariat_officer
):
    client = _client(secretariat_officer)
    for url in _internal(client, wgec):
        response = client.get(url)
        assert response.status_code == 200, url
        name = response["Content-Disposition"]
        assert name.endswith(('-internal.docx"', '-internal.html"', '-internal.pdf"')), name
        text = _words_of(response.content, url)
        for word in _held_words(url):
            assert word in text, (url, word)
        for word in RUSSIAN_WORDS:
            assert word not in text, (url, word)
        if response.content.startswith(b"%PDF-"):
            assert response["Content-Type"] == "application/pdf"
            first_page = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
            assert first_page.startswith(INTERNAL_MARK), url
        elif response.content.startswith(b"PK"):
            assert docx.Document(io.BytesIO(response.content)).paragraphs[0].text == INTERNAL_MARK, url
        else:
            head = text.split("<header", 1)[1]
            assert head.split("<p", 2)[1].startswith(f' class="doc-head__mark">{INTERNAL_MARK}</p>\n'), url
            assert f"<title>{INTERNAL_MARK} – " in text


def test_only_the_secretariat_may_download_the_internal_edition(drafts, wgec, japan_delegate, russia_delegate):
    for user in (japan_delegate, russia_delegate):
        client = _client(user)
        for url in _internal(client, wgec):
            assert client.get(url).status_code == 403, (user, url)


def test_the_report_page_offers_the_internal_edition_to_the_secretariat_only(wgec, secretariat_officer, japan_delegate):
    link = reverse("export-compilation", args=[wgec.pk, "docx"]) + "?edition=internal"
    assert link in _client(secretariat_officer).get(wgec.get_absolute_url()).content.decode()
    assert "edition=internal" not in _client(japan_delegate).get(wgec.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("export_compilation", "compilation.docx"),
        ("export_compilation", "compilation.pdf"),
        ("export_redline", "redline.docx"),
    ],
)
def test_the_commands_write_the_circulated_edition_unless_asked_for_the_internal_one(drafts, tmp_path, command, name):
    circulated, internal = tmp_path / name, tmp_path / f"internal-{name}"
    call_command(command, "-o", str(circulated), stderr=io.StringIO())
    call_command(command, "-o", str(internal), "--internal", stderr=io.StringIO())
    text = _words_of(circulated.read_bytes(), command)
    assert not any(word in text for word in RUSSIAN_WORDS + HELD_WORDS) and INTERNAL_MARK not in text
    text = _words_of(internal.read_bytes(), command)
    assert all(word in text for word in _held_words(command)) and not any(word in text for word in RUSSIAN_WORDS)
    if name.endswith(".pdf"):
        assert PdfReader(str(internal)).pages[0].extract_text().startswith(INTERNAL_MARK)
    else:
        assert docx.Document(str(internal)).paragraphs[0].text == INTERNAL_MARK
