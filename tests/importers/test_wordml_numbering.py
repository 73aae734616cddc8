"""Paragraph numbers of .docx files built here, counted as Word counts them (amendments/importers/wordml_numbering.py).

No database; the files are made with lxml by tests.wordfiles. Numbers come from word/numbering.xml and
word/styles.xml in each version of the document, never from the text.
"""

from amendments.importers.wordml import FormattingChange, read_docx
from tests.wordfiles import DATE, dele, ins, make_docx, mark, numpr, p, r


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    + _lvl(0, "decimal", "%1.")
    + _lvl(1, "lowerLetter", "(%2)")
    + _lvl(2, "lowerRoman", "%3)")
    + "</w:abstractNum>"
    + f'<w:abstractNum w:abstractNumId="1">{_lvl(0, "upperLetter", "%1.")}{_lvl(1, "upperRoman", "%1.%2")}</w:abstractNum>'
    + f'<w:abstractNum w:abstractNumId="2">{_lvl(0, "bullet", "•")}</w:abstractNum>'
    + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    + '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    + '<w:num w:numId="4"><w:abstractNumId w:val="0"/>'
    + '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>'
    + '<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>'
)
STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="NumberedPara"><w:basedOn w:val="Normal"/>'
    f"<w:pPr>{numpr(1)}</w:pPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="SubPara"><w:basedOn w:val="NumberedPara"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
)


def numbered(*paragraphs: str) -> list[tuple[str, str]]:
    doc = read_docx(make_docx("".join(paragraphs), numbering=NUMBERING, styles=STYLES))
    return doc.final()


def test_numbers_count_per_list_and_restart_lower_levels():
    assert numbered(
        p(r("one"), ppr=numpr(1)),
        p(r("one a"), ppr=numpr(1, 1)),
        p(r("one a i"), ppr=numpr(1, 2)),
        p(r("one a ii"), ppr=numpr(1, 2)),
        p(r("one b"), ppr=numpr(1, 1)),
        p(r("two"), ppr=numpr(1)),
        p(r("two a"), ppr=numpr(1, 1)),
        p(r("unnumbered")),
        p(r("A"), ppr=numpr(2)),
        p(r("A.I"), ppr=numpr(2, 1)),
        p(r("A.II"), ppr=numpr(2, 1)),
        p(r("B"), ppr=numpr(2)),
        p(r("three"), ppr=numpr(1)),
        p(r("bullet"), ppr=numpr(3)),
    ) == [
        ("1.", "one"),
        ("(a)", "one a"),
        ("i)", "one a i"),
        ("ii)", "one a ii"),
        ("(b)", "one b"),
        ("2.", "two"),
        ("(a)", "two a"),
        ("", "unnumbered"),
        ("A.", "A"),
        ("A.I", "A.I"),
        ("A.II", "A.II"),
        ("B.", "B"),
        ("3.", "three"),
        ("", "bullet"),
    ]


def test_numbers_come_from_the_style_and_its_base_style():
    assert numbered(
        p(r("first"), ppr='<w:pStyle w:val="NumberedPara"/>'),
        p(r("sub"), ppr='<w:pStyle w:val="SubPara"/>'),
        p(r("second"), ppr='<w:pStyle w:val="NumberedPara"/>'),
        p(r("direct"), ppr=numpr(1)),  # the same list, continued
    ) == [("1.", "first"), ("(a)", "sub"), ("2.", "second"), ("3.", "direct")]


def test_start_override_restarts_and_shared_definitions_continue():
    assert numbered(
        p(r("a"), ppr=numpr(1)),
        p(r("b"), ppr=numpr(1)),
        p(r("restarted at 10"), ppr=numpr(4)),
        p(r("then 11"), ppr=numpr(4)),
        p(r("another instance of the same list continues"), ppr=numpr(5)),
    ) == [
        ("1.", "a"),
        ("2.", "b"),
        ("10.", "restarted at 10"),
        ("11.", "then 11"),
        ("12.", "another instance of the same list continues"),
    ]


def test_numbers_are_never_taken_from_the_text():
    assert numbered(p(r("15. Looks numbered")), p(r("real"), ppr=numpr(1))) == [
        ("", "15. Looks numbered"),
        ("1.", "real"),
    ]


def test_numbering_follows_each_version():
    """A deleted numbered paragraph renumbers what follows in the final version, not in the base."""
    deleted = p(dele("Japan", "Paragraph two."), ppr=numpr(1) + mark("del", "Japan"))
    inserted = p(ins("Russia", "Paragraph two bis."), ppr=numpr(1) + mark("ins", "Russia"))
    body = p(r("Paragraph one."), ppr=numpr(1)) + deleted + inserted + p(r("Paragraph three."), ppr=numpr(1))
    doc = read_docx(make_docx(body, numbering=NUMBERING, styles=STYLES))
    assert doc.base() == [("1.", "Paragraph one."), ("2.", "Paragraph two."), ("3.", "Paragraph three.")]
    assert doc.version("Japan") == [("1.", "Paragraph one."), ("2.", "Paragraph three.")]
    assert doc.version("Russia") == [
        ("1.", "Paragraph one."),
        ("2.", "Paragraph two."),
        ("3.", "Paragraph two bis."),
        ("4.", "Paragraph three."),
    ]
    assert doc.final() == [("1.", "Paragraph one."), ("2.", "Paragraph two bis."), ("3.", "Paragraph three.")]
    assert [(x.number, x.final_number) for x in doc.paragraphs] == [
        ("1.", "1."),
        ("2.", "2."),
        ("3.", "2."),
        ("3.", "3."),
    ]


def test_numbering_added_by_a_tracked_paragraph_formatchange():
    change = f'<w:pPrChange w:id="4" w:author="Japan" w:date="{DATE}"><w:pPr/></w:pPrChange>'
    doc = read_docx(make_docx(p(r("Now numbered."), ppr=numpr(1) + change), numbering=NUMBERING, styles=STYLES))
    assert doc.base() == [("", "Now numbered.")]
    assert doc.final() == doc.version("Japan") == [("1.", "Now numbered.")]
    assert doc.formatting_changes == [FormattingChange("Japan", DATE, 0, "paragraph")]
