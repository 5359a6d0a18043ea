"""Hostile inputs (tests/hostile_inputs.py, made on the fly): each is read in work bounded by its
size and ends as I102 with the reason or as findings — never a crash, a crashing rule, a hang
or a machine out of memory. Work is counted in Python function calls (sys.setprofile), not
seconds; regular expressions, which run in C, are held to the linter of test_regex_guard.py.

Also the inputs around the reports: FIFOs, devices, link loops, unreadable files and folders,
names that are not UTF-8, and configuration or rule files that are bombs."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from conftest import Run, write
from hostile_inputs import HOSTILE
from test_config import CLEAN, FLAWED, one_error_line

from checker.api import default_rules
from checker.app import check_path
from checker.ingest import limits
from checker.ingest.pipeline import Overrides
from checker.model.result import DocumentResult
from checker.policy.policy import Policy

# What each hostile input must end as: I102 with this in its reason, or findings (None).
EXPECTED: dict[str, str | None] = {
    "subject-backtracking": None,
    "many-headings": None,
    "many-numbered-items": None,
    "many-parentheses": None,
    "many-breakdowns": None,
    "long-glued-table": None,
    "year-zero": None,
    "long-decimals": None,
    "huge-number": None,
    "terminal-escapes": "二进制",  # mostly control characters: binary, not a report
    "html-deep-nesting": "嵌套层数",
    "html-huge-table": "表格展开合并单元格后的格数",
    "docx-gridspan": "表格展开合并单元格后的格数",
    "docx-zip-bomb": "解压后过大",
    "docx-entities": "Word 文档已损坏",  # lxml refuses the entity loop; nothing is expanded or read
    "pdf-reference-loop": "PDF 文件已损坏",
    "pdf-xobject-loop": "扫描件",  # pdfminer draws a form that draws itself once; one character is no text layer
    "pdf-ruled-grid": None,
    "pdf-dense-rules": "交点数",
    "pdf-many-chars": "内容流过大",
    "pdf-long-strings": "字符数过大",
    "pdf-many-paths": "图形数",
    "pdf-inflation-bomb": "数据流解压后过大",
}
# Function calls allowed per byte of input, plus a fixed allowance. Real reports take 5-45 calls
# per byte as text or Word, some 130 per (compressed) byte as PDF.
CALLS_PER_BYTE = 100
CALLS_FIXED = 2_000_000

RULES = default_rules()


def counted(work: Callable[[], DocumentResult]) -> tuple[DocumentResult, int]:
    calls = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call" or event == "c_call":
            calls += 1

    sys.setprofile(profile)
    try:
        result = work()
    finally:
        sys.setprofile(None)
    return result, calls


def crashed(result: DocumentResult) -> list[str]:
    """The reasons of rules that raised (the engine turns them into I101 with evidence.error)."""
    return [f.evidence["error"] for f in result.findings if f.code == "I101" and "error" in f.evidence]


def test_every_hostile_input_has_an_expectation():
    assert set(EXPECTED) == set(HOSTILE)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_bounded(name: str, tmp_path: Path) -> None:
    filename, make = HOSTILE[name]
    path = tmp_path / filename
    path.write_bytes(make(1))
    check_path(path, RULES, Policy(), Overrides())  # once to build grammars and caches, not counted
    result, calls = counted(lambda: check_path(path, RULES, Policy(), Overrides()))
    assert calls <= CALLS_FIXED + CALLS_PER_BYTE * path.stat().st_size, f"{calls:,} calls"
    assert crashed(result) == []
    reasons = [f.message for f in result.findings if f.code == "I102"]
    if EXPECTED[name] is None:
        assert reasons == []
    else:
        assert len(reasons) == 1 and EXPECTED[name] in reasons[0], reasons


def test_a_crashing_rule_would_be_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`crashed` sees what the engine makes of a rule that raises."""
    from checker.rules.registry import KINDS

    def broken(*args: object) -> None:
        raise ValueError("boom")

    kind = KINDS["placeholder"] if "placeholder" in KINDS else next(iter(KINDS.values()))
    monkeypatch.setattr(kind, "check", broken)
    report = write(tmp_path / "r.txt", CLEAN)
    assert any("boom" in reason for reason in crashed(check_path(report, RULES, Policy(), Overrides())))


# -- the files around the reports ------------------------------------------------------------------


def i102(run: Run) -> dict[str, str]:
    return {
        Path(d["path"]).name: next(f["message"] for f in d["findings"] if f["code"] == "I102")
        for d in run.json()["documents"]
        if any(f["code"] == "I102" for f in d["findings"])
    }


def test_fifo_and_device_as_reports_are_refused_by_type(xxgk, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would block until a writer came
    write(tmp_path / "good.txt", CLEAN)
    run = xxgk("check", "--format", "json", tmp_path, "/dev/zero")
    found = i102(run)
    assert "命名管道" in found["pipe.txt"] and "设备" in found["zero"]
    assert "good.txt" not in found and len(run.json()["documents"]) == 3


@pytest.mark.parametrize("option", ["--config", "--baseline", "--rules"])
def test_device_or_fifo_as_a_settings_file_is_exit_2(xxgk, tmp_path: Path, option: str) -> None:
    report = write(tmp_path / "r.txt", CLEAN)
    for special in ("/dev/zero", str(_fifo(tmp_path))):
        run = xxgk("check", option, special, report)
        assert run.code == 2
        one_error_line(run.err, special)


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "settings.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    return fifo


def test_link_loop_and_unreadable_file_are_i102_and_the_batch_goes_on(
    xxgk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    write(tmp_path / "locked.txt", CLEAN)
    write(tmp_path / "good.txt", FLAWED)
    real = limits.read_limited

    def no_permission(path: Path, limit: int) -> bytes:
        if path.name == "locked.txt":  # as root, chmod 000 does not stop reading: refuse it here
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit)

    monkeypatch.setattr("checker.app.read_limited", no_permission)
    run = xxgk("check", "--format", "json", tmp_path)
    found = i102(run)
    assert run.code == 1
    assert "无权读取" in found["locked.txt"] and "无法读取" in found["loop.txt"]
    codes = {Path(d["path"]).name: {f["code"] for f in d["findings"]} for d in run.json()["documents"]}
    assert codes["good.txt"] == {"H101", "H104"}


def test_unreadable_sub_folder_is_reported(xxgk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "good.txt", CLEAN)
    locked = tmp_path / "locked"
    write(locked / "inside.txt", CLEAN)
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(path: Any = ".") -> Any:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        return call

    monkeypatch.setattr(os, "scandir", refuse(real_scandir))
    monkeypatch.setattr(os, "listdir", refuse(real_listdir))
    run = xxgk("check", "--format", "json", tmp_path)
    assert "无权读取" in i102(run)["locked"]
    assert {Path(d["path"]).name for d in run.json()["documents"]} == {"good.txt", "locked"}


def test_gbk_file_name_is_shown_and_written(xxgk, tmp_path: Path) -> None:
    """A name in GBK bytes (a Chinese Windows share) reads as its characters in every output."""
    name = os.fsdecode("年报".encode("gbk") + b".txt")
    write(tmp_path / name, FLAWED)
    out = tmp_path / os.fsdecode("结果".encode("gbk") + b".json")
    run = xxgk("check", "--format", "json", "-o", out, tmp_path)
    assert run.code == 1, run.err
    text = out.read_text(encoding="utf-8")
    assert "年报.txt" in text
    concise = xxgk("check", tmp_path)
    assert "年报.txt:" in concise.out


def test_yaml_alias_bomb_is_exit_2(xxgk, tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    bomb = "\n".join(lines) + "\n"
    report = write(tmp_path / "r.txt", CLEAN)
    rules = write(tmp_path / "rules.yaml", bomb + "rules: []\n")
    config = write(tmp_path / "xxgk.yaml", bomb)
    for option, path in (("--rules", rules), ("--config", config), ("--baseline", config)):
        run = xxgk("check", option, path, report)
        assert run.code == 2, (option, run.err)
        one_error_line(run.err, "别名")


def test_aliases_within_the_limit_are_read(xxgk, tmp_path: Path) -> None:
    """The built-in layouts use aliases; a config may too."""
    config = write(tmp_path / "xxgk.yaml", "ignore: &quiet [H101]\nextend-select: *quiet\n")
    report = write(tmp_path / "r.txt", FLAWED)
    run = xxgk("check", "--config", config, "--format", "json", report)
    assert run.codes() == ["H104"]


def test_user_rule_that_backtracks_is_exit_2(xxgk, tmp_path: Path) -> None:
    rules = write(
        tmp_path / "rules.yaml",
        """rules:
  - code: P101
    name: bad-pattern
    kind: pattern
    severity: warning
    summary: {zh: 示例, en: example}
    messages: {default: {zh: "{text}", en: "{text}"}}
    doc: {what: 示例, why: 示例, fail: 示例, pass: 示例, fix: 示例}
    params:
      patterns:
        - {regex: '(\\d+)+年', label: 嵌套}
""",
    )
    run = xxgk("check", "--rules", rules, write(tmp_path / "r.txt", CLEAN))
    assert run.code == 2
    line = one_error_line(run.err, "P101")
    assert "不安全" in line and "rules.yaml:11" in line
