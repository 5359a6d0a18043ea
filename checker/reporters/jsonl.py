"""`--format jsonl`: one JSON object per finding per line: the document's path, agency, year and
profile, then the finding's keys exactly as in `--format json`.

A document without findings writes no line, so a run without findings writes nothing at all
(an empty file): every line is a finding, and consumers count lines. --statistics adds nothing
here, for the same reason."""

from __future__ import annotations

import json
from collections.abc import Iterator

from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, document_fields


def pieces(results: list[DocumentResult], options: ReportOptions) -> Iterator[str]:
    """One line a finding, written as it is made."""
    for r in results:
        fields = document_fields(r)
        for f in r.findings:
            yield json.dumps({**fields, **f.as_dict(options.lang)}, ensure_ascii=False, default=str) + "\n"


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    return "".join(pieces(results, options))
