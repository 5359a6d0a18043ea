"""Read the statistics tables of a report into canonical cells.

The text of each table region is parsed with grammars/table.lark into lines of cells of
pieces (label text, numbers, dashes). Whatever the form — pipe rows, one cell per line,
label/unit/value triples, PDF columns, flattened rows — the pieces then read the same way: a
row is a label followed by its values. Rows are recognised by the layout's `match` patterns
(rules/tables.yaml), values are assigned to the row's columns in order, and digits glued
together ("15130000154") are split into as many cells as the row has, keeping only the
readings that satisfy the table's own identities. More than one reading left: the cells are
"unread" and the rules say so (I101), never guess.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

from lark import Lark
from lark.exceptions import LarkError

from .config import structure_config
from .identity import Instance, Ref, bind, evaluate
from .model import Cell, Document, StatRow, StatTable
from .resources import grammar_text
from .tablespec import Layout, RowSpec, TableConfig, table_config

LABEL_PIECES = {"TEXT", "PAREN", "ITEM", "YEAR"}
MAX_READINGS = 20000  # split candidates explored per row before giving up (I101)
MAX_COMBINATIONS = 20000  # joint readings of ambiguous rows explored per table
MAX_DIGITS_PER_CELL = 12  # glued digits beyond this many per cell are not read as the row's values
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
        cells = [[Piece(t.type, str(t), base + t.start_pos, base + t.end_pos) for t in cell.children] for cell in line_tree.children]
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
            if prev is not None and nxt is not None and prev.kind in LABEL_PIECES and nxt.kind in LABEL_PIECES and prev.end == p.start and nxt.start == p.end:
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


# ---------------------------------------------------------------- values into cells


def _to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _well_formed(values: list[Value]) -> bool:
    for v in values:
        if v.kind == "number":
            digits = v.text.lstrip("-").split(".")[0]
            if len(digits) > 1 and digits[0] == "0":
                return False
    return True


def _readings(values: list[Value], n: int, signed: list[bool], prune) -> tuple[list[list[Value]], str | None]:
    """All ways to read the values as n cells. Glued digits are cut cell by cell; `prune(acc)`
    checks the identities whose cells the partial reading `acc` has just completed."""
    values = list(values)
    while len(values) > n and values and values[-1].kind == "blank":
        values.pop()
    while len(values) > n and values and values[0].kind == "blank":
        values.pop(0)
    if len(values) == n:
        return [values], None
    if len(values) > n:
        return [], "too_many"
    extra = n - len(values)
    # A number alone in its cell is one cell; digits glued to a label, or a row's only value, may be several.
    lone = len(values) == 1
    room = [len(v.text.lstrip("-").split(".")[0]) - 1 if v.kind == "number" and (v.glued or lone) and "," not in v.text else 0 for v in values]
    if sum(room) < extra:
        return [], "short"
    if sum(room) + len(values) > MAX_DIGITS_PER_CELL * n:
        return [], "too_many_readings"  # no count has that many digits: not a row of this table
    if sum(room) == extra:  # every digit its own cell: one way to cut, its identities are T105's to judge
        return [[cell for i, v in enumerate(values) for cell in ([_part(v, j, 1, whole=False) for j in range(room[i] + 1)] if room[i] else [v])]], None
    after = [sum(room[i + 1:]) for i in range(len(values))]  # cuts the later values can still take
    out: list[list[Value]] = []
    explored = 0

    def rec(i: int, taken: int, left: int, acc: list[Value], parts: list[int]) -> bool:
        """Value i, of which `taken` digits are already cells (part lengths in `parts`)."""
        nonlocal explored
        explored += 1
        if explored > MAX_READINGS:
            return False
        if i == len(values):
            if left == 0:
                out.append(acc)
            return True
        v = values[i]
        if not room[i]:
            return _step(rec, i + 1, 0, left, acc, [v], signed, prune)
        digits = v.text.lstrip("-").split(".")[0]
        remaining = len(digits) - taken
        # the last part of this value: no cut left here, and the later values can take the rest
        if left - after[i] <= 0:
            last = [_part(v, taken, remaining, whole=not taken)]
            if _step(rec, i + 1, 0, left, acc, last, signed, prune) is False:
                return False
        if left > 0:
            for length in range(1, remaining):
                if length > 1 and digits[taken] == "0":
                    break
                cell = [_part(v, taken, length, whole=False)]
                if _step(rec, i, taken + length, left - 1, acc, cell, signed, prune, parts + [length]) is False:
                    return False
        return True

    if not rec(0, 0, extra, [], []):
        return [], "too_many_readings"
    if not out:
        return [], "no_reading"
    return out, None


def _step(rec, i, taken, left, acc, cells, signed, prune, parts=None):
    """Append cells to the reading if they are well formed and keep the identities; recurse."""
    grown = acc + cells
    for k, cell in enumerate(cells, start=len(acc)):
        if cell.kind == "number" and k >= len(signed):
            return True
        if cell.kind == "number" and cell.text.startswith("-") and not signed[k] and cell.glued:
            return True  # a minus sign of glued text read into a column that cannot be negative
        if not _well_formed([cell]) or not prune(grown[:k + 1]):
            return True
    return rec(i, taken, left, grown, parts or [])


def _part(v: Value, offset: int, length: int, whole: bool) -> Value:
    """The digits [offset, offset + length) of a glued number as one cell: the sign goes with the
    first part, the decimals with the last."""
    sign = "-" if v.text.startswith("-") else ""
    integer, dot, fraction = v.text[len(sign):].partition(".")
    first, last = offset == 0, offset + length == len(integer)
    text = (sign if first else "") + integer[offset:offset + length] + (dot + fraction if last else "")
    start = v.start + len(sign) + offset - (len(sign) if first else 0)
    end = v.start + len(sign) + offset + length + (len(dot) + len(fraction) if last else 0)
    return Value("number", text, start, end, glued=v.glued or not whole)


def _cells_of(row: RowSpec, values: list[Value]) -> dict[str, Cell]:
    out = {}
    for col, v in zip(row.columns, values):
        out[col.key] = _cell(row.key, col, v)
    return out


def _cell(row_key: str, col, v: Value) -> Cell:
    if v.kind == "blank":
        return Cell(row_key, col.key, "blank", None, v.text, v.start, v.end)
    if v.kind == "invalid":
        return Cell(row_key, col.key, "invalid", None, v.text, v.start, v.end)
    value = _to_decimal(v.text)
    if value is None:
        return Cell(row_key, col.key, "invalid", None, v.text, v.start, v.end)
    if (value < 0 and not col.signed) or (value != value.to_integral_value() and not col.money):
        return Cell(row_key, col.key, "invalid", value, v.text, v.start, v.end)
    return Cell(row_key, col.key, "number", value, v.text, v.start, v.end)


def _reading_text(values: list[Value]) -> str:
    return "|".join(v.text or "空" for v in values)


# ---------------------------------------------------------------- tables


def _table_starts(doc: Document, cfg: TableConfig) -> list[tuple[int, str]]:
    text = doc.norm.text
    found: list[tuple[int, str]] = []
    for region in doc.tables:
        for slot, patterns in cfg.starts.items():
            hits = [m.start() for p in patterns for m in p.finditer(text, region.start, region.end)]
            if hits:
                found.append((min(hits), slot))
    found.sort()
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    for pos, slot in found:
        if slot in seen:
            continue  # a second table of a kind (a sub-unit's, a repeated header) is not read
        seen.add(slot)
        out.append((pos, slot))
    return out


def _mask_pages(text: str) -> str:
    """PDF page numbers (-4-) inside a table are not values."""
    pats = structure_config().page_numbers
    lines = text.split("\n")
    return "\n".join(" " * len(line) if any(p.match(line) for p in pats) else line for line in lines)


def read_tables(doc: Document) -> list[StatTable]:
    cfg = table_config()
    choices = cfg.profiles.get(doc.profile, {})
    starts = [(pos, slot) for pos, slot in _table_starts(doc, cfg) if slot in choices]
    doc.tables_announced = {slot for _, slot in starts}
    if not starts:
        return []
    units: list[Unit] = []
    for region in doc.tables:
        text = _mask_pages(doc.norm.text[region.start:region.end])
        try:
            units += assemble(parse_cells(text, region.start), cfg)
        except LarkError:
            continue  # the grammar accepts every text; a failure leaves this region unread
    tables = []
    bounds = [pos for pos, _ in starts] + [len(doc.norm.text)]
    for (pos, slot), stop in zip(starts, bounds[1:]):
        mine = [u for u in units if pos <= u.anchor < stop]
        region_end = max((r.end for r in doc.tables if r.start <= pos < r.end), default=pos)
        text = re.sub(r"\s+", "", doc.norm.text[pos:max(region_end, max((u.end for u in mine), default=pos))])
        layout, own = _choose_layout(cfg, choices[slot], text)
        table = StatTable(slot, layout.key, layout.title, pos, max([region_end] + [u.end for u in mine] + [v.end for u in mine for v in u.values]))
        if layout.key != own.key and layout.format != own.format:
            table.expected_layout = own.key
        if layout.sequence:
            _read_sequence(table, layout, mine)
        else:
            _read_rows(table, layout, mine)
        if not table.rows:
            continue  # a caption or header with no row of the table after it: not this table
        if slot == "统计表" and doc.profile != "2007" and len(table.rows) < 3:
            continue  # "……情况统计表" as the caption of the current tables, not the old table
        tables.append(table)
    return tables


def _choose_layout(cfg: TableConfig, keys: tuple[str, ...], text: str) -> tuple[Layout, Layout]:
    layouts = [cfg.layouts[k] for k in keys]
    own = layouts[0]
    scores = [sum(1 for p in lay.detect if p.search(text)) for lay in layouts]
    best = max(range(len(layouts)), key=lambda i: (scores[i], i == 0))
    return layouts[best], own


def _match_row(layout: Layout, unit: Unit, filled: set[str], cursor: int) -> tuple[RowSpec | None, list[RowSpec]]:
    """The row a unit's label names (the match nearest its values), and rows named before it."""
    label = unit.compact
    hits = []
    for index, row in enumerate(layout.rows):
        if row.match is None:
            continue
        for m in row.match.finditer(label):
            hits.append((m.end(), m.end() - m.start(), index, row, m.start()))
    if not hits:
        return None, []
    hits = [h for h in hits if h[3].key not in filled] or []
    if not hits:
        return None, []
    best_end = max(h[0] for h in hits)
    top = [h for h in hits if h[0] == best_end]
    longest = max(h[1] for h in top)
    top = [h for h in top if h[1] == longest]
    top.sort(key=lambda h: (h[2] < cursor, h[2]))
    chosen = top[0]
    before = sorted({h[2]: h[3] for h in hits if h[0] <= chosen[4] and cursor <= h[2] < chosen[2]}.items())
    return chosen[3], [r for _, r in before]


def _read_rows(table: StatTable, layout: Layout, units: list[Unit]) -> None:
    filled: set[str] = set()
    cursor = 0
    index_of = {r.key: i for i, r in enumerate(layout.rows)}
    pending: list[tuple[RowSpec, Unit]] = []
    for unit in units:
        if not unit.label:
            continue
        row, before = _match_row(layout, unit, filled, cursor)
        if row is None:
            continue
        for skipped in before:  # named in flattened text with no digits after it: all blank
            filled.add(skipped.key)
            table.rows[skipped.key] = StatRow(skipped.key, skipped.label, unit.compact, unit.start, unit.end, {c.key: Cell(skipped.key, c.key, "blank", None, "", unit.end, unit.end) for c in skipped.columns})
        filled.add(row.key)
        cursor = index_of[row.key] + 1
        pending.append((row, unit))
    present = layout.present(filled)
    instances = [inst for ident in layout.identities if ident.expression.is_equality for inst in bind(ident, [r.key for r in layout.rows], layout.columns_of, present)]
    ambiguous: dict[str, list[dict[str, Cell]]] = {}
    for row, unit in pending:
        positions = [(row.key, col) for col in row.columns]
        readings, problem = _readings(unit.values, len(row.columns), [c.signed for c in row.columns], _pruner(positions, instances))
        stat = StatRow(row.key, row.label, unit.compact, unit.start, unit.end, raw=" ".join(v.text or "□" for v in unit.values))
        table.rows[row.key] = stat
        if len(readings) == 1:
            stat.cells = _cells_of(row, readings[0])
        else:
            stat.cells = {c.key: Cell(row.key, c.key, "unread", None, "", unit.anchor, unit.anchor) for c in row.columns}
            stat.problem = problem or "ambiguous"
            stat.readings = [_reading_text(r) for r in readings[:6]]
            if readings:
                ambiguous[row.key] = [_cells_of(row, r) for r in readings]
    _disambiguate(table, instances, ambiguous)
    table.missing = [r.key for r in layout.rows if not r.optional and r.key not in table.rows and (layout.row(r.key).match is not None)]


def _pruner(positions: list[tuple[str, object]], instances: list[Instance]):
    """prune(acc): do the identities whose cells the partial reading acc has just completed hold?"""
    index = {(row, col.key): k for k, (row, col) in enumerate(positions)}
    by_last: dict[int, list[Instance]] = {}
    for inst in instances:
        ks = [index.get((ref.row, ref.col)) for ref in inst.cells]
        if None not in ks:
            by_last.setdefault(max(ks), []).append(inst)

    def prune(acc: list[Value]) -> bool:
        checks = by_last.get(len(acc) - 1)
        if not checks:
            return True

        def lookup(ref):
            k = index[(ref.row, ref.col)]
            cell = _cell(positions[k][0], positions[k][1], acc[k])
            return cell.value if cell.state == "number" else None

        return all(evaluate(inst, lookup).status != "fails" for inst in checks)

    return prune


def _disambiguate(table: StatTable, instances: list[Instance], ambiguous: dict[str, list[dict[str, Cell]]]) -> None:
    """Readings of several glued rows, chosen together by the identities across rows."""
    if not ambiguous:
        return
    keys = list(ambiguous)
    relevant = [inst for inst in instances if any(ref.row in ambiguous for ref in inst.cells)]
    if not relevant:
        return
    total = 1
    for k in keys:
        total *= len(ambiguous[k])
    if total > MAX_COMBINATIONS:
        return
    survivors = []
    for combo in itertools.product(*(ambiguous[k] for k in keys)):
        chosen = dict(zip(keys, combo))

        def lookup(ref: Ref):
            cells = chosen.get(ref.row)
            cell = cells.get(ref.col) if cells is not None else table.cell(ref.row, ref.col)
            return cell.value if cell is not None and cell.state == "number" else None

        if all(evaluate(inst, lookup).status != "fails" for inst in relevant):
            survivors.append(chosen)
    for k in keys:
        options = {tuple(sorted((c, cell.raw) for c, cell in s[k].items())) for s in survivors}
        if len(options) == 1:
            row = table.rows[k]
            row.cells = survivors[0][k]
            row.problem, row.readings = None, []


def _read_sequence(table: StatTable, layout: Layout, units: list[Unit]) -> None:
    """Table 四: all values in order under the header, row after row."""
    # Blank cells of the header lines (merged cells, the Markdown |---| line) are not data.
    values = [v for u in units if any(x.kind == "number" for x in u.values) for v in u.values]
    flat = [(row, col) for row in layout.rows for col in row.columns]
    present = lambda key: True  # noqa: E731
    instances = [inst for ident in layout.identities if ident.expression.is_equality for inst in bind(ident, [r.key for r in layout.rows], layout.columns_of, present)]

    def cells_from(vals: list[Value]) -> dict[tuple[str, str], Cell]:
        return {(row.key, col.key): _cell(row.key, col, v) for (row, col), v in zip(flat, vals)}

    if not values:
        table.missing = [r.key for r in layout.rows]
        return
    positions = [(row.key, col) for row, col in flat]
    readings, problem = _readings(values, len(flat), [col.signed for _, col in flat], _pruner(positions, instances))
    start = units[0].start if units else table.start
    raw = " ".join(v.text or "□" for v in values)
    for row in layout.rows:
        table.rows[row.key] = StatRow(row.key, row.label, row.label, start, start, raw=raw)
    if len(readings) == 1:
        for (rk, ck), cell in cells_from(readings[0]).items():
            table.rows[rk].cells[ck] = cell
        for row in layout.rows:
            cells = list(table.rows[row.key].cells.values())
            table.rows[row.key].start, table.rows[row.key].end = cells[0].start, cells[-1].end
        return
    anchor = values[0].start
    read = [cells_from(r) for r in readings]
    for row in layout.rows:
        stat = table.rows[row.key]
        keys = [(row.key, c.key) for c in row.columns]
        if read and all([r[k].raw for k in keys] == [read[0][k].raw for k in keys] for r in read):
            stat.cells = {ck: read[0][(rk, ck)] for rk, ck in keys}  # every reading agrees on this row
            stat.start, stat.end = stat.cells[keys[0][1]].start, stat.cells[keys[-1][1]].end
            continue
        stat.cells = {c.key: Cell(row.key, c.key, "unread", None, "", anchor, anchor) for c in row.columns}
        stat.problem = problem or "ambiguous"
        own = [("|".join(r[k].raw or "空" for k in keys)) for r in read]
        stat.readings = list(dict.fromkeys(own))[:6]
        stat.start = stat.end = anchor
