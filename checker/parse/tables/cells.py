"""A table region as lines of cells of pieces (grammars/table.lark), and the pieces gathered into
units: a row label with its values, whatever the text form (pipes, one cell a line, PDF columns)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from lark import Lark
from lark.exceptions import LarkError

from checker.parse.numerals import ITEM_MARKER
from checker.spec.layouts import TableConfig
from checker.spec.resources import grammar_cache, grammar_text

LABEL_PIECES = {"TEXT", "PAREN", "ITEM", "YEAR"}

# In a row of several cells, after a value, a word of at most this many characters is a value
# written in words ("未发生", "见附件"), not the label of a new row.
MAX_WORD_VALUE = 8

_ODD_SPACE = re.compile(r"[^\S\n\t ]")
_PIPE = re.compile(r"\|")
# A template's slot standing for a number (xxgk init writes XX): what H104 calls a placeholder.
PLACEHOLDER = re.compile(r"[Xx]{2,}|[×✕╳]{2,}|_{2,}|【\s*】")
# The kinds of value that fill a cell of a row (a placeholder holds the place of a number).
VALUE_KINDS = frozenset({"number", "placeholder"})


@dataclass(slots=True)
class Piece:
    kind: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Value:
    kind: str  # number, blank, invalid, placeholder
    text: str
    start: int
    end: int
    glued: bool = False  # stands in a cell with other pieces: may hold several cells' digits


@dataclass(slots=True)
class Unit:
    """A row as it stands in the text: label pieces, then values."""

    label: list[Piece] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    label_lines: list[int] = field(default_factory=list)  # the line of each label piece
    wrapped_head: int = 0  # label pieces that may end the row before (see _wrapped_head)

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
    return Lark(grammar_text("table.lark"), parser="lalr", cache=grammar_cache("table.lark"))


class TableTextError(LarkError):
    """A character no terminal of the grammar takes (the grammar means this never happens)."""


@cache
def _scanner() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The grammar's terminals as one regex, tried in the order lark's lexer tries them (priority,
    then longest possible match, then pattern length, then name), and the kind of piece each group
    of the regex reads ("" for the terminals the grammar ignores). The grammar is a flat sequence
    of lines of cells of pieces, so its tokens are its parse: read with one `re` pass instead of
    the LALR parser, several times faster, with the same pieces."""
    conf = _parser().lexer_conf  # as built, or as loaded from lark's cache
    terminals = sorted(conf.terminals, key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
    regex = re.compile("|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals))
    # m.lastindex is the number of the terminal's group (a terminal's own groups close before it)
    kinds = [""] * (regex.groups + 1)
    for name, number in regex.groupindex.items():
        kinds[number] = "" if name in conf.ignore else name
    return regex, tuple(kinds)


Line = tuple[bool, list[list[Piece]]]  # (has pipes, cells of pieces)


def _token_lines(text: str, base: int) -> list[list[list[Piece]]]:
    """The text's lines of cells of pieces, as the grammar's start → line → cell → piece."""
    scanner, kinds = _scanner()
    cell: list[Piece] = []
    line = [cell]
    lines = [line]
    pos = 0
    for m in scanner.finditer(text):
        start, end = m.span()
        if start != pos:
            raise TableTextError(f"no terminal matches at {pos}: {text[pos : pos + 10]!r}")
        pos = end
        kind = kinds[m.lastindex or 0]
        if kind == "_NL":
            cell = []
            line = [cell]
            lines.append(line)
        elif kind == "_SEP":
            cell = []
            line.append(cell)
        elif kind:
            cell.append(Piece(kind, m.group(), base + start, base + end))
    if pos != len(text):
        raise TableTextError(f"no terminal matches at {pos}: {text[pos : pos + 10]!r}")
    return lines


def parse_cells(text: str, base: int = 0) -> list[Line]:
    """Lines of the table text: (has pipes, cells of pieces), offsets shifted by base. An empty
    cell between pipes is kept as one EMPTY piece at its pipe, so a blank has a place."""
    out: list[Line] = []
    line_start = 0
    for cells, raw in zip(_token_lines(_ODD_SPACE.sub(" ", text), base), text.split("\n")):
        pipes = "|" in raw
        out.append((pipes, _pipe_cells(cells, raw, base + line_start) if pipes else [c for c in cells if c]))
        line_start += len(raw) + 1
    return out


def _pipe_cells(cells: list[list[Piece]], raw: str, line_start: int) -> list[list[Piece]]:
    """The cells of a line with pipes: an empty one becomes an EMPTY piece at its pipe; the empty
    cells outside the outer pipes are not cells."""
    bars = [line_start + m.start() for m in _PIPE.finditer(raw)] if not all(cells) else []
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
    return cells


def assemble(lines: list[Line], cfg: TableConfig) -> list[Unit]:
    """The units of the table's lines: label pieces start a row, the values after them are its."""
    assembler = _Assembler(cfg)
    spaced: set[int] = set()  # lines of columns aligned by spaces, as a PDF's text layer gives them
    for pipes, cells in lines:
        if not pipes:
            spaced.add(assembler.line_no)
        assembler.line(cells)
        assembler.line_no += 1
    for unit in assembler.units:
        unit.wrapped_head = _wrapped_head(unit, spaced)
    return assembler.units


def _wrapped_head(unit: Unit, spaced: set[int]) -> int:
    """How many label pieces open the unit on a line of its own that may end the row before: a
    label cell wrapped over lines and centred on its numbers (a PDF table without rules between
    its cells) leaves the end of one row's label below its numbers, above the next row's label
    ("2.其他法律行政法 / 1 0 0 … / 规禁止公开 / 3.危及…"). Only a first line of several, on a line
    aligned by spaces, with no item number; the reader decides with the row labels it knows."""
    if not unit.label_lines or unit.label_lines[0] not in spaced or len(set(unit.label_lines)) < 2:
        return 0
    first = unit.label_lines[0]
    head = [p for p, n in zip(unit.label, unit.label_lines) if n == first]
    text = "".join(p.text for p in head).strip()
    return 0 if not text or ITEM_MARKER.match(text) else len(head)


def give_back(before: Unit, unit: Unit) -> None:
    """Move the unit's wrapped head to the end of the label before it."""
    head = unit.label[: unit.wrapped_head]
    before.label += head
    before.label_lines += unit.label_lines[: unit.wrapped_head]
    unit.label = unit.label[unit.wrapped_head :]
    unit.label_lines = unit.label_lines[unit.wrapped_head :]
    unit.wrapped_head = 0


def _bare(text: str) -> str:
    return text.strip("()[]【】 ").upper()


def _has_label(cell: list[Piece]) -> bool:
    # a loop, not any(…): asked of every cell of every line, most of one or two pieces
    for p in cell:
        if p.kind in LABEL_PIECES:
            return True
    return False


def _has_number(cell: list[Piece]) -> bool:
    for p in cell:
        if p.kind == "NUMBER":
            return True
    return False


@dataclass(frozen=True, slots=True)
class _LineShape:
    """What a line says about its cells: how many, how many filled, where its first label is."""

    multi: bool  # more than one cell
    filled: int  # cells that are not EMPTY
    first_label: int | None  # the first cell with label text

    @classmethod
    def of(cls, cells: list[list[Piece]]) -> _LineShape:
        filled, first_label = 0, None
        for i, cell in enumerate(cells):
            if cell[0].kind != "EMPTY":
                filled += 1
                if first_label is None and _has_label(cell):
                    first_label = i
        return cls(len(cells) > 1, filled, first_label)


class _Assembler:
    """Units built line by line; the current unit is always the last one."""

    def __init__(self, cfg: TableConfig) -> None:
        self.cfg = cfg
        self.units: list[Unit] = []
        self.line_no = 0

    @property
    def cur(self) -> Unit | None:
        return self.units[-1] if self.units else None

    def _new(self) -> Unit:
        self.units.append(Unit())
        return self.units[-1]

    def _unit(self) -> Unit:
        """The unit a value goes to: the current one, or a new one with no label."""
        return self.cur or self._new()

    def line(self, cells: list[list[Piece]]) -> None:
        texts = ["".join([p.text for p in cell]) for cell in cells]
        if self._placeholder_header(cells, texts):
            return
        shape = _LineShape.of(cells)
        value_seen = False
        for i, cell in enumerate(cells):
            if cell[0].kind == "EMPTY":
                if shape.first_label is not None and i < shape.first_label:
                    continue  # the merged group-label column before a row label
                self._unit().values.append(Value("blank", "", cell[0].start, cell[0].end))
            elif self._cell(cell, texts[i], shape, value_seen) and _has_number(cell):
                value_seen = True

    def _placeholder_header(self, cells: list[list[Piece]], texts: list[str]) -> bool:
        """A converter's header (| 项目 | 数据1 | 数据2 | … |): two or more placeholder column names
        and no other number."""
        pattern = self.cfg.placeholder_columns
        if pattern is None or len(cells) < 2:
            return False
        filled = [t for cell, t in zip(cells, texts) if cell[0].kind != "EMPTY"]
        named = [t for t in filled if pattern.fullmatch(t.strip())]
        return len(named) >= 2 and all(t in named or not any(ch.isdigit() for ch in t) for t in filled)

    def _cell(self, cell: list[Piece], text: str, shape: _LineShape, value_seen: bool) -> bool:
        """A cell that is not empty (its pieces' text given); False when it was taken whole, not
        read piece by piece."""
        whole = self._whole(cell, text, shape, value_seen)
        if whole == "unit":
            return False
        if whole is not None:
            self._unit().values.append(Value(whole, text, cell[0].start, cell[-1].end))
            return False
        self._pieces(cell)
        return True

    def _whole(self, cell: list[Piece], text: str, shape: _LineShape, value_seen: bool) -> str | None:
        """What the cell is as a whole: a blank mark, an invalid word where a value belongs, or the
        unit of the row (skipped); None when its pieces are read one by one."""
        cur = self.cur
        if text in self.cfg.blank:
            return "blank"
        if PLACEHOLDER.fullmatch(text):
            return "placeholder"
        if _bare(text) in self.cfg.not_numbers and cur is not None and (shape.multi or cur.label):
            return "invalid"
        if _has_label(cell) and not _has_number(cell):
            if text in self.cfg.units and cur is not None:
                return "unit"
            if shape.multi and value_seen and shape.filled > 1 and len(text) <= MAX_WORD_VALUE:
                return "invalid"
        return None

    def _pieces(self, cell: list[Piece]) -> None:
        k = 0
        while k < len(cell):
            k = self._piece(cell, k)

    def _piece(self, cell: list[Piece], k: int) -> int:
        """Label pieces start a row (or extend one that has no values yet); numbers are its
        values. Returns the index of the next piece to read."""
        p = cell[k]
        nxt = cell[k + 1] if k + 1 < len(cell) else None
        if p.kind == "PLUS" and nxt is not None and nxt.kind == "NUMBER" and nxt.start == p.end:
            self._unit().values.append(Value("number", nxt.text, p.start, nxt.end, glued=len(cell) > 2))
            return k + 2
        if p.kind == "DASH":
            if nxt is not None and _minus_sign(p, nxt):
                self._unit().values.append(Value("number", "-" + nxt.text, p.start, nxt.end, glued=len(cell) > 2))
                return k + 2
            if not _joins_labels(cell, k):
                self._unit().values.append(Value("blank", p.text, p.start, p.end))
                return k + 1
            p = Piece("TEXT", p.text, p.start, p.end)  # 本年增/减
        if p.kind == "NUMBER":
            self._unit().values.append(Value("number", p.text, p.start, p.end, glued=len(cell) > 1))
        else:
            cur = self.cur
            if cur is None or cur.values:
                cur = self._new()
            cur.label.append(p)
            cur.label_lines.append(self.line_no)
        return k + 1


def _minus_sign(dash: Piece, nxt: Piece) -> bool:
    """A single minus or en dash right before a number is its sign."""
    return nxt.kind == "NUMBER" and nxt.start == dash.end and len(dash.text) == 1 and dash.text in "-–"


def _joins_labels(cell: list[Piece], k: int) -> bool:
    """A dash between two label pieces, touching both, is part of the label (本年增/减)."""
    prev = cell[k - 1] if k else None
    nxt = cell[k + 1] if k + 1 < len(cell) else None
    return (
        prev is not None
        and nxt is not None
        and prev.kind in LABEL_PIECES
        and nxt.kind in LABEL_PIECES
        and prev.end == cell[k].start
        and nxt.start == cell[k].end
    )
