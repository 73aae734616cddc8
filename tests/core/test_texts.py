"""What text may be stored: every character an export can write, and a refusal that says which and where."""

import re

import pytest
from lxml import etree

from amendments.core.document import Block, Document, Section
from amendments.core.texts import (
    MAX_REASON_LENGTH,
    TextError,
    check_characters,
    clean_note,
    clean_text,
    xml_safe,
    xml_safe_values,
)

# Every kind of character that cannot be saved, with the name the refusal gives it.
UNSAVEABLE = {
    "\x00": "NUL",
    "\x01": "U+0001",
    "\x08": "U+0008",
    "\x0b": "U+000B",  # vertical tab
    "\x0c": "U+000C",  # form feed
    "\x1f": "U+001F",
    "\x7f": "U+007F",  # DEL
    "\x85": "U+0085",  # C1 next line
    "\x9f": "U+009F",
    chr(0xD800): "U+D800",  # the halves of a surrogate pair, alone (chr: ruff reads the two literals as one)
    chr(0xDFFF): "U+DFFF",
    "\ufdd0": "U+FDD0",  # noncharacters
    "\ufdef": "U+FDEF",
    "\ufffe": "U+FFFE",
    "\uffff": "U+FFFF",
    "\U0001fffe": "U+1FFFE",
    "\U0001ffff": "U+1FFFF",
    "\U0010fffe": "U+10FFFE",
    "\U0010ffff": "U+10FFFF",
}
# Characters near them that are ordinary text.
KEPT = ["\ufffd", "\ufdcf", "\ufdf0", "\ufffc", "\ue000", "\U0001fffd", "\U0010fffd", "\xa0", "\u2028", "é", "👍🏽"]


@pytest.mark.parametrize(("char", "name"), UNSAVEABLE.items(), ids=UNSAVEABLE.values())
def test_a_character_no_export_can_hold_is_refused_with_its_name_and_position(char, name):
    message = f"The text contains a character that cannot be saved ({name}) at position 12; remove it and try again."
    with pytest.raises(TextError, match=re.escape(message)):
        clean_text(f"The Group a{char}greed")


@pytest.mark.parametrize("char", KEPT)
def test_ordinary_characters_next_to_them_are_kept(char):
    assert clean_text(f"a{char}b") == f"a{char}b"


def test_tabs_and_line_breaks_are_text_and_carriage_returns_become_line_breaks():
    assert clean_text("one\r\ntwo\rthree\n\tfour") == "one\ntwo\nthree\n\tfour"


def test_the_refusal_names_the_field_and_the_line_of_a_text_of_several_lines():
    with pytest.raises(TextError, match=re.escape("The justification contains a character that cannot be saved "
                                                  "(U+FFFE) at line 2, position 3;")):  # fmt: skip
        clean_text("First line.\r\nSe\ufffecond.", what="The justification")


def test_several_characters_are_listed_then_counted():
    text = "a\x00b\x01c\x02d\x03e\x04"
    with pytest.raises(TextError) as refused:
        clean_text(text)
    assert str(refused.value) == (
        "The text contains 5 characters that cannot be saved: NUL (position 2), U+0001 (position 4), "
        "U+0002 (position 6) and 2 more; remove them and try again."
    )


def test_a_note_may_be_empty_but_is_checked_as_any_text():
    assert clean_note(None) == clean_note("  ") == ""
    assert clean_note(" Informal consultations ") == "Informal consultations"
    with pytest.raises(TextError, match=re.escape("The note contains a character that cannot be saved (NUL)")):
        clean_note("Why\x00")
    with pytest.raises(TextError, match=re.escape(f"The note is 1,000,000 characters long; the limit is {MAX_REASON_LENGTH}.")):  # fmt: skip
        clean_note("n" * 1_000_000)


def test_an_upload_check_raises_the_callers_error_and_leaves_alone_what_it_allows():
    class UploadError(ValueError):
        pass

    assert check_characters("page one\fpage two\r\n", also_allowed="\f", error=UploadError) == "page one\fpage two\r\n"
    with pytest.raises(UploadError, match=re.escape("The file contains a character that cannot be saved (U+0007)")):
        check_characters("line\n\x07", what="The file", error=UploadError, also_allowed="\f")


@pytest.mark.parametrize("char", UNSAVEABLE, ids=UNSAVEABLE.values())
def test_xml_safe_text_is_accepted_by_the_xml_writer_one_character_for_one(char):
    text = f"ab{char}c\td\ne\r"
    safe = xml_safe(text)
    assert safe == "ab\ufffdc\td\ne\r" and len(safe) == len(text)  # offsets (footnote marks) stay right
    etree.SubElement(etree.Element("p"), "t").text = safe  # lxml refuses U+FFFE, U+FFFF and controls


def test_xml_safe_values_cleans_a_whole_document_and_leaves_a_clean_one_as_it_is():
    clean = Document(title="T", sections=(Section(key="s", heading="H", blocks=(Block(kind="paragraph", text="x"),)),))
    assert xml_safe_values(clean) is clean
    dirty = Document(title="T\ufffe", sections=(Section(key="s", heading="H", blocks=(Block("paragraph", "x\x00"),)),))
    assert xml_safe_values(dirty) == Document(
        title="T\ufffd", sections=(Section(key="s", heading="H", blocks=(Block("paragraph", "x\ufffd"),)),)
    )
    data = {"segments": [["insert", "a\uffff"]], "count": 2, "label\x01": ("b",)}
    assert xml_safe_values(data) == {"segments": [["insert", "a\ufffd"]], "count": 2, "label\ufffd": ("b",)}
