"""`--format csv`: one row per report, for supervisors who open a batch in a spreadsheet.

Columns (REPORT_COLUMNS, then CATEGORY_COLUMNS): path, agency, level, parent, year, profile,
published, deadline, late, errors, warnings, infos, the codes present, score, url, one count
per category letter (S M F T X Y H I), `other` for a user's rules with another letter, total.
Headers are Chinese by default (the people who open it read Chinese), English with --lang en.
The text starts with a UTF-8 byte order mark: without it Excel reads UTF-8 as the local code
page and the agencies' names come out garbled. --statistics adds nothing (a second table would
break every CSV reader); `csv-findings` is the one-row-per-finding companion."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from checker.model.result import DocumentResult
from checker.reporters import ReportOptions
from checker.reporters.tabular import (
    BOM,
    CATEGORY_COLUMNS,
    REPORT_COLUMNS,
    Column,
    headers,
    report_row,
    score_text,
    spreadsheet_safe,
)


def write_csv(columns: tuple[Column, ...], rows: Iterable[dict[str, Any]], lang: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers(columns, lang))
    for row in rows:
        writer.writerow([spreadsheet_safe(row[key]) for key, _, _ in columns])
    return BOM + buffer.getvalue()


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    rows = ({**report_row(r, options.lang), "score": score_text(r.score)} for r in results)
    return write_csv(REPORT_COLUMNS + CATEGORY_COLUMNS, rows, options.lang)
