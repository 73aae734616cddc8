"""How a moment is written on every page and in every message: one format, in the time zone of the
settings (TIME_ZONE), with the zone named, so a delegate in another time zone reads it right."""

from datetime import datetime

from django.utils import dateformat, timezone

# "3 December 2026, 14:05 CET"
MOMENT_FORMAT = "j F Y, H:i T"


def moment(value: datetime | None) -> str:
    """`value` as the pages write it; nothing for no value."""
    if value is None:
        return ""
    return dateformat.format(timezone.localtime(value), MOMENT_FORMAT)
