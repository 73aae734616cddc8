"""What the import and export commands share: reading an input safely, writing an output atomically."""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import CommandError

from amendments import uploads
from amendments.models import Report


def refuse(message):
    """Exit with status 2 and one line saying what is wrong."""
    return CommandError(message, returncode=2)


def read_upload(path):
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


def the_report(report_id=None):
    queryset = Report.objects.order_by("-created", "-id")
    report = queryset.filter(pk=report_id).first() if report_id else queryset.first()
    if report is None:
        raise refuse("No such report: load one first (python manage.py load_wgec).")
    return report


def write_output(target, content):
    """Write bytes or text to a file (atomically) or, for "-", to standard output."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    if not path.parent.is_dir():
        raise refuse(f"{path.parent} is not a folder.")
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".export-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as error:
        if os.path.exists(temp):
            os.unlink(temp)
        raise refuse(f"{path}: {error.strerror}.") from None
