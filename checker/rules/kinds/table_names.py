"""How the table kinds name what they report: tables, rows, columns and cells the way a reviewer
says them, lists cut short, and numbers written without trailing zeros."""

from __future__ import annotations

import re
from decimal import Decimal

from checker.model.tables import StatTable
from checker.parse.identity import Instance
from checker.spec.layouts import SLOT_NAMES, Layout, table_config

# Items named in one message before "等N项" / "and N more".
LIST_LIMIT = 6

# A bracketed remark of at least this many characters is an instruction of the official form,
# not part of the row's name: （二）部分公开（区分处理的，只计这一情形，不计其他情形）.
_REMARK = re.compile(r"[（(][^（）()]{7,}[）)]")


def table_name(table: StatTable) -> str:
    return SLOT_NAMES.get(table.slot, table.slot)


def layout_of(table: StatTable) -> Layout:
    return table_config().layouts[table.layout]


def row_label(table: StatTable, key: str) -> str:
    """The row's label without its long remarks: （二）部分公开, not the whole instruction."""
    spec = layout_of(table).row(key)
    return _REMARK.sub("", spec.name) if spec else key


def col_label(table: StatTable, row: str, col: str) -> str:
    spec = layout_of(table).row(row)
    for c in spec.columns if spec else ():
        if c.key == col:
            return c.label
    return col


def cell_name(table: StatTable, inst: Instance, row: str, col: str) -> str:
    """A cell named the way a reviewer would say it; the bound dimension is said once elsewhere."""
    if "$r" in inst.binding and "$c" not in inst.binding:
        return col_label(table, row, col)
    if "$c" in inst.binding or len(layout_of(table).columns_of(row)) == 1:
        return row_label(table, row)
    return f"{row_label(table, row)}·{col_label(table, row, col)}"


def listing(items: list[str], sep: str = "、") -> str:
    shown = sep.join(items[:LIST_LIMIT])
    return shown + (f"等{len(items)}项" if len(items) > LIST_LIMIT else "")


def fmt(value: Decimal) -> str:
    """A number as a message shows it: 5 for 5.00, 1.5 for 1.50, 0 for -0. (claims.py's _fmt
    keeps the trailing zeros of a decimal: 1.50, and writes -0.)"""
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
