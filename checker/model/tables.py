"""Statistics tables as read: canonical cells, rows and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class CellState(StrEnum):
    """What a cell holds. A StrEnum, so that it compares equal to its name and serialises as it."""

    NUMBER = "number"
    BLANK = "blank"  # empty, —, /: no value, never 0
    INVALID = "invalid"  # text, a decimal or a negative where a count belongs
    UNREAD = "unread"  # glued digits with several readings
    MISSING = "missing"
    # A template's slot (XX) not filled yet: H104 reports it once; the table rules take the cell
    # as not filled in, neither blank (T104) nor invalid (T103), and check no sum that needs it.
    PLACEHOLDER = "placeholder"


@dataclass
class Cell:
    """One canonical cell of a statistics table, as read."""

    row: str
    col: str
    state: str  # a CellState
    value: Decimal | None = None
    raw: str = ""
    start: int = 0
    end: int = 0

    @property
    def number(self) -> Decimal | None:
        """The value when the cell holds a number, else None."""
        return self.value if self.state == CellState.NUMBER else None


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
    layout: str  # layout key in rules/vocabulary/layouts.yaml
    title: str
    start: int
    end: int
    rows: dict[str, StatRow] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # required rows not found
    # of those, the rows whose label the table's text has all the same (label lines run together
    # in a table whose numbers were lost): not read, rather than missing
    labelled: list[str] = field(default_factory=list)
    expected_layout: str | None = None  # the profile's own layout, when another one fits better

    def cell(self, row: str, col: str) -> Cell | None:
        r = self.rows.get(row)
        return r.cells.get(col) if r else None

    def value_of(self, row: str, col: str) -> Decimal | None:
        """The number in a cell; None when the cell is absent or holds no number."""
        cell = self.cell(row, col)
        return cell.number if cell is not None else None
