"""`--format xlsx` (needs -o FILE): a workbook a supervisor sorts, filters and sends on.

Sheets: 汇总 (one row per report: agency, level, parent, year, published, deadline, late or
not, errors / warnings / infos, the codes present, score), 问题 (one row per finding, its
place in words), 统计 (per rule: how many reports have it, how many findings), 数据 (every
table cell of every report, as `xxgk extract` gives it). Headers are Chinese (English with
--lang en); each sheet has its header row frozen, a filter on every column and widths fitted
to its content. Every text is stored as text: a report's "=HYPERLINK(…)" stays those
characters and is never a formula. Written in openpyxl's streaming mode, so a batch of a
thousand reports (a few hundred thousand cells) does not sit in memory twice."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from checker.model.result import DocumentResult
from checker.reporters import ReportOptions
from checker.reporters.tabular import (
    CELL_COLUMNS,
    FINDING_COLUMNS,
    REPORT_COLUMNS,
    RULE_COLUMNS,
    Column,
    cell_rows,
    finding_rows,
    headers,
    report_row,
    rule_rows,
)

SHEETS = {"zh": ("汇总", "问题", "统计", "数据"), "en": ("reports", "findings", "rules", "cells")}
_DATE_KEYS = frozenset({"published", "deadline"})
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_WIDTH_SAMPLE = 300  # rows looked at to fit a column's width


def _display_width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell(sheet: WriteOnlyWorksheet, key: str, value: Any) -> WriteOnlyCell:
    if key in _DATE_KEYS and isinstance(value, str) and value:
        try:
            cell = WriteOnlyCell(sheet, dt.date.fromisoformat(value))
            cell.number_format = "yyyy-mm-dd"
            return cell
        except ValueError:
            pass
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        # openpyxl takes a text starting with "=" for a formula; a report's text never is one.
        cell.data_type = "s"
        if value.startswith(("=", "+", "-", "@")):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def _sheet(book: Workbook, title: str, columns: tuple[Column, ...], rows: list[dict[str, Any]], lang: str) -> None:
    sheet = book.create_sheet(title)
    names = headers(columns, lang)
    keys = [key for key, _, _ in columns]
    # Widths and the frozen row are set before the first row is streamed out.
    for i, (key, name) in enumerate(zip(keys, names), start=1):
        widest = max([_display_width(name), *(_display_width(row.get(key)) for row in rows[:_WIDTH_SAMPLE])])
        sheet.column_dimensions[get_column_letter(i)].width = max(_MIN_WIDTH, min(_MAX_WIDTH, widest + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(rows) + 1}"
    head = []
    for name in names:
        cell = WriteOnlyCell(sheet, name)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        head.append(cell)
    sheet.append(head)
    for row in rows:
        sheet.append([_cell(sheet, key, row.get(key)) for key in keys])


def _workbook_bytes(
    sheets: Iterable[tuple[str, tuple[Column, ...], Callable[[], list[dict[str, Any]]]]], lang: str
) -> bytes:
    book = Workbook(write_only=True)
    for title, columns, rows in sheets:
        _sheet(book, title, columns, rows(), lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(results: list[DocumentResult], options: ReportOptions) -> bytes:
    lang = "en" if options.lang == "en" else "zh"
    names = SHEETS[lang]
    return _workbook_bytes(
        (
            (names[0], REPORT_COLUMNS, lambda: [report_row(r, lang) for r in results]),
            (names[1], FINDING_COLUMNS, lambda: finding_rows(results, lang)),
            (names[2], RULE_COLUMNS, lambda: rule_rows(results, lang)),
            (names[3], CELL_COLUMNS, lambda: cell_rows(results)),
        ),
        lang,
    )
