"""The text of an uploaded PDF, for the same splitting and alignment as a text copied out of one.

Members send their revised texts as PDFs. pypdf reads the text layer page by page in layout mode
(which keeps the indentation that tells a hanging paragraph number from the margin, as
``pdftotext -layout`` does); pages are joined with a form feed, as pdftotext joins them, so the
splitting sees where each page ends. No Django here; every refusal is an ``UploadError``.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from amendments.importers.uploads import UploadError

__all__ = ["NO_TEXT", "NOT_PDF", "ENCRYPTED_PDF", "MAX_PAGES", "extract_text"]

MAX_PAGES = 500  # a report runs to a few dozen pages
NOT_PDF = (
    "The file starts as a PDF does but is not a readable PDF; save it again as PDF, or upload it as .docx or text."
)
NO_TEXT = (
    "This PDF has no text to read: it is probably a scan. Upload the document it was made from (.docx or "
    "text), or a PDF saved from it."
)
ENCRYPTED_PDF = "This PDF is password-protected: remove the password and upload it again."
TOO_MANY_PAGES = "The PDF has more than {limit} pages, far more than a report has; it is refused."
# Fewer letters than this on every page: no text layer, only images of the pages.
MIN_LETTERS = 20


def extract_text(data: bytes) -> str:
    """The PDF's text, page after page, separated by form feeds; refuses what cannot be read."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not the user's concern
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadError(ENCRYPTED_PDF)
        if len(reader.pages) > MAX_PAGES:
            raise UploadError(TOO_MANY_PAGES.format(limit=MAX_PAGES))
        pages = [_page_text(page) for page in reader.pages]
    except UploadError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise UploadError(NOT_PDF) from None
    if sum(ch.isalpha() for page in pages for ch in page) < MIN_LETTERS:
        raise UploadError(NO_TEXT)
    return "\n\f".join(pages)


def _page_text(page: object) -> str:
    text = page.extract_text(extraction_mode="layout")  # type: ignore[attr-defined]
    return _logical_arabic(text.replace("\f", "\n"))


_ARABIC_RUN_RE = re.compile(r"[\u0600-\u06ff]+(?:[ \u00a0]+[\u0600-\u06ff]+)*")
_ARABIC_WORD_RE = re.compile(r"[\u0600-\u06ff]{2,}")


def _logical_arabic(text: str) -> str:
    """Arabic in reading order. pypdf gives the glyphs as they stand on the page, right to left read
    left to right; the definite article tells which: in reading order words start with "ال", on the
    page they end with "لا"."""
    words = _ARABIC_WORD_RE.findall(text)
    if sum(w.endswith("لا") for w in words) <= sum(w.startswith("ال") for w in words):
        return text
    return _ARABIC_RUN_RE.sub(lambda m: m.group(0)[::-1], text)
