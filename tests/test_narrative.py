"""Unit tests of checker/parse/narrative/: quantities, breakdowns, quotes and table values on
small inputs, each expected value worked out from the text by hand."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from checker.api import parse_text
from checker.model.tables import Cell, CellState, StatRow, StatTable
from checker.parse.identity import parse_sum
from checker.parse.narrative.breakdowns import breakdowns
from checker.parse.narrative.claims import Passage, narrative, table_value
from checker.parse.narrative.quantities import Quantity, find_quantities, number_regex
from checker.parse.narrative.quote import quote
from checker.parse.numerals import CN_NUMERAL
from checker.rules.kinds.claims import cell_names
from checker.spec.lexicon import Reading, claims_config


def _found(text: str, base: int = 0) -> list[Quantity]:
    cfg = claims_config()
    return find_quantities(text, base, cfg, number_regex(cfg))


# ---------------------------------------------------------------------------------------------
# Quantities


def test_an_approximation_word_before_the_number_starts_the_quantity() -> None:
    (q,) = _found("公开信息将近3000条", base=100)
    # 公开信息 is 4 characters: 将近 starts at 104, the number at 106, 条 ends at 104 + 2 + 4 + 1.
    assert (q.value, q.approx, q.start, q.number_start, q.end, q.text) == (
        Decimal(3000),
        "near",
        104,
        106,
        111,
        "将近3000条",
    )


def test_yu_after_the_number_makes_it_a_lower_bound() -> None:
    (q,) = _found("办理5500余件")
    assert (q.value, q.approx, q.unit, q.unit_class) == (Decimal(5500), "over", "件", "count")


def test_percentage_keeps_its_decimals() -> None:
    (q,) = _found("占比45.10%")
    assert (q.value, q.decimals, q.unit_class) == (Decimal("45.10"), 2, "percent")


@pytest.mark.parametrize(
    "text",
    [
        "文号2024-15件",  # digits after a hyphen: a code
        "版本v2件",  # digits after an ASCII letter
        "上百条",  # a bare 百: an order of magnitude
        "数十件",  # 数 before a numeral: not a count
        "第3次",  # an ordinal (not_quantity_before of the lexicon)
    ],
)
def test_numbers_that_are_not_counts(text: str) -> None:
    assert _found(text) == []


def _quantity(value: int, approx: str | None) -> Quantity:
    return Quantity(Decimal(value), "条", "count", approx, 0, 0, 0, "", 0)


@pytest.mark.parametrize(
    ("value", "approx", "inside", "outside"),
    [
        (3000, None, [3000], [2999, 3001]),
        (3000, "over", [3000, 3999], [2999, 4000]),  # three trailing zeros: up to 1000 more
        (3000, "near", [2001, 3000], [2000, 3001]),  # up to 1000 less
        (200, "about", [101, 299], [100, 300]),  # two trailing zeros: within 100 either way
        (12, "about", [3, 21], [2, 22]),  # no trailing zero: the slack is still 10
        (5500, "over", [5500, 5599], [5600]),
    ],
)
def test_admits_follows_the_trailing_zeros(value: int, approx: str | None, inside: list, outside: list) -> None:
    q = _quantity(value, approx)
    assert all(q.admits(Decimal(v)) for v in inside)
    assert not any(q.admits(Decimal(v)) for v in outside)


# ---------------------------------------------------------------------------------------------
# Breakdowns


def _breakdowns(text: str) -> list[tuple[str | None, str | None, list[str], bool]]:
    return [
        (b.head.text if b.head else None, b.named, [q.text for q in b.parts], b.whole)
        for b in breakdowns(parse_text(text))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 其中 says the parts are among the total, not that they are all of it.
        ("收到申请50件，其中自然人40件、法人10件。", [("50件", None, ["40件", "10件"], False)]),
        # 分别为 says they are the whole; so does a part named 其他.
        ("公开信息100条，分别为政策文件60条、规划40条。", [("100条", None, ["60条", "40条"], True)]),
        ("公开信息100条，其中政策文件60条，其他40条。", [("100条", None, ["60条", "40条"], True)]),
        # …unless 等 follows the last part.
        ("公开信息100条，分别为政策文件60条、规划30条等。", [("100条", None, ["60条", "30条"], False)]),
        # 其中 opening a passage continues the total that closed the one before.
        ("全年收到申请12件。其中自然人10件，法人2件。", [("12件", None, ["10件", "2件"], False)]),
        # A part of another dimension (results after applicants) ends the list.
        ("收到申请50件，其中自然人40件，予以公开23件。", [("50件", None, ["40件"], False)]),
        # A count in another unit, once two parts were in the total's unit, ends the list.
        ("解读12篇，其中图解6篇、视频3篇，回应关切15次。", [("12篇", None, ["6篇", "3篇"], False)]),
        # A total named but not stated; its parts may run over ；.
        (
            "在“门户网站主动公开的信息”中，政策文件20条；规划10条。",
            [(None, "“门户网站主动公开的信息”", ["20条", "10条"], False)],
        ),
        # A word of a new statement (另) ends the list.
        ("收到申请50件，其中自然人40件，另上年结转4件。", [("50件", None, ["40件"], False)]),
    ],
)
def test_breakdowns(text: str, expected: list) -> None:
    assert _breakdowns(text) == expected


def test_a_marker_after_a_full_stop_needs_a_single_total_before() -> None:
    """Two totals in the sentence before: 其中 could belong to either, so no breakdown is read."""
    assert _breakdowns("收到申请12件，上年结转3件。其中自然人10件，法人2件。") == []


def test_breakdowns_are_computed_once() -> None:
    doc = parse_text("收到申请50件，其中自然人40件、法人10件。")
    assert breakdowns(doc) is breakdowns(doc)


# ---------------------------------------------------------------------------------------------
# Claims: a narrower subject carries over within the sentence


def test_a_narrower_subject_carries_to_the_next_number_of_its_sentence() -> None:
    doc = parse_text("各乡镇共收到政府信息公开申请126件，办结126件。")
    assert [c.entry for c in narrative(doc).claims] == [None, None]


def test_the_reporting_body_as_subject_maps_the_claim() -> None:
    doc = parse_text("本年度共收到政府信息公开申请126件。")
    assert [c.entry.key if c.entry else None for c in narrative(doc).claims] == ["t3.new"]


# ---------------------------------------------------------------------------------------------
# Quotes


def test_quote_takes_the_clause_before_when_the_lead_is_short() -> None:
    text = "全年共收到政府信息公开申请50件,其中自然人40件,法人10件。"
    passage = Passage(1000, 1000 + len(text), text)
    at = 1000 + text.index("40件")
    # The clause of 40件 starts with 其中自然人 (5 characters, under 8): the one before joins it.
    assert quote(passage, at, at + 3) == "全年共收到政府信息公开申请50件,其中自然人40件"


def test_a_long_quote_keeps_its_first_and_last_clause() -> None:
    middle = ",".join(f"第{n}类事项办理若干" for n in range(12))
    text = f"共收到申请50件,{middle},最后办结49件,均已答复。"
    passage = Passage(0, len(text), text)
    start, end = text.index("50件"), text.index("49件") + 3
    assert quote(passage, start, end) == "共收到申请50件…最后办结49件"


# ---------------------------------------------------------------------------------------------
# Table values


def _table(cells: dict[tuple[str, str], Cell]) -> StatTable:
    table = StatTable(slot="三", layout="t3_2021", title="", start=0, end=0)
    for (row, col), cell in cells.items():
        table.rows.setdefault(row, StatRow(row, row, row, 0, 0)).cells[col] = cell
    return table


def _reading(text: str) -> Reading:
    return Reading(text, parse_sum(text))


def test_table_value_sums_the_cells_of_a_reading() -> None:
    table = _table(
        {
            ("new", "total"): Cell("new", "total", CellState.NUMBER, Decimal(50)),
            ("carried", "total"): Cell("carried", "total", CellState.NUMBER, Decimal(4)),
        }
    )
    value = table_value(table, _reading("new:total + carried:total"))
    assert (value.state, value.value, len(value.cells)) == ("number", Decimal(54), 2)


@pytest.mark.parametrize(
    ("cell", "state"),
    [
        (Cell("carried", "total", CellState.UNREAD), "unread"),
        (Cell("carried", "total", CellState.BLANK), "absent"),
        (None, "absent"),  # the cell is not in this table
    ],
)
def test_table_value_without_a_number_says_why(cell: Cell | None, state: str) -> None:
    cells = {("new", "total"): Cell("new", "total", CellState.NUMBER, Decimal(50))}
    if cell is not None:
        cells[("carried", "total")] = cell
    value = table_value(_table(cells), _reading("new:total + carried:total"))
    assert (value.state, value.value) == (state, None)


def test_cell_names_name_row_and_column() -> None:
    table = _table({})
    assert cell_names(table, _reading("new:total + carried:total")) == "“一、本年新收·总计”＋“二、上年结转·总计”"


def test_cell_names_leave_out_the_column_of_a_one_column_row() -> None:
    table = StatTable(slot="统计表", layout="old", title="", start=0, end=0)
    assert cell_names(table, _reading("published:value")) == "“（一）主动公开政府信息数”"


def test_the_number_pattern_matches_what_its_plain_form_did() -> None:
    """number_regex opens with the class of a number's first character; its plain form, kept
    here, matched the same numbers, units and groups."""
    from tests.conftest import SHARED_CORPUS, TESTS

    cfg = claims_config()
    plain = re.compile(
        r"(?P<num>\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?|[" + CN_NUMERAL + r"]+)"
        r"\s*(?P<after>余|多)?\s*(?P<unit>" + cfg.unit_regex + r")"
    )
    files = sorted((TESTS / "wild").glob("*.txt")) + sorted(SHARED_CORPUS.rglob("*.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    texts += ["1,856件 1,85件 12,345.6件 3119 件 45.1% 一百三十一件 十余件 2.件 ,123件 一二件 1,234,567 件 〇件"]
    found = 0
    for text in texts:
        expected = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in number_regex(cfg).finditer(text)] == expected
        found += len(expected)
    assert found > 1000
