"""Whatever a member uploads, the whole import path holds: upload, review, confirm, the page after.

Random documents made of the lines real uploads are made of (empty lines, punctuation-only rules,
lone bullets, dashes, numbers, very long lines, Arabic, Chinese and Cyrillic words, the draft's own
paragraphs, edited or not) go through the delegation's upload form, the review page and its
confirm button. Each either is refused with a message and leaves nothing behind, or shows a review
page whose confirm creates exactly the draft amendments the plan lists (or is refused as a whole),
and the delegation's page then shows them. Never a server error, never a partial write.
"""

from __future__ import annotations

import io

import docx
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amendments.importers.plans import PlannedChange
from amendments.models import Amendment, Import, Paragraph, Report, User
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

WORDS = ["cooperation", "enhanced", "Internet", "policy", "the", "and", "of", "stakeholders", "governments"]
SCRIPTS = ["التعاون المعزز", "加强合作", "усиленное сотрудничество", "Сотрудничество", "互联网治理论坛"]
RULES = ["", " ", "\t", "-----", "=====", "…", "***", "—", "_", ".", "§", "•", "\uf0b7", "o", "-", "·"]
NUMBERS = ["1.", "12.", "2 bis", "2 bis.\t", "3 ter", "(a)", "iv)", "A.", "15.\t", "64.", "1", "(1)"]


@st.composite
def _draft_lines(draw: st.DrawFn, texts: list[str]) -> str:
    """One of the draft's own paragraphs, whole or with a few words changed or cut."""
    text = draw(st.sampled_from(texts))
    words = text.split()
    if words and draw(st.booleans()):
        at = draw(st.integers(0, len(words) - 1))
        words[at] = draw(st.sampled_from(WORDS + SCRIPTS))
    if len(words) > 3 and draw(st.booleans()):
        words = words[: draw(st.integers(1, len(words)))]
    return " ".join(words)


def _lines(texts: list[str]) -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS + SCRIPTS)
    return st.one_of(
        st.sampled_from(RULES),
        st.builds(lambda n, t: f"{n} {t}", st.sampled_from(NUMBERS), _draft_lines(texts)),
        st.sampled_from(NUMBERS),
        st.builds(" ".join, st.lists(word, min_size=1, max_size=12)),
        st.builds(lambda w, n: " ".join([w] * n), word, st.integers(200, 1200)),  # a very long line
        st.builds(lambda b, t: f"{b}\t{t}", st.sampled_from(["•", "\uf0b7", "o", "§", "-"]), _draft_lines(texts)),
        _draft_lines(texts),
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    )


def _documents(texts: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(_lines(texts), min_size=0, max_size=30)


def _docx(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client: Client, report: Report, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("import-upload", args=[report.pk]),
        {"kind": Import.Kind.REVISED_TEXT, "file": SimpleUploadedFile(name, data)},
    )


def _check_whole_path(client: Client, delegate: User, report: Report, name: str, data: bytes) -> None:
    imports_before = Import.objects.count()
    amendments_before = Amendment.objects.count()
    response = _upload(client, report, name, data)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert response.context["error"], "a refused upload says why"
        assert Import.objects.count() == imports_before
        assert Amendment.objects.count() == amendments_before
        return
    staged = Import.objects.latest("pk")
    assert response["Location"] == staged.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    planned = [PlannedChange.from_json(entry) for entry in staged.plan["entries"]]
    made = [change for change in planned if change.is_made]

    confirmed = client.post(response["Location"], {"action": "confirm"})
    assert confirmed.status_code == 302, confirmed.status_code
    staged.refresh_from_db()
    created = Amendment.objects.filter(pk__gt=0).count() - amendments_before
    if staged.status == Import.Status.REVIEW:  # refused as a whole, with a message
        assert created == 0
        page = client.get(confirmed["Location"])
        assert page.status_code == 200
        assert any(m.level_tag == "error" for m in page.context["messages"])
        return
    assert staged.status == Import.Status.DONE
    assert created == len(made) == len(staged.result["amendments"])
    rows = Amendment.objects.filter(pk__in=staged.result["amendments"])
    assert all(row.participant_id == delegate.participant_id for row in rows)
    assert all(row.status == Amendment.Status.DRAFT for row in rows)
    page = client.get(confirmed["Location"])
    assert page.status_code == 200
    shown = page.content.decode()
    for row in rows:
        assert reverse("amendment", args=[row.pk]) in shown, row


class _Rollback(Exception):
    pass


def _in_savepoint(check, *args) -> None:
    """Each example starts from the same data: its writes are rolled back after it has been checked."""
    try:
        with transaction.atomic():
            check(*args)
            raise _Rollback
    except _Rollback:
        pass


@pytest.fixture
def texts(wgec: Report) -> list[str]:
    return list(Paragraph.objects.filter(section__report=wgec).exclude(text="").values_list("text", flat=True)[:80])


@pytest.fixture
def member(client: Client, russia_delegate: User) -> Client:
    client.login(username=russia_delegate.username, password=PASSWORD)
    return client


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.data())
def test_any_plain_text_upload_is_refused_with_a_message_or_imported_whole(member, russia_delegate, wgec, texts, data):
    lines = data.draw(_documents(texts))
    separator = data.draw(st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]))
    payload = separator.join(lines).encode(data.draw(st.sampled_from(["utf-8", "utf-16"])))
    _in_savepoint(_check_whole_path, member, russia_delegate, wgec, "revised.txt", payload)


@FUZZ
@given(data=st.data())
def test_any_word_file_of_paragraphs_is_refused_with_a_message_or_imported_whole(
    member, russia_delegate, wgec, texts, data
):
    lines = data.draw(_documents(texts))
    _in_savepoint(_check_whole_path, member, russia_delegate, wgec, "revised.docx", _docx(lines))


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"\x00" * 64,
        b"%PDF-1.4 not really a PDF",
        bytes(range(256)),
        "\n".join(RULES).encode(),
        "\n".join(NUMBERS).encode(),
        ("Cooperation " * 50_000).encode(),
    ],
    ids=["empty", "nul-bytes", "fake-pdf", "all-bytes", "rules-only", "numbers-only", "one-huge-line"],
)
def test_hostile_plain_text_uploads_never_give_a_server_error(member, russia_delegate, wgec, payload):
    _check_whole_path(member, russia_delegate, wgec, "revised.txt", payload)
