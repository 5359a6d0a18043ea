"""The identity language (grammars/identity.lark, checker/identity.py), the validation of the
table layouts (checker/tablespec.py) and identities added by a rules file."""

from __future__ import annotations

import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

import checker.spec.layouts as tablespec
from checker.api import check_text
from checker.errors import UsageError
from checker.parse.identity import (
    Identity,
    IdentityError,
    Ref,
    bind,
    evaluate,
    parse_expression,
)
from checker.rules.ruleset import load_ruleset
from checker.spec.layouts import LayoutProblems, parse_identities, table_config
from checker.spec.loader import load_yaml

BASES = Path(__file__).parent / "cases" / "bases"


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


# ---------------------------------------------------------------- layout validation (tablespec)


def test_shipped_layouts_load() -> None:
    cfg = table_config()
    assert {"t2_2021", "t2_2019", "t3_2021", "t3_2019", "t4", "old", "old_cumulative"} <= set(cfg.layouts)
    assert len(cfg.layouts["t3_2021"].rows) == 25
    assert len(cfg.layouts["t3_2019"].rows) == 23
    assert cfg.layouts["t4"].sequence and len(cfg.layouts["t4"].rows) == 3
    assert all(len(r.columns) == 5 for r in cfg.layouts["t4"].rows)
    ids = {i.id for i in cfg.layouts["old"].identities}
    assert {
        "old_received",
        "old_closed",
        "old_answered",
        "old_review",
        "old_litigation",
        "old_complaints",
        "old_staff",
    } <= ids
    assert {"old_normative_subset", "old_press_leaders", "old_interviews_leaders", "old_refused_reasons"} <= ids
    change = next(c for c in cfg.layouts["t2_2019"].row("licensing").columns if c.key == "change")
    assert change.signed and not change.money


def _identity_nodes(tmp_path: Path, body: str):
    path = tmp_path / "ids.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path, load_yaml(path)["identities"]


def test_parse_identities_accepts_string_name_and_single_table(tmp_path: Path) -> None:
    path, nodes = _identity_nodes(
        tmp_path,
        """\
        identities:
          - id: mine
            name: 部分公开不超过予以公开
            expr: 'partial:$c <= public:$c'
            tables: 三
        """,
    )
    [ident] = parse_identities(LayoutProblems(path), nodes, ())
    assert ident.name == {"zh": "部分公开不超过予以公开", "en": "部分公开不超过予以公开"}
    assert ident.tables == ("三",)
    assert ident.expression.relation == "<="


def test_parse_identities_default_tables(tmp_path: Path) -> None:
    path, nodes = _identity_nodes(tmp_path, "identities:\n  - {id: a, name: {zh: 甲, en: a}, expr: 'x:v = y:v'}\n")
    [ident] = parse_identities(LayoutProblems(path), nodes, ("t4",))
    assert ident.tables == ("t4",)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("identities:\n  - id: bad\n    name: {zh: 坏, en: bad}\n    expr: 'x:v = = y:v'\n", "bad"),
        ("identities:\n  - id: var\n    name: {zh: 坏, en: bad}\n    expr: '$x:v = y:v'\n", "$x"),
        ("identities:\n  - id: noexpr\n    name: {zh: 坏, en: bad}\n", "expr"),
        ("identities:\n  - id: noen\n    name: {zh: 坏}\n    expr: 'x:v = y:v'\n", "noen"),
    ],
)
def test_parse_identities_errors_name_the_file_and_line(tmp_path: Path, body: str, needle: str) -> None:
    path, nodes = _identity_nodes(tmp_path, body)
    with pytest.raises(UsageError) as info:
        parse_identities(LayoutProblems(path), nodes, ())
    message = str(info.value)
    assert f"{path}:2" in message
    assert needle in message


def _tables_yaml_with(tmp_path: Path, monkeypatch, old: str, new: str) -> Path:
    """A copy of rules/tables.yaml with one change, loaded instead of the shipped one."""
    src = tablespec.vocabulary_dir() / "layouts.yaml"
    text = src.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "layouts.yaml").write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(tablespec, "vocabulary_dir", lambda: tmp_path)
    return tmp_path / "layouts.yaml"


def test_layout_identity_with_unknown_row_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    path = _tables_yaml_with(
        tmp_path,
        monkeypatch,
        "expr: '$r:total = $r:upheld + $r:corrected + $r:other + $r:pending'",
        "expr: '$r:total = $r:upheld + $r:corrected + $r:other + $r:pendng'",
    )
    with pytest.raises(UsageError, match="t4_total") as info:
        tablespec.table_config.__wrapped__()
    assert str(path) in str(info.value)


def test_layout_identity_with_syntax_error_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    path = _tables_yaml_with(
        tmp_path,
        monkeypatch,
        "expr: 'closed:$c = closed_on_time:$c + closed_extended:$c'",
        "expr: 'closed:$c = closed_on_time:$c +'",
    )
    with pytest.raises(UsageError, match="old_closed") as info:
        tablespec.table_config.__wrapped__()
    assert str(path) in str(info.value)


def test_layout_identity_with_unknown_variable_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    _tables_yaml_with(
        tmp_path,
        monkeypatch,
        "expr: 'staff:$c = staff_full:$c + staff_part:$c'",
        "expr: 'staff:$x = staff_full:$x + staff_part:$x'",
    )
    with pytest.raises(UsageError, match=r"old_staff.*\$x"):
        tablespec.table_config.__wrapped__()


def test_shipped_table_config_is_unchanged_by_the_copies() -> None:
    """The monkeypatched loads above bypass the cache: the shipped layouts still apply."""
    assert table_config().layouts["t4"].identities[0].expression.text.endswith("$r:pending")


# ---------------------------------------------------------------- identities added by a rules file


RULE_FILE = """\
rules:
  - code: T901
    name: partial-not-above-public
    kind: table_identity
    severity: warning
    summary: {{zh: 部分公开不超过予以公开, en: partial at most public}}
    messages:
      default:
        zh: "{{table}}{{where}}：{{identity}}。{{lhs}} = {{reported}}，{{rhs}} = {{computed}}"
        en: "{{table}} {{where}}: {{identity}}: {{lhs}} = {{reported}}, {{rhs}} = {{computed}}"
    doc: {{what: 本地要求, why: 本地通知, fail: 部分公开多于予以公开, pass: 部分公开少于予以公开}}
    params:
{extra}      identities:
        - id: partial_le_public
          name: {{zh: 部分公开件数不超过予以公开件数, en: partial at most public}}
          expr: '{expr}'
          tables: [三]
"""

PARTIAL = "| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 4 | 1 | 0 | 0 | 0 | 0 | 5 |"


def _rules_file(tmp_path: Path, expr: str = "partial:$c <= public:$c", extra: str = "") -> Path:
    path = tmp_path / "local_rules.yaml"
    path.write_text(RULE_FILE.format(expr=expr, extra=extra), encoding="utf-8")
    return path


def _tables2021() -> str:
    return (BASES / "tables2021.txt").read_text(encoding="utf-8")


def _mine(findings):
    return [f for f in findings if f.code == "T901" and f.evidence.get("identity") == "partial_le_public"]


def test_rules_file_identity_is_loaded(tmp_path: Path) -> None:
    rules = load_ruleset(extra=[_rules_file(tmp_path)])
    rule = rules.find("T901")
    assert rule is not None and rule.kind == "table_identity"
    assert str(tmp_path / "local_rules.yaml") in rule.source


def test_rules_file_identity_silent_when_it_holds(tmp_path: Path) -> None:
    rules = load_ruleset(extra=[_rules_file(tmp_path)])
    assert check_text(_tables2021(), rules=rules, select=("T901",)) == []


def test_rules_file_identity_fires_when_broken(tmp_path: Path) -> None:
    # 部分公开 20 1 0 0 0 0 | 21 against 予以公开 18 3 1 0 1 0 | 23: only 自然人 breaks (20 > 18); 21 ≤ 23 holds.
    text = _tables2021().replace(
        PARTIAL, "| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 20 | 1 | 0 | 0 | 0 | 0 | 21 |"
    )
    rules = load_ruleset(extra=[_rules_file(tmp_path)])
    mine = _mine(check_text(text, rules=rules, select=("T901",)))
    assert len(mine) == 1
    f = mine[0]
    assert f.severity == "warning"
    assert f.evidence["binding"] == {"$c": "natural"}
    assert "自然人" in f.message and "= 20" in f.message and "= 18" in f.message
    assert "部分公开件数不超过予以公开件数" in f.message


def test_rules_file_identity_applies_only_to_its_tables(tmp_path: Path) -> None:
    """An identity for table 三 is not applied to the old 统计表, and one naming rows that table 三
    does not have (old-table keys) is refused when the rules are loaded."""
    rules = load_ruleset(extra=[_rules_file(tmp_path)])
    old = (BASES / "old2017.txt").read_text(encoding="utf-8")
    assert _mine(check_text(old, rules=rules, select=("T901",))) == []
    with pytest.raises(UsageError, match="local_rules.yaml"):
        load_ruleset(extra=[_rules_file(tmp_path, expr="published:$c <= issued_normative:$c")])


def test_rules_file_identity_without_layout_identities(tmp_path: Path) -> None:
    """With layout_identities: false the rule checks only its own identities."""
    rules = load_ruleset(extra=[_rules_file(tmp_path, extra="      layout_identities: false\n")])
    broken_balance = _tables2021().replace(
        "| 四、结转下年度继续办理 | | | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
        "| 四、结转下年度继续办理 | | | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
    )
    assert check_text(broken_balance, rules=rules, select=("T901",)) == []


def test_rules_file_identity_does_not_repeat_the_builtin_identities(tmp_path: Path) -> None:
    rules = load_ruleset(extra=[_rules_file(tmp_path)])
    # 四 3 1 0 0 0 0 | 4 breaks t3_balance (自然人 43 vs 44, 总计 54 vs 55) but not partial <= public
    broken_balance = _tables2021().replace(
        "| 四、结转下年度继续办理 | | | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
        "| 四、结转下年度继续办理 | | | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
    )
    assert check_text(broken_balance, rules=rules, select=("T901",)) == []


def test_rules_file_bad_expr_is_a_usage_error_naming_the_file(tmp_path: Path) -> None:
    path = _rules_file(tmp_path, expr="partial:$c + = public:$c")
    with pytest.raises(UsageError, match="local_rules.yaml"):
        load_ruleset(extra=[path])


def test_rules_file_bad_expr_never_passes_silently(tmp_path: Path) -> None:
    """Whenever it is detected, a bad expr is reported with the file, not ignored."""
    path = _rules_file(tmp_path, expr="partial:$c + = public:$c")
    try:
        rules = load_ruleset(extra=[path])
        findings = check_text(_tables2021(), rules=rules, select=("T901", "I101"))
    except UsageError as exc:
        assert "local_rules.yaml" in str(exc)
        return
    assert findings and any("local_rules.yaml" in f.message for f in findings)


def test_rules_file_identity_with_unknown_row_is_a_usage_error(tmp_path: Path) -> None:
    path = _rules_file(tmp_path, expr="partial:$c <= publik:$c")
    with pytest.raises(UsageError, match="local_rules.yaml"):
        rules = load_ruleset(extra=[path])
        check_text(_tables2021(), rules=rules, select=("T901",))


def test_rules_file_via_cli(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from checker.cli import cli

    text = _tables2021().replace(
        PARTIAL, "| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 20 | 1 | 0 | 0 | 0 | 0 | 21 |"
    )
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", str(report), "--rules", str(_rules_file(tmp_path)), "--select", "T901", "--format", "concise"]
    )
    assert "T901" in result.output and "= 20" in result.output


def test_copy_of_shipped_layouts_is_valid(tmp_path: Path, monkeypatch) -> None:
    """Sanity check of the helper: an unchanged copy loads."""
    shutil.copy(tablespec.vocabulary_dir() / "layouts.yaml", tmp_path / "layouts.yaml")
    monkeypatch.setattr(tablespec, "vocabulary_dir", lambda: tmp_path)
    assert "t3_2021" in tablespec.table_config.__wrapped__().layouts
