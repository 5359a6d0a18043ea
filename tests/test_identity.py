"""The identity language (grammars/identity.lark, checker/parse/identity.py): parsing an
expression, binding it to a table layout, evaluating it on cells. The layouts' own identities
and those a rules file adds are in test_identity_rules.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.parse.identity import (
    Identity,
    IdentityError,
    Ref,
    bind,
    evaluate,
    parse_expression,
)
from checker.spec.layouts import table_config


def _identity(expr: str, id: str = "test") -> Identity:
    return Identity(id, {"zh": id, "en": id}, parse_expression(expr), ())


def _layout_identity(layout: str, id: str) -> Identity:
    return next(i for i in table_config().layouts[layout].identities if i.id == id)


def _bind(layout_key: str, ident: Identity, present=lambda _row: True):
    layout = table_config().layouts[layout_key]
    return bind(ident, [r.key for r in layout.rows], layout.columns_of, present)


# ---------------------------------------------------------------- parse_expression


@pytest.mark.parametrize(
    ("text", "relation", "equality"),
    [
        ("new:$c + carried:$c = total:$c + forward:$c", "=", True),
        ("review:value == review_upheld:value", "==", True),
        ("published_normative:$c <= published:$c", "<=", False),
        ("press:$c >= press_leaders:$c", ">=", False),
        ("a:b ≤ c:d", "≤", False),
        ("a:b ≥ c:d", "≥", False),
        ("a:b < c:d", "<", False),
        ("a:b > c:d", ">", False),
    ],
)
def test_parse_relations(text: str, relation: str, equality: bool) -> None:
    expr = parse_expression(text)
    assert expr.relation == relation
    assert expr.is_equality is equality
    assert expr.text == text


def test_parse_terms_signs_and_constants() -> None:
    expr = parse_expression("total:$c - forward:$c = new:$c + carried:$c - 2")
    assert [(t.sign, t.ref) for t in expr.lhs] == [(1, Ref("total", "$c")), (-1, Ref("forward", "$c"))]
    assert [(t.sign, t.ref, t.constant) for t in expr.rhs] == [
        (1, Ref("new", "$c"), None),
        (1, Ref("carried", "$c"), None),
        (-1, None, Decimal("2")),
    ]
    assert expr.variables == {"$c"}


def test_parse_row_variable_and_glob() -> None:
    expr = parse_expression("$r:total = $r:natural + withheld_*:$c")
    assert expr.variables == {"$r", "$c"}
    assert expr.rhs[1].ref == Ref("withheld_*", "$c")


def test_parse_without_spaces() -> None:
    expr = parse_expression("closed:value=closed_on_time:value+closed_extended:value")
    assert expr.relation == "="
    assert len(expr.rhs) == 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "new:$c + carried:$c",  # no relation
        "new:$c + = total:$c",  # dangling sign
        "new:$c = = total:$c",  # two relations
        "new:$c = total:$c = forward:$c",
        "new $c = total:$c",  # no colon
        "new:$c = total:",  # no column
        "（七）总计:$c = total:$c",  # keys are ASCII
        "new:$c =! total:$c",
    ],
)
def test_syntax_errors_raise_identity_error(text: str) -> None:
    with pytest.raises(IdentityError):
        parse_expression(text)


def test_unknown_variable_is_rejected() -> None:
    with pytest.raises(IdentityError, match=r"\$x"):
        parse_expression("$x:total = $x:natural + $x:business")
    with pytest.raises(IdentityError, match=r"\$col"):
        parse_expression("total:$col = public:$col")


def test_identity_error_is_a_value_error() -> None:
    assert issubclass(IdentityError, ValueError)


# ---------------------------------------------------------------- bind on the real layouts


@pytest.mark.parametrize(
    ("layout", "identity", "count"),
    [
        ("t3_2021", "t3_balance", 7),
        ("t3_2019", "t3_balance", 7),
        ("t3_2021", "t3_results_total", 7),
        ("t3_2019", "t3_results_total", 7),
        ("t3_2021", "t3_row_total", 25),
        ("t3_2019", "t3_row_total", 23),
        ("t4", "t4_total", 3),
        ("t2_2019", "t2_published_total", 2),  # 规章 and 规范性文件: the only rows with both columns
        ("old", "old_received", 1),
        ("old", "old_staff", 1),
        ("old_cumulative", "old_received", 2),  # 本年度 and 历年累计
    ],
)
def test_instances_on_real_layouts(layout: str, identity: str, count: int) -> None:
    assert len(_bind(layout, _layout_identity(layout, identity))) == count


def test_t3_balance_binds_each_column() -> None:
    insts = _bind("t3_2021", _layout_identity("t3_2021", "t3_balance"))
    assert [i.binding["$c"] for i in insts] == [
        "natural",
        "business",
        "research",
        "charity",
        "legal",
        "org_other",
        "total",
    ]
    natural = insts[0]
    assert [ref for _, ref, _ in natural.lhs] == [Ref("new", "natural"), Ref("carried", "natural")]
    assert [ref for _, ref, _ in natural.rhs] == [Ref("total", "natural"), Ref("forward", "natural")]
    assert natural.key == "t3_balance[$c=natural]"


def test_t3_row_total_binds_each_row() -> None:
    insts = _bind("t3_2019", _layout_identity("t3_2019", "t3_row_total"))
    rows = [i.binding["$r"] for i in insts]
    assert rows[0] == "new" and rows[-1] == "forward" and "other" in rows
    assert all(len(i.lhs) == 1 and len(i.rhs) == 6 for i in insts)


@pytest.mark.parametrize(("layout", "terms"), [("t3_2021", 21), ("t3_2019", 19)])
def test_globs_sum_every_matching_row(layout: str, terms: int) -> None:
    """（七）总计 = （一） + （二） + （三）1–8 + （四）1–3 + （五）1–5 + （六）: 3 rows in 2021, 1 in 2019."""
    inst = _bind(layout, _layout_identity(layout, "t3_results_total"))[0]
    rows = [ref.row for _, ref, _ in inst.rhs]
    assert len(rows) == terms
    assert sum(r.startswith("withheld_") for r in rows) == 8
    assert sum(r.startswith("unavailable_") for r in rows) == 3
    assert sum(r.startswith("rejected_") for r in rows) == 5
    assert "total" not in rows and "forward" not in rows


def test_glob_skips_absent_optional_rows() -> None:
    """old_received sums the channels the report has: a variant without 传真 is not short of a row."""
    ident = _layout_identity("old", "old_received")
    all_rows = _bind("old", ident)[0]
    without_fax = _bind("old", ident, present=lambda row: row != "received_fax")[0]
    assert Ref("received_fax", "value") in all_rows.cells
    assert Ref("received_fax", "value") not in without_fax.cells
    assert len(without_fax.rhs) == len(all_rows.rhs) - 1


def test_explicit_reference_to_absent_optional_row_drops_the_instance() -> None:
    ident = _layout_identity("old", "old_closed")
    assert _bind("old", ident, present=lambda row: row != "closed_extended") == []


def test_identity_naming_unknown_rows_binds_nothing() -> None:
    assert _bind("t4", _identity("$r:total = $r:upheld + $r:nonsense")) == []


def test_bind_without_variables_gives_one_instance() -> None:
    insts = _bind("old", _identity("staff:value = staff_full:value + staff_part:value"))
    assert len(insts) == 1 and insts[0].binding == {} and insts[0].key == "test"


# ---------------------------------------------------------------- evaluate


def _values(**cells: int | None):
    return lambda ref: None if cells.get(f"{ref.row}.{ref.col}") is None else Decimal(cells[f"{ref.row}.{ref.col}"])


def _t4_review():
    return next(i for i in _bind("t4", _layout_identity("t4", "t4_total")) if i.binding["$r"] == "review")


def test_evaluate_holds() -> None:
    out = evaluate(
        _t4_review(),
        _values(
            **{"review.total": 5, "review.upheld": 3, "review.corrected": 1, "review.other": 0, "review.pending": 1}
        ),
    )
    assert out.status == "holds" and (out.lhs, out.rhs) == (5, 5)


def test_evaluate_fails_with_both_sides() -> None:
    out = evaluate(
        _t4_review(),
        _values(
            **{"review.total": 6, "review.upheld": 3, "review.corrected": 1, "review.other": 0, "review.pending": 1}
        ),
    )
    assert out.status == "fails" and (out.lhs, out.rhs) == (6, 5)


def test_evaluate_unknown_when_a_cell_is_none() -> None:
    out = evaluate(
        _t4_review(),
        _values(
            **{"review.total": 5, "review.upheld": 3, "review.corrected": None, "review.other": 0, "review.pending": 1}
        ),
    )
    assert out.status == "unknown"
    assert out.unknown == (Ref("review", "corrected"),)
    assert out.lhs is None and out.rhs is None


def test_evaluate_unknown_lists_every_missing_cell() -> None:
    out = evaluate(_t4_review(), _values(**{"review.upheld": 3}))
    assert out.status == "unknown"
    assert set(out.unknown) == {Ref("review", c) for c in ("total", "corrected", "other", "pending")}


@pytest.mark.parametrize(
    ("expr", "a", "b", "status"),
    [
        ("x:v <= y:v", 3, 3, "holds"),
        ("x:v <= y:v", 4, 3, "fails"),
        ("x:v >= y:v", 2, 3, "fails"),
        ("x:v ≥ y:v", 3, 2, "holds"),
        ("x:v < y:v", 3, 3, "fails"),
        ("x:v > y:v", 4, 3, "holds"),
        ("x:v == y:v", 3, 3, "holds"),
        ("x:v = y:v + 1", 4, 3, "holds"),
        ("x:v - y:v = 0", 4, 3, "fails"),
    ],
)
def test_evaluate_relations_and_constants(expr: str, a: int, b: int, status: str) -> None:
    ident = _identity(expr)
    [inst] = bind(ident, ["x", "y"], lambda _row: ("v",), lambda _row: True)
    assert evaluate(inst, _values(**{"x.v": a, "y.v": b})).status == status


def test_evaluate_decimals() -> None:
    ident = _identity("fees:amount = a:amount + b:amount")
    [inst] = bind(ident, ["fees", "a", "b"], lambda _row: ("amount",), lambda _row: True)
    lookup = {"fees": Decimal("12.5"), "a": Decimal("10.25"), "b": Decimal("2.25")}
    assert evaluate(inst, lambda ref: lookup[ref.row]).status == "holds"
