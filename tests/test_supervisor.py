"""What a supervisor takes away from a batch: the xlsx workbook (read back with openpyxl), the
score of each report under the default and a province's scheme, the one-row-per-finding CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import corpus_file, write
from openpyxl import load_workbook

from checker.model.findings import Finding
from checker.policy.scoring import load_scoring

# 014: X102 (warning), T105 ×2 (errors, table 三 at line 10), I101 ×2; 123: M101, M103 (warnings),
# I101 ×3 and T104 (infos). See test_reporters.py.
T105_REPORT = "014_pingtan_syq_2020.txt"
EXCERPT = "123_xuwen_sifaju_2023_excerpt.txt"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    from click.testing import CliRunner

    from checker.cli import cli

    out = tmp_path_factory.mktemp("xlsx") / "batch.xlsx"
    run = CliRunner().invoke(
        cli, ["check", "--format", "xlsx", "-o", str(out), str(corpus_file(T105_REPORT)), str(corpus_file(EXCERPT))]
    )
    assert run.exit_code == 1 and run.output == ""  # 014's T105 are errors
    return load_workbook(out)


def rows_of(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_xlsx_has_four_sheets_with_chinese_headers_frozen_and_filtered(workbook):
    assert workbook.sheetnames == ["汇总", "问题", "统计", "数据"]
    heads = {name: [c.value for c in workbook[name][1]] for name in workbook.sheetnames}
    assert heads["汇总"] == [
        "文件",
        "机关",
        "层级",
        "上级",
        "年度",
        "格式",
        "发布日期",
        "法定期限",
        "是否逾期",
        "错误",
        "警告",
        "提示",
        "问题代码",
        "得分",
        "网址",
    ]
    assert heads["问题"] == ["报告", "机关", "年度", "代码", "名称", "严重程度", "部分", "位置", "说明", "摘录", "指纹"]
    assert heads["统计"] == ["代码", "名称", "说明", "严重程度", "报告数", "问题数"]
    assert heads["数据"][:13] == [
        "文件",
        "机关",
        "年度",
        "格式",
        "表",
        "版式",
        "行键",
        "行",
        "列键",
        "列",
        "值",
        "状态",
        "原文",
    ]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert sheet.column_dimensions["A"].width >= 6


def test_xlsx_summary_row(workbook):
    first, excerpt = rows_of(workbook["汇总"])
    assert first["文件"].endswith(T105_REPORT) and first["机关"] == "平潭综合实验区" and first["年度"] == 2020
    assert (first["错误"], first["警告"], first["提示"]) == (2, 2, 2)
    assert first["问题代码"] == "I101 T105 X102 Y104"  # Y104: it forwards a Jiangsu norm (INDEX.md)
    # published 2021-03-05, due 2021-03-31 (a people's government's report), both stored as dates
    assert first["发布日期"].date().isoformat() == "2021-03-05" and first["法定期限"].date().isoformat() == "2021-03-31"
    assert first["是否逾期"] == "否"
    # 100 − X102 (warning, 2) − Y104 (warning, 2) − T105 (2 × 5 = 10, at most 10 per rule); I101 deducts nothing
    assert first["得分"] == 86
    # 100 − M101 (its own 3) − M103 (warning, 2)
    assert excerpt["得分"] == 95


def test_xlsx_finding_row_names_the_place(workbook):
    findings = rows_of(workbook["问题"])
    assert len(findings) == 6 + 6
    t105 = [f for f in findings if f["代码"] == "T105"][0]
    assert (t105["名称"], t105["严重程度"], t105["部分"], t105["位置"]) == (
        "table-identity",
        "错误",
        "三",
        "第10行第5412列",
    )
    assert t105["说明"].startswith("表三“自然人”列勾稽关系不成立：（七）总计等于各项办理结果之和")
    stats = {r["代码"]: r for r in rows_of(workbook["统计"])}
    assert (stats["I101"]["报告数"], stats["I101"]["问题数"]) == (2, 5)
    assert (stats["T105"]["报告数"], stats["T105"]["问题数"], stats["T105"]["说明"]) == (1, 2, "统计表的勾稽关系不成立")


def test_xlsx_cell_rows_are_what_extract_gives(workbook):
    cells = rows_of(workbook["数据"])
    natural = [
        c
        for c in cells
        if c["文件"].endswith(T105_REPORT) and (c["表"], c["行键"], c["列键"]) == ("三", "total", "natural")
    ]
    # “（七）总计20 0 00 0 1 21”: the T105 above says 自然人 = 20 in the （七）总计 row
    assert len(natural) == 1
    assert (natural[0]["值"], natural[0]["状态"], natural[0]["原文"], natural[0]["行号"]) == (20, "number", "20", 10)
    assert natural[0]["列"] == "自然人" and natural[0]["行"].startswith("（七）总计")
    # the second report was checked in a worker process: its cells travelled back with it
    assert any(c["文件"].endswith(EXCERPT) and c["表"] == "三" for c in cells)


def test_xlsx_keeps_a_formula_like_agency_as_text(xxgk, tmp_path):
    report = write(tmp_path / "r.txt", (Path(__file__).parent / "cases" / "bases" / "clean2021.txt").read_text("utf-8"))
    out = tmp_path / "r.xlsx"
    r = xxgk("check", report, "--agency", '=HYPERLINK("http://example.com","点此")', "--format", "xlsx", "-o", out)
    assert r.code in (0, 1) and r.out == ""
    cell = load_workbook(out)["汇总"]["B2"]
    assert cell.value == '=HYPERLINK("http://example.com","点此")' and cell.data_type == "s"
    assert cell.quotePrefix


def test_xlsx_needs_an_output_file(xxgk, tmp_path):
    report = write(tmp_path / "r.txt", "一、总体情况\n")
    r = xxgk("check", report, "--format", "xlsx")
    assert r.code == 2 and "-o" in r.err and "Traceback" not in r.err and r.out == ""


def test_xlsx_in_english(xxgk, tmp_path):
    out = tmp_path / "en.xlsx"
    xxgk("check", corpus_file(EXCERPT), "--format", "xlsx", "-o", out, "--lang", "en")
    book = load_workbook(out)
    assert book.sheetnames == ["reports", "findings", "rules", "cells"]
    assert [c.value for c in book["findings"][1]][:4] == ["path", "agency", "year", "code"]


# -- scoring ---------------------------------------------------------------------------------


def finding(code: str, severity: str) -> Finding:
    return Finding(code, "x", severity, "m", "m")


def test_default_scheme():
    scheme = load_scoring()
    assert scheme.score([]) == 100
    # errors 5 each, at most 10 per rule; warnings 2; infos nothing
    assert scheme.score([finding("T105", "error")] * 7) == 90
    assert scheme.score([finding("X101", "error"), finding("X102", "warning"), finding("H107", "info")]) == 93
    # the codes' own entries: S101 10 per finding up to 30; every I rule nothing (a prefix entry)
    assert scheme.score([finding("S101", "warning")] * 4) == 70
    assert scheme.score([finding("I101", "info"), finding("I102", "error")]) == 100
    assert scheme.score([finding("T105", "error")] * 30 + [finding("S101", "error")] * 10) == 60


def test_a_provinces_scheme_overrides_the_default(tmp_path):
    province = write(
        tmp_path / "score.yaml",
        "full: 50\nseverity: {warning: 0.5}\ncodes:\n  T105: {penalty: 20, max: 40}\n  M: 1\n",
    )
    scheme = load_scoring(province)
    assert scheme.score([finding("T105", "error")] * 3) == 10  # 50 − min(60, 40)
    assert scheme.score([finding("X102", "warning")] * 3) == 48.5
    assert scheme.score([finding("M101", "warning")]) == 47  # M101's own entry beats the prefix M
    assert scheme.score([finding("M103", "warning")]) == 49  # the prefix M
    assert scheme.score([finding("X101", "error")]) == 45  # errors: the default's 5


def test_scores_in_json_and_under_scoring(xxgk, tmp_path):
    province = write(tmp_path / "score.yaml", "severity: {warning: 0}\ncodes:\n  T105: {penalty: 20, max: 40}\n")
    paths = [corpus_file(T105_REPORT), corpus_file(EXCERPT)]
    default = xxgk("check", *paths, "--format", "json").json()["documents"]
    assert [d["score"] for d in default] == [86, 95]  # 100 − 2 (X102) − 2 (Y104) − 10 (T105)
    scored = xxgk("check", *paths, "--format", "json", "--scoring", province).json()["documents"]
    assert [d["score"] for d in scored] == [60, 97]
    empty = write(tmp_path / "empty.txt", "")
    assert xxgk("check", empty, "--format", "json").json()["documents"][0]["score"] is None


def test_a_bad_scoring_file_is_exit_2(xxgk, tmp_path):
    report = write(tmp_path / "r.txt", "一、总体情况\n")
    bad = write(tmp_path / "score.yaml", "full: 100\nseverity:\n  fatal: 3\n")
    r = xxgk("check", report, "--scoring", bad)
    assert r.code == 2 and f"{bad}:3" in r.err and "fatal" in r.err and "Traceback" not in r.err
    r = xxgk("check", report, "--scoring", tmp_path / "nope.yaml")
    assert r.code == 2 and "评分方案不存在" in r.err


def test_json_score_is_a_number_or_null(xxgk, tmp_path):
    report = write(tmp_path / "r.txt", "一、总体情况\n")
    doc = json.loads(xxgk("check", report, "--format", "json").out)["documents"][0]
    assert isinstance(doc["score"], float | int) and 0 <= doc["score"] <= 100


def test_explain_says_what_a_rule_costs(xxgk):
    assert "评分（默认方案）：每处扣 5 分，每份报告至多扣 10 分（满分 100）" in xxgk("explain", "T105").out
    assert (
        "Score (default scheme): 10 per finding, at most 30 per report (of 100)"
        in xxgk("explain", "S101", "--lang", "en").out
    )
    assert "评分（默认方案）：不扣分" in xxgk("explain", "I101").out


def test_a_long_batch_shows_done_out_of_total(tmp_path, monkeypatch):
    import io
    import sys

    from checker import app
    from checker.cli import PROGRESS_FROM, _run_with_progress
    from checker.ingest.pipeline import Overrides
    from checker.policy.settings import CommandLine, SettingsFinder

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    paths = [write(tmp_path / f"r{i:02d}.txt", "一、总体情况\n") for i in range(PROGRESS_FROM)]
    the_plan = app.plan(paths, SettingsFinder(), CommandLine(), Overrides())
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    results = _run_with_progress(the_plan, 1)
    assert len(results) == PROGRESS_FROM
    assert f"{PROGRESS_FROM}/{PROGRESS_FROM}" in terminal.getvalue()
