"""A table region as lines of cells of pieces (grammars/table.lark), and the pieces gathered into
units: a row label with its values, whatever the text form (pipes, one cell a line, PDF columns)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from lark import Lark

from checker.spec.layouts import TableConfig
from checker.spec.resources import grammar_text

LABEL_PIECES = {"TEXT", "PAREN", "ITEM", "YEAR"}


_ODD_SPACE = re.compile(r"[^\S\n\t ]")


@dataclass
class Piece:
    kind: str
    text: str
    start: int
    end: int


@dataclass
class Value:
    kind: str  # number, blank, invalid
    text: str
    start: int
    end: int
    glued: bool = False  # stands in a cell with other pieces: may hold several cells' digits


@dataclass
class Unit:
    """A row as it stands in the text: label pieces, then values."""

    label: list[Piece] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)

    @property
    def compact(self) -> str:
        return "".join(p.text for p in self.label).replace(" ", "")

    @property
    def start(self) -> int:
        return self.label[0].start if self.label else (self.values[0].start if self.values else 0)

    @property
    def end(self) -> int:
        return self.label[-1].end if self.label else self.start

    @property
    def anchor(self) -> int:
        return self.values[0].start if self.values else self.end


@cache
def _parser() -> Lark:
    return Lark(grammar_text("table.lark"), parser="lalr")


def parse_cells(text: str, base: int = 0) -> list[tuple[bool, list[list[Piece]]]]:
    """Lines of the table text: (has pipes, cells of pieces), offsets shifted by base. An empty
    cell between pipes is kept as one EMPTY piece at its pipe, so a blank has a place."""
    tree = _parser().parse(_ODD_SPACE.sub(" ", text))
    out = []
    line_start = 0
    for line_tree, raw in zip(tree.children, text.split("\n")):
        cells = [
            [Piece(t.type, str(t), base + t.start_pos, base + t.end_pos) for t in cell.children]
            for cell in line_tree.children
        ]
        pipes = "|" in raw
        if pipes:
            bars = [base + line_start + i for i, ch in enumerate(raw) if ch == "|"]
            stripped = raw.strip()
            lead = 0 if stripped.startswith("|") else -1  # cell i follows pipe i + lead
            for i, cell in enumerate(cells):
                if not cell:
                    k = min(max(i + lead, 0), len(bars) - 1)
                    cell.append(Piece("EMPTY", "", bars[k], bars[k]))
            if stripped.endswith("|") and cells and cells[-1][0].kind == "EMPTY":
                cells.pop()
            if stripped.startswith("|") and len(cells) > 1 and cells[0][0].kind == "EMPTY":
                cells.pop(0)
        else:
            cells = [c for c in cells if c]
        out.append((pipes, cells))
        line_start += len(raw) + 1
    return out


def assemble(lines: list[tuple[bool, list[list[Piece]]]], cfg: TableConfig) -> list[Unit]:
    units: list[Unit] = []
    cur: Unit | None = None

    def new_unit() -> Unit:
        nonlocal cur
        cur = Unit()
        units.append(cur)
        return cur

    for pipes, cells in lines:
        filled = [c for c in cells if c[0].kind != "EMPTY"]
        multi = len(cells) > 1
        value_seen = False
        first_label = next((i for i, c in enumerate(cells) if any(p.kind in LABEL_PIECES for p in c)), None)
        for i, cell in enumerate(cells):
            if cell[0].kind == "EMPTY":
                if first_label is not None and i < first_label:
                    continue  # the merged group-label column before a row label
                (cur or new_unit()).values.append(Value("blank", "", cell[0].start, cell[0].end))
                continue
            text = "".join(p.text for p in cell)
            has_label = any(p.kind in LABEL_PIECES for p in cell)
            if text in cfg.blank:
                (cur or new_unit()).values.append(Value("blank", text, cell[0].start, cell[-1].end))
                continue
            if _bare(text) in cfg.not_numbers and cur is not None and (multi or cur.label):
                cur.values.append(Value("invalid", text, cell[0].start, cell[-1].end))
                continue
            if has_label and not any(p.kind == "NUMBER" for p in cell):
                if text in cfg.units and cur is not None:
                    continue
                if multi and value_seen and len(filled) > 1 and len(text) <= 8:
                    cur.values.append(Value("invalid", text, cell[0].start, cell[-1].end))
                    continue
            _read_pieces(cell, cur, new_unit, units, glued=len(cell) > 1)
            cur = units[-1] if units else None
            if any(p.kind == "NUMBER" for p in cell):
                value_seen = True
    return units


def _bare(text: str) -> str:
    return text.strip("()[]【】 ").upper()


def _read_pieces(cell: list[Piece], cur: Unit | None, new_unit, units: list[Unit], glued: bool) -> None:
    """Label pieces start a row (or extend one that has no values yet); numbers are its values."""
    k = 0
    while k < len(cell):
        p = cell[k]
        nxt = cell[k + 1] if k + 1 < len(cell) else None
        if p.kind == "DASH":
            if nxt is not None and nxt.kind == "NUMBER" and nxt.start == p.end and len(p.text) == 1 and p.text in "-–":
                cur = cur or new_unit()
                cur.values.append(Value("number", "-" + nxt.text, p.start, nxt.end, glued=len(cell) > 2))
                k += 2
                continue
            prev = cell[k - 1] if k else None
            if (
                prev is not None
                and nxt is not None
                and prev.kind in LABEL_PIECES
                and nxt.kind in LABEL_PIECES
                and prev.end == p.start
                and nxt.start == p.end
            ):
                p = Piece("TEXT", p.text, p.start, p.end)  # 本年增/减
            else:
                cur = cur or new_unit()
                cur.values.append(Value("blank", p.text, p.start, p.end))
                k += 1
                continue
        if p.kind == "NUMBER":
            cur = cur or new_unit()
            cur.values.append(Value("number", p.text, p.start, p.end, glued=glued))
        else:
            if cur is None or cur.values:
                cur = new_unit()
            cur.label.append(p)
        k += 1
