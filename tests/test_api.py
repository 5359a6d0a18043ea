"""checker.api: metadata read by parse_text, profiles, I101 (could not judge), rule crashes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from checker.api import check_file, check_text, default_rules, parse_text
from checker.rules.registry import KINDS, Kind
from checker.rules.ruleset import load_ruleset
from checker.spec.profiles import profile_for_year

BASES = Path(__file__).parent / "cases" / "bases"
# A 2021-format report with its statistics tables and no findings: every rule runs in the tests below.
BASE = (BASES / "tables2021.txt").read_text(encoding="utf-8")
UNDATED = BASE.replace("某市自然资源局\n2025年1月20日\n", "")
assert UNDATED != BASE


def test_parse_text_reads_the_metadata_of_a_clean_report():
    doc = parse_text(BASE)
    m = doc.meta
    assert m.title == "某市自然资源局2024年政府信息公开工作年度报告"
    assert m.agency == "某市自然资源局"
    assert m.year == 2024
    assert (m.period_start, m.period_end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert m.published.value == dt.date(2025, 1, 20)
    assert m.published.source == "signature"
    assert doc.profile == "2021"
    assert [s.key for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]
    assert [c.heading.title for c in doc.sections[0].children][:2] == ["主动公开情况", "依申请公开情况"]


def test_title_split_over_two_lines_is_joined():
    doc = parse_text(
        "聊城市安全生产监督管理局\n2018年度政府信息公开工作报告\n一、概述\n2018年，我局认真贯彻《条例》。\n"
    )
    assert doc.meta.title == "聊城市安全生产监督管理局2018年度政府信息公开工作报告"
    assert doc.meta.agency == "聊城市安全生产监督管理局"
    assert doc.meta.year == 2018


def test_overrides_replace_what_is_read():
    doc = parse_text(BASE, year=2020, agency="某市人民政府", published=dt.date(2025, 3, 1))
    assert (doc.meta.year, doc.meta.year_source) == (2020, "option")
    assert (doc.meta.agency, doc.meta.agency_source) == ("某市人民政府", "option")
    assert doc.meta.published.value == dt.date(2025, 3, 1)
    assert doc.profile == "2019"
    assert parse_text(BASE, profile="2007").profile == "2007"


@pytest.mark.parametrize(
    ("year", "profile"),
    [(2007, "2007"), (2015, "2007"), (2018, "2007"), (2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")],
)
def test_profile_for_year(year, profile):
    assert profile_for_year(year) == profile
    text = BASE.replace("2024", str(year)).replace("2025年1月20日", f"{year + 1}年1月20日")
    assert parse_text(text).profile == profile


def test_profile_from_layout_when_no_year():
    text = "根据《中华人民共和国政府信息公开条例》，制定本报告：\n一、总体情况\n我局积极落实。\n二、主动公开政府信息情况\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    doc = parse_text(text)
    assert doc.meta.year is None
    assert doc.profile == "2021"


def test_old_format_part_tells_the_profile_when_no_year():
    """Wild corpus a069: an undated copy whose parts include 收费及减免 (a part only the 2007
    regulation requires) is read as a 2007 report, not held to the 2021 tables."""
    text = "三、依申请公开政府信息情况\n本年度未收到申请。\n四、政府信息公开的收费及减免情况\n未收取任何费用。\n"
    doc = parse_text(text)
    assert doc.meta.year is None
    assert (doc.profile, doc.profile_source) == ("2007", "layout")


def test_undated_report_says_the_deadline_was_not_checked():
    found = check_text(UNDATED)
    assert [f.code for f in found] == ["I101"]
    (f,) = found
    assert f.severity == "info"
    assert "M105" in f.message
    assert f.evidence["rule"] == "M105"
    assert "M105" in f.message_en


def test_township_report_says_its_deadline_is_local():
    text = (BASES / "tables2019.txt").read_text(encoding="utf-8").replace("某县人民政府办公室", "荣昌区河包镇人民政府")
    found = check_text(text, published=dt.date(2021, 5, 6))
    assert [f.code for f in found] == ["I101"]
    assert "M105" in found[0].message


def test_published_option_makes_the_deadline_checkable():
    assert check_text(UNDATED, published=dt.date(2025, 1, 20)) == []
    assert [f.code for f in check_text(UNDATED, published=dt.date(2025, 2, 1))] == ["M105"]


def test_check_file_with_overrides(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(UNDATED, encoding="utf-8")
    assert [f.code for f in check_file(path)] == ["I101"]
    assert [f.code for f in check_file(path, published=dt.date(2025, 3, 1))] == ["M105"]
    assert check_file(path, select=("H",)) == []


def test_findings_carry_location_and_section():
    # H105 fires only when the report has no statistics tables of its own: the skeleton without them
    skeleton = (BASES / "clean2021.txt").read_text(encoding="utf-8")
    text = skeleton.replace("召开新闻发布会3场。", "召开新闻发布会3场。（详见附件）")
    (f,) = check_text(text, select=("H105",))
    assert f.location.line == skeleton[: skeleton.index("召开新闻发布会3场。")].count("\n") + 1
    assert f.location.column == text.split("\n")[f.location.line - 1].index("（详见附件）") + 2
    assert f.location.section == "一"
    assert "详见附件" in (f.excerpt or "")
    assert f.name == "missing-attachment"
    assert f.message_en.startswith("refers to")


def _explodes(doc, rule, ctx):
    raise ZeroDivisionError("boom")


def test_a_crashing_rule_becomes_i101_not_a_crash(tmp_path, monkeypatch):
    default_rules()  # the shipped kinds are registered first
    monkeypatch.setitem(KINDS, "test_explodes", Kind("test_explodes", _explodes, {}))
    extra = tmp_path / "crash.yaml"
    extra.write_text(
        """\
rules:
  - code: Z999
    name: always-crashes
    kind: test_explodes
    severity: error
    summary: {zh: 测试, en: test}
    messages:
      default: {zh: 不会出现, en: never shown}
    doc: {what: a, why: b, fail: c, pass: d, fix: e}
""",
        encoding="utf-8",
    )
    rules = load_ruleset([extra])
    found = check_text(BASE, rules=rules, published=dt.date(2025, 1, 20), select=("ALL", "Z999"))
    assert [f.code for f in found] == ["I101"]
    assert "Z999" in found[0].message
    assert "ZeroDivisionError" in found[0].evidence["error"]


def test_default_rules_have_docs_in_both_languages():
    for rule in default_rules().rules:
        assert rule.summary["zh"] and rule.summary["en"], rule.code
        for key in ("what", "why", "fail", "pass"):
            assert key in rule.doc, (rule.code, key)
        for variant, text in rule.messages.items():
            assert text["zh"] and text["en"], (rule.code, variant)


@pytest.mark.parametrize(
    "first", ["checker.rules.kinds.patterns", "checker.rules.kinds.tables", "checker.rules.engine"]
)
def test_any_module_imported_first_leaves_the_rule_set_complete(first):
    """The kinds are registered by an explicit list: importing one kind module (or the engine) before the rule set
    must not leave the registry half-loaded (it once did: "unknown kind")."""
    code = f"import {first}; from checker.api import default_rules; print(len(default_rules().rules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) == len(load_ruleset().rules) > 30
