"""From members' documents to draft amendments: plan first (aligned, for review), then confirm.

Two kinds of document:
- a revised text of the report or part of it (.txt, .md or a clean .docx): its paragraphs are
  aligned with the draft, and each changed paragraph becomes one draft amendment of a delegation;
- a .docx with tracked changes and comments: each Word author's changes become the amendments of
  the delegation the author is mapped to, and comments become comments on their paragraphs.

Planning reads and aligns but writes nothing except the Import row that holds the plan; confirming
creates everything in one transaction, or nothing when the draft changed since the upload.
"""

from django.db import transaction

from amendments.actions import amendments as _amendments
from amendments.actions.draft import StaleVersion
from amendments.core import textdiff
from amendments.importers import alignment, uploads, wordml
from amendments.models import Amendment, Import, Paragraph, Participant
from amendments.queries.tree import report_tree, walk

CHANGES = {alignment.MODIFIED, alignment.INSERTED, alignment.DELETED, alignment.MOVED}


def _check_length(count, rows):
    """A revision of the report cannot be many times longer than the report: refuse it before the
    alignment (whose cost grows with both lengths) keeps a request busy for minutes."""
    limit = 5 * len(rows) + 200
    if count > limit:
        raise uploads.UploadError(
            f"The file has {count:,} paragraphs, far more than the draft's {len(rows):,}: "
            "upload the revised report, or the part of it you changed."
        )


class ImportRefused(ValueError):
    """The import cannot go on; the message says why."""


def draft_rows(report):
    """The draft's paragraphs and sub-items in document order (footnotes and deleted text left out)."""
    rows = []
    for section in report_tree(report):
        for node in walk(section.nodes):
            p = node.paragraph
            if p.is_footnote or p.status == Paragraph.Status.DELETED:
                continue
            if p.parent_id and p.parent.status == Paragraph.Status.DELETED:
                continue
            rows.append(p)
    return rows


def _as_draft(rows):
    return [alignment.DraftParagraph(key=p.pk, number=p.number or None, text=p.text) for p in rows]


def _revised(pairs):
    return [alignment.RevisedParagraph(number=(n or "").rstrip("."), text=t) for n, t in pairs if t.strip()]


def _covered(entries, rows):
    """The draft keys the upload covers: from the first to the last draft paragraph it matched.

    A delegation may send back only a part of the report; the draft paragraphs before and after
    that part are not in the upload, not deleted by it.
    """
    order = {p.pk: i for i, p in enumerate(rows)}
    matched = [order[e.draft_key] for e in entries if e.draft_key in order and e.kind != alignment.DELETED]
    if not matched:
        return set()
    return {p.pk for p in rows[min(matched) : max(matched) + 1]}


def _plan_entries(entries, rows):
    """The alignment as JSON: what each changed paragraph would become, with its redline."""
    by_key = {p.pk: p for p in rows}
    covered = _covered(entries, rows)
    planned, after = [], None
    for entry in entries:
        draft = by_key.get(entry.draft_key)
        if entry.kind == alignment.DELETED and entry.draft_key not in covered:
            continue  # outside the part of the report the upload holds
        if draft is not None:
            after = draft
        if entry.kind not in CHANGES or (entry.kind == alignment.MOVED and not entry.changed):
            planned.append(
                {"kind": entry.kind, "draft": draft.pk if draft else None, "label": draft.label if draft else ""}
            )
            continue
        if entry.kind == alignment.INSERTED:
            anchor = after or (rows[0] if rows else None)
            if anchor is None:
                continue
            planned.append({
                "kind": "inserted", "after": anchor.pk, "after_version": anchor.version, "label": f"New {entry.provisional_number or 'paragraph'} after {anchor.label}",
                "number": entry.provisional_number or "", "text": entry.new_text,
                "segments": [list(s) for s in textdiff.diff("", entry.new_text)],
            })  # fmt: skip
        elif entry.kind == alignment.DELETED:
            planned.append({
                "kind": "deleted", "draft": draft.pk, "version": draft.version, "label": draft.label,
                "number": draft.number, "text": "", "segments": [list(s) for s in textdiff.diff(draft.text, "")],
            })  # fmt: skip
        else:
            planned.append({
                "kind": "modified", "draft": draft.pk, "version": draft.version, "label": draft.label, "text": entry.new_text,
                "number": draft.number, "moved": entry.kind == alignment.MOVED, "segments": [list(s) for s in textdiff.diff(draft.text, entry.new_text)],
            })  # fmt: skip
    return planned


def _read(data, filename, rows):
    """The upload's paragraphs, as a revised text; refuses anything that is not .docx or UTF-8 text.

    The draft's own wording settles what text converted from PDF leaves open (a hyphen at a line end).
    """
    kind = uploads.sniff(data, filename)
    if kind == "docx":
        document = wordml.read_docx(data)
        return _revised(document.final()), {"footnotes": [], "dropped": []}
    text = uploads.read_text(data)
    parsed = alignment.split_revised_text(
        text, kind="md" if filename.lower().endswith(".md") else "txt", lexicon=[p.text for p in rows]
    )
    extra = {
        "footnotes": [[f.number, f.text] for f in parsed.footnotes],
        "dropped": list(parsed.dropped),
        "converted_text": True,
    }
    return list(parsed), extra


def revised_text_plan(report, data, filename):
    """The plan for a revised text: its alignment with the draft (raises UploadError on bad files)."""
    rows = draft_rows(report)
    revised, extra = _read(data, filename, rows)
    if not revised:
        raise uploads.UploadError("The file has no text.")
    _check_length(len(revised), rows)
    entries = alignment.align(_as_draft(rows), revised)
    return {"entries": _plan_entries(entries, rows), **extra}


def word_changes_plan(report, data, filename):
    """The plan for a Word file with tracked changes: per author, amendments and comments."""
    if uploads.sniff(data, filename) != "docx":
        raise uploads.UploadError("Tracked changes come in a Word file (.docx); this is plain text.")
    document = wordml.read_docx(data)
    rows = draft_rows(report)
    by_key = {p.pk: p for p in rows}
    base = document.base()
    _check_length(len(base), rows)
    # The Word file's own base text, matched to the draft: base position -> draft paragraph.
    base_entries = alignment.align(_as_draft(rows), [alignment.RevisedParagraph(number="", text=t) for _, t in base])
    base_to_draft = {
        e.revised_index: e.draft_key for e in base_entries if e.draft_key is not None and e.revised_index is not None
    }
    as_draft = [alignment.DraftParagraph(key=i, number=None, text=t) for i, (_, t) in enumerate(base)]
    authors = {}
    for author in document.authors():
        planned, conflicts = [], []
        for entry in alignment.align(as_draft, _revised(document.version(author))):
            if entry.kind not in CHANGES or (entry.kind == alignment.MOVED and not entry.changed):
                continue
            draft = by_key.get(base_to_draft.get(entry.draft_key)) if entry.draft_key is not None else None
            if entry.kind == alignment.INSERTED:
                anchor = _anchor_before(entry, as_draft, base_to_draft, by_key) or (rows[0] if rows else None)
                if anchor is not None:
                    planned.append({
                        "kind": "inserted", "after": anchor.pk, "after_version": anchor.version, "number": entry.provisional_number or "",
                        "label": f"New paragraph after {anchor.label}", "text": entry.new_text,
                        "segments": [list(s) for s in textdiff.diff("", entry.new_text)],
                    })  # fmt: skip
                continue
            if draft is None:
                conflicts.append(
                    {"text": base[entry.draft_key][1][:200], "why": "this paragraph is not in the current draft"}
                )
                continue
            if entry.kind == alignment.DELETED:
                planned.append({"kind": "deleted", "draft": draft.pk, "version": draft.version, "label": draft.label,
                                "segments": [list(s) for s in textdiff.diff(draft.text, "")]})  # fmt: skip
                continue
            # The author changed the Word file's text; carry those changes onto the draft's wording.
            merge = textdiff.merge3(base[entry.draft_key][1], draft.text, entry.new_text)
            if not merge.clean:
                conflicts.append(
                    {"text": entry.new_text[:200], "why": f"conflicts with {draft.label} as the draft now reads"}
                )
                continue
            if merge.text != textdiff.normalise(draft.text):
                planned.append({"kind": "modified", "draft": draft.pk, "version": draft.version, "label": draft.label,
                                "text": merge.text, "segments": [list(s) for s in textdiff.diff(draft.text, merge.text)]})  # fmt: skip
        authors[author] = {"entries": planned, "conflicts": conflicts, "comments": []}
    for comment in document.comments:
        position = document.base_position(comment.paragraph_index) if comment.paragraph_index is not None else None
        draft = by_key.get(base_to_draft.get(position)) if position is not None else None
        authors.setdefault(comment.author, {"entries": [], "conflicts": [], "comments": []})["comments"].append({
            "id": comment.id, "parent": comment.parent_id, "text": comment.text, "anchor": comment.anchor_text,
            "draft": draft.pk if draft else None, "label": draft.label if draft else "not in the current draft",
        })  # fmt: skip
    formatting = sorted({c.author for c in document.formatting_changes})
    return {"authors": authors, "formatting_changes_by": formatting}


def _anchor_before(entry, as_draft, base_to_draft, by_key):
    """The draft paragraph an inserted paragraph follows: the nearest mapped base paragraph before it."""
    index = entry.revised_index if entry.revised_index is not None else 0
    for position in range(min(index, len(as_draft)) - 1, -1, -1):
        key = base_to_draft.get(position)
        if key in by_key:
            return by_key[key]
    return None


def stage(report, *, user, kind, data, filename, participant=None):
    """Check and read the upload, align it, and keep the plan for review."""
    plan = (
        revised_text_plan(report, data, filename)
        if kind == Import.Kind.REVISED_TEXT
        else word_changes_plan(report, data, filename)
    )
    return Import.objects.create(
        report=report, user=user, participant=participant, kind=kind, filename=filename[:255], plan=plan
    )


def _create(entry, *, user, participant, reason):
    if entry["kind"] == "inserted":
        return _amendments.propose(
            user=user, participant=participant, paragraph_id=entry["after"], kind=Amendment.Kind.INSERT,
            expected_paragraph_version=entry["after_version"], proposed_text=entry["text"],
            provisional_number=entry.get("number", ""), reason=reason,
        )  # fmt: skip
    kind = Amendment.Kind.DELETE if entry["kind"] == "deleted" else Amendment.Kind.MODIFY
    return _amendments.propose(
        user=user, participant=participant, paragraph_id=entry["draft"], kind=kind,
        expected_paragraph_version=entry["version"], proposed_text=entry.get("text", ""), reason=reason,
    )  # fmt: skip


def _changed(plan_entries):
    return [e for e in plan_entries if e["kind"] in ("inserted", "deleted", "modified")]


def apply_plan(kind, plan, *, user, participant=None, mapping=None, reason):
    """Create what a plan describes (inside the caller's transaction): (amendment ids, comment ids)."""
    created, comments = [], []
    try:
        if kind == Import.Kind.REVISED_TEXT:
            for entry in _changed(plan["entries"]):
                created.append(_create(entry, user=user, participant=participant, reason=reason).pk)
            return created, comments
        for author, found in plan["authors"].items():
            participant_id = (mapping or {}).get(author)
            if not participant_id:
                continue  # an author not mapped to a delegation is left out, as the reviewer chose
            delegation = Participant.objects.get(pk=participant_id)
            for entry in _changed(found["entries"]):
                created.append(_create(entry, user=user, participant=delegation, reason=reason).pk)
            made = {}
            for note in found["comments"]:
                if note["draft"] is None:
                    continue
                row = _amendments.comment(
                    user=user, participant=delegation, text=note["text"],
                    paragraph=Paragraph.objects.get(pk=note["draft"]), parent=made.get(note["parent"]),
                )  # fmt: skip
                made[note["id"]] = row
                comments.append(row.pk)
    except StaleVersion as stale:
        raise ImportRefused(f"{stale.current.label} changed since the upload: upload the file again.") from None
    except (_amendments.AmendmentError, ValueError) as error:
        raise ImportRefused(str(error)) from None
    return created, comments


def confirm(import_id, *, user, mapping=None):
    """Create the planned draft amendments (and comments): all, or none when the draft changed since."""
    with transaction.atomic():
        staged = Import.objects.select_for_update().get(pk=import_id)
        if staged.status != Import.Status.REVIEW:
            raise ImportRefused(f"This import is already {staged.get_status_display().lower()}.")
        created, comments = apply_plan(
            staged.kind, staged.plan, user=user, participant=staged.participant, mapping=mapping,
            reason=f"Imported from {staged.filename}",
        )  # fmt: skip
        staged.status, staged.result = Import.Status.DONE, {"amendments": created, "comments": comments}
        staged._history_user, staged._change_reason = user, "Confirmed"
        staged.save()
        return staged
