"""The writes of the app, one module per noun: draft (the secretariat's edits of the text), brackets,
amendments, compromises (the Chair's proposals), positions, comments, decisions, revisions, identity
(the original kept, the masthead and the revisions' labels corrected), imports, reports (a new
report from a document), staff (a working group's staff roles, a new working group), notices (what
users are told, in the app and by e-mail); `locking`
holds the lock order.

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
deadline, comments and positions have no version: the last write wins (a position records the
amendment's version it was given on, and refuses one newer than the page showed).
Refusals are the exceptions of `errors`, re-exported by the module that raises them.

Lock order. Every write that locks rows takes them in this order, each kind in id order:

    import → report → paragraphs (by id) → amendments (by id) → participants

(a section or a comment is locked only by a write that locks nothing else; a position is
guarded by the lock on its amendment). A write waits for another, but two writes never wait for
each other: no deadlock. Each lock names exactly its rows (`select_for_update(of=("self",))`,
through `locking`): a join made to read a paragraph's section or an amendment's delegation locks
nothing more.
- `issue_revision`: the report; every paragraph of the report; then, in one statement, its
  accepted amendments not yet consolidated and its pending ones. `revision_plans.plan_revision`
  (its preview) takes the same, and rolls the issue back.
- `propose`: the paragraph, then inserts the amendment. `revise` and `submit`: the amendment's
  paragraph (a revision rebases onto its text; a submission settles the number of a new
  paragraph against those submitted before it), then the amendment. `withdraw`, `take_over` and
  `set_position`: the amendment.
- `compromises.propose_compromise`: the report, the paragraph, then the amendments the Chair's
  proposal supersedes; inserts the proposal. `withdraw` of a Chair's proposal: it and the
  amendments it supersedes, in one statement, in id order.
- `holds.hold_for_issue`: the report's hold row (update_or_create), in a transaction of its own
  before the preview takes its locks; the writes it holds back read it once they hold their rows.
- `identity.edit_identity`: the report (its revisions' labels are guarded by that lock).
- `decide`: the selected amendments, with those a selected Chair's proposal supersedes (their
  paragraphs and delegations are read, not locked).
- `staff.give_role`, `remove_role`: the working group, then the user whose roles change (they
  lock nothing of a report).
- `submissions.set_status`: the submission (it locks nothing else).
- the draft's edits: the paragraph (an insertion: the paragraph it follows), the section or the
  report; `brackets`: the paragraph (its `Alternative` rows are guarded by that lock); `edit_comment`, `delete_comment`, `submit_comment`: the comment.
- `imports.confirm`: the import, then every paragraph of its plan, then what `propose` locks.
- `members.apply_members`: the working group (which serialises two imports of its members), then
  each delegation it changes, then each user it changes; `members.deactivate`/`reactivate`: the user.
No other write locks a participant; one that must, locks it last. `reports.create_report` only
inserts: it locks nothing.
Row locks are FOR NO KEY UPDATE: a new row that refers to a locked one (a comment on an
amendment being decided) does not wait for it. The history of a write is dated after its locks
are taken, so it reads in the order the writes were committed.

The writes that lock several rows (`propose`, `revise`, `submit`, `decide`, `issue_revision`,
`imports.confirm`) are retried (`locking.retry_on_conflict`) when PostgreSQL aborts them anyway
(deadlock detected, serialization failure): a few times, with a short random pause, and only
when they own their transaction.
"""

from amendments.actions import (
    amendments,
    brackets,
    comments,
    compromises,
    decisions,
    draft,
    errors,
    history,
    holds,
    identity,
    imports,
    locking,
    members,
    positions,
    reports,
    revision_plans,
    revisions,
    screens,
    staff,
    submissions,
)

__all__ = [
    "amendments",
    "brackets",
    "comments",
    "compromises",
    "decisions",
    "draft",
    "errors",
    "history",
    "holds",
    "identity",
    "imports",
    "locking",
    "members",
    "positions",
    "reports",
    "revision_plans",
    "revisions",
    "screens",
    "staff",
    "submissions",
]
