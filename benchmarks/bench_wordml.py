"""Benchmark for reading a member's .docx: tracked changes, comments and numbering.

Run: ``python benchmarks/bench_wordml.py``. Builds (in memory, XML written here) a .docx of 200 numbered
paragraphs carrying 500 tracked changes by two authors (insertions, deletions, inserted and deleted
paragraph marks, formatting changes) and 40 comments, then times `read_docx` and the versions built from
it. Prints a small table and exits 1 if reading takes longer than the goal.
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 2.0
PARAGRAPHS = 200
CHANGES = 500
AUTHORS = ("Japan", "Russian Federation")
W_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)
TEXT = (
    "enhanced cooperation should take account of existing work and support international fora to consider how "
    "they can develop and improve the participation of all stakeholders in public policy issues pertaining to "
    "the Internet"
)
WORDS = TEXT.split(" ")
DATE = "2018-01-15T09:30:00Z"


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + " "


def build_docx(seed: int = 2018) -> tuple[bytes, int]:
    """The benchmark file and the number of tracked changes it holds."""
    rng = random.Random(seed)
    paragraphs, comments = [], []
    changes = change_id = 0
    for i in range(PARAGRAPHS):
        per_paragraph = 3 if i % 2 == 0 else 2  # 100 × 3 + 100 × 2 = 500
        parts = [_run(_sentence(rng, 12))]
        mark = ""
        for k in range(per_paragraph):
            author = AUTHORS[(i + k) % 2]
            change_id += 1
            attrs = f'w:id="{change_id}" w:author="{author}" w:date="{DATE}"'
            kind = (i * 3 + k) % 10
            if kind == 9 and not mark:
                tag = "del" if i % 4 == 1 else "ins"
                mark = f"<w:rPr><w:{tag} {attrs}/></w:rPr>"
            elif kind == 8:
                parts.append(
                    f"<w:r><w:rPr><w:b/><w:rPrChange {attrs}><w:rPr/></w:rPrChange></w:rPr><w:t>bold</w:t></w:r>"
                )
            elif kind % 2:
                parts.append(
                    f'<w:del {attrs}><w:r><w:delText xml:space="preserve">{_sentence(rng, 3)}</w:delText></w:r></w:del>'
                )
            else:
                parts.append(f"<w:ins {attrs}>{_run(_sentence(rng, 4))}</w:ins>")
            parts.append(_run(_sentence(rng, 8)))
            changes += 1
        if i % 5 == 0:
            cid = len(comments)
            parts.insert(1, f'<w:commentRangeStart w:id="{cid}"/>')
            parts.append(f'<w:commentRangeEnd w:id="{cid}"/><w:r><w:commentReference w:id="{cid}"/></w:r>')
            comments.append(
                f'<w:comment w:id="{cid}" w:author="{AUTHORS[cid % 2]}" w:date="{DATE}">'
                f'<w:p w14:paraId="{cid:08X}">{_run("Please consider this wording.")}</w:p></w:comment>'
            )
        ppr = f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>{mark}</w:pPr>'
        paragraphs.append(f"<w:p>{ppr}{''.join(parts)}</w:p>")
    document = f"<w:document {W_NS}><w:body>{''.join(paragraphs)}<w:sectPr/></w:body></w:document>"
    numbering = (
        f'<w:numbering {W_NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    members = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}numbering" Target="numbering.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}comments" Target="comments.xml"/></Relationships>'
        ),
        "word/document.xml": document,
        "word/numbering.xml": numbering,
        "word/comments.xml": f"<w:comments {W_NS}>{''.join(comments)}</w:comments>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    return buffer.getvalue(), changes


def timed(function, *args, repeat: int = 7) -> tuple[float, object]:
    """Median wall time over `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from amendments.importers.wordml import read_docx

    data, built = build_docx()
    read_time, document = timed(read_docx, data)
    tracked = sum(len(p.changes) for p in document.paragraphs) + len(document.formatting_changes)
    base_time, base = timed(document.base)
    final_time, final = timed(document.final)
    version_time, _ = timed(document.version, AUTHORS[0])
    numbered = sum(1 for number, _ in final if number)
    rows = [
        ("file size", f"{len(data) / 1e3:.0f} kB", "", True),
        ("w:p paragraphs", f"{len(document.paragraphs)}", f"{PARAGRAPHS}", len(document.paragraphs) == PARAGRAPHS),
        ("tracked changes built / read", f"{built} / {tracked}", f"{CHANGES}", built == CHANGES == tracked),
        ("authors", f"{len(document.authors())}", "2", len(document.authors()) == 2),
        ("comments", f"{len(document.comments)}", "", True),
        ("base / final paragraphs", f"{len(base)} / {len(final)}", "", True),
        ("numbered in final", f"{numbered}", "", numbered == len(final)),
        ("read_docx (median of 7)", f"{read_time * 1000:.1f} ms", "≤ 2 s", read_time <= GOAL_SECONDS),
        ("  base()", f"{base_time * 1000:.1f} ms", "", True),
        ("  final()", f"{final_time * 1000:.1f} ms", "", True),
        ("  version(author)", f"{version_time * 1000:.1f} ms", "", True),
    ]
    width = max(len(row[0]) for row in rows)
    print(f"Word tracked-changes reader: {PARAGRAPHS} paragraphs, {CHANGES} changes by {len(AUTHORS)} authors\n")
    print(f"{'figure':<{width}}  {'value':>12}  {'goal':<8} met")
    for name, value, goal, met in rows:
        print(f"{name:<{width}}  {value:>12}  {goal:<8} {'yes' if met else 'NO'}")
    return 0 if all(row[3] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
