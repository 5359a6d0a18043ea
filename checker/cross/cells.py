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


def table_label(slot: str) -> dict[str, str]:
    """A table as messages name it: 表三 / table 三."""
    return {"zh": SLOT_NAMES.get(slot, slot), "en": SLOT_NAMES.get(slot, slot).replace("表", "table ")}


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
    text: dict[str, str]  # zh and en: 上年“四、结转下年度”2 + 本年“…”0
    unread: tuple[str, ...]  # the cells without a number (zh)


# How a term's year is said.
YEAR_WORDS = {"previous": ("上年", "last year's "), "current": ("本年", "this year's ")}


def sum_terms(parts: list[tuple[str, TableDigest, Term]], row: str, col: str) -> Summed:
    """Σ of terms, each (previous or current, table, term), bound to (row, col)."""
    total = Decimal(0)
    zh: list[str] = []
    en: list[str] = []
    unread = []
    for i, (when, table, term) in enumerate(parts):
        key = term.bind(row, col)
        value = table.value(key)
        label = cell_label(table.layout, key)
        word_zh, word_en = YEAR_WORDS[when]
        sign = " − " if term.negative else (" + " if i else "")
        shown = "" if value is None else fmt(value)
        zh.append(f"{sign}{word_zh}“{label}”{shown}")
        en.append(f"{sign}{word_en}'{label}' {shown}".rstrip())
        if value is None:
            unread.append(f"{word_zh}“{label}”")
        else:
            total += -value if term.negative else value
    return Summed(None if unread else total, {"zh": "".join(zh), "en": "".join(en)}, tuple(unread))
