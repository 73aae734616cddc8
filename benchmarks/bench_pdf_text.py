"""Revised texts that come back as PDFs: spurious changes of each round trip, and a long report's edits.

1. The WGEC draft, unchanged, through each round trip the app covers: its .txt and .md exports; its .docx export
   made a PDF by LibreOffice and read back by pdftotext -layout, by pdftotext, and uploaded as the PDF
   itself (pypdf). Each is planned as the import would confirm it; goal: 0 spurious changes each.
2. A generated report of about 6,000 words (120 paragraphs), exported to .docx, with 10 words changed
   in 10 paragraphs, made a PDF and read back by pdftotext -layout: goal 10 edits found, 0 spurious
   changes, and the plan made in at most 1 s.

Run: python benchmarks/bench_pdf_text.py (a temporary SQLite database; DATABASE_URL picks another).
Needs soffice and pdftotext; without them only the .txt and .md round trips run, and the run fails.
"""

import io
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchdjango  # noqa: E402  (the benchmarks folder is on sys.path when run as a script)

benchdjango.setup()

import docx  # noqa: E402
from django.core.management import call_command  # noqa: E402

from amendments.core.ordering import spread  # noqa: E402
from amendments.exporters import clean_draft  # noqa: E402
from amendments.importers import plans  # noqa: E402
from amendments.models import Paragraph, Report, Section  # noqa: E402
from amendments.queries.snapshots import report_document  # noqa: E402

MADE = {"inserted", "deleted", "modified"}
EDITS, PARAGRAPHS, WORDS_PER_PARAGRAPH = 10, 120, 50
GOAL_SECONDS = 1.0
SOFFICE, PDFTOTEXT = shutil.which("soffice"), shutil.which("pdftotext")


def made(report, data, filename):
    return [e for e in plans.revised_text_plan(report, data, filename)["entries"] if e["kind"] in MADE]


def to_pdf(documents: dict[str, bytes]) -> dict[str, bytes]:
    folder = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        for name, data in documents.items():
            (folder / f"{name}.docx").write_bytes(data)
        subprocess.run(
            [str(SOFFICE), f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), *(str(folder / f"{name}.docx") for name in documents)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        return {name: (folder / f"{name}.pdf").read_bytes() for name in documents}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def pdftotext(pdf: bytes, *options: str) -> bytes:
    return subprocess.run([str(PDFTOTEXT), *options, "-", "-"], input=pdf, capture_output=True, check=True).stdout


def generated_report(rng: random.Random) -> tuple[Report, list[Paragraph]]:
    syllables = ["ka", "lo", "mi", "ne", "tu", "ra", "si", "po", "de", "vi", "go", "la", "ze", "bu", "fe"]
    vocabulary = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(3000)})
    report = Report.objects.create(title="Generated report", subtitle="About 6,000 words", body="Benchmark")
    section = Section.objects.create(report=report, key="body", heading="Findings", position="m")
    rows = []
    for n, key in enumerate(spread(PARAGRAPHS), 1):
        words = [rng.choice(vocabulary) for _ in range(WORDS_PER_PARAGRAPH)]
        words[0] = words[0].capitalize()
        text = " ".join(words) + "."
        rows.append(Paragraph.objects.create(section=section, number=str(n), position=key, text=text))
    return report, rows


def edited_docx(data: bytes, edits: dict[int, tuple[str, str]]) -> bytes:
    word = docx.Document(io.BytesIO(data))
    for old, new in edits.values():
        run = next(r for p in word.paragraphs for r in p.runs if old in r.text)
        run.text = run.text.replace(old, new, 1)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("load_wgec", verbosity=0, stdout=io.StringIO())
    wgec = Report.objects.current()
    tools = bool(SOFFICE and PDFTOTEXT)
    ok = True

    document = report_document(wgec)
    results = {
        ".txt export": len(made(wgec, clean_draft.to_txt(document).encode(), "draft.txt")),
        ".md export": len(made(wgec, clean_draft.to_md(document).encode(), "draft.md")),
    }
    rng = random.Random(7)
    report, rows = generated_report(rng)
    if tools:
        edits = {}
        for row in rng.sample(rows, EDITS):
            words = row.text.split()
            at = rng.randint(5, len(words) - 5)
            old = " ".join(words[at - 2 : at + 1])
            edits[row.pk] = (old, " ".join([*words[at - 2 : at], "revisado"]))
        generated = clean_draft.to_docx(report_document(report))
        pdfs = to_pdf({"wgec": clean_draft.to_docx(document), "generated": edited_docx(generated, edits)})
        results[".docx -> PDF -> pdftotext -layout"] = len(made(wgec, pdftotext(pdfs["wgec"], "-layout"), "w.txt"))
        results[".docx -> PDF -> pdftotext"] = len(made(wgec, pdftotext(pdfs["wgec"]), "w.txt"))
        results[".docx -> PDF upload (pypdf)"] = len(made(wgec, pdfs["wgec"], "w.pdf"))
    for name, count in results.items():
        print(f"WGEC draft, {name}: {count} spurious changes (goal 0)")
        ok = ok and count == 0
    if not tools:
        print("soffice or pdftotext missing: the PDF round trips did not run")
        return 1

    text = pdftotext(pdfs["generated"], "-layout")
    words = sum(len(r.text.split()) for r in rows)
    start = time.perf_counter()
    changes = made(report, text, "generated.txt")
    seconds = time.perf_counter() - start
    expected = {pk: Paragraph.objects.get(pk=pk).text.replace(old, new, 1) for pk, (old, new) in edits.items()}
    found = [c for c in changes if c["kind"] == "modified" and expected.get(c["draft"]) == c["text"]]
    spurious = len(changes) - len(found)
    print(
        f"Generated report ({words:,} words, {EDITS} edits) through PDF and pdftotext -layout: "
        f"{len(found)} edits found (goal {EDITS}), {spurious} spurious changes (goal 0), {seconds:.2f} s (goal ≤ 1 s)"
    )
    ok = ok and len(found) == EDITS and spurious == 0 and seconds <= GOAL_SECONDS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
