"""The glued-digit splitter (checker/parse/tables/glued.py) on small inputs.

Archive pages print a row as one run of digits ("行政规范性文件213"); the splitter cuts it into as
many cells as the row has and keeps the readings the table's identities allow. Every expected
reading, and every step count, is worked out by hand in the comment above it.
"""

from __future__ import annotations

from decimal import Decimal

from table_helpers import T3_HEADER, report

from checker.api import check_text
from checker.ingest.pipeline import document_from_text
from checker.model.tables import Cell, CellState, StatTable
from checker.parse.identity import Identity, Instance, bind, parse_expression
from checker.parse.tables.cells import Unit, Value
from checker.parse.tables.glued import (
    MAX_DIGITS_PER_CELL,
    MAX_READINGS,
    Prune,
    disambiguate,
    make_cell,
    pruner,
    split_readings,
)
from checker.parse.tables.reader import read_row
from checker.spec.layouts import ColSpec, RowSpec

# A row of three cells: two counts and their total ("r:total = r:a + r:b").
COLUMNS = (ColSpec("a", "甲"), ColSpec("b", "乙"), ColSpec("total", "合计"))
ROW = RowSpec("r", "一行", None, COLUMNS)
ROW_TOTAL = Identity("total", {"zh": "合计", "en": "total"}, parse_expression("r:total = r:a + r:b"), ())


def glued(text: str, start: int = 0) -> Value:
    """Digits glued to a label, or to other digits: they may be several cells."""
    return Value("number", text, start, start + len(text), glued=True)


def alone(text: str, start: int = 0) -> Value:
    """A number alone in its cell: one cell."""
    return Value("number", text, start, start + len(text))


def texts(readings: list[list[Value]]) -> list[str]:
    return ["|".join(v.text for v in r) for r in readings]


def keep_all(acc: list[Value]) -> bool:
    return True


def row_total_instances() -> list[Instance]:
    return bind(ROW_TOTAL, ["r"], lambda row: tuple(c.key for c in COLUMNS), lambda row: True)


def with_row_total() -> Prune:
    return pruner([("r", c) for c in COLUMNS], row_total_instances())


UNSIGNED = [False, False, False]


# -- one reading ----------------------------------------------------------------------------------


def test_as_many_digits_as_cells_is_one_cut_without_a_search() -> None:
    # "213" for three cells: every digit is a cell, 2|1|3; no search, so no step is counted.
    split = split_readings([glued("213")], 3, UNSIGNED, keep_all)
    assert texts(split.readings) == ["2|1|3"]
    assert (split.problem, split.steps) == (None, 0)


def test_one_unique_cut_found_by_the_search() -> None:
    # "105" for two cells: 1|05 is refused (a count does not start with 0), 10|5 is the only reading.
    # Steps: value(0) at the start; the part "1" then value(0, 1 taken), whose last part "05" is
    # refused; the part "10" then value(0, 2 taken), whose last part "5" completes the reading at
    # value(1): four steps. ("105" itself as the last part is not tried: one cut is still to make.)
    split = split_readings([glued("105")], 2, [False, False], keep_all)
    assert texts(split.readings) == ["10|5"]
    assert (split.problem, split.steps) == (None, 4)


def test_a_cut_decided_by_the_row_total() -> None:
    # "5712" for a, b and their total: 5|7|12 (5 + 7 = 12), 5|71|2 (76 ≠ 2), 57|1|2 (58 ≠ 2).
    # Without the identity all three are readings; with it only the first.
    assert texts(split_readings([glued("5712")], 3, UNSIGNED, keep_all).readings) == ["5|7|12", "5|71|2", "57|1|2"]
    split = split_readings([glued("5712")], 3, UNSIGNED, with_row_total())
    assert texts(split.readings) == ["5|7|12"]
    assert split.problem is None


def test_the_row_total_decides_the_row_read() -> None:
    unit = Unit(values=[glued("5712", start=10)])
    stat, candidates = read_row(ROW, unit, row_total_instances())
    assert [(c.state, c.value) for c in stat.cells.values()] == [
        (CellState.NUMBER, Decimal(5)),
        (CellState.NUMBER, Decimal(7)),
        (CellState.NUMBER, Decimal(12)),
    ]
    # the cells keep their place in the text: 5 at 10, 7 at 11, 12 at 12–14
    assert [(c.start, c.end) for c in stat.cells.values()] == [(10, 11), (11, 12), (12, 14)]
    assert stat.problem is None and candidates == []


# -- several readings, or none ----------------------------------------------------------------------


def test_an_ambiguous_cut_gives_every_reading_and_counts_its_steps() -> None:
    # "1234" for three cells, no identity: 1|2|34, 1|23|4, 12|3|4 (123|… leaves one digit for two cells).
    # Steps, depth first: start; "1"; "1|2"; "1|2|34" complete; "1|23"; "1|23|4" complete; "12";
    # "12|3"; "12|3|4" complete: nine. "123" is not tried: the one digit after it cannot take the
    # cut still to make.
    split = split_readings([glued("1234")], 3, UNSIGNED, keep_all)
    assert texts(split.readings) == ["1|2|34", "1|23|4", "12|3|4"]
    assert (split.problem, split.steps) == (None, 9)


def test_an_ambiguous_row_is_unread_with_its_readings() -> None:
    # "1234" for a, b, total with no identity to decide: three readings, so no cell is guessed.
    stat, candidates = read_row(ROW, Unit(values=[glued("1234", start=7)]), [])
    assert [c.state for c in stat.cells.values()] == [CellState.UNREAD] * 3
    assert all(c.value is None and c.start == 7 for c in stat.cells.values())
    assert stat.problem == "ambiguous"
    assert stat.readings == ["1|2|34", "1|23|4", "12|3|4"]
    assert len(candidates) == 3  # for the identities across rows to choose from


def test_no_reading_keeps_the_identity() -> None:
    # "1234" with the row total: 1 + 2 ≠ 34, 1 + 23 ≠ 4, 12 + 3 ≠ 4; no reading, said as such.
    split = split_readings([glued("1234")], 3, UNSIGNED, with_row_total())
    assert split.readings == [] and split.problem == "no_reading"
    stat, _ = read_row(ROW, Unit(values=[glued("1234")]), row_total_instances())
    assert stat.problem == "no_reading" and [c.state for c in stat.cells.values()] == [CellState.UNREAD] * 3


def test_parts_with_a_leading_zero_are_refused() -> None:
    # "100" for two cells: 1|00 is refused, 10|0 is read (a lone 0 is a count).
    assert texts(split_readings([glued("100")], 2, [False, False], keep_all).readings) == ["10|0"]
    # "007" for two cells: 0|07 and 00|7 both start a part of two digits with 0: no reading.
    split = split_readings([glued("007")], 2, [False, False], keep_all)
    assert split.readings == [] and split.problem == "no_reading"


# -- what may be cut ----------------------------------------------------------------------------------


def test_a_number_alone_in_its_cell_is_never_cut() -> None:
    # | 12 | 3 | for three cells: neither number is glued, so there is no cut to make: short.
    split = split_readings([alone("12"), alone("3", 3)], 3, UNSIGNED, keep_all)
    assert split.readings == [] and split.problem == "short"
    # the same digits glued: "12" gives its one cut, 1|2|3
    assert texts(split_readings([glued("12"), glued("3", 3)], 3, UNSIGNED, keep_all).readings) == ["1|2|3"]


def test_a_rows_only_value_may_be_cut_but_not_across_thousands_separators() -> None:
    # "12" as the row's only value for two cells: 1|2, glued or not.
    assert texts(split_readings([alone("12")], 2, [False, False], keep_all).readings) == ["1|2"]
    # "1,234" is one number however many cells the row has.
    assert split_readings([alone("1,234")], 2, [False, False], keep_all).problem == "short"


def test_blank_marks_beyond_the_cells_are_debris() -> None:
    # — 5 — for one cell: the blanks at either end are merged-cell debris, 5 is the row.
    blank = Value("blank", "—", 0, 1)
    split = split_readings([blank, alone("5", 2), Value("blank", "—", 4, 5)], 1, [False], keep_all)
    assert texts(split.readings) == ["5"]
    # 5 6 for one cell: more values than cells
    assert split_readings([alone("5"), alone("6", 2)], 1, [False], keep_all).problem == "too_many"


# -- signs -----------------------------------------------------------------------------------------------


def test_a_glued_minus_goes_only_into_a_signed_column() -> None:
    # "12" and "-30" (行政处罚12-30) for previous, change (signed), decisions:
    #   12 | -3 | 0    the sign goes with the first part of -30, into the signed column: read;
    #   1 | 2 | -30    -30 would land in decisions, which cannot be negative: refused.
    values = [glued("12"), glued("-30", 2)]
    split = split_readings(values, 3, [False, True, False], keep_all)
    assert texts(split.readings) == ["12|-3|0"]
    # no signed column: neither reading stands
    assert split_readings(values, 3, UNSIGNED, keep_all).problem == "no_reading"


def test_a_negative_alone_in_an_unsigned_column_is_an_invalid_cell() -> None:
    # a minus in its own cell is not refused by the splitter: the cell says it is no count (T103)
    cell = make_cell("r", ColSpec("decisions", "处理决定数量"), alone("-3"))
    assert (cell.state, cell.value) == (CellState.INVALID, Decimal(-3))
    cell = make_cell("r", ColSpec("change", "本年增/减", signed=True), alone("-3"))
    assert (cell.state, cell.value) == (CellState.NUMBER, Decimal(-3))


# -- bounds: reported, never hung ------------------------------------------------------------------------


def test_more_digits_than_any_count_has_is_not_read() -> None:
    # three cells take at most 3 × MAX_DIGITS_PER_CELL = 36 digits; 37 are not this row's values,
    # and the search is not even started.
    too_long = "1" * (3 * MAX_DIGITS_PER_CELL + 1)
    split = split_readings([glued(too_long)], 3, UNSIGNED, keep_all)
    assert (split.readings, split.problem, split.steps) == ([], "too_many_readings", 0)
    # 36 ones: every way to write 36 as a sum of three parts, C(35, 2) = 595 readings
    split = split_readings([glued(too_long[1:])], 3, UNSIGNED, keep_all)
    assert split.problem is None and len(split.readings) == 595


def test_a_search_past_max_readings_stops_there() -> None:
    # 60 ones for seven cells: C(59, 6), some 45 million readings; the search stops after
    # MAX_READINGS steps and the row is reported, with no reading kept.
    calls = 0

    def keep_all_but_count(acc: list[Value]) -> bool:
        # one call per part tried, about one per step: far more means the bound is not kept,
        # and the test fails here instead of hanging
        nonlocal calls
        calls += 1
        assert calls <= 2 * MAX_READINGS, "the search went on past MAX_READINGS"
        return True

    split = split_readings([glued("1" * 60)], 7, [False] * 7, keep_all_but_count)
    assert (split.readings, split.problem) == ([], "too_many_readings")
    assert split.steps == MAX_READINGS + 1


def test_a_row_past_the_bound_is_reported_as_unread() -> None:
    # The same 60 ones as the only value of table 三's first row, in a pipe table.
    sixty = "1" * 60
    t3 = T3_HEADER + f"\n| 一、本年新收政府信息公开申请数量 | {sixty} |"
    text = report(2022, t3=t3)
    (t3_read,) = [t for t in document_from_text(text).stat_tables if t.slot == "三"]
    row = t3_read.rows["new"]
    assert row.problem == "too_many_readings" and row.raw == sixty
    assert {c.state for c in row.cells.values()} == {CellState.UNREAD}
    i101 = [f for f in check_text(text) if f.code == "I101" and "T103" in f.message]
    assert len(i101) == 1 and "可能的拆分过多" in i101[0].message and sixty in i101[0].message


# -- rows chosen together --------------------------------------------------------------------------------

# Two rows of two cells, the first equal to the second column by column ("p:$c = q:$c").
PAIR_COLUMNS = (ColSpec("a", "甲"), ColSpec("b", "乙"))
P_ROW, Q_ROW = RowSpec("p", "甲行", None, PAIR_COLUMNS), RowSpec("q", "乙行", None, PAIR_COLUMNS)
SAME_AS_Q = Identity("same", {"zh": "相等", "en": "same"}, parse_expression("p:$c = q:$c"), ())


def pair_table(q_values: list[str]) -> tuple[StatTable, dict[str, list[dict[str, Cell]]], list[Instance]]:
    """Row p glued ("123": 1|23 or 12|3, no identity within the row decides), row q read."""
    instances = bind(SAME_AS_Q, ["p", "q"], lambda row: ("a", "b"), lambda row: True)
    table = StatTable("二", "pair", "", 0, 0)
    p, candidates = read_row(P_ROW, Unit(values=[glued("123")]), instances)
    q, _ = read_row(Q_ROW, Unit(values=[alone(v, 10 + 3 * i) for i, v in enumerate(q_values)]), instances)
    table.rows = {"p": p, "q": q}
    return table, {"p": candidates}, instances


def test_rows_chosen_together_by_an_identity_across_rows() -> None:
    # q reads 12 | 3: of p's readings only 12|3 equals it column by column.
    table, ambiguous, instances = pair_table(["12", "3"])
    assert table.rows["p"].problem == "ambiguous" and table.rows["p"].readings == ["1|23", "12|3"]
    disambiguate(table, instances, ambiguous)
    assert [table.value_of("p", c) for c in ("a", "b")] == [Decimal(12), Decimal(3)]
    assert table.rows["p"].problem is None and table.rows["p"].readings == []


def test_rows_stay_unread_when_the_identity_across_rows_cannot_decide() -> None:
    # q reads 5 | 5: neither reading of p equals it; nothing is chosen, p stays unread.
    table, ambiguous, instances = pair_table(["5", "5"])
    disambiguate(table, instances, ambiguous)
    assert table.rows["p"].problem == "ambiguous"
    assert [table.cell("p", c).state for c in ("a", "b")] == [CellState.UNREAD] * 2
