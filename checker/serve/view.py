"""What the web page shows of a checked document, as data: the report (the JSON of CLI.md), the
text line by line with each table row split into its cells, where each finding points in it,
and the explanation of each rule found.

The page draws this; it decides nothing. A finding points at its own span (line and columns) and,
when its evidence names statistics-table cells ("review:total", or a sum of them), at those
cells too, each with its value; the cell a table identity is reported on also carries the value
that would make the identity hold, when one cell stands alone on its side.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checker.model.document import Document
from checker.model.findings import Finding
from checker.model.result import DocumentResult
from checker.model.tables import CellState, StatTable
from checker.reporters import ReportOptions, localized
from checker.reporters.json_out import render as render_json
from checker.rules.rule import RuleSet

# A canonical cell in evidence: row key, colon, column key ("new:total", "withheld_secret:natural").
_CELL_KEY = re.compile(r"\b([a-z][a-z0-9_]*):([a-z][a-z0-9_]*)\b")
# The parts of a rule's doc the page shows, in its order.
HELP_KEYS = ("what", "why", "fix")


def pipe_cells(line: str) -> list[list[int]] | None:
    """A table row's cells as [start, end) 1-based columns of their text between the pipes (the
    columns findings use); None for a line that is not a table row."""
    stripped = line.rstrip()
    if not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1):
        return None
    bars = [i for i, ch in enumerate(stripped) if ch == "|"]
    return [[a + 2, b + 1] for a, b in zip(bars, bars[1:])]


def _table_at(doc: Document, finding: Finding) -> StatTable | None:
    """The statistics table a finding is about: the one its evidence names, else the one its line lies in."""
    slot = finding.evidence.get("table")
    if isinstance(slot, str):
        for table in doc.stat_tables:
            if table.slot == slot:
                return table
    line = finding.location.line
    if line is None:
        return None
    for table in doc.stat_tables:
        if doc.place(table.start)[0] <= line <= doc.place(max(table.start, table.end - 1))[0]:
            return table
    return None


def _cell_keys(evidence: Any) -> list[tuple[str, str]]:
    cells = evidence.get("cells")
    text = " ".join(cells) if isinstance(cells, dict) else cells if isinstance(cells, str) else ""
    return list(dict.fromkeys(_CELL_KEY.findall(text)))


# What the one cell on the left of a failed identity would need, by the identity's relation.
_HOLDS = {
    "=": ("使等式成立：{value}", "holds with {value}"),
    "<=": ("应不大于 {value}", "at most {value}"),
    "≤": ("应不大于 {value}", "at most {value}"),
    "<": ("应小于 {value}", "less than {value}"),
    ">=": ("应不小于 {value}", "at least {value}"),
    "≥": ("应不小于 {value}", "at least {value}"),
    ">": ("应大于 {value}", "more than {value}"),
}
_RELATION = re.compile(r"<=|>=|≤|≥|<|>|==?")
# A reference of an identity's expression, bound or not ("$r:total", "published_normative:$c", "withheld_*:$c").
_REF = re.compile(r"[\w$*]+:[\w$*]+")


def holding_value(finding: Finding, lang: str = "zh") -> str | None:
    """For a failed table identity (T105, T106) whose left side is one cell: what that cell would
    need for the identity to hold, given the right side as read ("使等式成立：4", "应不大于 12")."""
    evidence = finding.evidence
    expression, rhs = evidence.get("expression"), evidence.get("rhs")
    if not isinstance(expression, str) or rhs in (None, "") or "identity" not in evidence:
        return None
    relation = _RELATION.search(expression)
    if relation is None:
        return None
    left = _REF.findall(expression[: relation.start()])
    if len(left) != 1 or "*" in left[0] or re.search(r"[+\-]", expression[: relation.start()]):
        return None  # a sum or a glob on the left: no one cell to name
    zh, en = _HOLDS["=" if relation.group() == "==" else relation.group()]
    return (en if lang == "en" else zh).format(value=rhs)


def cell_marks(doc: Document, finding: Finding, lang: str = "zh") -> list[dict[str, Any]]:
    """The statistics-table cells a finding's evidence names, where they stand in the text."""
    table = _table_at(doc, finding)
    if table is None:
        return []
    marks = []
    holding = holding_value(finding, lang)
    for index, (row, col) in enumerate(_cell_keys(finding.evidence)):
        cell = table.cell(row, col)
        if cell is None or cell.state == CellState.MISSING:
            continue
        line, column = doc.place(cell.start)
        end_line, end_column = doc.place(max(cell.start, cell.end - 1))
        mark: dict[str, Any] = {
            "line": line,
            "column": column,
            "end_column": end_column + 1 if end_line == line else column + 1,
        }
        if index == 0 and holding is not None:
            mark["holds_with"] = holding
        marks.append(mark)
    return marks


def rule_help(rules: RuleSet, code: str, lang: str) -> dict[str, str]:
    """A rule's explanation for the author, from its doc as `xxgk explain` shows it."""
    rule = rules.find(code)
    if rule is None:
        return {"code": code}
    out = {"code": rule.code, "name": rule.name, "summary": rule.summary.get(lang) or rule.summary.get("zh", "")}
    for key in HELP_KEYS:
        text = localized(rule.doc.get(key), lang)
        if text:
            out[key] = text
    return out


def review(result: DocumentResult, doc: Document | None, rules: RuleSet, lang: str = "zh") -> dict[str, Any]:
    """Everything the page shows of one checked upload."""
    report = json.loads(render_json([result], ReportOptions(lang=lang, color=False)))
    lines = list(result.info.lines or ()) if result.info else []
    codes = dict.fromkeys(f.code for f in result.findings)
    return {
        "report": report,
        "lines": [{"text": line, "cells": pipe_cells(line)} for line in lines],
        "marks": [cell_marks(doc, f, lang) if doc is not None else [] for f in result.findings],
        "rules": {code: rule_help(rules, code, lang) for code in codes},
        "word": result.info is not None and result.info.encoding == "docx",
    }
