"""The writes of the app, one module per noun: draft (the secretariat's edits of the text),
amendments, positions, comments, decisions, revisions, imports, reports (a new report from a
document).

Every write:
- owns its transaction (`transaction.atomic()`; called inside another, it joins it, which is how
  an import creates all of its amendments or none);
- locks the rows it changes or relies on (`select_for_update`) before it checks them; a new
  comment is a lone insert: one statement, nothing to lock;
- records the acting user and a reason in the history (`history.save_with_history`; a revision
  writes its many rows with simple_history's `bulk_update_with_history`, which records them too).
A write to a paragraph or an amendment also refuses a stale version: both carry a `version` that
the caller read, and a different one raises `StaleVersion` / `StaleAmendment` (decisions compare
the versions the officer saw; a revision is serialised by the lock on its report). Headings, the
deadline, comments and positions have no version: the last write wins.
Refusals are the exceptions of `errors`, re-exported by the module that raises them.

Lock order. A write that locks several kinds of row takes them report → paragraphs (with their
sections) → amendments: `issue_revision` locks the report, the report's paragraphs, its accepted
amendments, then its pending ones; `propose` locks the paragraph, then inserts the amendment.
`revise`, `submit` and `withdraw` lock an amendment together with its paragraph, and `decide` the
selected amendments with their paragraphs and delegations, each in one statement (a join), so the
order between those rows is the database's. Every other write locks one row: `set_position` the
amendment; the draft's edits the paragraph (with its section, except for the paragraph an
insertion follows), the section or the report; `edit_comment` and `delete_comment` the comment;
`imports.confirm` and `imports.cancel` the import (then confirm takes what `propose` locks). `reports.create_report` only inserts: it locks nothing.
"""

from amendments.actions import (
    amendments,
    comments,
    decisions,
    draft,
    errors,
    history,
    imports,
    positions,
    reports,
    revisions,
)

__all__ = [
    "amendments",
    "comments",
    "decisions",
    "draft",
    "errors",
    "history",
    "imports",
    "positions",
    "reports",
    "revisions",
]
