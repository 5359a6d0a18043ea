"""Configuration files: discovery upward from each checked file, precedence with the command
line, per-file ignores, severity overrides, extra rule files, and malformed configs (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from checker.errors import UsageError
from checker.policy.settings import (
    CommandLine,
    Settings,
    find_config,
    load_settings,
    merge,
)

HERE = Path(__file__).parent
# A report with every table that checks clean under every rule.
CLEAN = (HERE / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")
# One web-residue warning (H101) and one placeholder error (H104), nothing else.
FLAWED = CLEAN.replace("本年度未收取信息处理费。", "本年度未收取信息处理费。XX\n扫一扫在手机打开当前页面")


def one_error_line(err: str, *needles: str) -> str:
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_the_fixture_reports_are_what_the_tests_assume(xxgk, tmp_path):
    assert xxgk("check", "--format", "json", write(tmp_path / "clean.txt", CLEAN)).codes() == []
    assert xxgk("check", "--format", "json", write(tmp_path / "flawed.txt", FLAWED)).codes() == ["H101", "H104"]


# -- discovery ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("xxgk.yaml", "ignore: [H101]\n"),
        (".xxgk.yaml", "ignore: [H101]\n"),
        ("pyproject.toml", '[project]\nname = "reports"\n\n[tool.xxgk]\nignore = ["H101"]\n'),
    ],
)
def test_each_kind_of_config_is_found_upward_from_the_checked_file(xxgk, tmp_path, name, text):
    write(tmp_path / name, text)
    report = write(tmp_path / "reports" / "2024" / "r.txt", FLAWED)
    r = xxgk("check", "--format", "json", report)
    assert r.codes() == ["H104"]
    assert find_config(report.parent) == tmp_path / name


def test_xxgk_yaml_comes_before_dot_xxgk_yaml_and_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.xxgk]\n")
    write(tmp_path / ".xxgk.yaml", "")
    assert find_config(tmp_path) == tmp_path / ".xxgk.yaml"
    write(tmp_path / "xxgk.yaml", "")
    assert find_config(tmp_path) == tmp_path / "xxgk.yaml"


def test_pyproject_without_tool_xxgk_does_not_stop_the_search(xxgk, tmp_path):
    write(tmp_path / "xxgk.yaml", "ignore: [H104]\n")
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n')
    report = write(tmp_path / "sub" / "r.txt", FLAWED)
    assert find_config(report.parent) == tmp_path / "xxgk.yaml"
    assert xxgk("check", "--format", "json", report).codes() == ["H101"]


def test_the_nearest_config_wins_and_configs_do_not_merge(xxgk, tmp_path):
    write(tmp_path / "xxgk.yaml", "ignore: [H104]\n")
    write(tmp_path / "sub" / "xxgk.yaml", "ignore: [H101]\n")
    assert xxgk("check", "--format", "json", write(tmp_path / "sub" / "r.txt", FLAWED)).codes() == ["H104"]


def test_the_search_stops_at_the_repository_root(tmp_path):
    write(tmp_path / "xxgk.yaml", "ignore: [H104]\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert find_config(tmp_path / "repo") is None
    # a worktree or submodule has a .git file
    write(tmp_path / "wt" / ".git", "gitdir: elsewhere\n")
    assert find_config(tmp_path / "wt" / "deep") is None
    write(tmp_path / "wt" / "xxgk.yaml", "")
    assert find_config(tmp_path / "wt" / "deep") == tmp_path / "wt" / "xxgk.yaml"


def test_files_under_different_configs_each_use_their_own(xxgk, tmp_path):
    write(tmp_path / "a" / "xxgk.yaml", "ignore: [H101]\n")
    write(tmp_path / "b" / "xxgk.yaml", "ignore: [H104]\n")
    write(tmp_path / "a" / "r1.txt", FLAWED)
    write(tmp_path / "b" / "r2.txt", FLAWED)
    write(tmp_path / "c" / "r3.txt", FLAWED)
    r = xxgk("check", "--format", "json", tmp_path)
    assert r.codes_by_file() == {"r1.txt": ["H104"], "r2.txt": ["H101"], "r3.txt": ["H101", "H104"]}


def test_fail_on_comes_from_each_files_config(xxgk, tmp_path):
    write(tmp_path / "lenient" / "xxgk.yaml", "select: [H101]\nfail-on: error\n")
    write(tmp_path / "strict" / "xxgk.yaml", "select: [H101]\nfail-on: warning\n")
    assert xxgk("check", write(tmp_path / "lenient" / "r.txt", FLAWED)).code == 0
    assert xxgk("check", write(tmp_path / "strict" / "r.txt", FLAWED)).code == 1
    assert xxgk("check", tmp_path / "lenient" / "r.txt", tmp_path / "strict" / "r.txt").code == 1


def test_explicit_config_is_the_only_one_used(xxgk, tmp_path):
    write(tmp_path / "xxgk.yaml", "ignore: [H104]\n")
    other = write(tmp_path / "elsewhere" / "strict.yaml", "ignore: [H101]\n")
    report = write(tmp_path / "r.txt", FLAWED)
    assert xxgk("check", "--format", "json", report).codes() == ["H101"]
    assert xxgk("check", "--format", "json", "--config", other, report).codes() == ["H104"]


def test_explicit_pyproject_config(xxgk, tmp_path):
    cfg = write(tmp_path / "cfg" / "pyproject.toml", '[tool.xxgk]\nselect = ["H104"]\n')
    assert xxgk("check", "--format", "json", "--config", cfg, write(tmp_path / "r.txt", FLAWED)).codes() == ["H104"]


def test_stdin_uses_the_config_of_the_current_directory(xxgk, tmp_path, monkeypatch):
    write(tmp_path / "xxgk.yaml", "ignore: [H101]\n")
    monkeypatch.chdir(tmp_path)
    assert xxgk("check", "--format", "json", "-", stdin=FLAWED.encode("utf-8")).codes() == ["H104"]


def test_run_wide_keys_come_from_the_current_directorys_config(xxgk, tmp_path, monkeypatch):
    write(tmp_path / "xxgk.yaml", "format: json\nlang: en\n")
    monkeypatch.chdir(tmp_path)
    r = xxgk("check", write(tmp_path / "r.txt", FLAWED))
    messages = [f["message"] for d in r.json()["documents"] for f in d["findings"]]
    assert any("unfilled template slot" in m for m in messages), messages
    # the command line still wins
    assert xxgk("check", "--format", "concise", "--lang", "zh", tmp_path / "r.txt").out.count("H10") == 2


# -- precedence --------------------------------------------------------------------------------


def test_command_line_select_replaces_the_configs_select(xxgk, tmp_path):
    write(tmp_path / "xxgk.yaml", "select: [H104]\n")
    report = write(tmp_path / "r.txt", FLAWED)
    assert xxgk("check", "--format", "json", report).codes() == ["H104"]
    assert xxgk("check", "--format", "json", "--select", "H101", report).codes() == ["H101"]


def test_command_line_ignore_and_extend_select_add_to_the_configs(xxgk, tmp_path):
    write(tmp_path / "xxgk.yaml", "select: [S]\nextend-select: [H101]\nignore: [S101]\n")
    report = write(tmp_path / "r.txt", FLAWED)
    assert xxgk("check", "--format", "json", report).codes() == ["H101"]
    assert xxgk("check", "--format", "json", "--extend-select", "H104", report).codes() == ["H101", "H104"]
    assert xxgk("check", "--format", "json", "--extend-select", "H104", "--ignore", "H101", report).codes() == ["H104"]


def test_command_line_fail_on_and_profile_override_the_config(xxgk, tmp_path):
    write(tmp_path / "xxgk.yaml", "select: [H101]\nfail-on: warning\nprofile: 2007\n")
    report = write(tmp_path / "r.txt", FLAWED)
    assert xxgk("check", report).code == 1
    assert xxgk("check", "--fail-on", "error", report).code == 0
    profiles = {d["profile"] for d in xxgk("check", "--format", "json", report).json()["documents"]}
    assert profiles == {"2007"}
    assert {
        d["profile"] for d in xxgk("check", "--format", "json", "--profile", "auto", report).json()["documents"]
    } == {"2021"}


def test_merge_rules_in_one_place():
    settings = Settings(
        select=("S",), extend_select=("H101",), ignore=("S101",), fail_on="warning", severity=(("H", "info"),)
    )
    assert merge(settings, CommandLine()).select == ("S",)
    assert merge(settings, CommandLine()).extend_select == ("H101",)
    by_cli = merge(settings, CommandLine(select=("H104",), ignore=("H1",), fail_on="info"))
    assert (by_cli.select, by_cli.extend_select, by_cli.ignore, by_cli.fail_on) == (
        ("H104",),
        (),
        ("S101", "H1"),
        "info",
    )
    assert by_cli.severity == {"H": "info"}
    assert merge(Settings(), CommandLine()).fail_on == "error"


# -- per-file ignores, severity, extra rules ---------------------------------------------------


def test_per_file_ignores_match_globs_relative_to_the_config(xxgk, tmp_path):
    write(tmp_path / "xxgk.yaml", 'per-file-ignores:\n  "archive/**": [H101]\n  "draft-*.txt": H104\n')
    write(tmp_path / "archive" / "old" / "a.txt", FLAWED)
    write(tmp_path / "current" / "draft-1.txt", FLAWED)
    write(tmp_path / "current" / "final.txt", FLAWED)
    r = xxgk("check", "--format", "json", tmp_path)
    assert r.codes_by_file() == {"a.txt": ["H104"], "draft-1.txt": ["H101"], "final.txt": ["H101", "H104"]}


def test_per_file_ignores_beat_a_more_specific_select(xxgk, tmp_path):
    write(tmp_path / "xxgk.yaml", 'per-file-ignores:\n  "*.txt": [H]\n')
    report = write(tmp_path / "r.txt", FLAWED)
    assert xxgk("check", "--format", "json", "--select", "H104", report).codes() == []


def test_severity_overrides_from_the_config(xxgk, tmp_path):
    write(tmp_path / "xxgk.yaml", "severity:\n  H: info\n  placeholder-left: warning\n")
    r = xxgk("check", "--format", "json", write(tmp_path / "r.txt", FLAWED))
    assert {f["code"]: f["severity"] for d in r.json()["documents"] for f in d["findings"]} == {
        "H101": "info",
        "H104": "warning",
    }
    assert r.code == 0  # nothing is an error any more


EXTRA_RULE = """\
rules:
  - code: Z901
    name: province-term
    kind: pattern
    severity: warning
    summary: {zh: 省内用语, en: provincial wording}
    messages:
      default: {zh: "不规范用语：“{text}”", en: "nonstandard wording: {text}"}
    doc: {what: a, why: b, fail: c, pass: d, fix: e}
    params:
      patterns:
        - {regex: "信息处理费", label: 用语}
"""


def test_extra_rule_files_are_relative_to_the_config(xxgk, tmp_path, monkeypatch):
    write(tmp_path / "project" / "rules" / "province.yaml", EXTRA_RULE)
    write(tmp_path / "project" / "xxgk.yaml", "rules: [rules/province.yaml]\nselect: [Z]\n")
    report = write(tmp_path / "project" / "reports" / "r.txt", CLEAN)
    monkeypatch.chdir(tmp_path)
    assert xxgk("check", "--format", "json", report).codes() == ["Z901"]


# -- malformed configs: exit 2, one line naming the file and line ------------------------------


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("select: [H101]\nfail_on: warning\n", 2, "fail-on"),
        ("select: [H101]\ncolour: red\n", 2, "colour"),
        ("ignore: 3\n", 1, "ignore"),
        ("severity:\n  H101: loud\n", 2, "loud"),
        ("fail-on: never\n", 1, "never"),
        ("select: [H101]\nrules:\n  - missing.yaml\n", 3, "missing.yaml"),
        ("select: [H101, NOPE]\n", 1, "NOPE"),
        ("per-file-ignores:\n  '*.txt': [Q9]\n", 2, "Q9"),
        ("select: [H101\nignore: []\n", 2, "YAML"),
        ("- H101\n", 0, "mapping"),
    ],
    ids=[
        "snake-case",
        "unknown-key",
        "wrong-type",
        "bad-severity",
        "bad-fail-on",
        "missing-rules",
        "unknown-selector",
        "unknown-per-file-selector",
        "bad-yaml",
        "not-a-mapping",
    ],
)
def test_malformed_config_exits_2_naming_file_and_line(xxgk, tmp_path, text, line, needle):
    cfg = write(tmp_path / "xxgk.yaml", text)
    r = xxgk("check", write(tmp_path / "r.txt", CLEAN))
    assert r.code == 2 and r.out == ""
    where = f"{cfg}:{line}" if line else str(cfg)
    one_error_line(r.err, where, needle)


def test_malformed_pyproject_names_the_file(xxgk, tmp_path):
    cfg = write(tmp_path / "pyproject.toml", '[tool.xxgk]\nselect = "H101\n')
    r = xxgk("check", write(tmp_path / "r.txt", CLEAN))
    assert r.code == 2
    one_error_line(r.err, str(cfg))
    write(tmp_path / "pyproject.toml", '[tool.xxgk]\nfail_on = "warning"\n')
    one_error_line(xxgk("check", tmp_path / "r.txt").err, "pyproject.toml", "fail-on")


def test_missing_explicit_config_exits_2(xxgk, tmp_path):
    r = xxgk("check", "--config", tmp_path / "nope.yaml", write(tmp_path / "r.txt", CLEAN))
    assert r.code == 2
    one_error_line(r.err, "nope.yaml")


def test_empty_config_means_the_defaults(tmp_path):
    settings = load_settings(write(tmp_path / "xxgk.yaml", "# nothing yet\n"))
    assert merge(settings, CommandLine()) == merge(Settings(), CommandLine())


def test_load_settings_keeps_values(tmp_path):
    write(tmp_path / "r.yaml", EXTRA_RULE)
    s = load_settings(
        write(tmp_path / "xxgk.yaml", "select: H101, S\nrules: r.yaml\nprofile: 2019\nseverity: {S106: error}\n")
    )
    assert s.select == ("H101", "S")
    assert s.rules == (tmp_path / "r.yaml",)
    assert s.profile == "2019"
    assert s.severity == (("S106", "error"),)
    with pytest.raises(UsageError, match="lang"):
        load_settings(write(tmp_path / "bad.yaml", "lang: fr\n"))
