#!/usr/bin/env python3
"""PDF reading time per page, run by hand (not a test).

Reads each PDF with checker.ingest.formats.pdf.read_pdf N times in one process and prints the
median CPU time per page (process time: other load on the machine does not count), and how much
of it is pdfminer interpreting the page (the objects every reading needs, parsed once per page)
against the rest (finding tables, lines, furniture, wraps, writing the text).

    .venv/bin/python bench/pdf_pages.py                       # the PDFs of ../shared/corpus/pdf and examples/
    .venv/bin/python bench/pdf_pages.py FILE.pdf ... -n 9
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _parse_only(data: bytes) -> float:
    """Seconds to interpret every page's objects, nothing else."""
    import pdfplumber

    start = time.process_time()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.objects  # noqa: B018 — the parse is the point
            page.close()
    return time.process_time() - start


def main() -> int:
    sys.path.insert(0, str(REPO))
    from checker.ingest.formats.pdf import read_pdf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-n", type=int, default=5, help="runs per file (median is shown)")
    args = parser.parse_args()
    files = args.files or sorted((REPO.parent / "shared" / "corpus" / "pdf").glob("*.pdf")) + sorted(
        (REPO / "examples").glob("*.pdf")
    )
    import pdfplumber

    print(f"{'file':45} {'pages':>5} {'ms/page':>8} {'parse':>7} {'rest':>7}")
    for path in files:
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        read_pdf(data)  # warm: fonts and CMaps load once per process
        runs, parses = [], []
        for _ in range(args.n):
            start = time.process_time()
            read_pdf(data)
            runs.append(time.process_time() - start)
            parses.append(_parse_only(data))
        per_page = statistics.median(runs) / pages * 1000
        parse = statistics.median(parses) / pages * 1000
        print(f"{path.name[:45]:45} {pages:5d} {per_page:8.1f} {parse:7.1f} {per_page - parse:7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
