"""`--format json`: the shape documented in CLI.md; with --statistics, a top-level
"statistics" list of {code, name, severity, count}, most frequent first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from checker import __version__
from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, statistics, summary


def statistics_list(results: list[DocumentResult]) -> list[dict[str, Any]]:
    return [
        {"code": code, "name": name, "severity": severity, "count": n}
        for code, name, severity, n in statistics(results)
    ]


# Stands for the documents while the rest is encoded; a string no report's path can be.
_DOCUMENTS = "\x00documents\x00"
# A document's lines as the documents list indents them.
_DOCUMENT_INDENT = "\n    "


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def pieces(results: list[DocumentResult], options: ReportOptions) -> Iterator[str]:
    """The same text as json.dumps of the whole payload, made one document at a time, so that a
    batch of thousands of reports is written as it is encoded, never held whole (the encoder's
    pieces of such a batch, held at once, took many times the memory of the text). A JSON string
    holds no raw line break, so a document's lines are indented as the documents list indents
    them by putting spaces after every line break."""
    payload: dict[str, Any] = {
        "tool": "xxgk",
        "version": __version__,
        "schema": 1,
        "documents": [_DOCUMENTS] if results else [],
        "summary": summary(results),
    }
    if options.statistics:
        payload["statistics"] = statistics_list(results)
    head, _, tail = _dumps(payload).partition(json.dumps(_DOCUMENTS))
    yield head
    for i, result in enumerate(results):
        yield (",\n    " if i else "") + _dumps(result.as_dict(options.lang)).replace("\n", _DOCUMENT_INDENT)
    yield tail + "\n"


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    return "".join(pieces(results, options))
