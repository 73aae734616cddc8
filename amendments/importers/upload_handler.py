"""Stop keeping an upload as soon as it is over the limit, before it reaches any view.

Django parses a multipart body as soon as anything reads request.POST (the CSRF check does), and
writes large files to disk. This handler, first in FILE_UPLOAD_HANDLERS, refuses a body whose
declared length is far over the limit without parsing it, and stops a file that grows past the
limit; the 413 page then tells the user why (request.upload_refused): the upload view shows it, or
the CSRF failure view when the form's token was never parsed.

A refused body is still read to its end and thrown away, up to DRAIN_LIMIT. A server that answers
before the client has sent everything, and then closes the connection with bytes still unread,
makes the operating system reset it: the browser shows a broken connection instead of the page.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from amendments.importers import uploads

# Room for the form's other fields and the multipart boundaries around a file of the maximum size.
OVERHEAD = 256 * 1024
# Bodies up to this size are read to their end after a refusal, so that the 413 page arrives; past
# it the connection is dropped instead of spending the time (a proxy in front should cap bodies).
DRAIN_LIMIT = 256 * 1024 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, Any],  # noqa: N803 (Django's name)
        content_length: int,
        boundary: bytes,  # type: ignore[override]  # the stub says str; Django passes it as bytes
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict] | None:
        self.received = 0
        if content_length and content_length > uploads.MAX_UPLOAD_BYTES + OVERHEAD:
            self._note_refusal(content_length)
            if content_length <= DRAIN_LIMIT:
                _drain(input_data)
            # Parsed as empty: no field, no file, no CSRF token; the CSRF failure view shows the 413 page.
            return QueryDict(), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = start + len(raw_data)
        if self.received > uploads.MAX_UPLOAD_BYTES:
            self._refuse(self.received)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers store the file

    def _note_refusal(self, size: int) -> None:
        try:
            uploads.check_size(size)
        except uploads.UploadError as error:
            if self.request is not None:  # Django builds its upload handlers with the request
                setattr(self.request, "upload_refused", str(error))  # noqa: B010 (HttpRequest declares no such field)

    def _refuse(self, size: int) -> None:
        self._note_refusal(size)
        # Keep nothing more of the file. The rest of the body (at most OVERHEAD past the limit, or the
        # declared length would have been refused above) is read and dropped by Django's parser.
        raise StopUpload(connection_reset=False)


def _drain(input_data: IO[bytes]) -> None:
    """Read the body to its end, keeping nothing; the request's stream stops at its Content-Length."""
    while input_data.read(64 * 1024):
        pass
