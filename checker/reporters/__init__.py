"""Reporters render results; they decide nothing about which findings count.

What several formats need is here, in one place: counts by severity and by category, a
finding's place in words, a document's metadata, a rule's documentation.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.model.findings import SEVERITY_ZH, Finding, Location
from checker.model.result import DocumentResult

if TYPE_CHECKING:
    from checker.rules.rule import Rule

# Text, or bytes for a binary format (xlsx), which goes only to a file.
Reporter = Callable[[list[DocumentResult], "ReportOptions"], str | bytes]


class ReportOptions:
    def __init__(self, lang: str = "zh", statistics: bool = False, color: bool = True, width: int | None = None):
        self.lang = lang
        self.statistics = statistics
        self.color = color
        self.width = width  # columns of the human output; None: the terminal's


# The plural keys of the summary, per severity.
SEVERITY_COUNT_KEY = {"error": "errors", "warning": "warnings", "info": "infos"}

# A rule's category is the letter of its code (RULES.md).
CATEGORIES: dict[str, tuple[str, str]] = {
    "S": ("结构", "structure"),
    "M": ("元数据", "metadata"),
    "F": ("格式版本", "profile"),
    "T": ("统计表", "tables"),
    "X": ("文表一致", "text and tables"),
    "Y": ("跨年度", "year over year"),
    "H": ("文本卫生", "hygiene"),
    "I": ("无法检查", "not checkable"),
}
# Codes of a user's own rules with another letter.
OTHER_CATEGORY = "other"


def severity_label(severity: str, lang: str) -> str:
    return severity if lang == "en" else SEVERITY_ZH[severity]


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITY_COUNT_KEY.values(), 0)
    for f in findings:
        counts[SEVERITY_COUNT_KEY[f.severity]] += 1
    return counts


def category_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Count per category letter, every category present (zero or not), then `other`."""
    counts = dict.fromkeys([*CATEGORIES, OTHER_CATEGORY], 0)
    for f in findings:
        letter = f.code[:1]
        counts[letter if letter in CATEGORIES else OTHER_CATEGORY] += 1
    return counts


def summary(results: list[DocumentResult]) -> dict[str, int]:
    return {"documents": len(results), **severity_counts(f for r in results for f in r.findings)}


def summary_line(results: list[DocumentResult], lang: str) -> str:
    s = summary(results)
    if lang == "en":
        return f"{s['documents']} document(s): {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info"
    return f"共 {s['documents']} 份报告：错误 {s['errors']}，警告 {s['warnings']}，提示 {s['infos']}"


def statistics(results: list[DocumentResult]) -> list[tuple[str, str, str, int]]:
    """(code, name, severity, count), most frequent first."""
    c: Counter = Counter()
    names = {}
    for r in results:
        for f in r.findings:
            c[f.code] += 1
            names[f.code] = (f.name, f.severity)
    return [(code, names[code][0], names[code][1], n) for code, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]


def statistics_lines(results: list[DocumentResult]) -> list[str]:
    """The counts by rule as plain text lines: count, code, name."""
    return [f"{n:5d}  {code}  {name}" for code, name, _, n in statistics(results)]


def line_col(location: Location) -> str | None:
    """ "12:5", "12" without a column, None without a line."""
    if location.line is None:
        return None
    return f"{location.line}:{location.column}" if location.column is not None else str(location.line)


def where(location: Location) -> str:
    """The place in words for a human: line:col and, beside it, the place in the original
    document (第12段, 第3页) when the reader gave one; "" when the finding has no place."""
    return " ".join(part for part in (line_col(location), location.source) if part)


def document_fields(result: DocumentResult) -> dict[str, Any]:
    """path, agency, year, profile: None where the document could not be read."""
    info = result.info
    return {
        "path": result.path,
        "agency": info.agency if info else None,
        "year": info.year if info else None,
        "profile": info.profile if info else None,
    }


def relative_path(path: str) -> str:
    """A path as a CI system wants it: relative to the working directory when it lies inside it
    (annotations and code scanning resolve paths against the checkout), with forward slashes."""
    p = Path(path)
    if p.is_absolute() and p.is_relative_to(Path.cwd()):
        p = p.relative_to(Path.cwd())
    return p.as_posix()


def localized(value: Any, lang: str) -> str:
    """A rule's text: either one string or {zh: …, en: …}."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("zh") or ""
    return "" if value is None else str(value)


def default_rule(code: str) -> Rule | None:
    """The built-in rule with this code; None for a user's own rule (from --rules)."""
    from checker.api import default_rules

    return default_rules().find(code)


# Every --format choice; the CLI offers exactly these.
FORMATS = ("rich", "concise", "json", "jsonl", "sarif", "junit", "github", "csv", "csv-findings", "xlsx", "html")
BINARY_FORMATS = frozenset({"xlsx"})  # need -o FILE
# What the workers send back beyond the findings, for the formats that show it.
TEXT_FORMATS = frozenset({"html"})
TABLE_FORMATS = frozenset({"html", "xlsx"})

_MODULES = {
    "rich": "rich_out",
    "json": "json_out",
    "jsonl": "jsonl",
    "concise": "concise",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "csv": "csv_out",
    "csv-findings": "csv_findings",
    "xlsx": "xlsx_out",
    "html": "html_out",
}


def get_reporter(name: str) -> Reporter:
    return importlib.import_module(f"{__name__}.{_MODULES[name]}").render


def render_stream(name: str, results: list[DocumentResult], options: ReportOptions) -> Iterable[str] | str | bytes:
    """A format's report as pieces to write one by one where the format can be written as it is
    made (json, jsonl: a batch's output is never held whole), else whole."""
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    streamed: Callable[[list[DocumentResult], ReportOptions], Iterable[str]] | None = getattr(module, "pieces", None)
    return streamed(results, options) if streamed is not None else get_reporter(name)(results, options)


def render_text(name: str, results: list[DocumentResult], options: ReportOptions) -> str:
    """A text format's report (every format but xlsx is text)."""
    out = get_reporter(name)(results, options)
    if isinstance(out, bytes):
        raise ValueError(f"{name} is not a text format")
    return out


def span(location: Location, names: tuple[str, str, str, str]) -> dict[str, int]:
    """The known parts of a finding's span under a format's own names (line, column, end line,
    end column); a part is given only when the ones it depends on are."""
    out: dict[str, int] = {}
    if location.line is None:
        return out
    out[names[0]] = location.line
    if location.column is not None:
        out[names[1]] = location.column
    if location.end_line is not None:
        out[names[2]] = location.end_line
        if location.end_column is not None:
            out[names[3]] = location.end_column
    return out
