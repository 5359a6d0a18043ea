"""Cells of a digest named and summed the way the rules across documents need: a term such as
'forward:$c' or '-$r:repealed' bound to a row or column, its value, its name in words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from checker.model.digest import TableDigest
from checker.rules.kinds.table_names import fmt
from checker.spec.layouts import SLOT_NAMES, table_config

TERM = re.compile(r"^(-)?\s*(\$r|[a-z_0-9]+):(\$c|[a-z_0-9]+)$")
_REMARK = re.compile(r"[（(][^（）()]{7,}[）)]")


@dataclass(frozen=True)
class Term:
    negative: bool
    row: str  # a row key or $r
    col: str  # a column key or $c

    def bind(self, row: str, col: str) -> str:
        return f"{row if self.row == '$r' else self.row}:{col if self.col == '$c' else self.col}"


def parse_term(text: str) -> Term:
    m = TERM.match(text.strip())
    if not m:
        raise ValueError((f"单元格“{text}”应写作 行键:列键（可用 $r、$c，可带负号）", f"cell {text!r} must be row:col"))
    return Term(bool(m.group(1)), m.group(2), m.group(3))


def cell_label(layout: str, key: str) -> str:
    """A cell as a reviewer says it: 二、上年结转·自然人; a one-column row by its row alone."""
    row_key, _, col_key = key.partition(":")
    spec = table_config().layouts[layout].row(row_key) if layout in table_config().layouts else None
    if spec is None:
        return key
    row = _REMARK.sub("", spec.name)
    if len(spec.columns) == 1:
        return row
    col = next((c.label for c in spec.columns if c.key == col_key), col_key)
    return f"{row}·{col}"


def table_label(slot: str) -> str:
    return SLOT_NAMES.get(slot, slot)


def bindings(template: Term, table: TableDigest, rows: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The (row, column) pairs the template names in this table."""
    out = []
    for key in table.cells:
        row, _, col = key.partition(":")
        if (template.row in ("$r", row)) and (template.col in ("$c", col)) and (not rows or row in rows):
            out.append((row, col))
    return out


@dataclass(frozen=True)
class Summed:
    value: Decimal | None  # None: a term has no number
    text: str  # 上年“四、结转下年度”2 + 本年“…”0
    unread: tuple[str, ...]  # the cells without a number


def sum_terms(parts: list[tuple[str, TableDigest, Term]], row: str, col: str) -> Summed:
    """Σ of terms, each (year word, table, term), bound to (row, col)."""
    total = Decimal(0)
    texts, unread = [], []
    for i, (word, table, term) in enumerate(parts):
        key = term.bind(row, col)
        value = table.value(key)
        name = f"{word}“{cell_label(table.layout, key)}”"
        sign = "−" if term.negative else ("+" if i else "")
        if value is None:
            unread.append(name)
            texts.append(f"{sign}{name}")
            continue
        total += -value if term.negative else value
        texts.append(f"{sign}{name}{fmt(value)}")
    return Summed(None if unread else total, " ".join(texts).replace(" +", " + ").replace(" −", " − "), tuple(unread))
