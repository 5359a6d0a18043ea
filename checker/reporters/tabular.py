"""The tables a supervisor works from: one row per report, one per finding, one per rule, one
per table cell. `csv`, `csv-findings`, `xlsx` and the html dashboard show the same columns
under the same headers (Chinese by default, English with --lang en).

Text from reports (agencies' names, excerpts, raw cells) goes into spreadsheets: a value that
starts like a formula (= + - @) is quoted in CSV (a leading '), so that Excel never evaluates
a report's text; the xlsx writer stores such values as text."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from checker.model.findings import Finding, Location
from checker.model.result import DocumentInfo, DocumentResult
from checker.reporters import (
    CATEGORIES,
    OTHER_CATEGORY,
    SEVERITY_COUNT_KEY,
    category_counts,
    default_rule,
    localized,
    relative_path,
    severity_counts,
    severity_label,
    statistics,
)
from checker.reporters.cells import safe_cell

BOM = "\ufeff"

# (key, Chinese header, English header)
Column = tuple[str, str, str]

REPORT_COLUMNS: tuple[Column, ...] = (
    ("path", "文件", "path"),
    ("agency", "机关", "agency"),
    ("level", "层级", "level"),
    ("parent", "上级", "parent"),
    ("year", "年度", "year"),
    ("profile", "格式", "profile"),
    ("published", "发布日期", "published"),
    ("deadline", "法定期限", "deadline"),
    ("late", "是否逾期", "late"),
    ("errors", "错误", "errors"),
    ("warnings", "警告", "warnings"),
    ("infos", "提示", "infos"),
    ("codes", "问题代码", "codes"),
    ("score", "得分", "score"),
    ("url", "网址", "url"),
)
CATEGORY_COLUMNS: tuple[Column, ...] = (
    *((letter, f"{letter} {zh}", letter) for letter, (zh, _) in CATEGORIES.items()),
    (OTHER_CATEGORY, "其他", OTHER_CATEGORY),
    ("total", "合计", "total"),
)
FINDING_COLUMNS: tuple[Column, ...] = (
    ("path", "报告", "path"),
    ("agency", "机关", "agency"),
    ("year", "年度", "year"),
    ("code", "代码", "code"),
    ("name", "名称", "name"),
    ("severity", "严重程度", "severity"),
    ("section", "部分", "section"),
    ("place", "位置", "place"),
    ("message", "说明", "message"),
    ("excerpt", "摘录", "excerpt"),
    ("fingerprint", "指纹", "fingerprint"),
)
RULE_COLUMNS: tuple[Column, ...] = (
    ("code", "代码", "code"),
    ("name", "名称", "name"),
    ("summary", "说明", "summary"),
    ("severity", "严重程度", "severity"),
    ("reports", "报告数", "reports"),
    ("findings", "问题数", "findings"),
)
CELL_COLUMNS: tuple[Column, ...] = (
    ("path", "文件", "path"),
    ("agency", "机关", "agency"),
    ("year", "年度", "year"),
    ("profile", "格式", "profile"),
    ("table", "表", "table"),
    ("layout", "版式", "layout"),
    ("row", "行键", "row"),
    ("row_label", "行", "row_label"),
    ("column", "列键", "column"),
    ("column_label", "列", "column_label"),
    ("value", "值", "value"),
    ("state", "状态", "state"),
    ("raw", "原文", "raw"),
    ("line", "行号", "line"),
    ("col", "列号", "col"),
)


def headers(columns: tuple[Column, ...], lang: str) -> list[str]:
    return [en if lang == "en" else zh for _, zh, en in columns]


def spreadsheet_safe(value: Any) -> Any:
    """A text a spreadsheet would evaluate (=1+1, @SUM(…), -2+3) quoted with a leading ';
    numbers, and texts that are plain numbers (-3), as they are (checker/reporters/cells.py)."""
    return safe_cell(value) if isinstance(value, str) else value


def score_text(score: float | None) -> str:
    if score is None:
        return ""
    return str(int(score)) if score == int(score) else f"{score:.1f}"


def statutory_deadline(info: DocumentInfo | None) -> dt.date | None:
    """The deadline M105 checks against (its params: by profile and kind of agency); None when
    the year is unknown or the deadline is set locally (townships under the 2019 regulation)."""
    from checker.parse.agency import agency_kind

    if info is None or info.year is None:
        return None
    rule = default_rule("M105")
    table = rule.params.get("deadlines", {}).get(info.profile, {}) if rule else {}
    month_day = table.get(agency_kind(info.agency))
    if month_day is None:
        return None
    month, day = (int(x) for x in str(month_day).split("-"))
    return dt.date(info.year + 1, month, day)


def is_late(info: DocumentInfo | None) -> bool | None:
    deadline = statutory_deadline(info)
    if info is None or deadline is None or not info.published:
        return None
    return dt.date.fromisoformat(info.published) > deadline


def yes_no(value: bool | None, lang: str) -> str:
    if value is None:
        return ""
    if lang == "en":
        return "yes" if value else "no"
    return "是" if value else "否"


def codes_present(findings: list[Finding]) -> list[str]:
    return sorted({f.code for f in findings})


def report_row(result: DocumentResult, lang: str) -> dict[str, Any]:
    """One report's row under REPORT_COLUMNS' and CATEGORY_COLUMNS' keys."""
    info = result.info
    deadline = statutory_deadline(info)
    return {
        "path": relative_path(result.path),
        "agency": info.agency if info else None,
        "level": info.level if info else None,
        "parent": info.parent if info else None,
        "year": info.year if info else None,
        "profile": info.profile if info else None,
        "published": info.published if info else None,
        "deadline": deadline.isoformat() if deadline else None,
        "late": yes_no(is_late(info), lang),
        **severity_counts(result.findings),
        "codes": " ".join(codes_present(result.findings)),
        "score": result.score,
        "url": info.url if info else None,
        **category_counts(result.findings),
        "total": len(result.findings),
    }


def place_in_words(location: Location, lang: str) -> str:
    """Where a finding is, as an author finds it: the reader's own words (第12段, 表三 “（七）总计”行
    “自然人”列, 第3页第5行) or else the line and column of the text; "" for the whole report."""
    if location.source:
        return location.source
    if location.line is None:
        return ""
    if lang == "en":
        return f"line {location.line}" + (f", column {location.column}" if location.column is not None else "")
    return f"第{location.line}行" + (f"第{location.column}列" if location.column is not None else "")


def finding_rows(results: list[DocumentResult], lang: str) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        info = r.info
        for f in r.findings:
            rows.append(
                {
                    "path": relative_path(r.path),
                    "agency": info.agency if info else None,
                    "year": info.year if info else None,
                    "code": f.code,
                    "name": f.name,
                    "severity": severity_label(f.severity, lang),
                    "section": f.location.section,
                    "place": place_in_words(f.location, lang),
                    "message": f.text(lang),
                    "excerpt": f.excerpt,
                    "fingerprint": f.fingerprint,
                }
            )
    return rows


def rule_summary(code: str, lang: str) -> str:
    """The built-in rule's one-line summary; "" for a user's own rule."""
    rule = default_rule(code)
    return localized(rule.summary, lang) if rule else ""


def rule_rows(results: list[DocumentResult], lang: str) -> list[dict[str, Any]]:
    """Per rule: how many reports have it and how many findings, most frequent first."""
    reports: Counter[str] = Counter(code for r in results for code in codes_present(r.findings))
    return [
        {
            "code": code,
            "name": name,
            "summary": rule_summary(code, lang),
            "severity": severity_label(severity, lang),
            "reports": reports[code],
            "findings": n,
        }
        for code, name, severity, n in statistics(results)
    ]


def cell_rows(results: list[DocumentResult]) -> list[dict[str, Any]]:
    """Every table cell of every report, as `xxgk extract --format csv` gives it."""
    from checker.extract import cell_rows as cells_of

    rows: list[dict[str, Any]] = []
    for r in results:
        info = r.info
        if info is None or not info.tables:
            continue
        document = {"path": relative_path(r.path), "agency": info.agency, "year": info.year, "profile": info.profile}
        rows.extend({**document, **cell} for cell in cells_of(info.tables))
    return rows


def folder_of(path: str) -> str:
    parent = Path(relative_path(path)).parent.as_posix()
    return "" if parent == "." else parent


SEVERITY_KEYS = tuple(SEVERITY_COUNT_KEY)
