"""Statistics tables as read: canonical cells, rows and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Cell:
    """One canonical cell of a statistics table, as read."""

    row: str
    col: str
    state: str  # number, blank, invalid, unread (glued digits with several readings), missing
    value: Decimal | None = None
    raw: str = ""
    start: int = 0
    end: int = 0


@dataclass
class StatRow:
    key: str
    label: str  # the canonical label of the layout
    text: str  # the label as it stands in the report
    start: int
    end: int
    cells: dict[str, Cell] = field(default_factory=dict)
    raw: str = ""  # the values as they stand in the text
    readings: list[str] = field(default_factory=list)  # candidate splits of glued digits, when ambiguous
    problem: str | None = None  # why the row's values could not be read


@dataclass
class StatTable:
    slot: str  # 二, 三, 四, 统计表
    layout: str  # layout key in rules/tables.yaml
    title: str
    start: int
    end: int
    rows: dict[str, StatRow] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # required rows not found
    expected_layout: str | None = None  # the profile's own layout, when another one fits better

    def cell(self, row: str, col: str) -> Cell | None:
        r = self.rows.get(row)
        return r.cells.get(col) if r else None
