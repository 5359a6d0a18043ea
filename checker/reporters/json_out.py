"""`--format json`: the shape documented in CLI.md; with --statistics, a top-level
"statistics" list of {code, name, severity, count}, most frequent first."""

from __future__ import annotations

import json

from checker import __version__
from checker.reporters import statistics, summary


def statistics_list(results) -> list[dict]:
    return [
        {"code": code, "name": name, "severity": severity, "count": n}
        for code, name, severity, n in statistics(results)
    ]


def render(results, options) -> str:
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
