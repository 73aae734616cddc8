"""Stop reading an upload as soon as it is over the limit, before it reaches any view.

Django parses a multipart body as soon as anything reads request.POST (the CSRF check does), and
writes large files to disk. This handler, first in FILE_UPLOAD_HANDLERS, refuses a body whose
declared length is far over the limit without reading it, and stops a file that grows past the
limit; the view then tells the user why (request.upload_refused).
"""

from __future__ import annotations

from typing import IO, Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from amendments.importers import uploads

# Room for the form's other fields and the multipart boundaries around a file of the maximum size.
OVERHEAD = 256 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, Any],  # noqa: N803 (Django's name)
        content_length: int,
        boundary: bytes,  # type: ignore[override]  # the stub says str; Django passes it as bytes
        encoding: str | None = None,
    ) -> None:
        self.received = 0
        if content_length and content_length > uploads.MAX_UPLOAD_BYTES + OVERHEAD:
            self._refuse(content_length)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = start + len(raw_data)
        if self.received > uploads.MAX_UPLOAD_BYTES:
            self._refuse(self.received)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers store the file

    def _refuse(self, size: int) -> None:
        try:
            uploads.check_size(size)
        except uploads.UploadError as error:
            if self.request is not None:  # Django builds its upload handlers with the request
                setattr(self.request, "upload_refused", str(error))  # noqa: B010 (HttpRequest declares no such field)
        # Stop here and read no more of the body; the response says why.
        raise StopUpload(connection_reset=True)
