"""The command line: exit codes, output formats, selection, and input that is not a clean report.

Most tests run `checker.cli.main()` in-process (the real entry point, with its top-level
error handling); a few run `python -m checker.cli` in a subprocess to see exactly what a user
sees on stderr; one compares with click's CliRunner.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Run, write

from checker.cli import cli

HERE = Path(__file__).parent
# A 2021-format report with its three statistics tables, every rule satisfied: no findings at all.
BASE = (HERE / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")
SPEC_RULES = HERE.parent.parent / "shared" / "spec" / "RULES.md"

# Two web-residue warnings (H101, lines 1 and 83) and nothing else.
WITH_WARNINGS = (
    BASE.replace(
        "某市自然资源局2024年政府信息公开工作年度报告\n",
        "字号: 大 中 小\n某市自然资源局2024年政府信息公开工作年度报告\n",
    )
    + "扫一扫在手机打开当前页面\n"
)
# H101 ×2 and H102 (warnings: the &nbsp; on line 8), H104 (error: the XX on line 8).
MIXED = WITH_WARNINGS.replace("召开新闻发布会3场。", "召开新闻发布会3场。&nbsp;").replace(
    "主动公开政府信息326条", "主动公开政府信息XX条"
)
MIXED_CODES = ["H101", "H101", "H102", "H104"]
# One info finding only (S106).
INFO_ONLY = BASE.replace("一、总体情况", "一、工作基本情况")

# The codes of RULES.md's S, M, H, X105 and I sections.
IMPLEMENTED_CODES = (
    [f"S10{i}" for i in range(1, 7)]
    + [f"M10{i}" for i in range(1, 9)]
    + [f"H10{i}" for i in range(1, 9)]
    + ["X105", "I101", "I102"]
)

GOOD_RULE_FILE = """\
rules:
  - code: Z904
    name: province-term
    kind: pattern
    severity: error
    summary: {zh: 省内用语, en: provincial wording}
    messages:
      default: {zh: "不规范用语：“{text}”", en: "nonstandard wording: {text}"}
    doc: {what: a, why: b, fail: c, pass: d, fix: e}
    params:
      patterns:
        - {regex: "政务新媒体", label: 用语}
"""


def subprocess_xxgk(*args, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *map(str, args)],
        capture_output=True,
        input=stdin,
        cwd=cwd,
        timeout=60,
        env=env,
    )


def assert_one_clean_error_line(err: str, *needles: str) -> None:
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], lines[0]


def codes(run: Run) -> list[str]:
    return sorted(f["code"] for d in run.json()["documents"] for f in d["findings"])


# -- runs that fail: exit 2, one line on stderr, no traceback --------------------------------


def test_nonexistent_path_exits_2_with_one_line(xxgk, tmp_path):
    missing = tmp_path / "no-such-report.txt"
    r = xxgk("check", missing)
    assert r.code == 2
    assert r.out == ""
    assert_one_clean_error_line(r.err, "no-such-report.txt")


def test_nonexistent_path_in_subprocess_has_no_traceback(tmp_path):
    p = subprocess_xxgk("check", tmp_path / "missing.txt")
    assert p.returncode == 2
    err = p.stderr.decode("utf-8")
    assert_one_clean_error_line(err, "missing.txt")
    assert p.stdout == b""


def test_directory_without_reports_exits_0_with_a_note(xxgk, tmp_path):
    """Like ruff's "No files found": nothing to check is not a failed run, but it is said."""
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "README.md").write_text("# notes\n", encoding="utf-8")
    r = xxgk("check", "--format", "json", tmp_path)
    assert r.code == 0
    assert_one_clean_error_line(r.err, str(tmp_path), "no report files")
    assert r.json()["summary"] == {"documents": 0, "errors": 0, "warnings": 0, "infos": 0}


def test_empty_directory_exits_0(xxgk, tmp_path):
    r = xxgk("check", "--select", "H101", tmp_path)
    assert r.code == 0
    assert "没有可检查的报告文件" in r.err
    assert r.out == "共 0 份报告：错误 0，警告 0，提示 0\n"


def test_empty_directory_still_checks_the_selectors(xxgk, tmp_path):
    assert xxgk("check", "--select", "NOPE", tmp_path).code == 2


def test_malformed_yaml_rule_file_names_file_and_line(xxgk, tmp_path):
    bad = tmp_path / "province.yaml"
    bad.write_text("rules:\n  - code: Z901\n    name: foo\n   kind: pattern\n", encoding="utf-8")
    r = xxgk("check", write(tmp_path / "r.txt", BASE), "--rules", bad)
    assert r.code == 2
    assert_one_clean_error_line(r.err, f"{bad}:4")


def test_malformed_rule_file_in_subprocess(tmp_path):
    bad = write(tmp_path / "province.yaml", "rules: [\n  {code: Z901\n")
    p = subprocess_xxgk("check", write(tmp_path / "r.txt", BASE), "--rules", bad)
    assert p.returncode == 2
    assert_one_clean_error_line(p.stderr.decode("utf-8"), "province.yaml")


RULE_HEAD = """\
rules:
  - code: Z901
    name: my-rule
    severity: warning
    summary: {zh: 测试, en: test}
    doc: {what: a, why: b, fail: c, pass: d, fix: e}
"""


@pytest.mark.parametrize(
    ("body", "line", "needle"),
    [
        (
            '    kind: no_such_kind\n    messages:\n      default: {zh: "发现{text}", en: "found {text}"}\n',
            2,
            "no_such_kind",
        ),
        ("    kind: pattern\n    params:\n      patterns:\n        - {regex: abc, label: x}\n", 2, "messages.default"),
        (
            '    kind: pattern\n    messages:\n      default: {zh: "发现{text}", en: "found {text}"}\n    params:\n      patterns:\n        - {regex: "ok", label: fine}\n        - {regex: "(unclosed", label: broken}\n',
            13,
            "(unclosed",
        ),
        (
            '    kind: pattern\n    messages:\n      default: {zh: "发现{text}", en: "found {text}"}\n',
            2,
            "params.patterns",
        ),
    ],
    ids=["unknown-kind", "missing-messages", "bad-regex", "missing-required-param"],
)
def test_invalid_rule_file_exits_2_naming_the_line(xxgk, tmp_path, body, line, needle):
    rules = write(tmp_path / "extra.yaml", RULE_HEAD + body)
    r = xxgk("check", write(tmp_path / "r.txt", BASE), "--rules", rules)
    assert r.code == 2
    assert_one_clean_error_line(r.err, f"{rules}:{line}", needle)


def test_missing_rule_file_exits_2(xxgk, tmp_path):
    r = xxgk("check", write(tmp_path / "r.txt", BASE), "--rules", tmp_path / "nope.yaml")
    assert r.code == 2
    assert_one_clean_error_line(r.err, "nope.yaml")


@pytest.mark.parametrize(
    "args",
    [
        ("--fail-on", "bogus"),
        ("--published", "2024-13-45"),
        ("--select", "NOPE"),
        ("--ignore", "Q9"),
        ("--format", "yaml"),
        ("--profile", "2010"),
        ("--year", "abc"),
    ],
    ids=lambda a: " ".join(a),
)
def test_bad_option_value_exits_2(xxgk, tmp_path, args):
    r = xxgk("check", write(tmp_path / "r.txt", BASE), *args)
    assert r.code == 2
    assert "Traceback" not in r.err
    assert args[0] in r.err
    assert r.out == ""


def test_unknown_option_exits_2(xxgk, tmp_path):
    r = xxgk("check", write(tmp_path / "r.txt", BASE), "--no-such-flag")
    assert r.code == 2
    assert "--no-such-flag" in r.err


# -- input that is not a clean report: a finding, not a failed run -----------------------------


def test_empty_file_is_i102(xxgk, tmp_path):
    r = xxgk("check", "--format", "json", write(tmp_path / "empty.txt", ""))
    assert r.code == 1
    (doc,) = r.json()["documents"]
    assert [f["code"] for f in doc["findings"]] == ["I102"]
    assert doc["findings"][0]["severity"] == "error"
    assert "空" in doc["findings"][0]["message"]


def test_whitespace_only_file_is_i102(xxgk, tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \r\n\n\t\n")
    r = xxgk("check", "--format", "json", path)
    assert r.code == 1
    assert codes(r) == ["I102"]


def test_binary_file_is_i102(xxgk, tmp_path):
    rnd = random.Random(20240101)
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(0 if k % 7 == 0 else rnd.randrange(256) for k in range(4096)))
    r = xxgk("check", "--format", "json", path)
    assert r.code == 1
    assert codes(r) == ["I102"]
    assert "二进制" in r.json()["documents"][0]["findings"][0]["message"]


def test_pdf_bytes_in_a_txt_file_is_i102(xxgk, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    r = xxgk("check", "--format", "json", path)
    assert codes(r) == ["I102"]


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".xls"])
def test_unsupported_extension_is_i102(xxgk, tmp_path, suffix):
    path = write(tmp_path / f"report{suffix}", BASE)
    r = xxgk("check", "--format", "json", path)
    assert r.code == 1
    (doc,) = r.json()["documents"]
    assert [f["code"] for f in doc["findings"]] == ["I102"]
    assert suffix in doc["findings"][0]["message"]


def test_unreadable_input_is_reported_even_when_other_rules_are_selected(xxgk, tmp_path):
    """I102's own doc: 无法读取的文件不能被当作通过 — selecting H101 must not make an empty file pass."""
    r = xxgk("check", "--format", "json", "--select", "H101", write(tmp_path / "empty.txt", ""))
    assert r.code == 1
    assert codes(r) == ["I102"]


def _finding_view(run: Run) -> list[tuple]:
    (doc,) = run.json()["documents"]
    return [
        (f["code"], f["location"]["line"], f["location"]["column"], f["message"], f["fingerprint"])
        for f in doc["findings"]
    ]


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("gb18030", lambda t: t.encode("gb18030")),
        ("gbk", lambda t: t.encode("gbk")),
        ("utf-16 with BOM", lambda t: t.encode("utf-16")),
        ("utf-16-be with BOM", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
        ("utf-8 with BOM", lambda t: t.encode("utf-8-sig")),
        ("utf-8 with CRLF", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_other_encodings_give_the_same_findings_as_utf8(xxgk, tmp_path, name, encode):
    utf8 = xxgk("check", "--format", "json", write(tmp_path / "utf8.txt", MIXED))
    path = tmp_path / "other.txt"
    path.write_bytes(encode(MIXED))
    other = xxgk("check", "--format", "json", path)
    assert other.code == utf8.code == 1
    assert _finding_view(other) == _finding_view(utf8)
    assert sorted(f[0] for f in _finding_view(other)) == MIXED_CODES


def test_utf16le_without_bom_is_decoded(xxgk, tmp_path):
    utf8 = xxgk("check", "--format", "json", write(tmp_path / "utf8.txt", MIXED))
    path = tmp_path / "utf16le.txt"
    path.write_bytes(MIXED.encode("utf-16-le"))
    other = xxgk("check", "--format", "json", path)
    assert _finding_view(other) == _finding_view(utf8)


def test_short_gbk_report_is_decoded(xxgk, tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("某县统计局2024年政府信息公开工作年度报告\n一、总体情况\n字号: 大 中 小\n".encode("gbk"))
    r = xxgk("check", "--format", "json", "--select", "H101", path)
    assert codes(r) == ["H101"]
    assert r.json()["documents"][0]["year"] == 2024


def test_utf8_file_with_a_few_invalid_bytes_is_h103(xxgk, tmp_path):
    data = BASE.encode("utf-8")
    at = data.index("主动公开政府信息326条".encode())
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:at] + b"\xff\xfe\x80" + data[at:])
    r = xxgk("check", "--format", "json", path)
    assert r.code == 1
    (doc,) = r.json()["documents"]
    h103 = [f for f in doc["findings"] if f["code"] == "H103"]
    assert len(h103) == 1
    assert h103[0]["severity"] == "error"
    assert h103[0]["location"]["line"] == BASE[: BASE.index("主动公开政府信息326条")].count("\n") + 1
    assert [f["code"] for f in doc["findings"]] == ["H103"]


# -- output -------------------------------------------------------------------------------------


def test_json_output_shape(xxgk, tmp_path):
    path = write(tmp_path / "report.txt", MIXED)
    r = xxgk("check", "--format", "json", path)
    assert r.code == 1
    data = r.json()
    assert data["tool"] == "xxgk"
    assert isinstance(data["version"], str) and data["version"]
    assert data["schema"] == 1
    (doc,) = data["documents"]
    assert doc["path"] == str(path)
    assert doc["year"] == 2024
    assert doc["profile"] == "2021"
    assert doc["agency"] == "某市自然资源局"
    assert doc["published"] == "2025-01-20"
    assert {"path", "year", "profile", "agency", "published", "findings"} <= set(doc)
    assert len(doc["findings"]) == 4
    for f in doc["findings"]:
        assert {"code", "name", "severity", "message", "location", "evidence", "fingerprint"} <= set(f)
        assert re.fullmatch(r"[A-Z]\d{3}", f["code"])
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", f["name"])
        assert f["severity"] in ("error", "warning", "info")
        assert {"line", "column"} <= set(f["location"])
        assert isinstance(f["location"]["line"], int) and f["location"]["line"] >= 1
        assert isinstance(f["evidence"], dict)
        assert isinstance(f["fingerprint"], str) and f["fingerprint"]
    h104 = next(f for f in doc["findings"] if f["code"] == "H104")
    assert h104["name"] == "placeholder-left"
    assert h104["evidence"]["text"] == "XX"
    assert data["summary"] == {"documents": 1, "errors": 1, "warnings": 3, "infos": 0}


def test_fingerprints_do_not_depend_on_line_numbers(xxgk, tmp_path):
    a = xxgk("check", "--format", "json", write(tmp_path / "a.txt", MIXED))
    b = xxgk("check", "--format", "json", write(tmp_path / "b.txt", "\n\n\n" + MIXED))
    fa = sorted(f["fingerprint"] for f in a.json()["documents"][0]["findings"])
    fb = sorted(f["fingerprint"] for f in b.json()["documents"][0]["findings"])
    assert fa == fb
    assert len(set(fa)) == len(fa)


def test_concise_output_one_line_per_finding(xxgk, tmp_path):
    path = write(tmp_path / "report.txt", MIXED)
    r = xxgk("check", "--format", "concise", path)
    lines = r.out.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith(f"{path}:1:1: H101 [警告]")
    assert lines[-1] == "共 1 份报告：错误 1，警告 3，提示 0"


def test_rich_output_mentions_codes_and_summary(xxgk, tmp_path):
    r = xxgk("check", "--format", "rich", write(tmp_path / "report.txt", MIXED))
    assert r.code == 1
    for code in ("H101", "H102", "H104"):
        assert code in r.out


def test_statistics_counts_by_rule(xxgk, tmp_path):
    r = xxgk("check", "--format", "concise", "--statistics", write(tmp_path / "report.txt", MIXED))
    assert re.search(r"^\s*2\s+H101\s+web-residue$", r.out, re.M)
    assert re.search(r"^\s*1\s+H104\s+placeholder-left$", r.out, re.M)


def test_output_file(xxgk, tmp_path):
    out = tmp_path / "out.json"
    r = xxgk("check", "--format", "json", "-o", out, write(tmp_path / "report.txt", MIXED))
    assert r.code == 1
    assert r.out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["errors"] == 1


def test_lang_en_gives_english_messages(xxgk, tmp_path):
    path = write(tmp_path / "report.txt", MIXED)
    r = xxgk("check", "--format", "json", "--lang", "en", path)
    messages = {f["code"]: f["message"] for f in r.json()["documents"][0]["findings"]}
    assert "web page residue" in messages["H101"]
    assert "unfilled template slot" in messages["H104"]
    concise = xxgk("check", "--format", "concise", "--lang", "en", path)
    assert concise.out.splitlines()[-1] == "1 document(s): 1 error(s), 3 warning(s), 0 info"
    assert "[warning]" in concise.out


# -- selection and exit codes ---------------------------------------------------------------------


def test_select_prefix_and_ignore_longest_match_wins(xxgk, tmp_path):
    path = write(tmp_path / "report.txt", MIXED)
    assert codes(xxgk("check", "--format", "json", "--select", "H1", "--ignore", "H102", path)) == [
        "H101",
        "H101",
        "H104",
    ]
    # the more specific select wins over the shorter ignore
    assert codes(xxgk("check", "--format", "json", "--select", "H102", "--ignore", "H1", path)) == ["H102"]
    # names work like codes
    assert codes(xxgk("check", "--format", "json", "--select", "markup-residue", path)) == ["H102"]
    assert codes(xxgk("check", "--format", "json", "--ignore", "web-residue,H102", path)) == ["H104"]


def test_extend_select_adds_to_select(xxgk, tmp_path):
    path = write(tmp_path / "report.txt", MIXED)
    assert codes(xxgk("check", "--format", "json", "--select", "H104", "--extend-select", "H102", path)) == [
        "H102",
        "H104",
    ]


def test_exit_codes_follow_fail_on(xxgk, tmp_path):
    warnings = write(tmp_path / "warnings.txt", WITH_WARNINGS)
    info = write(tmp_path / "info.txt", INFO_ONLY)
    clean = write(tmp_path / "clean.txt", BASE)
    mixed = write(tmp_path / "mixed.txt", MIXED)
    assert xxgk("check", warnings).code == 0  # default --fail-on error
    assert xxgk("check", "--fail-on", "warning", warnings).code == 1
    assert xxgk("check", "--fail-on", "warning", info).code == 0
    assert xxgk("check", "--fail-on", "info", info).code == 1
    assert xxgk("check", "--fail-on", "info", clean).code == 0
    assert xxgk("check", mixed).code == 1
    assert xxgk("check", "--exit-zero", mixed).code == 0
    assert xxgk("check", "--exit-zero", "--fail-on", "info", mixed).code == 0
    assert xxgk("check", "--select", "H101", mixed).code == 0  # the error (H104) is not selected


def test_exit_zero_does_not_hide_a_failed_run(xxgk, tmp_path):
    assert xxgk("check", "--exit-zero", tmp_path / "missing.txt").code == 2


def test_overrides_from_the_command_line(xxgk, tmp_path):
    path = write(tmp_path / "report.txt", BASE)
    r = xxgk("check", "--format", "json", "--published", "2025-02-20", path)
    assert codes(r) == ["M105"]
    assert r.json()["documents"][0]["published"] == "2025-02-20"
    r = xxgk("check", "--format", "json", "--agency", "某市人民政府", "--published", "2025-02-20", path)
    assert codes(r) == []
    assert r.json()["documents"][0]["agency"] == "某市人民政府"
    no_year = write(
        tmp_path / "no-year.txt",
        "根据修订的《中华人民共和国政府信息公开条例》相关规定，结合我局工作实际情况，制定本报告：\n一、总体情况\n我局积极落实政府信息公开工作要求。\n",
    )
    assert "M103" in codes(xxgk("check", "--format", "json", "--select", "M", no_year))
    r = xxgk("check", "--format", "json", "--select", "M", "--year", "2019", no_year)
    doc = r.json()["documents"][0]
    assert (doc["year"], doc["profile"]) == (2019, "2019")
    assert "M103" not in codes(r)


def test_profile_option_overrides_the_year(xxgk, tmp_path):
    text = BASE.replace("五、存在的主要问题及改进情况\n", "")
    path = write(tmp_path / "report.txt", text)
    r = xxgk("check", "--format", "json", "--select", "S101", "--profile", "2019", path)
    (f,) = r.json()["documents"][0]["findings"]
    assert r.json()["documents"][0]["profile"] == "2019"
    assert f["severity"] == "warning"


def test_extra_rule_file_adds_a_rule(xxgk, tmp_path):
    rules = write(tmp_path / "province.yaml", GOOD_RULE_FILE)
    path = write(tmp_path / "report.txt", BASE)
    r = xxgk("check", "--format", "json", "--rules", rules, path)
    assert r.code == 1
    assert codes(r) == ["Z904"]
    assert "政务新媒体" in r.json()["documents"][0]["findings"][0]["message"]
    listed = xxgk("rules", "--format", "json", "--rules", rules)
    assert "Z904" in [row["code"] for row in json.loads(listed.out)]


# -- paths ----------------------------------------------------------------------------------------


def test_directory_is_searched_recursively(xxgk, tmp_path):
    write(tmp_path / "2024.txt", BASE)
    (tmp_path / "a" / "b").mkdir(parents=True)
    write(tmp_path / "a" / "b" / "deep.txt", WITH_WARNINGS)
    write(tmp_path / "a" / "notes.md", MIXED)
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "hidden.txt", MIXED)
    write(tmp_path / "README.md", "# 年报目录\n")
    r = xxgk("check", "--format", "json", tmp_path)
    docs = {Path(d["path"]).relative_to(tmp_path).as_posix(): d for d in r.json()["documents"]}
    assert sorted(docs) == ["2024.txt", "a/b/deep.txt", "a/notes.md"]
    assert [f["code"] for f in docs["a/b/deep.txt"]["findings"]] == ["H101", "H101"]
    assert r.json()["summary"]["documents"] == 3
    assert r.code == 1


def test_directory_walk_reports_unsupported_documents_as_i102(xxgk, tmp_path):
    write(tmp_path / "2024.txt", BASE)
    (tmp_path / "2023.pdf").write_bytes(b"%PDF-1.4\n")
    r = xxgk("check", "--format", "json", tmp_path)
    docs = {Path(d["path"]).name: [f["code"] for f in d["findings"]] for d in r.json()["documents"]}
    assert docs == {"2023.pdf": ["I102"], "2024.txt": []}
    assert r.code == 1


def test_stdin_dash_reads_the_report(xxgk):
    r = xxgk("check", "--format", "json", "-", stdin=MIXED.encode("utf-8"))
    assert r.code == 1
    (doc,) = r.json()["documents"]
    assert doc["path"] == "<stdin>"
    assert sorted(f["code"] for f in doc["findings"]) == MIXED_CODES


def test_stdin_in_gbk_via_subprocess():
    p = subprocess_xxgk("check", "--format", "json", "-", stdin=WITH_WARNINGS.encode("gb18030"))
    assert p.returncode == 0
    data = json.loads(p.stdout.decode("utf-8"))
    assert [f["code"] for f in data["documents"][0]["findings"]] == ["H101", "H101"]


def test_several_files_and_summary(xxgk, tmp_path):
    r = xxgk(
        "check",
        "--format",
        "json",
        write(tmp_path / "a.txt", BASE),
        write(tmp_path / "b.txt", MIXED),
        write(tmp_path / "c.txt", ""),
    )
    assert r.json()["summary"] == {"documents": 3, "errors": 2, "warnings": 3, "infos": 0}


# -- rules and explain ------------------------------------------------------------------------------


def test_rules_json_lists_every_implemented_code(xxgk):
    r = xxgk("rules", "--format", "json")
    assert r.code == 0
    rows = json.loads(r.out)
    listed = {row["code"]: row for row in rows}
    assert set(IMPLEMENTED_CODES) <= set(listed)
    for row in rows:
        assert {"code", "name", "severity", "profiles", "summary"} <= set(row)
    assert listed["H101"]["name"] == "web-residue"
    assert listed["S101"]["severity"] == {"default": "error", "2019": "warning"}
    assert listed["S102"]["profiles"] == ["2019", "2021"]


def test_implemented_codes_match_rules_md():
    """The hard-coded list above is RULES.md's S, M, H, X105 and I rows (checked when the spec is beside the repo)."""
    if not SPEC_RULES.exists():
        pytest.skip("shared/spec/RULES.md not beside the repository")
    table_codes = re.findall(r"^\| ([A-Z]\d{3}) \|", SPEC_RULES.read_text(encoding="utf-8"), re.M)
    wanted = [c for c in table_codes if c[0] in "SMHI" or c == "X105"]
    assert sorted(wanted) == sorted(IMPLEMENTED_CODES)


def test_rules_md_and_table_formats(xxgk):
    md = xxgk("rules", "--format", "md")
    assert md.code == 0
    assert "| H101 | web-residue |" in md.out
    table = xxgk("rules")
    assert table.code == 0
    assert "M105" in table.out and "late-publication" in table.out
    assert "严重程度" in table.out and "警告" in table.out and "warning" not in table.out  # for people, in Chinese
    assert "severity" in xxgk("rules", "--lang", "en").out


@pytest.mark.parametrize("selector", ["H101", "web-residue", "h101"])
def test_explain_prints_the_rule_doc(xxgk, selector):
    r = xxgk("explain", selector)
    assert r.code == 0
    assert r.out.startswith("H101 网页残留")
    for label in ("查什么", "为什么", "如何修改", "错误示例", "正确示例"):
        assert label in r.out
    assert "字号" in r.out


def test_explain_in_english(xxgk):
    r = xxgk("explain", "S101", "--lang", "en")
    assert r.code == 0
    assert "Failing example" in r.out and "Passing example" in r.out


def test_explain_unknown_rule_exits_2(xxgk):
    r = xxgk("explain", "ZZZ")
    assert r.code == 2
    assert_one_clean_error_line(r.err, "ZZZ")


def test_version_and_help(xxgk):
    v = xxgk("--version")
    assert v.code == 0 and "xxgk" in v.out
    h = xxgk("check", "--help")
    assert h.code == 0 and "--fail-on" in h.out


# -- CliRunner agrees with the entry point on ordinary runs ----------------------------------------


def test_clirunner_exit_codes_match(tmp_path):
    """click's CliRunner on the `cli` group, with no --select (every rule of the rule set)."""
    runner = CliRunner()
    path = write(tmp_path / "report.txt", MIXED)
    assert runner.invoke(cli, ["check", str(path)]).exit_code == 1
    assert runner.invoke(cli, ["check", "--exit-zero", str(path)]).exit_code == 0
    assert runner.invoke(cli, ["check", "--select", "H101", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"]["errors"] >= 1
    assert sorted(f["code"] for f in data["documents"][0]["findings"]) == MIXED_CODES
    assert runner.invoke(cli, ["check", "--fail-on", "bogus", str(path)]).exit_code == 2


# -- size -------------------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_i102_without_reading_it(xxgk, tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(101 * 1024 * 1024)  # sparse: 101 MB on paper, nothing on disk
    r = xxgk("check", "--format", "json", path)
    assert r.code == 1
    (doc,) = r.json()["documents"]
    assert [f["code"] for f in doc["findings"]] == ["I102"]
    assert "过大" in doc["findings"][0]["message"]


def test_long_report_does_not_hang(xxgk, tmp_path):
    import time

    path = write(tmp_path / "long.txt", BASE.replace("\n", "") * 300)  # ~700 KB on one line
    start = time.monotonic()
    r = xxgk("check", "--format", "json", path)
    assert time.monotonic() - start < 20
    assert r.code in (0, 1)
    assert r.json()["summary"]["documents"] == 1


# -- xxgk extract ---------------------------------------------------------------------------------
TABLES2021 = HERE / "cases" / "bases" / "tables2021.txt"


def test_extract_json_has_metadata_sections_and_canonical_cells(xxgk):
    r = xxgk("extract", str(TABLES2021))
    assert r.code == 0, r.err
    data = r.json()
    assert data["metadata"]["year"] and data["profile"] == "2021"
    assert [s["key"] for s in data["sections"]][:6] == ["一", "二", "三", "四", "五", "六"]
    tables = {t["table"]: t for t in data["tables"]}
    assert set(tables) == {"二", "三", "四"}
    t3 = {row["key"]: row for row in tables["三"]["rows"]}
    assert len(t3) == 25 and tables["三"]["layout"] == "t3_2021"
    # each identity of the base holds, so the cells read must satisfy it: 一 + 二 = （七） + 四
    for col in ("natural", "business", "total"):
        lhs = t3["new"]["cells"][col]["value"] + t3["carried"]["cells"][col]["value"]
        rhs = t3["total"]["cells"][col]["value"] + t3["forward"]["cells"][col]["value"]
        assert lhs == rhs
        assert t3["new"]["cells"][col]["state"] == "number" and t3["new"]["cells"][col]["line"] > 0
    t4 = {row["key"]: row for row in tables["四"]["rows"]}
    assert set(t4) == {"review", "direct", "after_review"}


def test_extract_csv_is_one_row_per_cell(xxgk, tmp_path, monkeypatch):
    out = tmp_path / "cells.csv"
    monkeypatch.chdir(HERE.parent)  # the path is written relative to the working directory
    r = xxgk("extract", str(TABLES2021), "--format", "csv", "-o", str(out))
    assert r.code == 0 and r.out == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # like every CSV of xxgk: Excel reads it as UTF-8
    lines = text[1:].splitlines()
    assert lines[0].startswith("path,agency,year,profile,table,layout,row,row_label,column,column_label,value,state")
    # table 二 (6 rows: 3+3+1+1+1+1 cells = 10), 三 (25 rows × 7 = 175), 四 (3 × 5 = 15)
    assert len(lines) - 1 == 10 + 175 + 15
    assert all(line.startswith("tests/cases/bases/tables2021.txt,") for line in lines[1:])


def test_extract_unreadable_file_is_reported_with_exit_1(xxgk, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = xxgk("extract", str(empty))
    assert r.code == 1
    assert "文件为空" in r.err and "Traceback" not in r.err
    assert r.json()["error"]


def test_extract_missing_path_is_exit_2(xxgk, tmp_path):
    r = xxgk("extract", str(tmp_path / "nope.txt"))
    assert r.code == 2 and "路径不存在" in r.err and "Traceback" not in r.err


# -- configuration, baseline and init through the entry point ----------------------------------------


def test_github_actions_gets_the_github_format_by_default(tmp_path, monkeypatch):
    path = write(tmp_path / "r.txt", MIXED)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    runner = CliRunner()
    by_default = runner.invoke(cli, ["check", str(path)])
    asked = runner.invoke(cli, ["check", "--format", "github", str(path)])
    assert by_default.exit_code == asked.exit_code == 1
    assert by_default.stdout == asked.stdout
    assert "::error" in by_default.stdout


def test_default_format_outside_github_actions_is_concise_when_piped(xxgk, tmp_path):
    r = xxgk("check", write(tmp_path / "r.txt", MIXED))
    assert r.out.splitlines()[0].startswith(f"{tmp_path / 'r.txt'}:")


def test_github_actions_without_the_github_reporter_or_with_format_keeps_the_format(tmp_path, monkeypatch):
    runner = CliRunner()
    path = write(tmp_path / "r.txt", MIXED)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = runner.invoke(cli, ["check", "--format", "json", str(path)])
    assert json.loads(result.stdout)["documents"][0]["path"] == str(path)


def test_malformed_config_in_subprocess_has_no_traceback(tmp_path):
    write(tmp_path / "xxgk.yaml", "select: [H101]\nfail_on: warning\n")
    p = subprocess_xxgk("check", write(tmp_path / "r.txt", BASE))
    assert p.returncode == 2
    assert_one_clean_error_line(p.stderr.decode("utf-8"), f"{tmp_path / 'xxgk.yaml'}:2", "fail-on")


def test_check_help_lists_config_and_baseline_options(xxgk):
    h = xxgk("check", "--help")
    for option in ("--config", "--baseline", "--write-baseline"):
        assert option in h.out
    assert "--year" in xxgk("init", "--help").out


def test_pre_commit_hook_definition():
    import yaml

    hooks = yaml.safe_load((HERE.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert (hook["id"], hook["entry"], hook["language"]) == ("xxgk", "xxgk check --force-exclude", "python")
    # pre-commit runs batches of files in parallel unless told not to; xxgk parallelises itself (-j)
    assert hook["require_serial"] is True
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    wanted = ["reports/2024.docx", "a/b.PDF", "r.md", "r.txt", "r.html", "r.htm"]
    assert [
        f for f in wanted + ["logo.png", "data.csv", "r.docx.bak"] if files.search(f) and not exclude.search(f)
    ] == wanted
    assert exclude.search("docs/README.md") and not exclude.search("reports/readme-2024-report.md")


def test_parallel_jobs_give_the_same_results_in_input_order(xxgk, tmp_path):
    texts = [MIXED, BASE, WITH_WARNINGS, INFO_ONLY]
    paths = [write(tmp_path / f"r{i}.txt", t) for i, t in enumerate(texts)]
    # the input order is not the sorted order
    args = [str(p) for p in (paths[2], paths[0], paths[3], paths[1])]
    serial = xxgk("check", "--format", "json", "-j", "1", *args)
    parallel = xxgk("check", "--format", "json", "-j", "3", *args)
    assert [d["path"] for d in parallel.json()["documents"]] == args
    assert parallel.json() == serial.json()
    assert parallel.code == serial.code == 1


@pytest.mark.parametrize("jobs", ["1", "4"])
def test_jobs_with_one_file_or_stdin(xxgk, tmp_path, jobs):
    assert codes(xxgk("check", "--format", "json", "-j", jobs, write(tmp_path / "r.txt", MIXED))) == MIXED_CODES
    assert codes(xxgk("check", "--format", "json", "-j", jobs, "-", stdin=MIXED.encode("utf-8"))) == MIXED_CODES


def test_jobs_must_be_positive(xxgk, tmp_path):
    assert xxgk("check", "-j", "0", write(tmp_path / "r.txt", BASE)).code == 2
