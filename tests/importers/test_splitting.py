"""Splitting a member's revised text into paragraphs (amendments/importers/splitting.py).

Plain pytest, no database: one table per rule, the wrapped Chair's draft, and the document model.
"""

from __future__ import annotations

import textwrap

import pytest

from amendments.core.document import Document, Footnote
from amendments.importers.splitting import split_revised_text, to_document
from tests.importers.chair_draft import DRAFT, SEED_PDF

# ---------------------------------------------------------------------------------------------
# split_revised_text: the rules, one table each
# ---------------------------------------------------------------------------------------------


def _paragraphs(raw: str, kind: str = "txt") -> list[tuple]:
    return [(p.number, p.text, p.bullet) for p in split_revised_text(raw, kind=kind)]


WRAPPED = (
    "Institutions and processes dealing with Internet-related public\n"
    "policies should engage in mutual consultation and engagement,\n"
    "thereby taking advantage of successful approaches developed by\n"
    "other relevant institutions.\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            WRAPPED,
            [("", " ".join(WRAPPED.split()), False)],
            id="hard line breaks inside a paragraph are joined",
        ),
        pytest.param(
            WRAPPED.replace("\n", "\n\n"),
            [("", " ".join(WRAPPED.split()), False)],
            id="blank line between every line: not paragraph breaks",
        ),
        pytest.param(
            WRAPPED + "\n" + WRAPPED,
            [("", " ".join(WRAPPED.split()), False)] * 2,
            id="blank line between paragraphs: a break",
        ),
        pytest.param(
            WRAPPED + WRAPPED.replace("Institutions", "Those institutions"),
            [("", " ".join(WRAPPED.split()), False), ("", "Those i" + " ".join(WRAPPED.split())[1:], False)],
            id="short line ending a sentence, next word would have fitted: a break",
        ),
        pytest.param(
            WRAPPED.replace("developed by\n", "developed by\n\n"),
            [("", " ".join(WRAPPED.split()), False)],
            id="stray blank line cutting a sentence before a lowercase word: joined",
        ),
        pytest.param(
            "15. It should be further noted that, although discussions on the\n"
            "matter did not lead to any consensus recommendations, the topic was\n"
            "thoroughly discussed by the WGEC.\n"
            "16. The WGEC recommends that a dedicated debate be held every year by\n"
            "the General Assembly under the relevant agenda item for development.\n",
            [
                (
                    "15",
                    "It should be further noted that, although discussions on the matter did not lead to any "
                    "consensus recommendations, the topic was thoroughly discussed by the WGEC.",
                    False,
                ),
                (
                    "16",
                    "The WGEC recommends that a dedicated debate be held every year by the General Assembly "
                    "under the relevant agenda item for development.",
                    False,
                ),
            ],
            id="a numbered line starts a paragraph",
        ),
        pytest.param(
            "The Working Group acknowledged that the process detailed in paragraph\n"
            "15. The Group also agreed that outcomes of enhanced cooperation efforts\n"
            "should promote sustainable development and technology transfer.\n",
            [
                (
                    "",
                    "The Working Group acknowledged that the process detailed in paragraph 15. The Group also "
                    "agreed that outcomes of enhanced cooperation efforts should promote sustainable development "
                    "and technology transfer.",
                    False,
                )
            ],
            id="a number completing 'paragraph' at a full line end is not a paragraph number",
        ),
        pytest.param(
            "The Group recommends the following high-level characteristics of all\n"
            "efforts, which apply to every stakeholder and every process alike:\n"
            "e Transparency and inclusiveness in all processes and in the way the\n"
            "results are communicated to all stakeholders;\n"
            "¢ Collaborative approach;\n"
            "o Sustainability.\n",
            [
                (
                    "",
                    "The Group recommends the following high-level characteristics of all efforts, which apply to "
                    "every stakeholder and every process alike:",
                    False,
                ),
                (
                    "",
                    "Transparency and inclusiveness in all processes and in the way the results are communicated "
                    "to all stakeholders;",
                    True,
                ),
                ("", "Collaborative approach;", True),
                ("", "Sustainability.", True),
            ],
            id="OCR bullets e, ¢, o start items, wrapped items are joined",
        ),
    ],
)
def test_split_line_joining(raw, expected):
    assert _paragraphs(raw) == expected


LAYOUTS = {
    "blank line between paragraphs": ("\n", "\n\n"),
    "no blank lines": ("\n", "\n"),
    "blank line between every line": ("\n\n", "\n\n"),
}


@pytest.mark.parametrize("width", [50, 63, 70, 77, 90])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_split_recovers_every_paragraph_of_the_wrapped_draft(width, layout):
    """Wrapped at any width, with or without blank lines, each draft paragraph comes back whole:
    "(i)" and "(ii)" inside Introduction 4 stay in it, Recommendation 11 (no full stop) stays
    apart from 12, hyphens at line ends ("Internet-|related") are kept as the draft spells them."""
    line_break, paragraph_break = LAYOUTS[layout]
    raw = paragraph_break.join(line_break.join(textwrap.wrap(f"{d.number}. {d.text}", width)) for d in DRAFT)
    revised = split_revised_text(raw, lexicon=[d.text for d in DRAFT])
    assert [(p.number, p.text) for p in revised] == [(d.number, d.text) for d in DRAFT]


def test_split_keeps_wrapped_lines_that_recur_verbatim():
    """A passage repeated three times wraps to the same lines each time: not a running header."""
    text = (
        "Those institutions and processes should reach out proactively to all stakeholders in an informative "
        "and easily understandable way, in developing international Internet-related public policy."
    )
    raw = "\n\n".join(f"{n}. {textwrap.fill(text, 60)}" for n in range(1, 4))
    raw = raw.replace("\n\n2.", "\n\n- 1 -\n\f\n2.")  # page furniture does not change that
    revised = split_revised_text(raw, lexicon=[text])
    assert [p.text for p in revised] == [text] * 3
    assert revised.dropped == ["page number: - 1 -"]


def _wrapped(word_at_break: str, rest: str, elsewhere: str = "") -> str:
    """A wrapped paragraph whose second line ends with ``word_at_break`` and whose third starts with ``rest``."""
    return (
        "The Working Group considered the many contributions on the subject of\n"
        f"enhanced cooperation received from members and observers, {word_at_break}\n"
        f"{rest} in particular in developing countries, during the intersessional\n"
        f"period between its third and fourth meetings held in Geneva.{elsewhere}\n"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(_wrapped("develop-", "ment"), "development in particular", id="develop-ment: typesetter's break"),
        pytest.param(_wrapped("stake-", "holders"), "stakeholders in particular", id="stake-holders: joined"),
        pytest.param(
            _wrapped("inter-", "national", " A national and international one."),
            "international in",
            id="inter-national: the joined form used elsewhere wins over the word test",
        ),
        pytest.param(
            _wrapped("Internet-", "related", " Related work continues."),
            "Internet-related in particular",
            id="second half is a word of the text: compound kept",
        ),
        pytest.param(_wrapped("e-", "commerce"), "e-commerce in particular", id="e-: prefix kept"),
        pytest.param(_wrapped("Member-", "States"), "Member-States in particular", id="capitalised second half kept"),
        pytest.param(
            _wrapped("multi-", "stakeholder", " A multistakeholder meeting."),
            "multistakeholder in particular",
            id="joined form used elsewhere: joined",
        ),
        pytest.param(
            _wrapped("multi-", "stakeholder", " A multi-stakeholder meeting."),
            "multi-stakeholder in particular",
            id="hyphenated form used elsewhere: kept",
        ),
    ],
)
def test_split_line_end_hyphens(raw, expected):
    (paragraph,) = split_revised_text(raw)
    assert expected in paragraph.text


@pytest.mark.parametrize(
    ("lexicon", "expected"),
    [
        pytest.param([], "cybersecurity", id="no evidence either way: a typesetter's break is assumed"),
        pytest.param(["promote cyber-security and peace"], "cyber-security", id="the draft spells it hyphenated"),
    ],
)
def test_split_line_end_hyphens_with_the_drafts_spellings(lexicon, expected):
    (paragraph,) = split_revised_text(_wrapped("cyber-", "security"), lexicon=lexicon)
    assert f"{expected} in particular" in paragraph.text


@pytest.mark.parametrize(
    ("line", "number", "label", "text"),
    [
        ("15. It should be noted.", "15", "15.", "It should be noted."),
        ("15 It should be noted.", "15", "15", "It should be noted."),
        ("2 bis. The Group noted.", "2 bis", "2 bis.", "The Group noted."),
        ("2 tres The Group noted.", "2 tres", "2 tres", "The Group noted."),
        ("2bis) The Group noted.", "2 bis", "2bis)", "The Group noted."),
        ("(a) Policy authority is a right.", "a", "(a)", "Policy authority is a right."),
        ("a) Policy authority is a right.", "a", "a)", "Policy authority is a right."),
        ("a)Policy authority is a right.", "a", "a)", "Policy authority is a right."),
        ("iv. Policy authority is a right.", "iv", "iv.", "Policy authority is a right."),
        ("2.1 Scope and focus areas", "2.1", "2.1", "Scope and focus areas"),
        ("37 contributions were received.", "", "", "37 contributions were received."),
        ("1.5 per cent of the budget.", "", "", "1.5 per cent of the budget."),
        ("2016, 26-27 January 2017.", "", "", "2016, 26-27 January 2017."),
        ("30 September 2016 was the date.", "", "", "30 September 2016 was the date."),
        ("e.g. the Group noted this.", "", "", "e.g. the Group noted this."),
    ],
)
def test_split_paragraph_numbers(line, number, label, text):
    (paragraph,) = split_revised_text(line + "\n")
    assert (paragraph.number, paragraph.label, paragraph.text) == (number, label, text)


@pytest.mark.parametrize(
    ("line", "bullet", "text"),
    [
        ("• Transparency;", True, "Transparency;"),
        ("•Transparency;", True, "Transparency;"),
        ("- Transparency;", True, "Transparency;"),
        ("* Transparency;", True, "Transparency;"),
        ("– Transparency;", True, "Transparency;"),
        ("✓ Transparency;", True, "Transparency;"),
        ("▪ Transparency;", True, "Transparency;"),
        ("o Transparency;", True, "Transparency;"),
        ("e Transparency;", True, "Transparency;"),
        ("¢ Transparency;", True, "Transparency;"),
        ("e-commerce is growing;", False, "e-commerce is growing;"),
        ("o transparency;", False, "o transparency;"),
    ],
)
def test_split_bullets(line, bullet, text):
    (paragraph,) = split_revised_text(f"{line}\n")
    assert (paragraph.bullet, paragraph.text) == (bullet, text)


PAGED = """\
1. Institutions and processes dealing with Internet-related public
policies should engage in mutual consultation and engagement,
thereby taking advantage of successful approaches developed by
other relevant institutions.¹
2. Those institutions and processes should reach out proactively to
all stakeholders in an informative and easily understandable way,
in developing international Internet-related public policy.
¹ The funding of these services by ICANN is gratefully
acknowledged.
Page 1 of 3
\f
A/73/123
DRAFT REPORT
3. Stakeholders should consider how they can make factual information
available, including data and statistics, in an open, accessible and
- 2 -
\f
A/73/123
DRAFT REPORT
timely way in order to support meaningful participation and
engagement in developing international Internet-related public policy.
4. The WGEC recommends that bodies involved in the development of
international Internet-related public policy be urged to continue to
promote and strengthen cooperation.
3
\f
A/73/123
DRAFT REPORT
"""


def test_split_drops_page_artefacts_and_lifts_footnotes():
    revised = split_revised_text(PAGED)
    assert [p.number for p in revised] == ["1", "2", "3", "4"]
    assert revised[0].text.endswith("other relevant institutions.")  # the footnote mark is gone
    assert revised[2].text == (  # rejoined across the page break
        "Stakeholders should consider how they can make factual information available, including data and "
        "statistics, in an open, accessible and timely way in order to support meaningful participation and "
        "engagement in developing international Internet-related public policy."
    )
    assert [(f.number, f.text) for f in revised.footnotes] == [
        ("1", "The funding of these services by ICANN is gratefully acknowledged.")
    ]
    assert sorted(revised.dropped) == sorted(
        ["page number: Page 1 of 3", "page number: - 2 -", "page number: 3"]
        + ["document symbol: A/73/123"] * 3
        + ["running header: DRAFT REPORT"] * 3
    )


def test_split_plain_numbered_footnote_after_a_page_break():
    first = WRAPPED.replace("mutual consultation", "mutual consultation2")
    raw = first.rsplit("\n", 2)[0] + "\n- 4 -\n\f\n2 The funding of these services by ICANN is acknowledged.\n"
    raw += first.rsplit("\n", 2)[1] + "\n"
    (paragraph,) = split_revised_text(raw)
    assert paragraph.text == " ".join(WRAPPED.split())
    assert split_revised_text(raw).footnotes[0].text == "The funding of these services by ICANN is acknowledged."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "## Introduction\n\n1. The Group met.\n", [("", "Introduction", False), ("1", "The Group met.", False)]
        ),
        pytest.param("- 1. The **Group** met.\n", [("1", "The Group met.", False)], id="list dash before a number"),
        pytest.param("  - *Transparency*:\n", [("", "Transparency:", True)], id="nested list item"),
        pytest.param("The Group <u>often</u> met<del> rarely</del>.\n", [("", "The Group often met.", False)]),
        pytest.param("The Group met.<sup>3</sup> It agreed.\n", [("", "The Group met. It agreed.", False)]),
        pytest.param("See WGEC\\_2016\\_meeting1 \\[final\\].\n", [("", "See WGEC_2016_meeting1 [final].", False)]),
        pytest.param(
            "The Group met on\n\n<sup>&</sup>lt;sup>4</sup> http://unctad.org/x\n\nthree occasions.\n",
            [("", "The Group met on three occasions.", False)],
            id="footnote line from Word in the middle of a paragraph",
        ),
        pytest.param(
            "The Group met\n\nFormatted: Tab stops: 13.34 cm,\n\n**Comment [REV3]:** Why?\n\nthree times.\n",
            [("", "The Group met three times.", False)],
            id="Word margin notes",
        ),
    ],
)
def test_split_markdown(raw, expected):
    assert _paragraphs(raw, kind="md") == expected


def test_split_rejects_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        split_revised_text("text", kind="docx")


# ---------------------------------------------------------------------------------------------
# to_document: a revised text as the document model
# ---------------------------------------------------------------------------------------------


def test_to_document_puts_each_lifted_footnote_on_the_block_it_followed():
    document = to_document(split_revised_text(PAGED), title="Draft report")
    assert document.title == "Draft report"
    [section] = document.sections
    assert [(b.kind, b.number) for b in section.blocks] == [("paragraph", n) for n in ("1", "2", "3", "4")]
    assert section.blocks[2].text.startswith("Stakeholders should consider")
    assert [b.footnotes for b in section.blocks] == [
        (),
        (Footnote(number="1", text="The funding of these services by ICANN is gratefully acknowledged."),),
        (),
        (),
    ]
    assert Document.from_json(document.to_json()) == document


def test_to_document_starts_a_section_at_each_heading_and_makes_bullets_items():
    raw = (
        "# Introduction\n\n1. The Group met twice.\n\n2. It agreed on the following:\n\n"
        "- Capacity building\n- Transparency\n\n# Recommendations\n\n- A bullet on its own\n\n"
        "3. The Group recommends.\n"
    )
    document = to_document(split_revised_text(raw, kind="md"))
    assert [s.heading for s in document.sections] == ["Introduction", "Recommendations"]
    intro, recommendations = document.sections
    assert [(b.number, b.text) for b in intro.blocks] == [
        ("1", "The Group met twice."),
        ("2", "It agreed on the following:"),
    ]
    assert [(i.kind, i.text) for i in intro.blocks[1].items] == [
        ("item", "Capacity building"),
        ("item", "Transparency"),
    ]
    assert [(b.kind, b.number, b.text) for b in recommendations.blocks] == [
        ("paragraph", "", "A bullet on its own"),
        ("paragraph", "3", "The Group recommends."),
    ]


@pytest.mark.skipif(not SEED_PDF.exists(), reason="seed documents not available")
def test_to_document_of_a_real_pdf_conversion_keeps_every_paragraph_and_bullet():
    raw = SEED_PDF.read_text(encoding="utf-8")
    revised = split_revised_text(raw[: raw.index("2.3 High level characteristics")])
    document = to_document(revised)
    assert [b.text for b in document.blocks()] == [p.text for p in revised if not p.heading]
    assert [s.heading for s in document.sections if s.heading] == [p.text for p in revised if p.heading]
    bullets = {p.text for p in revised if p.bullet}
    items = [i for b in document.blocks() for i in b.items]
    assert items and all(i.kind == "item" and i.text in bullets for i in items)
    # Bullets right under a heading have no paragraph to belong to: they stand as blocks of their own.
    infrastructure = next(s for s in document.sections if s.heading.startswith("Infrastructural"))
    assert infrastructure.blocks and all(b.text in bullets and not b.items for b in infrastructure.blocks)


# pdftotext without -layout prints words a justified line spaced far apart a few lines further on.
STRAY_DRAFT = [
    "Coordination institutions building health effectiveness national partnership development transparency.",
    "Review building capacity development regional reporting multilingual agriculture consultation.",
]


def test_words_pdftotext_printed_further_on_go_back_where_the_draft_has_them():
    raw = (
        "1.\n\nCoordination institutions building health effectiveness\ndevelopment transparency.\n\n"
        "2.\n\nReview building capacity development regional reporting multilingual agriculture\nconsultation.\n\n"
        "national\n\npartnership\n"
    )

    revised = split_revised_text(raw, lexicon=STRAY_DRAFT)

    assert [p.text for p in revised] == STRAY_DRAFT


def test_a_short_line_the_draft_does_not_have_inside_a_line_stays_a_paragraph_of_its_own():
    raw = "1.\n\nCoordination institutions building health effectiveness\ndevelopment transparency.\n\nAnnex\n"

    revised = split_revised_text(raw, lexicon=STRAY_DRAFT)

    assert [p.text for p in revised][-1] == "Annex"
