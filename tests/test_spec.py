"""The YAML loader, its one error, and the vocabularies it validates: a broken vocabulary or rule
file is one UsageError naming file and line, never a KeyError."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checker.errors import UsageError
from checker.rules.ruleset import load_ruleset
from checker.spec import layouts
from checker.spec import metadata as spec_metadata
from checker.spec.lexicon import load_claims
from checker.spec.loader import (
    CONFIG_FILE,
    LAYOUT_FILE,
    LineDict,
    LineList,
    Problems,
    key_lines,
    line_of,
    load_yaml,
)
from checker.spec.resources import vocabulary_dir


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- the loader --------------------------------------------------------------------------------


def test_mappings_and_sequences_keep_their_lines(tmp_path: Path) -> None:
    data = load_yaml(
        _write(
            tmp_path,
            "a.yaml",
            """\
            # a comment
            top:
              name: x
              items:
                - one
                - {k: v}
            """,
        )
    )
    assert isinstance(data, LineDict) and data.line == 2
    top = data["top"]
    assert top.line == 3 and top.key_lines == {"name": 3, "items": 4}
    items = top["items"]
    assert isinstance(items, LineList) and items.item_lines == [5, 6]
    assert line_of(top, "items") == 4 and line_of(items, 1) == 6 and line_of(items[1]) == 6
    assert line_of("a scalar") == 0 and line_of(top, "absent") == 3


def test_key_lines_by_dotted_path(tmp_path: Path) -> None:
    data = load_yaml(_write(tmp_path, "c.yaml", "select: [H101]\nseverity:\n  H101: error\nrules:\n  - a.yaml\n"))
    assert key_lines(data) == {
        "select": 1,
        "select.0": 1,
        "severity": 2,
        "severity.H101": 3,
        "rules": 4,
        "rules.0": 5,
    }


def test_problem_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "layouts.yaml"
    with pytest.raises(UsageError) as err:
        Problems(path, LAYOUT_FILE).fail_line(7, "坏", "bad")
    assert str(err.value) == f"表格定义无效 {path}:7：坏 / invalid table layout file {path}:7: bad"


def test_problem_without_a_line_names_the_label(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    with pytest.raises(UsageError) as err:
        Problems(path, CONFIG_FILE, label=f"{path} [tool.xxgk]").fail(None, "坏", "bad")
    assert str(err.value) == f"配置文件无效 {path} [tool.xxgk]：坏 / invalid config {path} [tool.xxgk]: bad"


def test_problem_regex_names_the_key_line(tmp_path: Path) -> None:
    data = load_yaml(_write(tmp_path, "r.yaml", "a:\n  ok: x\n  bad: '(x'\n"))
    p = Problems(tmp_path / "r.yaml")
    assert p.regex(data["a"], "x", key="ok").pattern == "x"
    with pytest.raises(UsageError, match=r"r\.yaml:3.*invalid regular expression"):
        p.regex(data["a"], data["a"]["bad"], key="bad")


def test_problem_mapping_names_unknown_and_missing_keys(tmp_path: Path) -> None:
    data = load_yaml(_write(tmp_path, "m.yaml", "x:\n  a: 1\n  typo: 2\ny:\n  b: 1\n"))
    p = Problems(tmp_path / "m.yaml")
    with pytest.raises(UsageError, match=r"m\.yaml:3.*unknown key 'typo'; known keys: a, b"):
        p.mapping(data["x"], "x", required=("a",), optional=("b",))
    with pytest.raises(UsageError, match=r"m\.yaml:5.*y: missing a"):
        p.mapping(data["y"], "y", required=("a",), optional=("b",))
    with pytest.raises(UsageError, match="z must be a mapping"):
        p.mapping([1], "z")


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.yaml", "a:\n  b: 1\n c: 2\n")
    with pytest.raises(UsageError, match=rf"malformed YAML in rule file {path}:3:2: did not find expected key"):
        load_yaml(path)


def test_missing_file_names_the_kind_of_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="table layout file not found"):
        load_yaml(tmp_path / "nope.yaml", LAYOUT_FILE)


# -- rule files ----------------------------------------------------------------------------------

RULE = """\
rules:
  - code: Z901
    name: my-rule
    kind: pattern
    severity: warning
    summary: {zh: 测试, en: test}
    messages:
      default: {zh: '发现 {text}', en: 'found {text}'}
    doc: {what: a, why: b, fail: c, pass: d, fix: e}
    params:
      patterns:
        - {regex: 'abc'}
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "needle"),
    [
        ("    summary: {zh: 测试, en: test}\n", "", 2, "'summary' needs text for both zh and en"),
        ("      default: {zh: '发现 {text}', en: 'found {text}'}", "      default: {zh: 发现}", 8, "messages.default"),
        ("    kind: pattern", "    kind: patern", 2, "unknown kind 'patern'"),
        ("    severity: warning", "    severity: loud", 2, "severity must be"),
        ("        - {regex: 'abc'}", "        - {regex: '(abc'}", 12, "invalid regular expression"),
        ("    params:\n", "    params:\n      colour: red\n", 11, "takes no parameter colour"),
        ("  - code: Z901", "  - code: z901", 2, "rule code 'z901' is invalid"),
    ],
)
def test_a_bad_rule_names_file_and_line(tmp_path: Path, old: str, new: str, line: int, needle: str) -> None:
    assert old in RULE
    path = _write(tmp_path, "mine.yaml", RULE.replace(old, new))
    with pytest.raises(UsageError) as err:
        load_ruleset(extra=[path])
    message = str(err.value)
    assert f"invalid rule file {path}:{line}:" in message
    assert needle in message


def test_the_rule_file_itself_loads(tmp_path: Path) -> None:
    rules = load_ruleset(extra=[_write(tmp_path, "mine.yaml", RULE)])
    mine = rules.by_code()["Z901"]
    assert mine.source == f"{tmp_path / 'mine.yaml'}:2"
    assert mine.params["patterns"] == [{"regex": "abc"}] and mine.params["limit"] == 10


# -- layouts.yaml ----------------------------------------------------------------------------------


def _broken_layouts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> tuple[Path, int]:
    """A copy of layouts.yaml with one change, loaded instead of the shipped one; and the line of
    the change."""
    text = (vocabulary_dir() / "layouts.yaml").read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    changed = text.replace(old, new, 1)
    path = tmp_path / "layouts.yaml"
    path.write_text(changed, encoding="utf-8")
    monkeypatch.setattr(layouts, "vocabulary_dir", lambda: tmp_path)
    return path, changed[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "offset", "needle"),
    [
        # an unknown key is named at its own line
        ("blank: [", "colour: red\nblank: [", 0, "unknown key 'colour'"),
        ("    detect: ['制发件数'", "    detcet: ['制发件数'", 0, "layout t2_2021: unknown key 'detcet'"),
        (
            "match: '主动公开规范性文件', optional: true}",
            "match: '主动公开规范性文件', optinal: true}",
            0,
            "row published_normative: unknown key 'optinal'",
        ),
        (
            "{key: issued, label: 本年制发件数}",
            "{key: issued, label: 本年制发件数, sign: true}",
            0,
            "unknown key 'sign'",
        ),
        # a wrong type
        ("    sequence: true", "    sequence: yes please", 0, "sequence must be true or false"),
        (
            "match: '主动公开规范性文件', optional: true}",
            "match: '主动公开规范性文件', optional: 1}",
            0,
            "optional must be",
        ),
        ("blank: ['-', '--', '—', '——', '–', '/', '~', '～']", "blank: '-'", 0, "blank must be a list"),
        ("    title: 主动公开政府信息情况（2021年格式）", "    title: [主动公开]", 0, "title must be a string"),
        # a missing key
        (
            "        columns:\n          - {key: issued",
            "        cols:\n          - {key: issued",
            0,
            "unknown key 'cols'",
        ),
        (  # the block that lacks its rows starts 5 lines before them
            "        rows:\n          - {key: rules, label: 规章, match: '规章'}\n"
            "          - {key: normative, label: 行政规范性文件, match: '规范性文件'}\n",
            "",
            -5,
            "layout t2_2021 block: missing rows",
        ),
        # a wrong name
        ('"2007": {统计表: [old, old_cumulative]}', '"2007": {统计: [old, old_cumulative]}', 0, "unknown table 统计"),
        ('"2007": {统计表: [old, old_cumulative]}', '"2007": {统计表: [old, nope]}', 0, "layout nope is not defined"),
        ('  "2007": []', "  \"2007\": ['五']", 0, "required.2007 must be a list of tables"),
        ('  "2007": []', '  "2008": []', 0, "unknown profile 2008"),
        ("  二: ['第二十条", "  五: ['第二十条", 0, "starts: unknown table 五"),
    ],
)
def test_a_bad_layouts_file_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, offset: int, needle: str
) -> None:
    path, line = _broken_layouts(tmp_path, monkeypatch, old, new)
    with pytest.raises(UsageError) as err:
        layouts.table_config.__wrapped__()
    message = str(err.value)
    assert f"invalid table layout file {path}:{line + offset}:" in message
    assert needle in message


def test_layouts_without_layouts_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = _broken_layouts(tmp_path, monkeypatch, "layouts:\n  t2_2021:", "layout:\n  t2_2021:")
    with pytest.raises(UsageError, match=rf"{path}:\d+:.*needs a 'layouts' mapping"):
        layouts.table_config.__wrapped__()


# -- lexicon.yaml ----------------------------------------------------------------------------------


def _broken_lexicon(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = (vocabulary_dir() / "lexicon.yaml").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "lexicon.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "offset", "needle"),
    [
        ("percentage:\n", "percent:\n", 0, "lexicon.yaml: unknown key 'percent'"),
        ("  named_whole: '在", "  named_hole: '在", 0, "breakdown: unknown key 'named_hole'"),
        ("  people: [人次, 人, 名]", "  persons: [人次, 人, 名]", 0, "units: unknown key 'persons'"),
        ("  people: [人次, 人, 名]", "  people: 人", 0, "units.people must be a list"),
        ("  near: {before: '(?:将近", "  near: {befor: '(?:将近", 0, "approximate.near: unknown key 'befor'"),
        ("  near: {before: '(?:将近", "  nearly: {before: '(?:将近", 0, "unknown approximation 'nearly'"),
        (
            "    cells: [carried:total]",
            "    cells: [carried:total]\n    colour: red",
            1,
            "lexicon: unknown key 'colour'",
        ),
        (
            "  dimensions:\n    - '自然人|法人|企业|组织|科研机构|法律服务机构'\n"
            "    - '予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|不予受理'\n"
            "    - '网上|网络|当面|信函|传真|电子邮件'\n",
            "  dimensions: '自然人'\n",
            0,
            "breakdown.dimensions must be a list",
        ),
        (
            "not_quantity_after: '^(?:性|以内|以下|工作日|小时|分钟|年|月|日|天|周)'",
            "not_quantity_after: ['^(?:性|以内|以下|工作日|小时|分钟|年|月|日|天|周)']",
            0,
            "a regular expression must be a string",
        ),
        ("absence_restricted: '", "absence_restrict: '", 0, "unknown key 'absence_restrict'"),
        # a missing key is named at the line of the mapping that lacks it: the top level starts
        # at units:, 67 lines before absence_restricted
        ("absence_restricted: '", "# absence_restricted: '", -67, "lexicon.yaml: missing absence_restricted"),
    ],
)
def test_a_bad_lexicon_is_a_usage_error_naming_the_line(
    tmp_path: Path, old: str, new: str, offset: int, needle: str
) -> None:
    path, line = _broken_lexicon(tmp_path, old, new)
    with pytest.raises(UsageError) as err:
        load_claims(path)
    message = str(err.value)
    assert needle in message
    assert f"invalid data file {path}:{line + offset}:" in message


def test_a_lexicon_entry_without_left_names_its_line(tmp_path: Path) -> None:
    text = (vocabulary_dir() / "lexicon.yaml").read_text(encoding="utf-8")
    old = "    left: '上一?年度?结转"
    assert old in text
    path = tmp_path / "lexicon.yaml"
    path.write_text(text.replace(old, "    right: '上一?年度?结转", 1), encoding="utf-8")
    data = load_yaml(path)
    entry = next(e for e in data["lexicon"] if "right" in e and str(e["right"]).startswith("上一?年度?结转"))
    with pytest.raises(UsageError, match=rf"{path}:{entry.line}:.*lexicon: missing left"):
        load_claims(path)


# -- metadata.yaml ---------------------------------------------------------------------------------


def _broken_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> tuple[Path, int]:
    text = (vocabulary_dir() / "metadata.yaml").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "metadata.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(spec_metadata, "vocabulary_dir", lambda: tmp_path)
    return path, text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "offset", "needle"),
    [
        ("  suffix: '", "  sufix: '", 0, "agency: unknown key 'sufix'"),
        ("period_phrase: '", "period_phrases: '", 0, "metadata.yaml: unknown key 'period_phrases'"),
        # a mapping's line is that of its first key: title's is line:, 2 lines up (a comment between)
        ("  not_title: '", "  # not_title: '", -2, "title: missing not_title"),
        ("  title: '(?<!\\d)(\\d{4})年'", "  title: 2021", 0, "year.title must be a string"),
        (
            "    - '现将(\\d{4})年度?[^。]{0,20}报告'",
            "    - [现将]",
            -1,
            "year.body must be a non-empty list of strings",
        ),
        (
            "(?P<name>[^\\s。,，:]{3,30}?)",
            "(?P<nom>[^\\s。,，:]{3,30}?)",
            0,
            "agency.caption: the regular expression needs the group name",
        ),
        ("  - '(?P<y1>\\d{4})年", "  - '(?P<y>\\d{4})年", 0, "date_ranges: the regular expression needs the group y1"),
        ("  town: '(镇|乡", "  town: '((镇|乡", 0, "invalid regular expression"),
        (
            "  page: '^\\s*(?:日期|发布日期|发布时间|成文日期|时间)\\s*:\\s*(\\d{4})",
            "  page: '^\\s*(?:日期|发布日期|发布时间|成文日期|时间)\\s*:\\s*(?:\\d{4})",
            0,
            "needs the group 3",
        ),
    ],
)
def test_a_bad_metadata_vocabulary_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, offset: int, needle: str
) -> None:
    path, line = _broken_metadata(tmp_path, monkeypatch, old, new)
    with pytest.raises(UsageError) as err:
        spec_metadata.meta_config.__wrapped__()
    message = str(err.value)
    assert f"invalid metadata vocabulary {path}:{line + offset}:" in message
    assert needle in message


def test_the_shipped_metadata_vocabulary_is_unchanged_by_the_copies() -> None:
    assert spec_metadata.meta_config().suffix.pattern.endswith("$")
