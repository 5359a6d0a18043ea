"""`--format jsonl`: one JSON object per finding per line: the document's path, agency, year and
profile, then the finding's keys exactly as in `--format json`.

A document without findings writes no line, so a run without findings writes nothing at all
(an empty file): every line is a finding, and consumers count lines. --statistics adds nothing
here, for the same reason."""

from __future__ import annotations

import json

from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, document_fields


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    lines = []
    for r in results:
        fields = document_fields(r)
        for f in r.findings:
            lines.append(json.dumps({**fields, **f.as_dict(options.lang)}, ensure_ascii=False, default=str))
    return "".join(line + "\n" for line in lines)
