"""A Word file's paragraphs as the text of a rolling document, for `importers.compilation.read_rolling_text`.

No Django. The compilation's Word export (`exporters.proposals_docx`) prints each paragraph of the
rolling document as a Word paragraph, its footnotes as Word's own and an item's depth as its left
indent; this gives the text back in the shape the reader takes: one paragraph a line, a blank line
between, each footnote mark as its superscript digit and the footnote's text on the line after its
paragraph, a sub-bullet indented where the reader needs it. Word's numbering is not read: the
compilation prints its bullets and labels as text.
"""

from __future__ import annotations

from amendments.core.rolling_document import with_bullet_indentation
from amendments.importers.wordml import read_parts
from amendments.importers.wordml_reader import read_footnotes
from amendments.importers.wordml_xml import FOOTNOTE_REF, ID, Element, w

__all__ = ["rolling_text"]

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_STEP_TWIPS = 624  # exporters.proposals_docx.INDENT_STEP, 1.1 cm: an item's left indent is (depth + 1) steps


def _depth(paragraph: Element) -> int:
    ind = paragraph.find(f"{w('pPr')}/{w('ind')}")
    if ind is None:
        return 0
    value = ind.get(w("left")) or ind.get(w("start")) or "0"
    try:
        twips = int(float(value))
    except ValueError:
        return 0
    return max(round(twips / _STEP_TWIPS) - 1, 0)


def _paragraph(paragraph: Element, notes: dict[str, str], count: int) -> tuple[str, list[str], int]:
    """The paragraph's text with its marks, the footnote lines it calls, and the footnotes counted so far."""
    text, lines, custom = "", [], False
    for element in paragraph.iter():
        if element.tag == FOOTNOTE_REF:
            count += 1
            custom = element.get(w("customMarkFollows")) in ("1", "true")
            body = notes.get(element.get(ID) or "", "")
            if not custom:
                mark = str(count).translate(_SUPERSCRIPT)
                text += mark
                lines.append(f"{mark} {body}")
            else:
                lines.append(body)  # the note repeats its custom mark before its text
        elif element.tag == w("t"):
            piece = element.text or ""
            if custom:
                custom = False
                mark = piece.translate(_SUPERSCRIPT)
                text += mark
                lines[-1] = f"{mark} {lines[-1].removeprefix(piece).strip()}"
            else:
                text += piece
        elif element.tag == w("tab"):
            text += "\t"
    return text, lines, count


def rolling_text(data: bytes) -> str:
    """The .docx's body as rolling document text (raises uploads.UploadError on an unreadable file)."""
    root, parts = read_parts(data, ["footnotes"])
    notes = read_footnotes(parts["footnotes"])
    body = root.find(w("body"))
    lines: list[tuple[str, int]] = []
    count = 0
    for paragraph in body.iter(w("p")) if body is not None else ():
        text, note_lines, count = _paragraph(paragraph, notes, count)
        if text.strip():
            lines.append((text, _depth(paragraph)))
        lines.extend((line, 0) for line in note_lines)
    return "\n\n".join(with_bullet_indentation(lines)) + "\n"
