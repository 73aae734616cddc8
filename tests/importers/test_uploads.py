"""Hostile and broken uploads are refused before any parsing, each with one clear sentence for the member.

Every hostile file is built here, small and fast; the real .docx files come from tests/data/docx.
"""

import io
import struct
import zipfile

import pytest

from amendments.importers import uploads, wordml
from amendments.importers.uploads import UploadError
from tests.helpers import DATA

DOCX = DATA / "docx"
DAMAGED = "The file is damaged or incomplete; save it again in Word and upload it again."
NOT_DOCX = "Not a .docx file nor UTF-8 text."
DTD = "The file contains XML features Word never writes (a DTD); it is refused."
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
    "<w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>"
).encode()
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx(parts: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx; `parts` replace or add members."""
    members = {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": DOCUMENT, **(parts or {})}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refused(call, *args) -> str:
    with pytest.raises(UploadError) as caught:
        call(*args)
    return str(caught.value)


def real(name: str) -> bytes:
    path = DOCX / name
    return path.read_bytes()


# ── What a file is ─────────────────────────────────────────────────────────────────────────────────────


def test_a_docx_is_known_by_its_content_not_its_name():
    assert uploads.sniff(docx(), "amendments.txt") == "docx"
    assert uploads.sniff("Paragraph 15: delete “fora”.".encode(), "proposal.docx") == "text"


def test_the_real_files_are_docx():
    assert uploads.sniff(real("comments.docx"), "comments.docx") == "docx"


def test_utf8_text_with_a_bom_is_text():
    data = "\ufeffParagraph 3 bis".encode()
    assert uploads.sniff(data, "a.txt") == "text"
    assert uploads.read_text(data) == "Paragraph 3 bis"


def test_empty_file():
    assert refused(uploads.sniff, b"", "empty.docx") == "The file is empty."


def test_invalid_utf8_text():
    assert refused(uploads.sniff, "Paragraphe modifié".encode("latin-1"), "a.txt") == NOT_DOCX


def test_text_with_nul_bytes_is_not_text():
    assert refused(uploads.sniff, "UTF-16 text".encode("utf-16"), "a.txt") == NOT_DOCX


def test_not_a_zip_at_all():
    assert refused(uploads.sniff, b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "photo.docx") == NOT_DOCX


def test_a_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    assert refused(uploads.sniff, buffer.getvalue(), "report.docx") == NOT_DOCX


def ole(*stream_names: str) -> bytes:
    """The start of an OLE compound file whose directory names these streams (enough to be told apart)."""
    header = uploads.OLE_MAGIC + bytes(504)
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\0") + bytes(64) for name in ("Root Entry", *stream_names)
    )
    return header + directory


def test_legacy_doc_is_sent_back_to_be_saved_as_docx():
    message = refused(uploads.sniff, ole("WordDocument", "1Table"), "old.doc")
    assert message == "This is an old Word .doc file: open it in Word, save it as .docx and upload it again."


def test_password_protected_docx():
    message = refused(uploads.sniff, ole("EncryptionInfo", "EncryptedPackage"), "secret.docx")
    assert message == "This file is password-protected: remove the password in Word and upload it again."


def test_rtf_is_sent_back_to_be_saved_as_docx():
    message = refused(uploads.sniff, b"{\\rtf1\\ansi Paragraph 1}", "a.docx")
    assert message == "This is an RTF file: open it in Word, save it as .docx and upload it again."


class Untouchable(bytes):
    """Bytes whose content may not be looked at: only their length."""

    def __getitem__(self, key):
        raise AssertionError("the content was read")

    def startswith(self, *args):
        raise AssertionError("the content was read")

    def __contains__(self, item):
        raise AssertionError("the content was read")


def test_oversized_upload_is_refused_from_its_length_alone():
    data = Untouchable(b"PK\x03\x04" + bytes(uploads.MAX_UPLOAD_BYTES - 3))
    assert len(data) == uploads.MAX_UPLOAD_BYTES + 1
    assert refused(uploads.sniff, data, "big.docx") == "The file is 10.1 MB; the limit is 10 MB."
    assert refused(uploads.open_docx, data) == "The file is 10.1 MB; the limit is 10 MB."


def test_size_check_works_from_a_declared_size():
    assert refused(uploads.check_size, 12 * 1024 * 1024) == "The file is 12 MB; the limit is 10 MB."
    uploads.check_size(uploads.MAX_UPLOAD_BYTES)  # the limit itself is allowed


# ── Broken and hostile zips ────────────────────────────────────────────────────────────────────────────


def test_truncated_docx_is_damaged():
    whole = real("comments.docx")
    half = whole[: len(whole) // 2]
    assert refused(uploads.sniff, half, "comments.docx") == DAMAGED
    assert refused(uploads.open_docx, half) == DAMAGED
    assert refused(wordml.read_docx, half) == DAMAGED


def test_truncated_built_docx_is_damaged():
    data = docx()
    assert refused(wordml.read_docx, data[: len(data) - 30]) == DAMAGED


def test_corrupt_member_is_damaged():
    """A flipped byte inside the compressed document: a CRC or inflate error, never a crash."""
    data = bytearray(docx({"word/document.xml": DOCUMENT * 20}))
    start = data.index(b"word/document.xml") + len(b"word/document.xml")
    for offset in range(start + 10, start + 40):
        data[offset] ^= 0xFF
    assert refused(wordml.read_docx, bytes(data)) == DAMAGED


def zip_bomb(size: int) -> bytes:
    """A docx whose word/document.xml inflates to `size` bytes of zeros, written in chunks to stay light."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb_300mb() -> bytes:
    return zip_bomb(300 * 1024 * 1024)


def test_zip_bomb_is_refused_from_its_directory_without_inflating(bomb_300mb):
    # How fast: benchmarks/bench_refusals.py.
    assert len(bomb_300mb) < 400 * 1024  # about 300 KB on disk
    message = refused(wordml.read_docx, bomb_300mb)
    assert message == "The file unpacks to more than 50 MB, far more than a Word document does; it is refused."
    assert uploads.sniff(bomb_300mb, "bomb.docx") == "docx"  # sniffing reads the directory only


def test_small_but_tightly_compressed_member_is_refused():
    bomb = zip_bomb(20 * 1024 * 1024)  # under the total limit, but a 1000:1 ratio
    message = refused(uploads.open_docx, bomb)
    assert message == "The file is compressed far more tightly than a Word document ever is; it is refused."


def test_a_lying_header_cannot_make_the_reader_inflate_more():
    """The central directory says 1 KB; the data inflates to 2 MB. The read stops and calls the file damaged."""
    data = bytearray(zip_bomb(2 * 1024 * 1024))
    name = b"word/document.xml"
    central = data.rindex(b"PK\x01\x02")  # the last central directory entry is the document's
    assert data[central + 46 : central + 46 + len(name)] == name
    extra_at = central + 46 + len(name)
    data[central + 24 : central + 28] = struct.pack("<I", 1024)  # uncompressed size (if not in zip64 extra)
    extra_len = struct.unpack("<H", data[central + 30 : central + 32])[0]
    extra = data[extra_at : extra_at + extra_len]
    if extra[:2] == b"\x01\x00":  # zip64 extra field: the real sizes live here
        data[extra_at + 4 : extra_at + 12] = struct.pack("<Q", 1024)
        data[central + 24 : central + 28] = b"\xff\xff\xff\xff"
    archive = uploads.open_docx(bytes(data))
    assert archive.getinfo("word/document.xml").file_size == 1024
    assert refused(uploads.read_part, archive, "word/document.xml") == DAMAGED


def test_bounded_reader_stops_past_its_limit():
    archive = uploads.open_docx(docx({"word/document.xml": DOCUMENT * 100}))
    message = refused(uploads.read_part, archive, "word/document.xml", 1000)
    assert message == "The file unpacks to more than 0.1 MB, far more than a Word document does; it is refused."
    assert uploads.read_part(archive, "word/missing.xml") is None


def test_too_many_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT)
        for i in range(uploads.MAX_MEMBERS):
            archive.writestr(f"customXml/item{i}.xml", b"<a/>")
    message = refused(uploads.open_docx, buffer.getvalue())
    assert message == "The file has more than 1000 parts, far more than a Word document has; it is refused."


def test_two_parts_of_the_same_name_are_damaged():
    buffer = io.BytesIO()
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT)
        archive.writestr("word/document.xml", DOCUMENT.replace(b"Hello", b"Other"))
    assert refused(uploads.open_docx, buffer.getvalue()) == DAMAGED


# ── Hostile XML ────────────────────────────────────────────────────────────────────────────────────────

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE w:document [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""


def test_billion_laughs_is_refused_before_any_entity_is_expanded():
    # How fast: benchmarks/bench_refusals.py.
    assert refused(uploads.parse_xml, BILLION_LAUGHS) == DTD
    assert refused(wordml.read_docx, docx({"word/document.xml": BILLION_LAUGHS})) == DTD


def test_external_entity_is_refused_and_the_secret_never_appears():
    message = refused(uploads.parse_xml, EXTERNAL_ENTITY)
    assert message == DTD
    assert "root:" not in message
    with pytest.raises(UploadError) as caught:
        wordml.read_docx(docx({"word/document.xml": EXTERNAL_ENTITY}))
    assert str(caught.value) == DTD
    assert "root:" not in repr(caught.value) and caught.value.__cause__ is None


def test_a_dtd_the_byte_scan_cannot_see_is_still_refused():
    """UTF-16 hides the DOCTYPE from a byte search; the parser's docinfo still reports it."""
    data = EXTERNAL_ENTITY.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode().encode("utf-16")
    assert refused(uploads.parse_xml, data) == DTD


def test_a_dtd_in_another_part_is_refused_too():
    hostile = BILLION_LAUGHS.replace(b"w:document", b"w:comments")
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"'
        b' Target="comments.xml"/></Relationships>'
    )
    data = docx({"word/_rels/document.xml.rels": rels, "word/comments.xml": hostile})
    assert refused(wordml.read_docx, data) == DTD


def test_malformed_xml_is_damaged():
    assert refused(uploads.parse_xml, b"<w:document><w:body>") == DAMAGED


def test_ordinary_xml_parses():
    root = uploads.parse_xml(DOCUMENT)
    assert root.tag == f"{{{W}}}document"
