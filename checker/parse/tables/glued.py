"""Values into cells: digits glued together (archive pages print a row as one run of digits) are
cut into as many cells as the row has, and rows are chosen jointly by the table's identities."""

from __future__ import annotations

import itertools
from decimal import Decimal, InvalidOperation

from checker.model.tables import Cell, StatTable
from checker.parse.identity import Instance, Ref, evaluate
from checker.parse.tables.cells import Value
from checker.spec.layouts import RowSpec

MAX_READINGS = 20000  # split candidates explored per row before giving up (I101)


MAX_COMBINATIONS = 20000  # joint readings of ambiguous rows explored per table


MAX_DIGITS_PER_CELL = 12  # glued digits beyond this many per cell are not read as the row's values


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


def split_readings(values: list[Value], n: int, signed: list[bool], prune) -> tuple[list[list[Value]], str | None]:
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
    room = [
        len(v.text.lstrip("-").split(".")[0]) - 1
        if v.kind == "number" and (v.glued or lone) and "," not in v.text
        else 0
        for v in values
    ]
    if sum(room) < extra:
        return [], "short"
    if sum(room) + len(values) > MAX_DIGITS_PER_CELL * n:
        return [], "too_many_readings"  # no count has that many digits: not a row of this table
    if sum(room) == extra:  # every digit its own cell: one way to cut, its identities are T105's to judge
        return [
            [
                cell
                for i, v in enumerate(values)
                for cell in ([_part(v, j, 1, whole=False) for j in range(room[i] + 1)] if room[i] else [v])
            ]
        ], None
    after = [sum(room[i + 1 :]) for i in range(len(values))]  # cuts the later values can still take
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
        if not _well_formed([cell]) or not prune(grown[: k + 1]):
            return True
    return rec(i, taken, left, grown, parts or [])


def _part(v: Value, offset: int, length: int, whole: bool) -> Value:
    """The digits [offset, offset + length) of a glued number as one cell: the sign goes with the
    first part, the decimals with the last."""
    sign = "-" if v.text.startswith("-") else ""
    integer, dot, fraction = v.text[len(sign) :].partition(".")
    first, last = offset == 0, offset + length == len(integer)
    text = (sign if first else "") + integer[offset : offset + length] + (dot + fraction if last else "")
    start = v.start + len(sign) + offset - (len(sign) if first else 0)
    end = v.start + len(sign) + offset + length + (len(dot) + len(fraction) if last else 0)
    return Value("number", text, start, end, glued=v.glued or not whole)


def cells_of_row(row: RowSpec, values: list[Value]) -> dict[str, Cell]:
    out = {}
    for col, v in zip(row.columns, values):
        out[col.key] = make_cell(row.key, col, v)
    return out


def make_cell(row_key: str, col, v: Value) -> Cell:
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


def reading_text(values: list[Value]) -> str:
    return "|".join(v.text or "空" for v in values)


def pruner(positions: list[tuple[str, object]], instances: list[Instance]):
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
            cell = make_cell(positions[k][0], positions[k][1], acc[k])
            return cell.value if cell.state == "number" else None

        return all(evaluate(inst, lookup).status != "fails" for inst in checks)

    return prune


def disambiguate(table: StatTable, instances: list[Instance], ambiguous: dict[str, list[dict[str, Cell]]]) -> None:
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
