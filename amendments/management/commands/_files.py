"""What the import and export commands share: reading an input safely, writing an output atomically."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import CommandError

from amendments.core.texts import parse_id
from amendments.importers import uploads
from amendments.models import Report


def refuse(message: str) -> CommandError:
    """Exit with status 2 and one line saying what is wrong."""
    return CommandError(message, returncode=2)


def read_upload(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, refused by its size before it is read."""
    source = Path(path)
    try:
        uploads.check_size(source.stat().st_size)
        return source.read_bytes()
    except FileNotFoundError:
        raise refuse(f"{path}: no such file.") from None
    except uploads.UploadError as error:
        raise refuse(f"{path}: {error}") from None
    except OSError as error:
        raise refuse(f"{path}: {error.strerror}.") from None


def the_report(report_id: int | str | None = None) -> Report:
    """The report asked for, or the draft being negotiated (`Report.objects.current()`)."""
    if report_id is None:
        report = Report.objects.current()
        if report is None:
            raise refuse("No report is loaded; run `python manage.py load_wgec` first.")
        return report
    number = parse_id(report_id)
    report = Report.objects.filter(pk=number).first() if number is not None else None
    if report is None:
        raise refuse(f"There is no report with id {report_id!r}.")
    return report


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write bytes to `path` through a temporary file in the same folder, renamed over it at the end,
    so a failed export never leaves half a file behind."""
    path, tmp = Path(path), None
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False) as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp.name, mode)  # NamedTemporaryFile creates 0600: give the file the usual permissions
        os.replace(tmp.name, path)
    except OSError as exc:
        raise refuse(f"Cannot write {path}: {exc.strerror or exc}.") from None
    finally:
        if tmp is not None and os.path.exists(tmp.name):  # gone after a successful rename
            os.unlink(tmp.name)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_output(target: str | os.PathLike[str], content: bytes | str) -> None:
    """Write bytes or text to a file (atomically) or, for "-", to standard output."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomically(target, data)
