"""Word tables: the grid of a w:tbl, and each cell's place in the words of the report.

A merged cell's text stands in its first grid cell; the cells it covers (gridSpan to the
right, vMerge below) are blank, which is how the text pipeline reads merged cells. For the
author, a cell is named as the report names it: the table by the section it stands in (表三,
or 表二（第2个） when a section holds several), the row by its label, the column by its header
("表三 “（七）总计”行 “自然人”列"), not by grid indexes; grid indexes only where a table has
no header or labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.ingest.limits import Budget, table_cells

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Content controls and custom XML wrap ordinary paragraphs, rows and cells: their content is read through.
WRAPPERS = (W + "sdt", W + "sdtContent", W + "customXml")
MAX_SPAN = 64  # a gridSpan beyond this is an error of the file, not a table's real width
_NUMBER = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?")
_LABEL_CHARS = 24  # a long row label ("（二）部分公开（区分处理的…）") is cut in a location


def _int_attr(el: Element, path: str, default: int) -> int:
    found = el.find(path)
    try:
        return max(1, min(int(found.get(W + "val")), MAX_SPAN)) if found is not None else default
    except (TypeError, ValueError):
        return default


def _through(parent: Element, tag: str) -> Iterator[Element]:
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _through(child, tag)


@dataclass
class Grid:
    """A table's rows on its grid: text[r][c] holds a merged cell's text once, in its first grid
    cell; owner[r][c] is that text for every grid cell the merged cell covers (for names), and
    cells[r][c] the w:tc that shows it (for comments anchored on a cell, checker/annotate.py)."""

    text: list[list[str]]
    owner: list[list[str]]
    cells: list[list[Element | None]]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.text), default=0)


def read_grid(tbl: Element, cell_text: Callable[[Element], str], budget: Budget | None = None) -> Grid:
    """The table on its grid; every grid cell is spent from `budget` (gridSpan can multiply a small file)."""
    budget = budget or table_cells()
    text: list[list[str]] = []
    owner: list[list[str]] = []
    cells: list[list[Element | None]] = []
    for tr in _through(tbl, W + "tr"):
        before = _int_attr(tr, f"{W}trPr/{W}gridBefore", 0)
        budget.spend(before)
        row, own = [""] * before, [""] * before
        shows: list[Element | None] = [None] * before
        for tc in _through(tr, W + "tc"):
            span = _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1)
            budget.spend(span)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            below = vmerge is not None and vmerge.get(W + "val", "continue") != "restart"
            c = len(row)
            value = "" if below else cell_text(tc)
            if below and len(owner) and c < len(owner[-1]):
                shown, shown_by = owner[-1][c], cells[-1][c]
            else:
                shown, shown_by = value, tc
            row += [value] + [""] * (span - 1)
            own += [shown] * span
            shows += [shown_by] * span
        text.append(row)
        owner.append(own)
        cells.append(shows)
    return Grid(text, owner, cells)


def is_frame(tbl: Element) -> bool:
    """A table of one column: a box drawn around body text, not a table of data."""
    rows = list(_through(tbl, W + "tr"))
    return bool(rows) and all(len(list(_through(tr, W + "tc"))) <= 1 for tr in rows)


def frame_cells(tbl: Element) -> Iterator[Element]:
    for tr in _through(tbl, W + "tr"):
        yield from _through(tr, W + "tc")


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell.strip()))


def _cut(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def _distinct(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        if t and (not out or out[-1] != t):
            out.append(t)
    return out


class Places:
    """The name of each cell of one table, in the words of the report."""

    def __init__(self, grid: Grid, name: str) -> None:
        self.name = name
        rows = grid.owner
        numeric = [r for r, row in enumerate(grid.text) if any(_is_number(c) for c in row)]
        self.first_data = numeric[0] if numeric else len(rows)
        self.label_cols = min(
            (next(c for c, cell in enumerate(grid.text[r]) if _is_number(cell)) for r in numeric), default=0
        )
        width = grid.width
        data_cols = range(self.label_cols, width)
        # a header over every data column (申请人情况) names none of them
        spans_all = {
            t
            for r in range(self.first_data)
            for t in set(rows[r])
            if len(data_cols) > 1 and all(_at(rows[r], c) == t for c in data_cols)
        }
        self.columns = [
            "·".join(
                _cut(t) for t in _distinct([_at(rows[r], c) for r in range(self.first_data)]) if t not in spans_all
            )
            for c in range(width)
        ]
        self.labels = [
            "·".join(_cut(t) for t in _distinct(row[: self.label_cols])[-2:]) if r >= self.first_data else ""
            for r, row in enumerate(rows)
        ]

    def at(self, r: int, c: int) -> str:
        """r, c: 0-based grid indexes."""
        label = self.labels[r] if r < len(self.labels) else ""
        column = self.columns[c] if c < len(self.columns) and c >= self.label_cols else ""
        row_part = f"“{label}”行" if label else f"第{r + 1}行"
        col_part = f"“{column}”列" if column else f"第{c + 1}列"
        return f"{self.name} {row_part}{col_part}"


def _at(row: list[str], c: int) -> str:
    return row[c] if c < len(row) else ""
