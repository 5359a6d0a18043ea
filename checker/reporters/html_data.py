"""What the html dashboard's script draws a report's page from: one JSON document, gzipped and
base64-encoded into the page, decoded by the browser when a report is first opened.

Each report's text, findings and tables are in it once (the summary, chart and roll-up are
plain HTML); gzip makes the statutory phrases, table labels and boilerplate that every report
repeats nearly free, so a batch of a thousand reports stays a page a browser opens at once.
Base64 also means nothing of a report's text can close the <script> element that holds it.

    {"labels": {…}, "rules": {code: [name, summary]},
     "docs": [{"path", "agency", "year", "level", "parent", "url",
               "prev", "next",   # the same agency's report of the year before and after: an index or null
               "lines": [str] | null,
               "findings": [[code, severity, line, column, end_line, end_column, message, excerpt, place]],
               "tables": [[name, title, [[row_label, [[column_label, shown, state, line, column]]]]]]}]}
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

from checker.model.result import DocumentResult, TableRecord
from checker.reporters import relative_path
from checker.reporters.tabular import place_in_words, rule_summary

SEVERITY_INDEX = {"error": 0, "warning": 1, "info": 2}


def _shown(value: int | float | None, raw: str, state: str) -> str:
    if value is not None:
        return str(value)
    return raw if raw else ("—" if state == "blank" else "")


def _tables(tables: tuple[TableRecord, ...] | None) -> list[Any]:
    out = []
    for t in tables or ():
        rows: list[Any] = []
        current: str | None = None
        for c in t.cells:
            if c.row != current:
                current = c.row
                rows.append([c.row_label, []])
            rows[-1][1].append([c.column_label, _shown(c.value, c.raw, c.state), c.state, c.line, c.col])
        out.append([t.name, t.title, rows])
    return out


def _agency_key(agency: str | None) -> str | None:
    return "".join(agency.split()) if agency else None


def year_links(results: list[DocumentResult]) -> list[tuple[int | None, int | None]]:
    """For each report, the index of the same agency's report of the year before and after in
    the batch (the first one found when a year has two)."""
    by_key: dict[tuple[str, int], int] = {}
    for i, r in enumerate(results):
        info = r.info
        key = _agency_key(info.agency) if info else None
        if info and key and info.year is not None:
            by_key.setdefault((key, info.year), i)
    links: list[tuple[int | None, int | None]] = []
    for r in results:
        info = r.info
        key = _agency_key(info.agency) if info else None
        if not (info and key and info.year is not None):
            links.append((None, None))
            continue
        links.append((by_key.get((key, info.year - 1)), by_key.get((key, info.year + 1))))
    return links


def payload(results: list[DocumentResult], lang: str, labels: dict[str, str]) -> dict[str, Any]:
    rules: dict[str, list[str]] = {}
    docs = []
    for r, (prev, nxt) in zip(results, year_links(results)):
        info = r.info
        findings = []
        for f in r.findings:
            if f.code not in rules:
                rules[f.code] = [f.name, rule_summary(f.code, lang)]
            loc = f.location
            findings.append(
                [
                    f.code,
                    SEVERITY_INDEX[f.severity],
                    loc.line,
                    loc.column,
                    loc.end_line,
                    loc.end_column,
                    f.text(lang),
                    f.excerpt,
                    place_in_words(loc, lang),
                ]
            )
        docs.append(
            {
                "path": relative_path(r.path),
                "agency": info.agency if info else None,
                "year": info.year if info else None,
                "level": info.level if info else None,
                "parent": info.parent if info else None,
                "url": info.url if info else None,
                "prev": prev,
                "next": nxt,
                "lines": list(info.lines) if info and info.lines is not None else None,
                "findings": findings,
                "tables": _tables(info.tables if info else None),
            }
        )
    return {"labels": labels, "rules": rules, "docs": docs}


def encode(data: dict[str, Any]) -> str:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def decode(text: str) -> dict[str, Any]:
    """The payload back from the page's data element (for tests and tools)."""
    result: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(text)).decode("utf-8"))
    return result
