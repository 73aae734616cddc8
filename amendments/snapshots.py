"""The consolidated draft as plain data: what a revision freezes and what every export reads.

Format (JSON-serialisable; ids are the Paragraph ids, stable across revisions):

    {
      "report": {"id": 1, "title": "...", "subtitle": "...", "body": "..."},
      "revision": {"name": "Rev.1", "date": "2018-01-15"} or None for the current state,
      "sections": [
        {"key": "introduction", "heading": "Introduction", "paragraph_name": "",
         "paragraphs": [
            {"id": 12, "number": "15", "kind": "paragraph", "text": "...", "status": "open",
             "items": [ {same shape, kind "item" or "quote", no "items"} ],
             "footnotes": [ {"id": 70, "number": "9", "text": "...", "after": "marginalized groups"} ]}
         ]}
      ]
    }

Deleted paragraphs are left out. A paragraph whose status is "bracketed" has no consensus: every
export shows its whole text in [square brackets]; brackets inside a text are the text's own.
"""

from amendments.models import Paragraph
from amendments.reading import report_tree


def _node(node):
    p = node.paragraph
    data = {"id": p.pk, "number": p.number, "kind": p.kind, "text": p.text, "status": p.status}
    if p.parent_id is None:
        data["items"] = [_node(child) for child in node.items if child.paragraph.status != Paragraph.Status.DELETED]
    data["footnotes"] = [
        {
            "id": f.paragraph.pk,
            "number": f.paragraph.number,
            "text": f.paragraph.text,
            "after": f.paragraph.footnote_anchor,
        }
        for f in node.footnotes
        if f.paragraph.status != Paragraph.Status.DELETED
    ]
    return data


def report_snapshot(report, revision=None):
    """The report as it stands now (or as `revision` names it), in the format above."""
    return {
        "report": {"id": report.pk, "title": report.title, "subtitle": report.subtitle, "body": report.body},
        "revision": {"name": revision["name"], "date": revision["date"]} if revision else None,
        "sections": [
            {
                "key": s.section.key,
                "heading": s.section.heading,
                "paragraph_name": s.section.paragraph_name,
                "paragraphs": [_node(n) for n in s.nodes if n.paragraph.status != Paragraph.Status.DELETED],
            }
            for s in report_tree(report)
        ],
    }


def display_text(paragraph):
    """A snapshot paragraph's text as printed: in [brackets] when the whole of it has no consensus."""
    text = paragraph["text"]
    return f"[{text}]" if paragraph.get("status") == Paragraph.Status.BRACKETED else text


def footnote_mark_positions(paragraph):
    """[(offset in display_text, footnote)] for a snapshot paragraph: each mark after its anchor text."""
    text = display_text(paragraph)
    shift = 1 if paragraph.get("status") == Paragraph.Status.BRACKETED else 0
    placed = []
    for note in paragraph.get("footnotes", []):
        anchor = note.get("after") or ""
        at = paragraph["text"].find(anchor) if anchor else -1
        placed.append((at + len(anchor) + shift if at >= 0 else len(text) - shift, note))
    return sorted(placed, key=lambda pair: pair[0])
