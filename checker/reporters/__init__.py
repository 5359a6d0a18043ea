"""Reporters render results; they decide nothing about which findings count."""
from __future__ import annotations

from typing import Callable

from ..runner import DocumentResult

Reporter = Callable[[list[DocumentResult], "ReportOptions"], str]


class ReportOptions:
    def __init__(self, lang: str = "zh", statistics: bool = False, color: bool = True):
        self.lang = lang
        self.statistics = statistics
        self.color = color


def summary(results: list[DocumentResult]) -> dict[str, int]:
    counts = {"documents": len(results), "errors": 0, "warnings": 0, "infos": 0}
    for r in results:
        for f in r.findings:
            counts[{"error": "errors", "warning": "warnings", "info": "infos"}[f.severity]] += 1
    return counts


def statistics(results: list[DocumentResult]) -> list[tuple[str, str, str, int]]:
    """(code, name, severity, count), most frequent first."""
    from collections import Counter

    c: Counter = Counter()
    names = {}
    for r in results:
        for f in r.findings:
            c[f.code] += 1
            names[f.code] = (f.name, f.severity)
    return [(code, names[code][0], names[code][1], n) for code, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]


# Every --format choice; the CLI offers exactly these.
FORMATS = ("rich", "concise", "json")


def get_reporter(name: str) -> Reporter:
    from . import concise, json_out, rich_out

    return {"concise": concise.render, "json": json_out.render, "rich": rich_out.render}[name]
