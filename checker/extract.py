"""What the parser read, as data: metadata, the section tree and every table as canonical cells
(`xxgk extract`). Supervisors aggregate these; authors see what the checker saw."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from checker.model.document import Document, Section
from checker.model.result import CellRecord, TableRecord
from checker.model.tables import StatRow, StatTable
from checker.reporters import relative_path
from checker.reporters.tabular import BOM, spreadsheet_safe
from checker.spec.layouts import SLOT_NAMES, RowSpec, table_config

CSV_FIELDS = (
    "path",
    "agency",
    "year",
    "profile",
    "table",
    "layout",
    "row",
    "row_label",
    "column",
    "column_label",
    "value",
    "state",
    "raw",
    "line",
    "col",
)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _section(doc: Document, s: Section) -> dict[str, Any]:
    line, _ = doc.place(s.start)
    return {
        "key": s.key,
        "label": s.label,
        "level": s.level,
        "standard": s.standard,
        "line": line,
        "children": [_section(doc, c) for c in s.children],
    }


def _cells(doc: Document, spec: RowSpec, row: StatRow) -> dict[str, Any]:
    cells = {}
    for col in spec.columns:
        cell = row.cells.get(col.key)
        if cell is None:
            continue
        line, column = doc.place(cell.start)
        cells[col.key] = {
            "label": col.label,
            "value": _number(cell.number),
            "state": cell.state,
            "raw": cell.raw,
            "line": line,
            "col": column,
        }
    return cells


def _table(doc: Document, t: StatTable) -> dict[str, Any]:
    rows = []
    for spec in table_config().layouts[t.layout].rows:
        row = t.rows.get(spec.key)
        if row is None:
            continue
        entry: dict[str, Any] = {
            "key": spec.key,
            "label": spec.label,
            "text": row.text,
            "line": doc.place(row.start)[0],
            "cells": _cells(doc, spec, row),
        }
        if row.problem:
            entry["problem"] = row.problem
            entry["readings"] = row.readings
        rows.append(entry)
    return {
        "table": t.slot,
        "name": SLOT_NAMES.get(t.slot, t.slot),
        "layout": t.layout,
        "title": t.title,
        "line": doc.place(t.start)[0],
        "expected_layout": t.expected_layout,
        "missing_rows": t.missing,
        "rows": rows,
    }


def document_data(doc: Document) -> dict[str, Any]:
    meta = doc.meta
    tables = [_table(doc, t) for t in doc.stat_tables]
    return {
        "path": doc.path,
        "encoding": doc.encoding,
        "profile": doc.profile,
        "metadata": {
            "title": meta.title,
            "agency": meta.agency,
            "agency_source": meta.agency_source,
            "year": meta.year,
            "year_source": meta.year_source,
            "period": {
                "start": str(meta.period_start) if meta.period_start else None,
                "end": str(meta.period_end) if meta.period_end else None,
                "text": meta.period_text,
            },
            "published": str(meta.published.value) if meta.published else None,
            "published_source": meta.published.source if meta.published else None,
            "signature_date": str(meta.signature.value) if meta.signature else None,
        },
        "sections": [_section(doc, s) for s in doc.sections],
        "tables": tables,
    }


def records(tables: list[dict[str, Any]]) -> tuple[TableRecord, ...]:
    """The tables of `document_data` as compact records, for a checking run's reporters."""
    return tuple(
        TableRecord(
            t["table"],
            t["name"],
            t["layout"],
            t["title"],
            t["line"],
            tuple(
                CellRecord(
                    row["key"],
                    row["label"],
                    key,
                    c["label"],
                    c["value"],
                    str(c["state"]),
                    c["raw"],
                    c["line"],
                    c["col"],
                )
                for row in t["rows"]
                for key, c in row["cells"].items()
            ),
        )
        for t in tables
    )


def table_records(doc: Document) -> tuple[TableRecord, ...]:
    return records([_table(doc, t) for t in doc.stat_tables])


def cell_rows(tables: tuple[TableRecord, ...]) -> list[dict[str, Any]]:
    """One row per cell under CSV_FIELDS' names, without the document's own fields."""
    return [{"table": t.table, "layout": t.layout, **c._asdict()} for t in tables for c in t.cells]


def csv_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    meta = data.get("metadata") or {}
    document = {
        "path": relative_path(data["path"]),
        "agency": meta.get("agency"),
        "year": meta.get("year"),
        "profile": data.get("profile"),
    }
    return [{**document, **cell} for cell in cell_rows(records(data.get("tables", [])))]


def to_csv(documents: list[dict[str, Any]]) -> str:
    """Every cell of every document, one per row; with a byte order mark like every CSV of
    xxgk (Excel reads UTF-8 without it as the local code page), text that a spreadsheet would
    take for a formula quoted."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for data in documents:
        for row in csv_rows(data):
            writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return BOM + buffer.getvalue()
