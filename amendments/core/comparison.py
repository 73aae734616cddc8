"""Two snapshots of the draft as one whole-report redline, aligned by paragraph id.

A paragraph keeps its id through every revision (renumbering and edits do not change it), so
rows are matched by id, never guessed from their words. No Django imports.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from amendments.core import textdiff
from amendments.core.document import display_text

__all__ = ["Row", "compare_snapshots"]

_Snapshot = Mapping[str, Any]  # a revision's stored JSON (Document.to_json)
_JsonRow = Mapping[str, Any]


@dataclass
class Row:
    change: str  # "same", "changed", "inserted", "deleted"
    kind: str  # paragraph, item, quote, footnote
    old_number: str
    new_number: str
    segments: list[textdiff.Segment]
    label: str = ""  # a deleted numbered paragraph: how it was named ("Recommendation 6"), for "[… deleted]"

    @property
    def renumbered(self) -> bool:
        return self.change in ("same", "changed") and self.old_number != self.new_number


def _rows(section: _Snapshot) -> Iterator[_JsonRow]:
    for paragraph in section["paragraphs"]:
        yield paragraph
        for item in paragraph.get("items", []):
            yield item
            yield from ({**note, "kind": "footnote"} for note in item.get("footnotes", []))
        yield from ({**note, "kind": "footnote"} for note in paragraph.get("footnotes", []))


def _text(row: _JsonRow) -> str:
    return display_text(row) if row.get("kind") != "footnote" else row["text"]


def _deleted(row: _JsonRow, name: str) -> Row:
    """A row gone from the newer state; a numbered paragraph keeps its name, so its number stays
    readable where it stood."""
    number = row.get("number", "")
    label = f"{name} {number}" if number and row.get("kind", "paragraph") == "paragraph" else ""
    return Row("deleted", row.get("kind", ""), number, "", textdiff.diff(_text(row), ""), label)


def _paragraph_name(section: _Snapshot) -> str:
    return section.get("paragraph_name") or section["heading"]


def compare_snapshots(old: _Snapshot, new: _Snapshot) -> list[tuple[str, list[Row]]]:
    """[(heading, [Row, …]), …] in the new draft's order; deleted rows stay where they stood."""
    old_sections = {s["key"]: list(_rows(s)) for s in old["sections"]}
    old_names = {s["key"]: _paragraph_name(s) for s in old["sections"]}
    new_ids = {row["id"] for s in new["sections"] for row in _rows(s)}
    old_by_id = {row["id"]: row for rows in old_sections.values() for row in rows}
    result: list[tuple[str, list[Row]]] = []
    for section in new["sections"]:
        # Rows gone from the new draft, keyed by the id of the row they followed (None: at the top).
        gone_after: dict[Any, list[_JsonRow]] = {}
        previous = None
        for row in old_sections.get(section["key"], []):
            if row["id"] in new_ids:
                previous = row["id"]
            else:
                gone_after.setdefault(previous, []).append(row)
        name = old_names.get(section["key"], _paragraph_name(section))
        rows = [_deleted(row, name) for row in gone_after.pop(None, [])]
        for row in _rows(section):
            before = old_by_id.get(row["id"])
            if before is None:
                rows.append(
                    Row("inserted", row.get("kind", ""), "", row.get("number", ""), textdiff.diff("", _text(row)))
                )
            else:
                segments = textdiff.diff(_text(before), _text(row))
                change = "same" if all(op == textdiff.EQUAL for op, _ in segments) else "changed"
                rows.append(Row(change, row.get("kind", ""), before.get("number", ""), row.get("number", ""), segments))
            rows.extend(_deleted(gone, name) for gone in gone_after.pop(row["id"], []))
        rows.extend(_deleted(gone, name) for leftover in gone_after.values() for gone in leftover)
        result.append((section["heading"], rows))
    return result
