"""Read the statistics tables of a report into canonical cells.

The text of each table region is parsed with grammars/table.lark into lines of cells of
pieces (label text, numbers, dashes). Whatever the form — pipe rows, one cell per line,
label/unit/value triples, PDF columns, flattened rows — the pieces then read the same way: a
row is a label followed by its values. Rows are recognised by the layout's `match` patterns
(rules/vocabulary/layouts.yaml), values are assigned to the row's columns in order, and digits glued
together ("15130000154") are split into as many cells as the row has, keeping only the
readings that satisfy the table's own identities. More than one reading left: the cells are
"unread" and the rules say so (I101), never guess.
"""

from __future__ import annotations

import re
import unicodedata

from lark.exceptions import LarkError

from checker.model.document import Document
from checker.model.tables import Cell, CellState, StatRow, StatTable
from checker.parse.identity import Instance
from checker.parse.tables.cells import VALUE_KINDS, Unit, Value, assemble, give_back, parse_cells
from checker.parse.tables.glued import (
    Split,
    cells_of_row,
    disambiguate,
    make_cell,
    pruner,
    reading_text,
    split_readings,
)
from checker.parse.tables.labels import match_row
from checker.spec.layouts import ColSpec, Layout, RowSpec, TableConfig, table_config
from checker.spec.sections import structure_config

# "……情况统计表" with fewer rows than this in a report of the current formats is the caption of
# the current tables, not the old (2007) statistics table.
OLD_TABLE_MIN_ROWS = 3

# Candidate readings kept on an unread row, for the message (I101) and `xxgk extract`.
READINGS_SHOWN = 6


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


def _units(doc: Document, cfg: TableConfig) -> list[Unit]:
    """The rows as they stand in the text of every table region."""
    units: list[Unit] = []
    for region in doc.tables:
        text = _mask_pages(doc.norm.text[region.start : region.end])
        try:
            units += assemble(parse_cells(text, region.start), cfg)
        except LarkError:
            continue  # the grammar accepts every text; a failure leaves this region unread
    return units


def read_tables(doc: Document) -> list[StatTable]:
    cfg = table_config()
    choices = cfg.profiles.get(doc.profile, {})
    starts = [(pos, slot) for pos, slot in _table_starts(doc, cfg) if slot in choices]
    doc.tables_announced = {slot for _, slot in starts}
    if not starts:
        return []
    units = _units(doc, cfg)
    tables = []
    bounds = [pos for pos, _ in starts] + [len(doc.norm.text)]
    for (pos, slot), stop in zip(starts, bounds[1:]):
        mine = [u for u in units if pos <= u.anchor < stop]
        table = _read_table(doc, cfg, choices[slot], slot, pos, mine)
        if not table.rows:
            continue  # a caption or header with no row of the table after it: not this table
        if slot == "统计表" and doc.profile != "2007" and len(table.rows) < OLD_TABLE_MIN_ROWS:
            continue
        tables.append(table)
    return tables


def _read_table(
    doc: Document, cfg: TableConfig, layouts: tuple[str, ...], slot: str, pos: int, units: list[Unit]
) -> StatTable:
    """The table that starts at pos, from the units anchored before the next table starts."""
    region_end = max((r.end for r in doc.tables if r.start <= pos < r.end), default=pos)
    text = re.sub(r"\s+", "", doc.norm.text[pos : max(region_end, max((u.end for u in units), default=pos))])
    layout, own = _choose_layout(cfg, layouts, text)
    end = max([region_end] + [u.end for u in units] + [v.end for u in units for v in u.values])
    table = StatTable(slot, layout.key, layout.title, pos, end)
    if layout.key != own.key and layout.format != own.format:
        table.expected_layout = own.key
    if layout.sequence:
        _read_sequence(table, layout, units)
    else:
        _read_rows(table, layout, units)
        table.labelled = _labels_present(layout, table.missing, doc.norm.text[pos:end])
    return table


# A label this short ("3.其他") may stand anywhere; only longer ones say the row is there.
_MIN_LABEL_CHARS = 4


def _labels_present(layout: Layout, missing: list[str], text: str) -> list[str]:
    """The missing rows whose label (its last part: "1.属于国家秘密") the table's text has."""
    if not missing:
        return []
    compact = unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))
    out = []
    for key in missing:
        spec = layout.row(key)
        label = unicodedata.normalize("NFKC", re.sub(r"\s+", "", spec.label.split(" ")[-1])) if spec else ""
        if len(label) >= _MIN_LABEL_CHARS and label in compact:
            out.append(key)
    return out


def _choose_layout(cfg: TableConfig, keys: tuple[str, ...], text: str) -> tuple[Layout, Layout]:
    layouts = [cfg.layouts[k] for k in keys]
    own = layouts[0]
    scores = [sum(1 for p in lay.detect if p.search(text)) for lay in layouts]
    best = max(range(len(layouts)), key=lambda i: (scores[i], i == 0))
    return layouts[best], own


def approximate_rows(table: StatTable, layout: Layout) -> list[StatRow]:
    """Rows read from a label that none of the row's patterns names: found by the nearest
    canonical label (labels.match_row)."""
    out = []
    for row in table.rows.values():
        spec = layout.row(row.key)
        if spec is not None and spec.match is not None and row.text and not spec.match.search(row.text):
            out.append(row)
    return out


def _equalities(layout: Layout, found: set[str] | None) -> list[Instance]:
    """The layout's equality identities bound to its rows found (None: every row): the ones that
    can decide a reading."""
    return [
        inst for ident in layout.identities if ident.expression.is_equality for inst in layout.instances(ident, found)
    ]


def _blank_row(row: RowSpec, unit: Unit) -> StatRow:
    """A row named in flattened text with no digits after it: every cell blank."""
    cells = {c.key: Cell(row.key, c.key, CellState.BLANK, None, "", unit.end, unit.end) for c in row.columns}
    return StatRow(row.key, row.label, unit.compact, unit.start, unit.end, cells)


def _unread_cells(row: RowSpec, at: int) -> dict[str, Cell]:
    return {c.key: Cell(row.key, c.key, CellState.UNREAD, None, "", at, at) for c in row.columns}


def _raw(values: list[Value]) -> str:
    return " ".join(v.text or "□" for v in values)


def _named_rows(table: StatTable, layout: Layout, units: list[Unit]) -> list[tuple[RowSpec, Unit]]:
    """Each unit whose label names a row, in order; rows named before it with no values are blank."""
    filled: set[str] = set()
    cursor = 0
    index_of = {r.key: i for i, r in enumerate(layout.rows)}
    named: list[tuple[RowSpec, Unit]] = []
    for unit in units:
        if not unit.label:
            continue
        row, before = match_row(layout, unit, filled, cursor)
        if row is None:
            continue
        for skipped in before:
            filled.add(skipped.key)
            table.rows[skipped.key] = _blank_row(skipped, unit)
        filled.add(row.key)
        cursor = index_of[row.key] + 1
        named.append((row, unit))
    return named


def read_row(row: RowSpec, unit: Unit, instances: list[Instance]) -> tuple[StatRow, list[dict[str, Cell]]]:
    """The row's cells from the unit's values, and the candidate cells when they are ambiguous."""
    positions = [(row.key, col) for col in row.columns]
    split = split_readings(unit.values, len(row.columns), [c.signed for c in row.columns], pruner(positions, instances))
    stat = StatRow(row.key, row.label, unit.compact, unit.start, unit.end, raw=_raw(unit.values))
    if len(split.readings) == 1:
        stat.cells = cells_of_row(row, split.readings[0])
        return stat, []
    stat.cells = _unread_cells(row, unit.anchor)
    stat.problem = split.problem or "ambiguous"
    stat.readings = [reading_text(r) for r in split.readings[:READINGS_SHOWN]]
    return stat, [cells_of_row(row, r) for r in split.readings]


def _rejoin_wrapped(layout: Layout, units: list[Unit]) -> None:
    """Give a wrapped label's end back to the row above its numbers when only then does that row's
    label name a row ("2.其他法律行政法" + "规禁止公开"; "8.属于行政查询事" + "项"), and no other."""

    def rows_named(label: str) -> list[str]:
        text = re.sub(r"\s+", "", label)
        return [r.key for r in layout.rows if r.match is not None and r.match.search(text)]

    for before, unit in zip(units, units[1:]):
        if not unit.wrapped_head or not before.values or rows_named(before.compact):
            continue
        head = "".join(p.text for p in unit.label[: unit.wrapped_head])
        if len(rows_named(before.compact + head)) == 1:
            give_back(before, unit)


def _within_rows(instances: list[Instance]) -> dict[str, list[Instance]]:
    """The identities whose cells all lie in one row, by that row: the only ones that can decide
    how the row's own glued digits read (the others wait for disambiguate)."""
    out: dict[str, list[Instance]] = {}
    for inst in instances:
        rows = {ref.row for ref in inst.cells}
        if len(rows) == 1:
            out.setdefault(rows.pop(), []).append(inst)
    return out


def _read_rows(table: StatTable, layout: Layout, units: list[Unit]) -> None:
    _rejoin_wrapped(layout, units)
    named = _named_rows(table, layout, units)
    instances = _equalities(layout, {row.key for row, _ in named} | set(table.rows))
    of_row = _within_rows(instances)
    ambiguous: dict[str, list[dict[str, Cell]]] = {}
    for row, unit in named:
        table.rows[row.key], candidates = read_row(row, unit, of_row.get(row.key, []))
        if candidates:
            ambiguous[row.key] = candidates
    disambiguate(table, instances, ambiguous)
    table.missing = [r.key for r in layout.rows if not r.optional and r.key not in table.rows and r.match is not None]


def _positions(layout: Layout) -> list[tuple[str, ColSpec]]:
    """Every cell of a sequence table, row after row."""
    return [(row.key, col) for row in layout.rows for col in row.columns]


def sequence_values(units: list[Unit]) -> list[Value]:
    """All values under the header, in order. Units without a number are header lines (merged
    cells, the Markdown |---| line): their blanks are not data."""
    return [v for u in units if any(x.kind in VALUE_KINDS for x in u.values) for v in u.values]


def split_sequence(layout: Layout, values: list[Value]) -> Split:
    """The readings of a sequence table's values as its cells, kept by all its equalities."""
    positions = _positions(layout)
    instances = _equalities(layout, None)
    return split_readings(values, len(positions), [col.signed for _, col in positions], pruner(positions, instances))


def _read_sequence(table: StatTable, layout: Layout, units: list[Unit]) -> None:
    """Table 四: all values in order under the header, row after row."""
    values = sequence_values(units)
    if not values:
        table.missing = [r.key for r in layout.rows]
        return
    split = split_sequence(layout, values)
    start = units[0].start if units else table.start
    positions = _positions(layout)
    read = [
        {(rk, col.key): make_cell(rk, col, v) for (rk, col), v in zip(positions, reading)} for reading in split.readings
    ]
    for row in layout.rows:
        stat = StatRow(row.key, row.label, row.label, start, start, raw=_raw(values))
        table.rows[row.key] = stat
        keys = [(row.key, c.key) for c in row.columns]
        if read and all([r[k].raw for k in keys] == [read[0][k].raw for k in keys] for r in read):
            stat.cells = {ck: read[0][(rk, ck)] for rk, ck in keys}  # every reading agrees on this row
            stat.start, stat.end = stat.cells[keys[0][1]].start, stat.cells[keys[-1][1]].end
        else:
            anchor = values[0].start
            stat.cells = _unread_cells(row, anchor)
            stat.problem = split.problem or "ambiguous"
            own = ["|".join(r[k].raw or "空" for k in keys) for r in read]
            stat.readings = list(dict.fromkeys(own))[:READINGS_SHOWN]
            stat.start = stat.end = anchor
