"""How fast hostile uploads are refused: a 300 MB zip bomb and the billion laughs. Goal: each ≤ 1 s,
refused from the zip directory and the parser's limits, before anything is inflated or expanded.

Run: python benchmarks/bench_refusals.py. Prints a small table and exits 1 if a goal is missed.
"""

import io
import statistics
import sys
import time
import zipfile

import benchdjango  # noqa: E402  (the benchmarks folder is on sys.path when run as a script)

benchdjango.setup()

from amendments.importers import uploads, wordml  # noqa: E402
from amendments.importers.uploads import UploadError  # noqa: E402

GOAL_SECONDS = 1.0
RUNS = 5
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
LAUGHS = "".join(f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(1, 10))
BILLION_LAUGHS = (
    f'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol0 "lol">\n{LAUGHS}]>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
).encode()


def docx(document: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def zip_bomb(size: int) -> bytes:
    """A .docx whose word/document.xml inflates to `size` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def refusal_seconds(call, *args) -> float:
    """The median time `call(*args)` takes to refuse; an upload that gets through is a failure of the run."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        try:
            call(*args)
        except UploadError:
            times.append(time.perf_counter() - start)
        else:
            raise SystemExit(f"{call.__qualname__} accepted a hostile upload")
    return statistics.median(times)


def main() -> int:
    bomb = zip_bomb(300 * 1024 * 1024)
    laughs = docx(BILLION_LAUGHS)
    rows = [
        ("zip bomb, 300 MB inflated: read_docx", refusal_seconds(wordml.read_docx, bomb)),
        ("billion laughs: parse_xml", refusal_seconds(uploads.parse_xml, BILLION_LAUGHS)),
        ("billion laughs in a .docx: read_docx", refusal_seconds(wordml.read_docx, laughs)),
    ]
    width = max(len(name) for name, _ in rows)
    print(
        f"{'refused upload':<{width}}  {'median':>9}  {'goal':<7} met   (zip bomb: {len(bomb) / 1024:.0f} KB on disk)"
    )
    for name, seconds in rows:
        print(
            f"{name:<{width}}  {seconds * 1000:>6.1f} ms  ≤ {GOAL_SECONDS:.0f} s   {'yes' if seconds <= GOAL_SECONDS else 'NO'}"
        )
    return 0 if all(seconds <= GOAL_SECONDS for _, seconds in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
