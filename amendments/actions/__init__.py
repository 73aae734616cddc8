"""The only writes: one module per noun, each function owning its transaction, row locks, stale-version
check and history reason."""

from amendments.actions import amendments, decisions, draft, imports, revisions

__all__ = ["amendments", "decisions", "draft", "imports", "revisions"]
