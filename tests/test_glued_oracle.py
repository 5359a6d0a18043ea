"""The glued-digit splitter against the plain definition of what it finds, on real flattened rows.

The splitter (checker/parse/tables/glued.py) is a pruned depth-first search, made fast with bounds
and memory; a faster search must find exactly the same readings in the same order. The oracle here
is the definition, written the slow way: every way to cut the digits into the row's cells (cut
positions in increasing order, which is the order the search meets them), without a part of several
digits starting with 0, kept when every equality of the layout within those cells holds by
`identity.evaluate`. The digit runs are rows of real archive pages (corpus 014, 018, 019: 平潭
2020, 2024, 2025), with the readings of a few checked by hand in the comments.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from checker.parse.identity import Instance, evaluate
from checker.parse.tables.cells import Value
from checker.parse.tables.glued import make_cell, pruner, split_readings
from checker.parse.tables.reader import _equalities, split_sequence
from checker.spec.layouts import ColSpec, Layout, table_config


def _glued(digits: str) -> Value:
    return Value("number", digits, 0, len(digits), glued=True)


def _all_hold(instances: list[Instance], numbers: dict[tuple[str, str], Decimal | None]) -> bool:
    return all(evaluate(i, lambda ref: numbers[(ref.row, ref.col)]).status != "fails" for i in instances)


def _oracle(digits: str, positions: list[tuple[str, ColSpec]], layout: Layout) -> list[str]:
    """Every reading of the digits as the cells at `positions` that keeps the layout's equalities
    whose cells are all among them, in the order of their cut positions."""
    keys = {(row, col.key) for row, col in positions}
    instances = [i for i in _equalities(layout, None) if all((r.row, r.col) in keys for r in i.cells)]
    out = []
    for cuts in itertools.combinations(range(1, len(digits)), len(positions) - 1):
        bounds = (0, *cuts, len(digits))
        parts = [digits[a:b] for a, b in zip(bounds, bounds[1:])]
        if any(len(p) > 1 and p[0] == "0" for p in parts):
            continue
        numbers = {
            (row, col.key): make_cell(row, col, Value("number", p, 0, len(p))).number
            for (row, col), p in zip(positions, parts)
        }
        if _all_hold(instances, numbers):
            out.append("|".join(parts))
    return out


def _texts(readings: list[list[Value]]) -> list[str]:
    return ["|".join(v.text for v in r) for r in readings]


# Rows of table 三 (2021 format: six kinds of applicant, then their total), one run of digits each.
T3_ROWS = [
    "21710000218",  # 018 new: 217 + 1 = 218
    "15130000154",  # 019 new: 151 + 3 = 154
    "14710000148",  # 019 total
    "330000033",  # 019 public: two readings, 3|30|0|0|0|0|33 and 33|0|0|0|0|0|33
    "491000050",  # 019 unavailable_not_held: 49 + 1 = 50
    "710000071",  # 018 public
    "1100002",  # 018 other_misc: one digit a cell
    "4200006",  # 019 forward
]


@pytest.mark.parametrize("digits", T3_ROWS)
def test_a_row_of_table_three_reads_as_the_definition_says(digits: str) -> None:
    layout = table_config().layouts["t3_2021"]
    row = layout.row("new")
    assert row is not None
    positions = [(row.key, col) for col in row.columns]
    pruned = pruner(positions, _equalities(layout, None))
    split = split_readings([_glued(digits)], len(positions), [c.signed for c in row.columns], pruned)
    assert split.problem is None
    assert _texts(split.readings) == _oracle(digits, positions, layout)


def test_the_readings_of_real_rows_checked_by_hand() -> None:
    layout = table_config().layouts["t3_2021"]
    row = layout.row("new")
    assert row is not None
    positions = [(row.key, col) for col in row.columns]
    instances = _equalities(layout, None)

    def read(digits: str) -> list[str]:
        signed = [c.signed for c in row.columns]
        return _texts(split_readings([_glued(digits)], 7, signed, pruner(positions, instances)).readings)

    # 11 digits in 7 cells, the total last: 8 or 18 is less than the digits before it add up to
    # (2 + 1 + 7 + 1 at least), so the total is 218 and needs a part of three digits from 200 up
    # before it: only 217, then 1 and the four zeros.
    assert read("21710000218") == ["217|1|0|0|0|0|218"]
    # 9 digits in 7, the total 33 (3 is less than 3 + 3): "3300000" in six cells has one part of
    # two digits, 33 or 30 (none starts with 0), and 33|0|… adds to 33 as 3|30|… does: both are
    # kept, and the row is left unread (I101) rather than guessed.
    assert read("330000033") == ["3|30|0|0|0|0|33", "33|0|0|0|0|0|33"]
    # the total 50 (0 is no total of 4 + 9 + 1, 050 starts with 0): "4910000" in six cells has one
    # part of two digits, 49, 91 or 10, adding up to 50, 95 or 23: only 49 does.
    assert read("491000050") == ["49|1|0|0|0|0|50"]


# Table 四 as one run of digits (15 cells: three groups of four results and their total).
T4_RUNS = [
    "25380363300630003",  # 019
    "21317000001324019",  # 018
]


@pytest.mark.parametrize("digits", T4_RUNS)
def test_table_four_in_one_run_reads_as_the_definition_says(digits: str) -> None:
    layout = table_config().layouts["t4"]
    positions = [(row.key, col) for row in layout.rows for col in row.columns]
    split = split_sequence(layout, [_glued(digits)])
    assert split.problem is None
    assert _texts(split.readings) == _oracle(digits, positions, layout)


def test_a_search_never_counts_more_steps_than_the_readings_need() -> None:
    # "21710000218": the search ends well inside its bound, and a cut that leaves the digits after
    # it too few for the cuts still to make is never tried: fewer steps than there are ways to cut
    # eleven digits into seven parts (C(10, 6) = 210).
    layout = table_config().layouts["t3_2021"]
    row = layout.row("new")
    assert row is not None
    positions = [(row.key, col) for col in row.columns]
    split = split_readings([_glued("21710000218")], 7, [False] * 7, pruner(positions, _equalities(layout, None)))
    assert _texts(split.readings) == ["217|1|0|0|0|0|218"]
    assert 0 < split.steps < 210
