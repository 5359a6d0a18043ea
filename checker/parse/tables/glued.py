"""Values into cells: digits glued together (archive pages print a row as one run of digits) are
cut into as many cells as the row has, and rows are chosen jointly by the table's identities.

The search is bounded by counters, never by time: a row whose digits could be read in too many
ways is reported ("too_many_readings"), not read, and `Split.steps` says how much work was done.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from checker.ingest.limits import MAX_NUMBER_DIGITS
from checker.model.tables import Cell, CellState, StatTable
from checker.parse.identity import RELATIONS, Instance, Ref, evaluate
from checker.parse.tables.cells import Value
from checker.spec.layouts import ColSpec, RowSpec

# Partial readings tried per row (or per table 四, read as one sequence) before giving up: the
# flattened rows of real reports need a few hundred; a row past this many is reported (I101).
MAX_READINGS = 20000

# Joint readings of the ambiguous rows of one table tried against the identities across rows.
MAX_COMBINATIONS = 20000

# No count in these tables has more digits than this: a run of digits longer than this many per
# cell is not the row's values (and would make the search explode), so it is not read.
MAX_DIGITS_PER_CELL = 12

# Texts of values remembered with the number they hold: only short ones, so that memory stays small.
MAX_REMEMBERED_TEXT = 24

# prune(reading so far): do the identities whose cells the partial reading has just completed hold?
Prune = Callable[[list[Value]], bool]


@dataclass
class Split:
    """The ways a row's values read as its cells: one reading is the row; several, or none, leave
    it unread, and `problem` says why when the search itself gave up."""

    readings: list[list[Value]]
    problem: str | None = None  # too_many, short, too_many_readings, no_reading
    steps: int = 0  # partial readings tried: never more than MAX_READINGS + 1


def _to_decimal(text: str) -> Decimal | None:
    if len(text) > MAX_NUMBER_DIGITS + 8:  # room for separators, a sign and decimals
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _integer_digits(v: Value) -> str:
    """The digits before the decimal point, without the sign: what can be cut."""
    return v.text.lstrip("-").split(".")[0]


def _leading_zero(v: Value) -> bool:
    """07 is no count: a part of several digits never starts with 0."""
    digits = _integer_digits(v)
    return v.kind == "number" and len(digits) > 1 and digits[0] == "0"


def _trim_blanks(values: list[Value], n: int) -> list[Value]:
    """Blank marks beyond the row's n cells, at either end, are debris of merged cells."""
    values = list(values)
    while len(values) > n and values[-1].kind == "blank":
        values.pop()
    while len(values) > n and values[0].kind == "blank":
        values.pop(0)
    return values


def _room(values: list[Value]) -> list[int]:
    """How many cuts each value can take. A number alone in its cell is one cell; digits glued to
    a label, or a row's only value, may be several; 1,234 has separators, so it is one number."""
    lone = len(values) == 1
    return [
        len(_integer_digits(v)) - 1 if v.kind == "number" and (v.glued or lone) and "," not in v.text else 0
        for v in values
    ]


def _every_digit_a_cell(values: list[Value], room: list[int]) -> list[Value]:
    """The one reading when the row needs every possible cut."""
    return [
        cell
        for v, cuts in zip(values, room)
        for cell in ([_part(v, j, 1, whole=False) for j in range(cuts + 1)] if cuts else [v])
    ]


def split_readings(values: list[Value], n: int, signed: list[bool], prune: Prune) -> Split:
    """All ways to read the values as n cells. Glued digits are cut cell by cell; `prune(acc)`
    checks the identities whose cells the partial reading `acc` has just completed."""
    values = _trim_blanks(values, n)
    if len(values) == n:
        return Split([values])
    if len(values) > n:
        return Split([], "too_many")
    extra = n - len(values)  # cuts to make
    room = _room(values)
    if sum(room) < extra:
        return Split([], "short")
    if sum(room) + len(values) > MAX_DIGITS_PER_CELL * n:
        return Split([], "too_many_readings")  # no count has that many digits: not a row of this table
    if sum(room) == extra:  # one way to cut: its identities are T105's to judge
        return Split([_every_digit_a_cell(values, room)])
    search = _Search(values, room, signed, prune)
    if not search.value(0, 0, extra):
        return Split([], "too_many_readings", search.steps)
    if not search.readings:
        return Split([], "no_reading", search.steps)
    return Split(search.readings, None, search.steps)


@dataclass
class _Search:
    """Depth first over the cuts, value by value, counting the partial readings it tries. Each
    method returns False once MAX_READINGS is passed, which ends the whole search. The reading so
    far is one list, grown and shrunk in place; a complete reading is copied out."""

    values: list[Value]
    room: list[int]
    signed: list[bool]
    prune: Prune
    readings: list[list[Value]] = field(default_factory=list)
    steps: int = 0
    acc: list[Value] = field(default_factory=list)
    # The same part of a value is tried on many branches: made once, and judged well formed at a
    # position once (by the part's id: every part lives as long as the search).
    parts: dict[tuple[int, int, int], Value] = field(default_factory=dict)
    formed: dict[tuple[int, int], bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.after = [sum(self.room[i + 1 :]) for i in range(len(self.values))]  # cuts the later values can take
        self.digits = [_integer_digits(v) for v in self.values]

    def value(self, i: int, taken: int, left: int) -> bool:
        """Value i, of which `taken` digits are already cells, with `left` cuts still to make: the
        rest of it as its last part (when the later values can take the cuts left), then each
        shorter part followed by a cut."""
        self.steps += 1
        if self.steps > MAX_READINGS:
            return False
        if i == len(self.values):
            if left == 0:
                self.readings.append(self.acc.copy())
            return True
        if not self.room[i]:
            return self._extend(self.values[i], i + 1, 0, left)
        digits = self.digits[i]
        remaining = len(digits) - taken
        after = self.after[i]
        if left <= after and not self._extend(self._part(i, taken, remaining), i + 1, 0, left):
            return False
        # a part so long that the digits after it cannot take the cuts still to make is no reading
        longest = min(remaining - 1, remaining - left + after) if left else 0
        for length in range(1, longest + 1):
            if length > 1 and digits[taken] == "0":
                break  # longer parts from here all start with 0
            if not self._extend(self._part(i, taken, length), i, taken + length, left - 1):
                return False
        return True

    def _part(self, i: int, taken: int, length: int) -> Value:
        key = (i, taken, length)
        part = self.parts.get(key)
        if part is None:
            # the rest of a value not cut at all is the value whole; any other part was cut from it
            whole = not taken and taken + length == len(self.digits[i])
            part = self.parts[key] = _part(self.values[i], taken, length, whole=whole)
        return part

    def _extend(self, cell: Value, i: int, taken: int, left: int) -> bool:
        """Go on with the cell appended, if it is well formed and keeps the identities; a dead
        end is not the end of the search."""
        acc = self.acc
        key = (len(acc), id(cell))
        formed = self.formed.get(key)
        if formed is None:
            formed = self.formed[key] = self._well_formed(cell, len(acc))
        if not formed:
            return True
        acc.append(cell)
        go_on = not self.prune(acc) or self.value(i, taken, left)
        acc.pop()
        return go_on

    def _well_formed(self, cell: Value, k: int) -> bool:
        if cell.kind == "number":
            if k >= len(self.signed):
                return False
            if cell.text.startswith("-") and not self.signed[k] and cell.glued:
                return False  # a minus sign of glued text read into a column that cannot be negative
        return not _leading_zero(cell)


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
    return {col.key: make_cell(row.key, col, v) for col, v in zip(row.columns, values)}


def make_cell(row_key: str, col: ColSpec, v: Value) -> Cell:
    if v.kind == "blank":
        return Cell(row_key, col.key, CellState.BLANK, None, v.text, v.start, v.end)
    if v.kind == "placeholder":
        return Cell(row_key, col.key, CellState.PLACEHOLDER, None, v.text, v.start, v.end)
    state, value = _state_and_value(col, v)
    return Cell(row_key, col.key, state, value, v.text, v.start, v.end)


def _state_and_value(col: ColSpec, v: Value) -> tuple[CellState, Decimal | None]:
    # the same few texts ("0", "1", …) come again and again, from every row and every search
    number = _remembered_number if len(v.text) <= MAX_REMEMBERED_TEXT else _number
    return number(v.kind, v.text, col.signed, col.money)


def _number_in(col: ColSpec, v: Value) -> Decimal | None:
    """make_cell(…, col, v).number, without making the cell."""
    if v.kind in ("blank", "placeholder"):
        return None
    state, value = _state_and_value(col, v)
    return value if state == CellState.NUMBER else None


def _number(kind: str, text: str, signed: bool, money: bool) -> tuple[CellState, Decimal | None]:
    """What a value's text holds in a column (signed: may be negative; money: may have decimals)."""
    value = _to_decimal(text) if kind != "invalid" else None
    if value is None:
        return CellState.INVALID, None
    if (value < 0 and not signed) or (value != value.to_integral_value() and not money):
        return CellState.INVALID, value
    return CellState.NUMBER, value


_remembered_number = lru_cache(maxsize=4096)(_number)


def reading_text(values: list[Value]) -> str:
    return "|".join(v.text or "空" for v in values)


# An identity's side as positions of the reading: (sign, position or None, constant).
_Side = list[tuple[int, int | None, Decimal | None]]


# One identity to check once the reading holds its last cell: its two sides and their relation.
_Check = tuple[_Side, _Side, Callable[[Decimal, Decimal], bool]]


def _checks(positions: Sequence[tuple[str, ColSpec]], instances: list[Instance]) -> dict[int, list[_Check]]:
    """The identities whose cells are all in the reading, by the position of their last cell, with
    each cell turned into its position."""
    index = {(row, col.key): k for k, (row, col) in enumerate(positions)}
    by_last: dict[int, list[_Check]] = {}
    for inst in instances:
        ks = [index.get((ref.row, ref.col), -1) for ref in inst.cells]
        if -1 not in ks:  # every cell of the identity is in this reading
            sides = [
                [(sign, None if ref is None else index[(ref.row, ref.col)], constant) for sign, ref, constant in side]
                for side in (inst.lhs, inst.rhs)
            ]
            by_last.setdefault(max(ks), []).append((sides[0], sides[1], RELATIONS[inst.identity.expression.relation]))
    return by_last


def pruner(positions: Sequence[tuple[str, ColSpec]], instances: list[Instance]) -> Prune:
    """prune(acc) for a reading of the cells at `positions`, in order: the identities are checked
    as soon as the reading holds the last of their cells. It decides as `evaluate` does (an
    identity fails when both sides are known and the relation does not hold), with each identity's
    cells turned into positions of the reading once, not looked up at every step — and only when
    a search asks: most rows are read without one."""
    by_last: dict[int, list[_Check]] | None = None

    # A cell's number depends on its position and its text alone; the search asks for the same ones again and again.
    numbers: dict[tuple[int, str, str], Decimal | None] = {}

    def total(side: _Side, acc: list[Value]) -> Decimal | None:
        """The side's sum, added in evaluate's order; None when a cell has no number."""
        out = Decimal(0)
        for sign, k, constant in side:
            if k is None:
                out += sign * (constant if constant is not None else Decimal(0))
                continue
            v = acc[k]
            key = (k, v.kind, v.text)
            if key not in numbers:
                numbers[key] = _number_in(positions[k][1], v)
            value = numbers[key]
            if value is None:
                return None
            out += sign * value
        return out

    def prune(acc: list[Value]) -> bool:
        nonlocal by_last
        if by_last is None:
            by_last = _checks(positions, instances)
        for lhs, rhs, relation in by_last.get(len(acc) - 1, ()):
            left = total(lhs, acc)
            right = total(rhs, acc) if left is not None else None
            if left is not None and right is not None and not relation(left, right):
                return False
        return True

    return prune


def disambiguate(table: StatTable, instances: list[Instance], ambiguous: dict[str, list[dict[str, Cell]]]) -> None:
    """Readings of several glued rows, chosen together by the identities across rows: a row is
    read when every combination that keeps the identities agrees on it."""
    relevant = [inst for inst in instances if any(ref.row in ambiguous for ref in inst.cells)]
    if not relevant:
        return
    keys = list(ambiguous)
    total = 1
    for k in keys:
        total *= len(ambiguous[k])
    if total > MAX_COMBINATIONS:
        return
    survivors = []
    for combo in itertools.product(*(ambiguous[k] for k in keys)):
        chosen = dict(zip(keys, combo))

        def lookup(ref: Ref, chosen: dict[str, dict[str, Cell]] = chosen) -> Decimal | None:
            cells = chosen.get(ref.row)
            if cells is None:
                return table.value_of(ref.row, ref.col)
            cell = cells.get(ref.col)
            return cell.number if cell is not None else None

        if all(evaluate(inst, lookup).status != "fails" for inst in relevant):
            survivors.append(chosen)
    for k in keys:
        options = {tuple(sorted((c, cell.raw) for c, cell in s[k].items())) for s in survivors}
        if len(options) == 1:
            row = table.rows[k]
            row.cells = survivors[0][k]
            row.problem, row.readings = None, []
