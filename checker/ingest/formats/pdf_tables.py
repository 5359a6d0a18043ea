"""The ruled tables of a PDF page, told apart from frames and boxes around body text.

Word and WPS draw a table as ruling lines (thin filled rectangles or stroked lines) and often
paint every paragraph or cell with a white rectangle of its own; a text box or page border is a
stroked rectangle round prose. Only what a reader sees as a rule makes a grid here: a stroked
line or rectangle, or a thin filled bar, in a colour that is not the paper's. White boxes and
shading are not edges. A grid is a statistics table when its cells hold short labels and
numbers in at least two columns; a grid whose rows hold one cell each (a frame round paragraphs)
is read as lines of text.

Characters go to the cell whose box holds their centre, so a number stays in the column under
its header whatever its width; an empty cell stays empty; the lines of a wrapped or vertical
label (one character a line) are one label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.ingest.formats.pdf_guard import check_grid
from checker.ingest.formats.sourced import join_wrapped

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.table import Table

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

RULE_MAX_WIDTH = 2.5  # a filled bar thinner than this (pt) is a drawn rule, not a box
_PAPER = 0.92  # a colour component at least this light (or CMYK ink at most 1 - this) is paper
# A grid is a table when at least this many of its rows have two or more filled cells.
MIN_TABLE_ROWS = 2
# ... and the median filled cell holds at most this many characters: a statistics table is
# labels and numbers, a frame round body text holds paragraphs.
MAX_MEDIAN_CELL = 40


_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")


@dataclass
class PageTable:
    """A table of a page: its box and its rows of cell texts ('' for an empty or covered cell)."""

    box: Box
    rows: list[list[str]]


def _is_paper(color: Any) -> bool:
    """A colour the reader does not see on white paper (or no colour at all)."""
    if color is None:
        return True
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not all(isinstance(c, (int, float)) for c in color):
        return False  # a pattern or a named colour: assume it shows
    if len(color) == 4:  # CMYK: no ink
        return all(c <= 1 - _PAPER for c in color)
    return bool(color) and all(c >= _PAPER for c in color)


def is_ruling(obj: dict[str, Any]) -> bool:
    """Whether a page object may be kept when looking for tables: characters, and the graphics a
    reader sees as rules."""
    kind = obj.get("object_type")
    if kind == "char":
        return True
    if kind == "line":
        return not _is_paper(obj.get("stroking_color"))
    if kind in ("rect", "curve"):
        if obj.get("stroke") and not _is_paper(obj.get("stroking_color")):
            return True
        thin = min(obj["width"], obj["height"]) <= RULE_MAX_WIDTH
        return kind == "rect" and bool(obj.get("fill")) and thin and not _is_paper(obj.get("non_stroking_color"))
    return False


def _rows(table: Table) -> list[list[str]]:
    """The cell texts row by row; a merged cell's text is in its first cell, the cells it covers
    are empty. Lines inside a cell are joined (a wrapped or vertical label is one label)."""
    return [[join_wrapped((cell or "").split("\n")) for cell in row] for row in table.extract()]


def _is_statistics(rows: list[list[str]]) -> bool:
    wide = sum(1 for row in rows if sum(1 for c in row if c) >= 2)
    numbers = sum(1 for row in rows for c in row if _NUMBER.match(c))
    if wide < MIN_TABLE_ROWS and not (wide and numbers >= MIN_TABLE_ROWS):
        return False  # one row of numbers is a table too: the rest of one cut by the page
    lengths = sorted(len(c) for row in rows for c in row if c)
    return lengths[len(lengths) // 2] <= MAX_MEDIAN_CELL


def page_tables(page: Page) -> list[PageTable]:
    """The statistics tables of a page, top to bottom."""
    if not any(obj.get("object_type") != "char" and is_ruling(obj) for obj in _graphics(page)):
        return []  # no rule on the page: no ruled table (and no table search)
    ruled = page.filter(is_ruling)
    check_grid(ruled.edges)
    found = []
    for table in ruled.find_tables({"explicit_horizontal_lines": _closing_lines(ruled.edges)}):
        rows = _rows(table)
        if _is_statistics(rows):
            found.append(PageTable(table.bbox, rows))
    found.sort(key=lambda t: t.box[1])
    return found


def _closing_lines(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules where a table is cut by the page: its vertical rules stop together at the page's
    foot (or start together at its head) with no horizontal rule drawn there. A line across them
    closes the last (first) row, so that its cells, the tall merged label included, are read."""
    verticals = [e for e in edges if e["orientation"] == "v" and e["height"] > RULE_MAX_WIDTH]
    lines = []
    for end in ("top", "bottom"):
        groups: list[list[dict[str, Any]]] = []
        for edge in sorted(verticals, key=lambda e: float(e[end])):
            if groups and float(edge[end]) - float(groups[-1][-1][end]) <= _END_TOLERANCE:
                groups[-1].append(edge)
            else:
                groups.append([edge])
        for group in groups:
            if len(group) < 2:
                continue
            y = sum(float(e[end]) for e in group) / len(group)
            x0, x1 = min(float(e["x0"]) for e in group), max(float(e["x1"]) for e in group)
            lines.append(
                {"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0}
            )
    return lines


_END_TOLERANCE = 2.0  # vertical rules ending within this (pt) of each other end together


def join_split_row(before: PageTable, after: PageTable) -> bool:
    """A table row that the page break cut in two (Word and LibreOffice let a row break across
    pages): the next page's table opens with the rest of the row's labels and no number, its
    value cells empty where the row on the page before has its numbers. The two parts become one
    row; returns whether they did."""
    if not before.rows or not after.rows:
        return False
    last, first = before.rows[-1], after.rows[0]
    if len(last) != len(first) or not any(first) or any(_NUMBER.match(c) for c in first):
        return False
    values = [k for k, c in enumerate(last) if _NUMBER.match(c)]
    if not values or any(first[k] for k in values):
        return False
    before.rows[-1] = [join_wrapped([a, b]) for a, b in zip(last, first, strict=True)]
    del after.rows[0]
    return True


def _graphics(page: Page) -> list[dict[str, Any]]:
    return [*page.lines, *page.rects, *page.curves]


def inside(obj: dict[str, Any], boxes: list[Box]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)
