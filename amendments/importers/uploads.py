"""Upload safety: decide what an uploaded file is and refuse hostile or broken ones before any parsing.

No Django here. Every refusal is an `UploadError` whose message is one sentence meant for the member who
uploaded the file. The checks run cheapest first: the size (from the length alone), then the magic bytes,
then the zip's central directory (declared sizes, never decompressing to find out), and only then the
parts themselves, read through a bounded reader and parsed by an XML parser that loads no DTD, resolves no
entity and touches no network.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
import zlib

from lxml import etree

from amendments.core.texts import check_characters

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the documented upload limit
MAX_MEMBERS = 1000  # parts in the zip; a long report with images has a few dozen
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # all parts together, as declared, and any one part as actually read
MAX_RATIO = 100  # uncompressed / compressed, per part; Word's own parts stay well under 40
RATIO_FLOOR = 1024 * 1024  # parts smaller than this may compress as well as they like: they cannot hurt

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: legacy .doc, or a password-protected .docx
UTF8_BOM = b"\xef\xbb\xbf"
PDF_MAGIC = b"%PDF-"
CHUNK = 64 * 1024

DAMAGED = "The file is damaged or incomplete; save it again in Word and upload it again."
NOT_DOCX = "Not a .docx file nor UTF-8 text."
ENCRYPTED = "This file is password-protected: remove the password in Word and upload it again."
LEGACY_DOC = "This is an old Word .doc file: open it in Word, save it as .docx and upload it again."
RTF = "This is an RTF file: open it in Word, save it as .docx and upload it again."
EMPTY = "The file is empty."
DTD = "The file contains XML features Word never writes (a DTD); it is refused."
TOO_MANY_PARTS = "The file has more than {limit} parts, far more than a Word document has; it is refused."
TOO_BIG_UNPACKED = "The file unpacks to more than {limit} MB, far more than a Word document does; it is refused."
TOO_COMPRESSED = "The file is compressed far more tightly than a Word document ever is; it is refused."

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ROOT_TAG = re.compile(rb"<[^!?]")  # the first tag that is not a comment, PI or DOCTYPE


class UploadError(ValueError):
    """A refused upload; str(error) is one clear sentence for the user."""


def _megabytes(size: int) -> str:
    """Size in MB rounded up to one decimal, so 10 MB + 1 byte reads "10.1", not "10.0"."""
    value = math.ceil(size * 10 / (1024 * 1024)) / 10
    return f"{value:g}"


def check_size(size: int) -> None:
    """Refuse an upload by its length alone; call it with the request's declared size before reading."""
    if size > MAX_UPLOAD_BYTES:
        raise UploadError(f"The file is {_megabytes(size)} MB; the limit is {_megabytes(MAX_UPLOAD_BYTES)} MB.")


def sniff(data: bytes, filename: str = "") -> str:
    """Return "docx", "pdf" or "text" from the content; the filename is never trusted and only kept for the caller."""
    check_size(len(data))  # before anything is read
    if not data:
        raise UploadError(EMPTY)
    if data[:4] == ZIP_MAGIC:
        names = set(_central_directory(data))
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            return "docx"
        raise UploadError(NOT_DOCX)  # another zip: .odt, .xlsx, an archive…
    if data[:8] == OLE_MAGIC:
        raise UploadError(_ole_message(data))
    if data[:5] == b"{\\rtf":
        raise UploadError(RTF)
    if data.lstrip(UTF8_BOM + b" \t\r\n")[:5] == PDF_MAGIC:
        return "pdf"  # read by importers.pdf, which refuses a file that merely starts like one
    text = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    if b"\x00" in text:
        raise UploadError(NOT_DOCX)
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadError(NOT_DOCX) from None
    return "text"


def read_text(data: bytes) -> str:
    """The text of an upload `sniff` called "text", without its BOM."""
    return check_characters(data.decode("utf-8-sig"), what="The file", error=UploadError, also_allowed="\f")


def _ole_message(data: bytes) -> str:
    """Tell an encrypted .docx (OLE holding EncryptedPackage) from a legacy .doc (OLE holding WordDocument).

    The stream names sit in the compound file's directory as UTF-16LE; looking for them is enough to choose
    the message, and cheaper and safer than parsing the compound file.
    """
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return ENCRYPTED
    if "WordDocument".encode("utf-16-le") in data:
        return LEGACY_DOC
    return NOT_DOCX


def _central_directory(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise UploadError(DAMAGED) from None


def open_docx(data: bytes) -> zipfile.ZipFile:
    """Open an uploaded .docx after checking its central directory; nothing is decompressed here.

    Refuses too many parts, a declared total past MAX_UNCOMPRESSED, and any sizeable part compressed past
    MAX_RATIO (a zip bomb), all from the ZipInfo headers. Headers can lie, so `read_part` caps the real read too.
    """
    check_size(len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise UploadError(DAMAGED) from None
    try:
        _check_directory(archive.infolist())
    except UploadError:
        archive.close()
        raise
    return archive


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise UploadError(TOO_MANY_PARTS.format(limit=MAX_MEMBERS))
    if len({info.filename for info in infos}) != len(infos):
        raise UploadError(DAMAGED)  # two parts of one name: which one is meant is anyone's guess
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED:
        raise UploadError(TOO_BIG_UNPACKED.format(limit=_megabytes(MAX_UNCOMPRESSED)))
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UploadError(TOO_COMPRESSED)
        if info.flag_bits & 0x1:
            raise UploadError(ENCRYPTED)  # zip-level encryption: not Word's, but a password all the same


def read_part(archive: zipfile.ZipFile, name: str, limit: int = MAX_UNCOMPRESSED) -> bytes | None:
    """A part's bytes, or None when absent; stops and refuses as soon as more than `limit` bytes come out.

    zipfile also stops at the declared size and checks the CRC at the end, so a lying header ends here as
    "damaged" instead of as a full decompression.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    chunks, total = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise UploadError(TOO_BIG_UNPACKED.format(limit=_megabytes(limit)))
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise UploadError(DAMAGED) from None
    return b"".join(chunks)


def _parser() -> etree.XMLParser:
    # A fresh parser per document: lxml parsers keep state and are not safe to share across threads.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False, huge_tree=False
    )


def parse_xml(data: bytes) -> etree._Element:
    """Parse one XML part safely; any DOCTYPE is refused, whether seen in the bytes or by the parser."""
    first_tag = _ROOT_TAG.search(data)  # a DOCTYPE can only come before the root element
    if _DOCTYPE.search(data, 0, first_tag.start() if first_tag else len(data)):
        raise UploadError(DTD)
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError):
        raise UploadError(DAMAGED) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UploadError(DTD)  # e.g. a UTF-16 part, whose DOCTYPE the byte scan cannot see
    return root
