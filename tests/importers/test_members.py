"""Reading the members' list the secretariat keeps: CSV or .xlsx, lenient headers and groups, every bad row named."""

import pytest

from amendments.importers import uploads
from amendments.importers.members import MemberRow, read_members
from tests.helpers import as_csv, as_xlsx, members_list


def test_a_forty_person_list_reads_the_same_from_csv_and_from_xlsx():
    rows = members_list()
    from_csv = read_members(as_csv(rows), "members.csv")
    from_xlsx = read_members(as_xlsx(rows), "members.xlsx")
    assert from_csv.errors == () and from_xlsx.errors == ()
    assert len(from_csv.rows) == 40 and from_csv.rows == from_xlsx.rows
    assert len({row.delegation for row in from_csv.rows}) == 25
    assert from_csv.rows[0] == MemberRow(
        2, "Delegation 01", "member-state", "member", "Person Number1", "person1@example.org"
    )
    assert from_csv.rows[4].role == "observer"


def test_semicolons_a_bom_and_loose_headers_are_read():
    data = "\ufeffdelegation ; GROUP;role;Person;Email\nJapan;member state;;Aiko Tanaka;Aiko@Example.ORG\n"
    [row] = read_members(data.encode(), "list.csv").rows
    assert row == MemberRow(2, "Japan", "member-state", "member", "Aiko Tanaka", "aiko@example.org")


@pytest.mark.parametrize(
    ("spelling", "value"),
    [
        ("Member State", "member-state"),
        ("civil society", "civil-society"),
        ("Private-sector", "private-sector"),
        ("Technical community", "technical"),
        ("Academic Community", "academic"),
        ("Intergovernmental or international organisation", "international-org"),
        ("international-org", "international-org"),
    ],
)
def test_stakeholder_groups_are_matched_by_label_or_value_leniently(spelling, value):
    data = as_csv([["Delegation", "Group", "Role", "Name", "E-mail"], ["X", spelling, "member", "A B", "a@b.org"]])
    assert read_members(data).rows[0].group == value


def test_every_bad_row_is_named_with_its_number_and_none_is_dropped():
    rows = [
        ["Delegation", "Stakeholder group", "Role", "Name", "E-mail"],
        ["Japan", "Member State", "Member", "Aiko Tanaka", "aiko@example.org"],
        ["Mars", "Martians", "Member", "Zork", "zork@example.org"],
        ["Chile", "Member State", "Member", "Ana Soto", ""],
        ["Peru", "Member State", "Member", "Luis Paz", "luis-at-example.org"],
        ["Japan", "Member State", "Member", "Kenji Sato", "AIKO@example.org"],
        ["Kenya", "Member State", "Boss", "Wanjiru Kamau", "w@example.org"],
    ]
    read = read_members(as_csv(rows))
    assert [row.email for row in read.rows] == ["aiko@example.org"]
    assert read.errors == (
        "Row 3: unknown stakeholder group 'Martians' (one of: Member State, Private sector, Civil society, "
        "Technical community, Academic community, Intergovernmental or international organisation).",
        "Row 4: no e-mail address.",
        "Row 5: 'luis-at-example.org' is not an e-mail address.",
        "Row 6: aiko@example.org is already on row 2.",
        "Row 7: unknown role 'Boss' (Member or Observer).",
    )


def test_a_file_without_the_columns_or_not_a_list_is_refused_in_one_sentence():
    with pytest.raises(uploads.UploadError, match="Missing: group, email"):
        read_members(b"Delegation,Name\nJapan,Aiko\n")
    with pytest.raises(uploads.UploadError, match="not a members' list|Not a members' list"):
        read_members(b"\xff\xfe\x00garbage")
    with pytest.raises(uploads.UploadError, match="empty"):
        read_members(b"  \n")
    with pytest.raises(uploads.UploadError, match="damaged"):
        read_members(b"PK\x03\x04broken zip")
