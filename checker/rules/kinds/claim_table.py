"""Kind `claim_table` (X101): a number of the text against the table cell it describes, both
values given with where each stands (the sentence, and the cell by its row and column)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from checker.parse.narrative.claims import TableValue, narrative, table_for, table_value
from checker.parse.narrative.quote import quote
from checker.rules.kinds.base import kind
from checker.rules.kinds.claims import cell_names, fmt_number
from checker.spec.layouts import SLOT_NAMES

if TYPE_CHECKING:
    from checker.model.document import Document
    from checker.model.tables import StatTable
    from checker.rules.context import Context
    from checker.rules.rule import Rule
    from checker.spec.lexicon import Reading


def _numbers(values: list[TableValue]) -> list[tuple[TableValue, Decimal]]:
    """The readings that have a value, with it."""
    return [(v, v.value) for v in values if v.value is not None]


def _place(doc: Document, at: int, cell: bool) -> tuple[str, str, dict[str, object]]:
    """Where a norm offset stands, as an author finds it: the place in a Word, web or PDF document
    (第12段, 表三 “…”行“…”列), else the line (and column, for a cell) of the text."""
    line, col = doc.place(at)
    source = doc.source_at(at)
    if source:
        return source, source, {"line": line, "column": col, "source": source}
    if cell:
        return f"第{line}行第{col}列", f"line {line}, column {col}", {"line": line, "column": col}
    return f"第{line}行", f"line {line}", {"line": line, "column": col}


def _places(
    doc: Document, table: StatTable, reading: Reading, flow_at: int
) -> tuple[dict[str, str], dict[str, object]]:
    """Where the sentence and the table's cell are: message text (zh, en) and evidence."""
    text_zh, text_en, text_ev = _place(doc, doc.flow_to_norm(flow_at), cell=False)
    refs = reading.refs()
    cell = table.cell(refs[0].row, refs[0].col) if refs else None
    if cell is None:
        return {"zh": f"（正文在{text_zh}）", "en": f" (the text at {text_en})"}, {"text_at": text_ev}
    cell_zh, cell_en, cell_ev = _place(doc, cell.start, cell=True)
    return (
        {"zh": f"（正文在{text_zh}，表格单元格在{cell_zh}）", "en": f" (the text at {text_en}, the cell at {cell_en})"},
        {"text_at": text_ev, "cell_at": cell_ev},
    )


@kind("claim_table", messages=("default",))
def check_claim_table(doc: Document, rule: Rule, ctx: Context) -> None:
    seen: dict[str, int] = {}
    unread: list[str] = []
    for claim in narrative(doc).claims:
        entry = claim.entry
        table = table_for(doc, entry.table) if entry is not None else None
        if entry is None or table is None:
            continue
        values = [table_value(table, r) for r in entry.readings_for(claim.passage.text)]
        numbers = _numbers(values)
        q = claim.quantity
        if not numbers:
            if any(v.state == "unread" for v in values):
                unread.append(f"“{q.text}”（{cell_names(table, entry.readings[0])}）")
            continue
        if any(q.admits(value) for _, value in numbers):
            continue
        first, actual = numbers[0]
        n = seen[entry.key] = seen.get(entry.key, 0) + 1
        places, where = _places(doc, table, first.reading, q.start)
        ctx.report(
            flow_at=q.start,
            flow_end=q.end,
            key=f"{entry.key}#{n}",
            evidence={
                "claimed": fmt_number(q.value),
                "approximate": q.approx,
                "actual": fmt_number(actual),
                "cells": first.reading.text,
                "table": table.slot,
                "lexicon": entry.key,
                **where,
            },
            quote=quote(claim.passage, q.start, q.end),
            claimed=q.text,
            table=SLOT_NAMES[table.slot],
            cells=cell_names(table, first.reading),
            actual=fmt_number(actual),
            places=places,
        )
    if unread:
        ctx.cannot_judge(
            "unread",
            f"文中数字{'、'.join(unread)}对应的表格单元格数字粘连、有多种读法，无法比较",
            f"{len(unread)} number(s) of the text map to table cells whose glued digits have several readings",
        )
