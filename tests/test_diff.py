"""`xxgk diff OLD NEW` on two real years of one agency. The expected cells were read by hand
from the reports themselves: the PDFs' table 二 rows "行政规范性文件 0 5 5" (2023) and "3 0 8"
(2024), table 三 "一、本年新收…数量 21 0 0 0 0 0 21" and "95 0 0 0 0 0 95", "二、上年结转 0…0"
in both; 平潭 2024/2025 (web pages flattened into one line) "一、本年新收政府信息公开申请数量
21710000218" = 217|1|0|0|0|0|218 and "15130000154" = 151|3|0|0|0|0|154."""

from __future__ import annotations

import re

import pytest
from conftest import corpus_file, write

OLD_PDF = "201_huaian-hongze_qurenmzf_2023.pdf"
NEW_PDF = "202_huaian-hongze_qurenmzf_2024.pdf"


@pytest.fixture(scope="module")
def pdf_diff():
    from checker.app import load_document
    from checker.diff import diff_documents
    from checker.ingest.pipeline import Overrides
    from checker.reporters.diff_out import as_json

    old = load_document(corpus_file(OLD_PDF), Overrides())[1]
    new = load_document(corpus_file(NEW_PDF), Overrides())[1]
    return as_json(diff_documents(old, new))


def cells_of(data: dict) -> dict[tuple[str, str, str], tuple]:
    return {
        (c["table"], c["row"], c["column"]): (
            c["old"]["value"] if c["old"] else None,
            c["new"]["value"] if c["new"] else None,
        )
        for c in data["cells"]
    }


def test_table_cells_that_differ(pdf_diff):
    cells = cells_of(pdf_diff)
    assert cells[("二", "normative", "issued")] == (0, 3)
    assert cells[("二", "normative", "repealed")] == (5, 0)
    assert cells[("二", "normative", "in_force")] == (5, 8)
    assert cells[("三", "new", "natural")] == (21, 95)
    assert cells[("三", "new", "total")] == (21, 95)
    # what is the same in both is not listed: 二、上年结转 0 = 0, 法人 columns 0 = 0
    assert not any(row == "carried" for _, row, _ in cells)
    assert ("三", "new", "business") not in cells
    named = next(c for c in pdf_diff["cells"] if (c["table"], c["row"], c["column"]) == ("二", "normative", "in_force"))
    assert (named["name"], named["row_label"], named["column_label"]) == ("表二", "行政规范性文件", "现行有效件数")


def test_sections_and_paragraphs(pdf_diff):
    status = {s["key"]: s["status"] for s in pdf_diff["sections"]}
    # the table sections hold only their tables: their text is unchanged; the narrative was rewritten
    assert status == {
        "前言": "changed",
        "一": "changed",
        "二": "same",
        "三": "same",
        "四": "same",
        "五": "changed",
        "六": "changed",
    }
    titles = [p for p in pdf_diff["paragraphs"] if p["change"] == "changed" and p["section"] == "前言"]
    assert titles[1]["old"]["text"] == "2023 年政府信息公开工作年度报告"
    assert titles[1]["new"]["text"] == "2024 年政府信息公开工作年度报告"
    assert titles[1]["new"]["source"].startswith("第1页")
    summary = pdf_diff["summary"]
    assert summary["paragraphs_changed"] == sum(p["change"] == "changed" for p in pdf_diff["paragraphs"])


def test_numbers_of_the_narrative(pdf_diff):
    # "我区在政府网站平台主动公开政府信息 1136 条" → "主动发布各类政府信息 2428 条";
    # "受理政府信息公开申请 21 件" → "17 件"; the years 2023 → 2024 move with the report and are not listed
    changes = [(n["section"], n["old"], n["new"]) for n in pdf_diff["numbers"]]
    assert changes == [("一", "1136", "2428"), ("一", "21", "17")]
    assert pdf_diff["numbers"][1]["context"].endswith("受理政府信息公开申请")


def test_flattened_web_pages_through_the_command_line(xxgk):
    r = xxgk(
        "diff", corpus_file("018_pingtan_syq_2024.txt"), corpus_file("019_pingtan_syq_2025.txt"), "--format", "json"
    )
    assert r.code == 1  # they differ
    data = r.json()
    assert (data["kind"], data["old"]["year"], data["new"]["year"]) == ("diff", 2024, 2025)
    cells = cells_of(data)
    assert cells[("三", "new", "natural")] == (217, 151)
    assert cells[("三", "new", "business")] == (1, 3)
    assert cells[("三", "new", "total")] == (218, 154)
    # the tables inside the flattened line are not read as narrative numbers
    assert [(n["old"], n["new"]) for n in data["numbers"]] == [("218", "154")]
    assert data["numbers"][0]["context"].endswith("共收到政府信息公开申请")


def test_text_and_html(xxgk, tmp_path):
    old, new = corpus_file(OLD_PDF), corpus_file(NEW_PDF)
    text = xxgk("diff", old, new)
    assert text.code == 1
    assert "单元格不同 30" in text.out and "- 第1页" in text.out
    assert re.search(r"表二\s+│?\s*行政规范性文件\s+│?\s*现行有效件数\s+│?\s*5\s+│?\s*8", text.out)
    out = tmp_path / "diff.html"
    page = xxgk("diff", old, new, "--format", "html", "-o", out)
    assert page.code == 1 and page.out == ""
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and not re.search(r"<script|<link|src=|@import", html, re.I)
    # character by character: the title "2023 年…" → "2024 年…"
    assert "202<del>3</del> 年政府信息公开工作年度报告" in html and "202<ins>4</ins> 年政府信息公开工作年度报告" in html
    assert '<td class="n"><del>1136</del></td><td class="n"><ins>2428</ins></td>' in html


def test_the_same_report_twice_is_exit_0(xxgk):
    path = corpus_file("014_pingtan_syq_2020.txt")
    r = xxgk("diff", path, path, "--lang", "en")
    assert r.code == 0 and "the same text and tables" in r.out


def test_an_unreadable_report_is_exit_2(xxgk, tmp_path):
    empty = write(tmp_path / "empty.txt", "")
    r = xxgk("diff", empty, corpus_file("014_pingtan_syq_2020.txt"))
    assert r.code == 2 and "无法读取为年报" in r.err and "Traceback" not in r.err
    r = xxgk("diff", tmp_path / "nope.txt", empty)
    assert r.code == 2 and "路径不存在" in r.err


def test_markup_in_a_report_is_escaped(xxgk, tmp_path):
    old = write(tmp_path / "a.txt", "一、总体情况\n本年主动公开信息100条。\n")
    new = write(tmp_path / "b.txt", "一、总体情况\n本年主动公开信息<script>alert(1)</script>120条。\n")
    out = tmp_path / "d.html"
    xxgk("diff", old, new, "--format", "html", "-o", out)
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;" in html
