"""Identities where they are written: the table layouts (rules/vocabulary/layouts.yaml, validated
by checker/spec/layouts.py) and the identities a rules file adds (the table_identity kind)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

import checker.spec.layouts as layouts_module
from checker.api import check_text
from checker.errors import UsageError
from checker.rules.ruleset import load_ruleset
from checker.spec.layouts import LayoutProblems, parse_identities, table_config
from checker.spec.loader import load_yaml

BASES = Path(__file__).parent / "cases" / "bases"


# ---------------------------------------------------------------- layout validation (checker/spec/layouts.py)


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
    """A copy of rules/vocabulary/layouts.yaml with one change, loaded instead of the shipped one."""
    src = layouts_module.vocabulary_dir() / "layouts.yaml"
    text = src.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "layouts.yaml").write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(layouts_module, "vocabulary_dir", lambda: tmp_path)
    return tmp_path / "layouts.yaml"


def test_layout_identity_with_unknown_row_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    path = _tables_yaml_with(
        tmp_path,
        monkeypatch,
        "expr: '$r:total = $r:upheld + $r:corrected + $r:other + $r:pending'",
        "expr: '$r:total = $r:upheld + $r:corrected + $r:other + $r:pendng'",
    )
    with pytest.raises(UsageError, match="t4_total") as info:
        layouts_module.table_config.__wrapped__()
    assert str(path) in str(info.value)


def test_layout_identity_with_syntax_error_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    path = _tables_yaml_with(
        tmp_path,
        monkeypatch,
        "expr: 'closed:$c = closed_on_time:$c + closed_extended:$c'",
        "expr: 'closed:$c = closed_on_time:$c +'",
    )
    with pytest.raises(UsageError, match="old_closed") as info:
        layouts_module.table_config.__wrapped__()
    assert str(path) in str(info.value)


def test_layout_identity_with_unknown_variable_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    _tables_yaml_with(
        tmp_path,
        monkeypatch,
        "expr: 'staff:$c = staff_full:$c + staff_part:$c'",
        "expr: 'staff:$x = staff_full:$x + staff_part:$x'",
    )
    with pytest.raises(UsageError, match=r"old_staff.*\$x"):
        layouts_module.table_config.__wrapped__()


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
    doc: {{what: 本地要求, why: 本地通知, fail: 部分公开多于予以公开, pass: 部分公开少于予以公开, fix: 改正部分公开或予以公开的数字}}
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
    shutil.copy(layouts_module.vocabulary_dir() / "layouts.yaml", tmp_path / "layouts.yaml")
    monkeypatch.setattr(layouts_module, "vocabulary_dir", lambda: tmp_path)
    assert "t3_2021" in layouts_module.table_config.__wrapped__().layouts
