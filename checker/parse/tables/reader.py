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

import re

from lark.exceptions import LarkError

from checker.model.document import Document
from checker.model.tables import Cell, StatRow, StatTable
from checker.parse.identity import bind
from checker.parse.tables.cells import Unit, Value, assemble, parse_cells
from checker.parse.tables.glued import (
    cells_of_row,
    disambiguate,
    make_cell,
    pruner,
    reading_text,
    split_readings,
)
from checker.spec.layouts import Layout, RowSpec, TableConfig, table_config
from checker.spec.sections import structure_config

# ---------------------------------------------------------------- values into cells


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
        text = _mask_pages(doc.norm.text[region.start : region.end])
        try:
            units += assemble(parse_cells(text, region.start), cfg)
        except LarkError:
            continue  # the grammar accepts every text; a failure leaves this region unread
    tables = []
    bounds = [pos for pos, _ in starts] + [len(doc.norm.text)]
    for (pos, slot), stop in zip(starts, bounds[1:]):
        mine = [u for u in units if pos <= u.anchor < stop]
        region_end = max((r.end for r in doc.tables if r.start <= pos < r.end), default=pos)
        text = re.sub(r"\s+", "", doc.norm.text[pos : max(region_end, max((u.end for u in mine), default=pos))])
        layout, own = _choose_layout(cfg, choices[slot], text)
        table = StatTable(
            slot,
            layout.key,
            layout.title,
            pos,
            max([region_end] + [u.end for u in mine] + [v.end for u in mine for v in u.values]),
        )
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
            table.rows[skipped.key] = StatRow(
                skipped.key,
                skipped.label,
                unit.compact,
                unit.start,
                unit.end,
                {c.key: Cell(skipped.key, c.key, "blank", None, "", unit.end, unit.end) for c in skipped.columns},
            )
        filled.add(row.key)
        cursor = index_of[row.key] + 1
        pending.append((row, unit))
    present = layout.present(filled)
    instances = [
        inst
        for ident in layout.identities
        if ident.expression.is_equality
        for inst in bind(ident, [r.key for r in layout.rows], layout.columns_of, present)
    ]
    ambiguous: dict[str, list[dict[str, Cell]]] = {}
    for row, unit in pending:
        positions = [(row.key, col) for col in row.columns]
        readings, problem = split_readings(
            unit.values, len(row.columns), [c.signed for c in row.columns], pruner(positions, instances)
        )
        stat = StatRow(
            row.key, row.label, unit.compact, unit.start, unit.end, raw=" ".join(v.text or "□" for v in unit.values)
        )
        table.rows[row.key] = stat
        if len(readings) == 1:
            stat.cells = cells_of_row(row, readings[0])
        else:
            stat.cells = {
                c.key: Cell(row.key, c.key, "unread", None, "", unit.anchor, unit.anchor) for c in row.columns
            }
            stat.problem = problem or "ambiguous"
            stat.readings = [reading_text(r) for r in readings[:6]]
            if readings:
                ambiguous[row.key] = [cells_of_row(row, r) for r in readings]
    disambiguate(table, instances, ambiguous)
    table.missing = [
        r.key
        for r in layout.rows
        if not r.optional and r.key not in table.rows and (layout.row(r.key).match is not None)
    ]


def _read_sequence(table: StatTable, layout: Layout, units: list[Unit]) -> None:
    """Table 四: all values in order under the header, row after row."""
    # Blank cells of the header lines (merged cells, the Markdown |---| line) are not data.
    values = [v for u in units if any(x.kind == "number" for x in u.values) for v in u.values]
    flat = [(row, col) for row in layout.rows for col in row.columns]
    present = lambda key: True  # noqa: E731
    instances = [
        inst
        for ident in layout.identities
        if ident.expression.is_equality
        for inst in bind(ident, [r.key for r in layout.rows], layout.columns_of, present)
    ]

    def cells_from(vals: list[Value]) -> dict[tuple[str, str], Cell]:
        return {(row.key, col.key): make_cell(row.key, col, v) for (row, col), v in zip(flat, vals)}

    if not values:
        table.missing = [r.key for r in layout.rows]
        return
    positions = [(row.key, col) for row, col in flat]
    readings, problem = split_readings(values, len(flat), [col.signed for _, col in flat], pruner(positions, instances))
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
