"""Aligning a member's clean revised copy with the Chair's draft (amendments/importers/alignment.py).

Plain pytest, no database. Most cases start from the real Chair's draft (fixtures/
wgec_chair_proposal.json), turn it into the text a member might send back, and compare what
``split_revised_text`` + ``align`` report with a short expected list of the entries that are not
"unchanged".
"""

from __future__ import annotations

import json
import textwrap

import pytest

from amendments.importers.alignment import (
    DELETED,
    INSERTED,
    MODIFIED,
    MOVED,
    UNCHANGED,
    DraftParagraph,
    RevisedParagraph,
    align,
)
from amendments.importers.splitting import split_revised_text
from tests.importers.chair_draft import (
    AMENDMENTS,
    INTRO,
    RECS,
    SECTIONS,
    SEED_PDF,
    SEED_REDLINE,
    align_text,
    assert_every_draft_paragraph_once,
    chair_draft,
    deleted,
    edited,
    inserted_after,
    intro,
    merged,
    moved_after,
    rec,
    report,
    split,
    summary,
    swapped,
)

# ---------------------------------------------------------------------------------------------
# Revised versions of the real draft
# ---------------------------------------------------------------------------------------------

NEW_2 = (
    "The Working Group also took note of the report of the Secretary-General on the progress made in the "
    "implementation of the outcomes of the World Summit on the Information Society at regional and international levels."
)
NEW_BIS = "The Group welcomed the contributions of observers, whose written inputs were circulated before each meeting."
NEW_TRES = "The Group thanked the Government of Switzerland for the facilities it made available for every meeting."
UNRELATED = "The Group thanked the interpreters and the conference services staff for their flexibility and dedication."


REC_13_SECOND = "The United Nations Secretariat should consider"

CASES = [
    pytest.param(report(), [], id="identical text, renumbered the same"),
    pytest.param(
        report(edited(INTRO, 4, "agreed on two questions", "agreed on three questions")),
        [(MODIFIED, "introduction/4")],
        id="one paragraph changed",
    ),
    pytest.param(
        report(inserted_after(INTRO, 1, NEW_2)),
        [(INSERTED, "1 bis", NEW_2[:30])],
        id="paragraph inserted near the top: every later number shifts by one, aligned by text",
    ),
    pytest.param(
        report(
            [f"{n}. {intro(n)}" for n in (1, 2)]
            + [f"2 bis. {NEW_BIS}", f"2 tres {NEW_TRES}"]
            + [f"{n}. {intro(n)}" for n in range(3, 16)],
            renumber=False,
        ),
        [(INSERTED, "2 bis", NEW_BIS[:30]), (INSERTED, "2 ter", NEW_TRES[:30])],
        id="2 bis and 2 tres inserted",
    ),
    pytest.param(
        report(deleted(INTRO, 8)),
        [(DELETED, "introduction/8")],
        id="paragraph deleted, later ones renumbered",
    ),
    pytest.param(
        report(rec_texts=swapped(RECS, 4)),
        [(MOVED, "recommendations/5")],
        id="two paragraphs swapped: the one that moved up is reported moved",
    ),
    pytest.param(
        report(rec_texts=moved_after(RECS, 3, 17)),
        [(MOVED, "recommendations/3")],
        id="paragraph moved far down",
    ),
    pytest.param(
        report(merged(INTRO, 10)),
        [
            (INSERTED, "9 bis", intro(10)[:30]),
            (DELETED, "introduction/10"),
            (DELETED, "introduction/11"),
        ],
        id="two paragraphs merged: both deleted, merged text inserted",
    ),
    pytest.param(
        report(rec_texts=split(RECS, 13, REC_13_SECOND)),
        [
            (INSERTED, "12 bis", rec(13)[:30]),
            (INSERTED, "12 ter", REC_13_SECOND[:30]),
            (DELETED, "recommendations/13"),
        ],
        id="paragraph split in two: deleted, both halves inserted",
    ),
    pytest.param(
        report([*INTRO[:7], UNRELATED, *INTRO[8:]]),
        [(INSERTED, "7 bis", UNRELATED[:30]), (DELETED, "introduction/8")],
        id="paragraph replaced by unrelated text: deletion and insertion, not a modification",
    ),
    pytest.param(
        report(
            edited(INTRO, 12, "WGEC", "Working Group"),
            edited(RECS, 6, "in an open, accessible and timely way", "openly"),
        ),
        [(MODIFIED, "introduction/12"), (MODIFIED, "recommendations/6")],
        id="two small modifications in different sections",
    ),
    pytest.param(
        report(["  ".join(t.split()).replace(", ", ",\n") for t in INTRO]),
        [],
        id="whitespace and line breaks changed only: unchanged",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_align_revised_copy_of_the_chairs_draft(raw, expected):
    entries = align_text(raw)
    assert summary(entries) == expected
    assert_every_draft_paragraph_once(entries)


def test_renumbered_paragraphs_keep_their_new_numbers_and_draft_numbers():
    entries = align_text(report(inserted_after(INTRO, 1, NEW_2)))
    third = next(e for e in entries if e.draft_key == "introduction/3")
    assert (third.kind, third.draft_number, third.new_number) == (UNCHANGED, "3", "4")


def test_bis_and_tres_keep_the_members_numbers():
    raw = report([f"1. {intro(1)}", f"2. {intro(2)}", f"2 bis. {NEW_BIS}", f"2 tres {NEW_TRES}"], renumber=False)
    inserted = [e for e in align_text(raw) if e.kind == INSERTED]
    assert [(e.new_number, e.provisional_number) for e in inserted] == [("2 bis", "2 bis"), ("2 tres", "2 ter")]


def test_merge_never_reports_a_paragraph_carrying_the_others_words():
    raw = report(merged(INTRO, 10))
    entries = align_text(raw)
    for e in entries:
        if e.kind in (UNCHANGED, MODIFIED, MOVED):
            assert intro(11) not in e.new_text and intro(10) not in e.new_text
    notes = {e.draft_key or e.provisional_number: e.note for e in entries if e.note}
    assert notes == {
        "introduction/10": "merged with 11 into one new paragraph",
        "introduction/11": "merged with 10 into one new paragraph",
        "9 bis": "combines draft paragraphs 10, 11",
    }


def test_split_notes_name_the_draft_paragraph():
    raw = report(rec_texts=split(RECS, 13, REC_13_SECOND))
    notes = [e.note for e in align_text(raw) if e.note]
    assert notes == [
        "part of draft paragraph 13, split",
        "part of draft paragraph 13, split",
        "split into 2 new paragraphs",
    ]


def test_modified_entry_carries_the_new_text_and_a_similarity():
    revised = edited(INTRO, 4, "agreed on two questions", "agreed on three questions")
    entry = next(e for e in align_text(report(revised)) if e.kind == MODIFIED)
    assert entry.new_text == revised[3]
    assert entry.changed and 0.9 < entry.similarity < 1


def test_moved_entry_stands_where_the_member_put_it():
    raw = report(rec_texts=moved_after(RECS, 3, 17))
    keys = [e.draft_key for e in align_text(raw)]
    assert keys.index("recommendations/3") == keys.index("recommendations/17") + 1


# ---------------------------------------------------------------------------------------------
# align on hand-made paragraphs
# ---------------------------------------------------------------------------------------------

A = "Institutions and processes should reach out proactively to all stakeholders in an informative way."
B = "Stakeholders should consider how they can make factual information available, including data and statistics."
C = "The development of public policy should promote an enabling environment for innovation and investment."


def _draft(*texts: str) -> list[DraftParagraph]:
    return [DraftParagraph(f"p{k}", str(k), t) for k, t in enumerate(texts, 1)]


def _revised(*texts: str) -> list[RevisedParagraph]:
    return [RevisedParagraph("", t) for t in texts]


@pytest.mark.parametrize(
    ("draft", "revised", "expected"),
    [
        pytest.param(_draft(A, B), _revised(A, B), [(UNCHANGED, "p1"), (UNCHANGED, "p2")], id="same"),
        pytest.param(
            _draft(A, B, C),
            _revised(f"{A} {B}", C),
            [(INSERTED, ""), (DELETED, "p1"), (DELETED, "p2"), (UNCHANGED, "p3")],
            id="A and B merged into 'A B'",
        ),
        pytest.param(
            _draft(A, B, C),
            _revised(A, C, B),
            [(UNCHANGED, "p1"), (MOVED, "p3"), (UNCHANGED, "p2")],
            id="B and C swapped",
        ),
        pytest.param(
            _draft(A, B),
            _revised("A new first paragraph on capacity building in developing countries.", A, B),
            [(INSERTED, ""), (UNCHANGED, "p1"), (UNCHANGED, "p2")],
            id="insertion before the first paragraph has no provisional number",
        ),
        pytest.param(
            _draft(A, B),
            [RevisedParagraph("", "Recommendations", heading=True), *_revised(A, B)],
            [(UNCHANGED, "p1"), (UNCHANGED, "p2")],
            id="an unmatched heading is not an insertion",
        ),
        pytest.param(
            _draft("Transparency:", "Collaborative approach:", "Sustainability:"),
            _revised("Transparency:", "Collaborative in nature:", "Sustainability:"),
            [(UNCHANGED, "p1"), (MODIFIED, "p2"), (UNCHANGED, "p3")],
            id="short item between two aligned neighbours is modified",
        ),
        pytest.param(
            _draft(A, "Transparency:"),
            _revised(A, "Inclusiveness:"),
            [(UNCHANGED, "p1"), (INSERTED, "1 bis"), (DELETED, "p2")],
            id="short item with no word in common is replaced",
        ),
    ],
)
def test_align_small_cases(draft, revised, expected):
    entries = align(draft, revised)
    got = [(e.kind, e.provisional_number if e.kind == INSERTED else e.draft_key) for e in entries]
    assert got == expected
    assert_every_draft_paragraph_once(entries, draft)


def test_taken_provisional_numbers_are_skipped():
    entries = align(_draft(A, B), _revised(A, C, B), taken=["1 bis"])
    assert [e.provisional_number for e in entries if e.kind == INSERTED] == ["1 ter"]


def test_a_paragraph_without_words_on_either_side_is_aligned_without_a_crash():
    # "-----" under a heading in the app's own .txt export, a lone bullet, "…".
    draft = [DraftParagraph(key=1, number=None, text="-----"), *_draft(A, B)]
    entries = align(draft, [RevisedParagraph(number="", text="…"), *_revised(A, B)])
    assert [e.kind for e in entries if e.draft_key not in (1, None)] == [UNCHANGED, UNCHANGED]
    assert {e.kind for e in entries if e.draft_key == 1} <= {DELETED, MODIFIED}


def test_number_is_only_a_tie_breaker():
    # Two identical draft paragraphs: the revised one numbered "2" is taken for the second.
    entries = align(_draft(A, A), [RevisedParagraph("2", A)])
    assert [(e.kind, e.draft_key) for e in entries] == [(DELETED, "p1"), (UNCHANGED, "p2")]
    # Numbers never beat wording: "1" with B's text is B.
    entries = align(_draft(A, B), [RevisedParagraph("1", B)])
    assert [(e.kind, e.draft_key) for e in entries] == [(DELETED, "p1"), (UNCHANGED, "p2")]


# ---------------------------------------------------------------------------------------------
# A PDF-to-text conversion of the whole draft
# ---------------------------------------------------------------------------------------------

HEADER = "DRAFT REPORT OF THE WORKING GROUP ON ENHANCED COOPERATION"
SYMBOL = "A/73/123"
FUNDING = "The funding of these services by ICANN is gratefully acknowledged."
SUMMARY_5 = "Include link to Chair's summary of the third meeting."
ODD_BULLETS = ["e ", "¢ ", "o ", "• ", "▪ ", "e ", "o "]


def as_pdf_text(draft: list[DraftParagraph], *, modify: dict[str, str] | None = None) -> str:
    """The draft as pdftotext renders it: wrapped at 70 columns, a blank line between all lines,
    odd bullets, a page number, a running header and a document symbol every 40 lines, footnote
    text at page breaks (one with a superscript mark before the footer, one with a plain number
    after the header, cutting a paragraph)."""
    modify = modify or {}
    lines = [HEADER, "Introduction"]
    bullet = 0
    for d in draft:
        text = modify.get(d.key, d.text)
        if d.key == "introduction/3":
            text = text.replace("made available.", "made available.²")
        if d.key == "introduction/6":
            text = text.replace("third meeting,", "third meeting5,")
        if d.key == "recommendations/1":
            lines.append("Recommendations")
        if "/item-" in d.key and d.key.startswith("recommendations/"):
            prefix = ODD_BULLETS[bullet % len(ODD_BULLETS)]
            bullet += 1
            wrapped = textwrap.wrap(text, 70 - len(prefix))
            lines += [prefix + wrapped[0], *wrapped[1:]]
        else:
            lines += textwrap.wrap(f"{d.number}. {text}" if d.number else text, 70)
    out: list[str] = []
    pending: list[str] = []  # footnotes waiting for the bottom of the page
    after_header: list[str] = []
    for k, line in enumerate(lines, 1):
        out.append(line)
        if "available.²" in line:
            pending.append(f"² {FUNDING}")
        if "meeting5," in line:
            after_header.append(f"5 {SUMMARY_5}")
        if k % 40 == 0:
            page = k // 40
            out += [*pending, f"- {page} -", "\f", SYMBOL, HEADER, *after_header]
            pending, after_header = [], []
    return "\n\n".join(out) + "\n"


def test_pdf_conversion_of_the_whole_draft_splits_and_aligns():
    draft = chair_draft(items=True)
    new_4 = intro(4).replace("as well as online", "as well as on the website")
    raw = as_pdf_text(draft, modify={"introduction/4": new_4})
    # The page furniture really is there, and really cuts paragraphs.
    assert raw.count(HEADER) >= 4 and "- 2 -" in raw and "\f" in raw
    assert "cyber-\n\nsecurity" in raw  # textwrap breaks at hyphens: real ones, kept via the lexicon

    revised = split_revised_text(raw, lexicon=[d.text for d in draft])
    entries = align(draft, revised)
    assert summary(entries) == [(MODIFIED, "introduction/4")]
    assert_every_draft_paragraph_once(entries, draft)

    assert [(f.number, f.text) for f in revised.footnotes] == [("2", FUNDING), ("5", SUMMARY_5)]
    assert {line.split(": ", 1)[1] for line in revised.dropped} == {HEADER, SYMBOL} | {
        f"- {p} -" for p in range(1, raw.count("\f") + 1)
    }
    bullets = [p.text for p in revised if p.bullet]
    assert bullets == [d.text for d in draft if d.key.startswith("recommendations/") and "/item-" in d.key]


# ---------------------------------------------------------------------------------------------
# A markdown conversion
# ---------------------------------------------------------------------------------------------


def as_markdown(draft: list[DraftParagraph]) -> str:
    out = [f"# {HEADER}", "## Introduction"]
    for d in draft:
        text = d.text
        if d.key == "recommendations/1":
            out.append("## **Recommendations**")
        if d.key == "introduction/3":
            text = text.replace("made available.", "made available.<sup>2</sup>")
        if d.key == "introduction/4":
            text = text.replace("guide the discussion", "guide <u>and structure</u> the discussion")
            text = text.replace("as well as online", "as well as<del> online</del>")
        if d.key == "introduction/9":
            text = text.replace("Tunis Agenda", "*Tunis Agenda*").replace("WGEC members", "**WGEC** members")
        if d.key == "recommendations/8":
            text = text.replace("marginalized groups", "marginalized groups[^9]")
        if "/item-" in d.key:
            out.append(f"  - {text}")
        elif d.key == "introduction/6":
            # The footnotes of the page sit in the middle of the paragraph, as in a Word conversion.
            cut = text.index("at a later") + len("at a later")
            out += [f"- {d.number}. {text[:cut]}", f"<sup>2</sup> {FUNDING}", "[^5]: Chair's summary", text[cut + 1 :]]
        elif int(d.number) % 2:
            out.append(f"- **{d.number}.** {text}")
        else:
            out.append(f"{d.number}. {text}")
    return "\n\n".join(out).replace("WGEC_", "WGEC\\_") + "\n"


def test_markdown_conversion_strips_markup_and_aligns():
    draft = chair_draft(items=True)
    revised = split_revised_text(as_markdown(draft), kind="md")
    entries = align(draft, revised)
    assert summary(entries) == [(MODIFIED, "introduction/4")]
    assert_every_draft_paragraph_once(entries, draft)
    modified = next(e for e in entries if e.kind == MODIFIED)
    assert "guide and structure the discussion" in modified.new_text
    assert "as well as. A total" in modified.new_text and "online" not in modified.new_text
    assert [p.text for p in revised if p.heading] == [HEADER, "Introduction", "Recommendations"]
    assert [f.number for f in revised.footnotes] == ["2", "5"]


# ---------------------------------------------------------------------------------------------
# Real member documents
# ---------------------------------------------------------------------------------------------

FORTH = (
    "The forth meeting of CSTD Working Group on Enhanced Cooperation is the critical for successful completion "
    "of the WG EC work in purpose to develop recommendations on how to further implement enhanced cooperation as "
    "envisioned in the Tunis Agenda, according # 65 of UNGA Resolution A/70/125. After sharing views during 3 "
    "previous meetings now it is the time to start to prepare a final report to have time to discuss and agree it "
    "at the next one of two meetings. We consider that the structure of the report shall be as one of the outcomes "
    'of 4" meeting.'
)


@pytest.mark.skipif(not SEED_PDF.exists(), reason="seed documents not available")
def test_real_pdf_conversion_seed_001():
    raw = SEED_PDF.read_text(encoding="utf-8")
    revised = split_revised_text(raw[: raw.index("2.3 High level characteristics")])
    paragraphs = [(p.number, p.text, p.bullet) for p in revised]
    assert ("", FORTH, False) in paragraphs
    assert ("", "Ensuring connectivity, stability, continuity, integrity and sustainability of the network", True) in (
        paragraphs
    )
    assert (
        "",
        "Coordination and management of critical Internet resources but not in the day-to-day technical and "
        "operational matters",
        True,
    ) in paragraphs
    assert (
        "",
        "ICT applications, including international e-commerce, e-business, e-environment, e-health, e-agriculture",
        True,
    ) in paragraphs
    assert (
        "a",
        "Policy authority for Internet-related public policy issues is the sovereign right of States. They have "
        "rights and responsibilities for international Internet-related public policy issues.",
        False,
    ) in paragraphs
    assert [p.number for p in revised if p.number in ("64", "65")] == ["64", "65"]
    assert sum(p.bullet for p in revised) == 22  # every e/o/¢ item of the three lists


@pytest.mark.skipif(not SEED_REDLINE.exists(), reason="seed documents not available")
def test_real_markdown_redline_seed_003_finds_exactly_the_amended_paragraphs():
    """Nick Ashton-Hart's redline of the Chair's draft: the paragraphs he amends (per the curated
    fixture) come out modified, every other paragraph unchanged, nothing lost or invented."""
    raw = SEED_REDLINE.read_text(encoding="utf-8")
    raw = raw[raw.index("### Introduction") : raw.index("**ANNEX I")]
    draft = chair_draft(items=True)
    revised = split_revised_text(raw, kind="md")
    entries = align(draft, revised)

    amended = set()
    for amendment in json.loads(AMENDMENTS.read_text(encoding="utf-8"))["amendments"]:
        target = amendment["target"]
        if target.get("section") in SECTIONS:
            key = f"{target['section']}/{target['number']}"
            amended.add(f"{key}/item-{target['item']}" if "item" in target else key)
    assert {e.draft_key for e in entries if e.kind == MODIFIED} == amended
    assert {e.kind for e in entries} == {UNCHANGED, MODIFIED}
    assert_every_draft_paragraph_once(entries, draft)
    assert [f.number for f in revised.footnotes] == [str(n) for n in range(1, 10)]
