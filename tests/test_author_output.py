"""What an author reads: the terminal output fits the terminal and loses no character, the
unfilled slots are grouped, each finding says how to fix it, T105 names the suspect cell, X101
says where both numbers are."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from rich.cells import cell_len

from checker.app import check_path
from checker.ingest.pipeline import Overrides
from checker.model.findings import Finding, Location
from checker.model.result import DocumentInfo, DocumentResult
from checker.policy.policy import Policy
from checker.reporters import ReportOptions, get_reporter
from checker.rules.ruleset import load_ruleset

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples"


@pytest.fixture(scope="module")
def results() -> list[DocumentResult]:
    rules = load_ruleset()
    return [check_path(EXAMPLES / "defects_2021.md", rules, Policy(), Overrides())]


def rich(results: list[DocumentResult], width: int, lang: str = "zh") -> str:
    return get_reporter("rich")(results, ReportOptions(lang=lang, color=False, width=width))


@pytest.mark.parametrize("width", [80, 120, 200])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rich_output_fits_the_width_and_loses_no_character(results, width, lang):
    out = rich(results, width, lang)
    too_wide = [line for line in out.splitlines() if cell_len(line) > width]
    assert too_wide == []
    unwrapped = rich(results, 10_000, lang)
    assert re.sub(r"\s", "", out) == re.sub(r"\s", "", unwrapped)
    for f in results[0].findings:
        assert re.sub(r"\s", "", f.text(lang)) in re.sub(r"\s", "", out)


def test_rich_output_wraps_under_the_indent_and_not_before_punctuation(results):
    out = rich(results, 80)
    lines = out.splitlines()
    assert any(len(line) > 60 for line in lines)  # it does wrap long lines at 80 columns
    for prev, line in zip(lines, lines[1:]):
        if prev.startswith("    ") and line.strip() and not line.startswith("  "):
            pytest.fail(f"a wrapped line lost its indent: {line!r}")
        assert not line.lstrip().startswith(("，", "。", "、", "）", "”", "：")), line


def test_rich_output_follows_the_terminal_when_no_width_is_given(results, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    out = get_reporter("rich")(results, ReportOptions(color=False))
    assert max(cell_len(line) for line in out.splitlines()) <= 90
    assert max(cell_len(line) for line in out.splitlines()) > 80


def test_the_fix_is_shown_once_per_rule_of_a_document(results):
    out = rich(results, 200)
    fixes = [line for line in out.splitlines() if "如何修改：" in line]
    codes = {f.code for f in results[0].findings}
    assert len(fixes) == len(codes)
    assert "→ 如何修改：把每一处占位符换成实际内容" in out
    assert "How to fix: " in rich(results, 200, "en")


def _placeholder(line: int, column: int, text: str = "XX") -> Finding:
    return Finding(
        "H104",
        "placeholder-left",
        "error",
        f"模板占位符未填写：“{text}”",
        f"unfilled template slot: '{text}'",
        Location(line, column, section="三"),
        evidence={"text": text},
        fix="把每一处占位符换成实际内容",
        fix_en="Replace every slot",
    )


def test_unfilled_slots_are_one_entry_with_their_places(results):
    found = [_placeholder(30 + i, 5) for i in range(23)] + [_placeholder(3, 10, "此处填写")]
    result = DocumentResult("draft.md", found, DocumentInfo("某局", 2024, "2021", None, "utf-8"))
    out = rich([result], 120)
    assert out.count("H104") == 1
    assert "模板占位符未填写 24 处" in out
    assert "“XX” 23 处：30:5、31:5、" in re.sub(r"\n\s*", "", out)
    assert "“此处填写” 1 处：3:10" in out
    en = rich([result], 120, "en")
    assert "unfilled template slot: 24 places" in en
    # the concise output stays one line per finding, for editors and CI
    concise = get_reporter("concise")([result], ReportOptions(color=False))
    assert sum("H104" in line for line in concise.splitlines()) == 24


def test_json_gives_the_fix_of_each_finding(results):
    payload = json.loads(get_reporter("json")(results, ReportOptions()))
    findings = payload["documents"][0]["findings"]
    assert all(f["fix"] for f in findings)
    h104 = next(f for f in findings if f["code"] == "H104")
    assert h104["fix"].startswith("把每一处占位符换成实际内容")
    english = json.loads(get_reporter("json")(results, ReportOptions(lang="en")))
    assert english["documents"][0]["findings"][0]["fix"].isascii()


def test_x101_says_where_the_sentence_and_the_cell_are(results):
    x101 = next(f for f in results[0].findings if f.code == "X101")
    # examples/defects_2021.md: the sentence on line 13; 一、本年新收 on line 51, its total (47) last
    line51 = (EXAMPLES / "defects_2021.md").read_text(encoding="utf-8").splitlines()[50]
    assert line51.startswith("| 一、本年新收政府信息公开申请数量") and line51.rstrip(" |").endswith("47")
    column = line51.rindex("47") + 1
    # both values, the sentence and the cell by its row and column: the same words in every form
    assert x101.message == "正文“全年共收到政府信息公开申请45件”与表三不一致：正文为45件，表三“一、本年新收·总计”为47"
    assert x101.evidence["text_at"] == {"line": 13, "column": 25}
    assert x101.evidence["cell_at"] == {"line": 51, "column": column}
    assert (x101.location.line, x101.location.column) == (13, 25)
    assert f"│ 表中的数在 51:{column}" in rich(results, 120)


def test_x101_in_word_names_the_paragraph_and_the_cell(xxgk, tmp_path):
    out = tmp_path / "r.docx"
    xxgk("init", "--year", 2024, "--agency", "某县教育局", "-o", out)
    d = docx.Document(str(out))
    for p in d.paragraphs:
        if "【此处填写：总体情况】" in p.text:
            p.text = "全年共收到政府信息公开申请5件，均按时答复。"
        elif "此处填写" in p.text:
            p.text = re.sub(r"【此处填写：(?:统计期限|发布日期)，如([^】]*)】", r"\1", p.text)
            p.text = re.sub(r"【此处填写：[^】]*】", "本年度各项工作按要求有序开展。", p.text)
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.text == "XX":
                    cell.text = "0"
    d.save(str(out))
    r = xxgk("check", "--format", "json", out)
    findings = r.json()["documents"][0]["findings"]
    assert [f["code"] for f in findings] == ["X101"]
    evidence = findings[0]["evidence"]
    assert (
        re.fullmatch(r"第\d+段", evidence["text_at"]["source"])
        and evidence["text_at"]["source"] == findings[0]["location"]["source"]
    )
    assert re.fullmatch(r"表三 “一、本年新收.*”行“总计”列", evidence["cell_at"]["source"]), evidence["cell_at"]
    rich_out = xxgk("check", "--format", "rich", out).out
    assert "│ 表中的数在 表三 “一、本年新收" in re.sub(r"\n\s*", "", rich_out)


def test_t105_evidence_names_the_suspect_and_its_value(tmp_path):
    base = (HERE / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")
    wrong = base.replace(
        "| 一、本年新收政府信息公开申请数量 | | | 40 | 6 | 1 | 0 | 2 | 1 | 50 |",
        "| 一、本年新收政府信息公开申请数量 | | | 40 | 9 | 1 | 0 | 2 | 1 | 50 |",
    )
    assert wrong != base
    path = tmp_path / "t.txt"
    path.write_text(wrong, encoding="utf-8")
    result = check_path(path, load_ruleset(), Policy(select=("T105",)), Overrides())
    t105 = [f for f in result.findings if f.code == "T105"]
    assert len(t105) == 2
    for f in t105:
        assert f.evidence["suspect"] == "new:business" and f.evidence["suggested"] == "6"
        assert "the cell most likely wrong is new:business (now 9): 6 would make 2 identities hold" in f.message_en
