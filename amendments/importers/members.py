"""The members' list the secretariat keeps, read into rows: delegation, stakeholder group, role, name, e-mail.

No Django here. A list comes as CSV (UTF-8, with or without a BOM, commas or semicolons) or as an
.xlsx workbook (its first sheet). The header row is matched leniently (case, spaces, the usual
synonyms), and so are the stakeholder groups and roles. Nothing is dropped silently: every row that
cannot be used gets a message with its row number (as a spreadsheet numbers it, the header being 1),
and the caller creates nothing while any row is wrong.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from amendments.importers import uploads

__all__ = [
    "GROUPS",
    "MemberList",
    "MemberRow",
    "ROLES",
    "read_members",
    "read_rows",
]

#: The stakeholder groups a delegation may belong to: value → label (Participant.StakeholderGroup,
#: less the Chair's "bureau", which no delegation is in).
GROUPS: dict[str, str] = {
    "member-state": "Member State",
    "private-sector": "Private sector",
    "civil-society": "Civil society",
    "technical": "Technical community",
    "academic": "Academic community",
    "international-org": "Intergovernmental or international organisation",
}
ROLES: dict[str, str] = {"member": "Member", "observer": "Observer"}

# Header → field, after `_key` (lower case, letters and digits only).
_HEADERS = {
    "delegation": "delegation",
    "participant": "delegation",
    "country": "delegation",
    "stakeholdergroup": "group",
    "group": "group",
    "stakeholder": "group",
    "role": "role",
    "name": "name",
    "person": "name",
    "personsname": "name",
    "fullname": "name",
    "email": "email",
    "emailaddress": "email",
    "mail": "email",
}
_REQUIRED = ("delegation", "group", "name", "email")

# Lenient spellings of the groups, after `_key`, beside each value and label.
_GROUP_SYNONYMS = {
    "state": "member-state",
    "memberstates": "member-state",
    "government": "member-state",
    "privatesector": "private-sector",
    "business": "private-sector",
    "civilsociety": "civil-society",
    "technicalcommunity": "technical",
    "academia": "academic",
    "academiccommunity": "academic",
    "intergovernmentalorganisation": "international-org",
    "intergovernmentalorganization": "international-org",
    "internationalorganisation": "international-org",
    "internationalorganization": "international-org",
    "intergovernmentalorinternationalorganization": "international-org",
    "igo": "international-org",
}

# Enough to catch a typo or a name in the wrong column; the invitation itself is the real test.
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$")

NO_HEADER = "The first row must name the columns: Delegation, Stakeholder group, Role, Name, E-mail."
NOT_A_LIST = "Not a members' list: upload a CSV file (UTF-8) or an Excel .xlsx workbook."


@dataclass(frozen=True)
class MemberRow:
    """One person of the list. `row` is its number in the file (the header is row 1)."""

    row: int
    delegation: str
    group: str  # a key of GROUPS
    role: str  # a key of ROLES
    name: str
    email: str  # lower-cased


@dataclass(frozen=True)
class MemberList:
    """What a file holds: the rows that can be used, and one message per row that cannot."""

    rows: tuple[MemberRow, ...]
    errors: tuple[str, ...]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _group(text: str) -> str | None:
    key = _key(text)
    for value, label in GROUPS.items():
        if key in (_key(value), _key(label)):
            return value
    return _GROUP_SYNONYMS.get(key)


def _role(text: str) -> str | None:
    key = _key(text)
    if not key:
        return "member"  # the list usually says nothing for a member
    for value, label in ROLES.items():
        if key in (_key(value), _key(label)):
            return value
    return None


def _columns(header: Sequence[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        field = _HEADERS.get(_key(title))
        if field is not None and field not in columns:
            columns[field] = index
    missing = [field for field in _REQUIRED if field not in columns]
    if missing:
        raise uploads.UploadError(f"{NO_HEADER} Missing: {', '.join(missing)}.")
    return columns


def read_rows(table: Iterable[Sequence[object]]) -> MemberList:
    """The people of a table whose first non-empty row is the header; empty rows are skipped."""
    rows: list[MemberRow] = []
    errors: list[str] = []
    columns: dict[str, int] | None = None
    seen: dict[str, int] = {}
    for number, raw in enumerate(table, start=1):
        cells = ["" if cell is None else str(cell).strip() for cell in raw]
        if not any(cells):
            continue
        if columns is None:
            columns = _columns(cells)
            continue

        row, problems = _row(number, dict(_cells(cells, columns)), seen)
        if problems:
            errors.extend(f"Row {number}: {problem}" for problem in problems)
        elif row is not None:
            seen[row.email] = number
            rows.append(row)
    if columns is None:
        raise uploads.UploadError(uploads.EMPTY)
    return MemberList(tuple(rows), tuple(errors))


def _cells(cells: list[str], columns: dict[str, int]) -> Iterable[tuple[str, str]]:
    for field in ("delegation", "group", "role", "name", "email"):
        index = columns.get(field)
        yield field, cells[index] if index is not None and index < len(cells) else ""


def _row(number: int, values: dict[str, str], seen: dict[str, int]) -> tuple[MemberRow | None, list[str]]:
    """The person of one row, or what is wrong with it."""
    cell = values.__getitem__
    problems = []
    delegation, name = " ".join(cell("delegation").split()), " ".join(cell("name").split())
    email = cell("email").lower()
    group, role = _group(cell("group")), _role(cell("role"))
    if not delegation:
        problems.append("no delegation.")
    if not name:
        problems.append("no name.")
    if group is None:
        shown = cell("group") or "(empty)"
        problems.append(f"unknown stakeholder group {shown!r} (one of: {', '.join(GROUPS.values())}).")
    if role is None:
        problems.append(f"unknown role {cell('role')!r} (Member or Observer).")
    if not email:
        problems.append("no e-mail address.")
    elif not _EMAIL.match(email):
        problems.append(f"{cell('email')!r} is not an e-mail address.")
    elif email in seen:
        problems.append(f"{email} is already on row {seen[email]}.")
    if problems or group is None or role is None:
        return None, problems
    return MemberRow(number, delegation, group, role, name, email), []


def _csv_table(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_table(data: bytes) -> list[tuple[object, ...]]:
    from openpyxl import load_workbook  # only a spreadsheet needs it

    uploads.open_docx(data).close()  # the zip checks of every upload: size, parts, ratio, encryption
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises anything from KeyError to its own InvalidFileException
        raise uploads.UploadError(uploads.DAMAGED) from None
    try:
        sheet = workbook.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_members(data: bytes, filename: str = "") -> MemberList:
    """The people of an uploaded list (CSV or .xlsx, told apart by the content, not the name)."""
    uploads.check_size(len(data))
    if not data.strip():
        raise uploads.UploadError(uploads.EMPTY)
    if data[:4] == uploads.ZIP_MAGIC:
        return read_rows(_xlsx_table(data))
    if data[:8] == uploads.OLE_MAGIC:
        raise uploads.UploadError("This is an old Excel .xls file: save it as .xlsx or CSV and upload it again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise uploads.UploadError(NOT_A_LIST) from None
    if "\x00" in text:
        raise uploads.UploadError(NOT_A_LIST)
    return read_rows(_csv_table(text.replace("\r\n", "\n").replace("\r", "\n")))
