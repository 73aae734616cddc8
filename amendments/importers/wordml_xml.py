"""WordprocessingML names, and the small readers of XML shared by the .docx modules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: An lxml element (lxml keeps its element class private, so it is named here).
Element = Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def w(name: str) -> str:
    """The main namespace's qualified name of a tag or attribute."""
    return f"{{{W}}}{name}"


P, R, T, DEL_TEXT, TAB, PTAB, BR, CR = map(w, ("p", "r", "t", "delText", "tab", "ptab", "br", "cr"))
PPR, RPR, PSTYLE, NUMPR, NUMID, ILVL = map(w, ("pPr", "rPr", "pStyle", "numPr", "numId", "ilvl"))
INS, DEL, MOVE_FROM, MOVE_TO = map(w, ("ins", "del", "moveFrom", "moveTo"))
RPR_CHANGE, PPR_CHANGE = w("rPrChange"), w("pPrChange")
TBL, TR, TC, TRPR = map(w, ("tbl", "tr", "tc", "trPr"))
SDT, SDT_CONTENT, CUSTOM_XML, SMART_TAG = map(w, ("sdt", "sdtContent", "customXml", "smartTag"))
HYPERLINK, FLD_SIMPLE, DIR, BDO = map(w, ("hyperlink", "fldSimple", "dir", "bdo"))
FLD_CHAR, NO_BREAK_HYPHEN = w("fldChar"), w("noBreakHyphen")
RUBY, RUBY_BASE = w("ruby"), w("rubyBase")
COMMENT_START, COMMENT_END, COMMENT_REF = w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")
FOOTNOTE_REF = w("footnoteReference")
VAL, ID, AUTHOR, DATE, INITIALS, TYPE = map(w, ("val", "id", "author", "date", "initials", "type"))
FLD_CHAR_TYPE = w("fldCharType")
MC_ALTERNATE, MC_FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Fallback"
MATH_PARA, MATH_OMATH, MATH_T = f"{{{MATH}}}oMathPara", f"{{{MATH}}}oMath", f"{{{MATH}}}t"
PARA_ID, PARA_ID_15, PARA_ID_PARENT = f"{{{W14}}}paraId", f"{{{W15}}}paraId", f"{{{W15}}}paraIdParent"

#: Containers whose children are read as if they stood in the container's place.
INLINE_WRAPPERS = {HYPERLINK, SMART_TAG, FLD_SIMPLE, CUSTOM_XML, DIR, BDO}
STRICT_MESSAGE = "This .docx is saved as Strict Open XML: save it as a Word Document (.docx) and upload it again."


def fallback(alternate: Element) -> Element | None:
    """mc:AlternateContent: a reader that knows only the main namespace must take the Fallback."""
    return alternate.find(MC_FALLBACK)


def paragraph_props(ppr: Element | None) -> tuple[str, str | None, str | None]:
    if ppr is None:
        return ("", None, None)
    style = ppr.find(PSTYLE)
    numpr = ppr.find(NUMPR)
    num_id = ilvl = None
    if numpr is not None:
        num_el, ilvl_el = numpr.find(NUMID), numpr.find(ILVL)
        num_id = num_el.get(VAL) if num_el is not None else None
        ilvl = ilvl_el.get(VAL) if ilvl_el is not None else None
    return (style.get(VAL, "") if style is not None else "", num_id, ilvl)


def unwrap(parent: Element, wanted: str) -> Iterator[Element]:
    """Children of one kind, looking through the content controls and custom XML that may wrap them."""
    for child in parent:
        if child.tag == wanted:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from unwrap(content, wanted)
        elif child.tag == CUSTOM_XML:
            yield from unwrap(child, wanted)
