"""Kind `claim_table` (X101): a number of the text against the table cell it describes. The message
gives both values, the sentence and the cell by its table, row and column, the same in every form of
the report; where each stands in this file (line, paragraph, page) is in the evidence."""

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


def _place(doc: Document, at: int) -> dict[str, object]:
    """Where a norm offset stands: line and column, and the place in a Word, web or PDF document
    (第12段, 表三 “…”行“…”列) when the reader gave one."""
    line, col = doc.place(at)
    source = doc.source_at(at)
    return {"line": line, "column": col, **({"source": source} if source else {})}


def _places(doc: Document, table: StatTable, reading: Reading, flow_at: int) -> dict[str, object]:
    """Where the sentence and the table's (first) cell are."""
    refs = reading.refs()
    cell = table.cell(refs[0].row, refs[0].col) if refs else None
    places: dict[str, object] = {"text_at": _place(doc, doc.flow_to_norm(flow_at))}
    if cell is not None:
        places["cell_at"] = _place(doc, cell.start)
    return places


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
        where = _places(doc, table, first.reading, q.start)
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
        )
    if unread:
        ctx.cannot_judge(
            "unread",
            f"文中数字{'、'.join(unread)}对应的表格单元格数字粘连、有多种读法，无法比较",
            f"{len(unread)} number(s) of the text map to table cells whose glued digits have several readings",
        )
