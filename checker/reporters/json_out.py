"""`--format json`: the shape documented in CLI.md; with --statistics, a top-level
"statistics" list of {code, name, severity, count}, most frequent first."""

from __future__ import annotations

import json
from typing import Any

from checker import __version__
from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, statistics, summary


def statistics_list(results: list[DocumentResult]) -> list[dict[str, Any]]:
    return [
        {"code": code, "name": name, "severity": severity, "count": n}
        for code, name, severity, n in statistics(results)
    ]


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    payload = {
        "tool": "xxgk",
        "version": __version__,
        "schema": 1,
        "documents": [r.as_dict(options.lang) for r in results],
        "summary": summary(results),
    }
    if options.statistics:
        payload["statistics"] = statistics_list(results)
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
