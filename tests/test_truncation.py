"""A text that stops mid-way (Document.truncated, checker/parse/truncation.py): taken as cut only on
evidence in its last line, and then the parts after the cut are one I101, not a finding each."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_file

from checker.api import check_file, check_text, parse_text

HEAD = "某县自然资源局2024年政府信息公开工作年度报告\n一、总体情况\n2024年，我局认真落实《条例》各项规定。\n"


@pytest.mark.parametrize(
    ("ending", "reason"),
    [
        ("二、主动公开政府信息情况\n本年度制发规范性文件3件，废止1件，通过政府网", "sentence"),  # a clause runs on
        (
            "二、主动公开政府信息情况\n本年度制发规范性文件3件。现行有效",
            "sentence",
        ),  # a sentence begun after a full stop
        ("二、主动公开政府信息情况\n为", "sentence"),  # the first word under a heading
        ("二、主动公开政府信息情况\n本年度制发规范性文件3件；", "sentence"),  # a list that goes on
        ("二、主动公开政府信息情况\n（", "sentence"),  # an opening bracket
        ("二、主动公开政府信息情况\n本年度制发规范性文件3件。\n三是加强规范性文件管理", "sentence"),  # a list item
        ("二、主动公开政", "heading"),  # a heading cut mid-word, nothing under it
        (
            "二、主动公开政府信息情况\n| 第二十条第（一）项 | | | |\n|---|---|---|---|\n"
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 4 |",
            "table",
        ),  # a row with fewer values than its columns
        ("二、主动公开政府信息情况\n单位：某县自然资源局 2024年度\n第二", "table"),  # a caption begun (wild b071)
        ("二、主动公开政府信息情况\n第二十条", "table"),
        ("二、主动公开政府信息情况\n| 规章 | 0 | 0 | 0 |\n第", "table"),  # an ordinal, then nothing (wild c019)
        ("二、主动公开政府信息情况\n本年度制发规范性文件3件。\n(三)", "heading"),  # a heading's number alone (c022)
    ],
)
def test_a_text_that_stops_mid_way(ending: str, reason: str) -> None:
    doc = parse_text(HEAD + ending + "\n")
    assert doc.truncated is not None and doc.truncated.reason == reason


@pytest.mark.parametrize(
    "ending",
    [
        "二、主动公开政府信息情况\n本年度制发规范性文件3件。",  # a full stop
        "二、主动公开政府信息情况\n本年度制发规范性文件3件。\n某县自然资源局\n2025年1月20日",  # a signature
        "二、主动公开政府信息情况\n本年度制发规范性文件3件\n某县自然资源局\n2025年1月20日",  # signed, no full stop
        "二、主动公开政府信息情况\n本年度制发规范性文件3件。\n某县自然资源局",  # a name: ended, maybe unsigned
        "二、主动公开政府信息情况\n本年度制发规范性文件3件。\n扫一扫在手机打开当前页面",  # a page's links
        "六、其他需要报告的事项\n无",  # a short answer without its full stop
        "六、其他需要报告的事项\n本年度无其他需要报告的事项。\n附件：统计表",  # a label
        "二、主动公开政府信息情况\n2、严格按照《条例》确定的公开范围和程序及时公开信息。",  # a list item, ended
    ],
)
def test_a_text_that_ends_as_reports_end(ending: str) -> None:
    assert parse_text(HEAD + ending + "\n").truncated is None


def test_an_unsigned_text_that_stops_in_the_first_section_is_an_opening() -> None:
    text = HEAD + "（一）主动公开。全年主动公开政府信息326条。\n（五）监督保障。严格落实保密审查机制。\n"
    found = parse_text(text, year=2024).truncated
    assert found is not None and found.reason == "opening"
    assert parse_text(text + "某县自然资源局\n2025年1月20日\n", year=2024).truncated is None
    assert parse_text(text, year=2012).truncated is None  # 2007 headings are free: no first section


def test_a_complete_table_at_the_end_is_an_ending() -> None:
    text = (
        HEAD + "二、主动公开政府信息情况\n| 第二十条第（一）项 | | | |\n|---|---|---|---|\n"
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 4 | 1 | 27 |\n"
    )
    # table 二 of 2021 has more rows (行政许可 …) after 行政规范性文件: those are beyond the cut
    assert parse_text(text).truncated is not None
    old = Path(__file__).parent / "cases" / "bases" / "old2017.txt"
    assert parse_text(old.read_text(encoding="utf-8")).truncated is None  # its 统计表 read whole


def test_the_parts_after_the_cut_are_one_info_finding() -> None:
    text = HEAD + "二、主动公开政府信息情况\n本年度制发规范性文件3件，废止1件，通过政府网\n"
    findings = check_text(text, year=2024)
    assert not [f for f in findings if f.code in ("S101", "S104", "T101", "T102")]
    cut = [f for f in findings if f.code == "I101" and f.evidence.get("truncated")]
    assert len(cut) == 1 and cut[0].severity == "info"
    assert "通过政府网" in cut[0].message
    assert "三、四、五、六部分" in cut[0].message and "表二、表三、表四" in cut[0].message


def test_the_excerpts_keep_their_defects_and_lose_the_cut() -> None:
    found = check_file(corpus_file("108_weishan_liangchengzhen_2020_excerpt.txt"))
    assert [f.code for f in found if f.severity != "info"] == []
    assert [f.code for f in found if f.code == "S106"] == ["S106"]  # its known defect, an info
    cut = [f for f in found if f.code == "I101" and f.evidence.get("truncated") == "table"]
    assert len(cut) == 1 and "四、五、六部分" in cut[0].message and "表四" in cut[0].message


BEGUN = (
    "开政府信息情况\n（一）主动公开政府信息共2367条。\n（二）本年度依申请公开信息办理数39件，全部同意公开。\n"
    "四、政府信息公开行政复议、行政诉讼情况\n本年度申请行政复议数4件、提起行政诉讼数7件。\n"
    "五、存在的主要问题及改进情况\n公开的及时性还需提高。\n六、其他需要报告的事项\n无。\n"
    "某市人民政府办公室\n2024年1月20日\n"
)


def test_the_parts_before_a_text_begun_mid_way_are_one_info_finding() -> None:
    findings = check_text(BEGUN, select=("S101", "T101", "S103", "I101"))
    codes = sorted(f.code for f in findings)
    assert codes == ["I101", "T101"], [f.message for f in findings]  # table 四 is the text's to give
    (info,) = [f for f in findings if f.code == "I101"]
    assert "开政府信息情况" in info.message and "一、二、三部分" in info.message
    assert "表二、表三" in info.message


def test_a_text_with_its_preamble_begins_where_the_report_begins() -> None:
    text = "根据《中华人民共和国政府信息公开条例》，编制本报告。\n" + BEGUN.split("\n", 3)[3]
    findings = check_text(text, select=("S101", "I101"))
    assert sorted(f.message for f in findings if f.code == "S101")[0].startswith("缺少必备部分“一")
    assert not any(f.code == "I101" and "中途开始" in f.message for f in findings)


OLD_BEGUN = (
    "我镇政府信息公开主要采用网络及宣传栏公示形式发布。\n三、政府信息依申请公开情况\n本年度未收到政府信息公开申请。\n"
    "四、政府信息公开的收费及减免情况\n本年度未收取任何费用。\n五、因政府信息公开申请行政复议、诉讼的情况\n无。\n"
    "六、存在问题及改进措施\n公开形式还需创新。\n某镇人民政府\n2015年1月20日\n"
)


def test_the_items_before_an_old_format_text_begun_mid_way_are_one_info_finding() -> None:
    findings = check_text(OLD_BEGUN, year=2014, select=("S101", "I101"))
    assert [f.code for f in findings] == ["I101"], [f.message for f in findings]
    assert "主动公开政府信息的情况" in findings[0].message and "中途开始" in findings[0].message
    titled = check_text("某镇2014年政府信息公开工作年度报告\n" + OLD_BEGUN, year=2014, select=("S101", "I101"))
    assert [f.code for f in titled] == ["S101"]


def test_the_end_of_a_fragment_begun_mid_way_and_unsigned_is_not_judged() -> None:
    """A copy of part of a page (a070: begins at 三、, ends in the page's links): the item after its
    last heading may lie beyond the fragment, as those before its first do."""
    fragment = OLD_BEGUN.split("六、")[0] + "上一篇：关于开展安全生产检查的通知\n"
    findings = check_text(fragment, year=2014, select=("S101", "I101"))
    assert [f.code for f in findings] == ["I101", "I101"], [f.message for f in findings]
    end = next(f for f in findings if "片段" in f.message)
    assert "存在的主要问题及改进情况" in end.message
    signed = fragment.replace("上一篇：关于开展安全生产检查的通知\n", "某镇人民政府\n2015年1月20日\n")
    assert sorted(f.code for f in check_text(signed, year=2014, select=("S101", "I101"))) == ["I101", "S101"]


def test_page_chrome_above_the_report_does_not_hide_an_opening() -> None:
    """A page's 字号/打印 bar may read as a table; above the report it is no table of the text (c035)."""
    chrome = "发布日期:2022-01-17\n  • 字号:\n  • |\n  • 打印\n\n"
    opening = HEAD.replace("一、总体情况", "一、总体情况\n（一）主动公开方面") + "不断加强新闻发布和政策解读。\n"
    doc = parse_text(chrome + opening)
    assert doc.tables and doc.truncated is not None and doc.truncated.reason == "opening"


def test_the_last_lines_read_back_from_the_end_are_the_last_of_all_lines() -> None:
    from checker.api import parse_text
    from checker.parse.truncation import _FILLER, CLOSING_LINES, _content_lines
    from checker.spec.sections import structure_config
    from tests.conftest import TESTS

    pages = structure_config().page_numbers

    def every_line(text: str) -> list[tuple[int, int, str]]:
        out, pos = [], 0
        for line in text.split("\n"):
            stripped = line.strip()
            if stripped and not _FILLER.match(stripped) and not any(p.match(stripped) for p in pages):
                start = pos + line.index(stripped[0])
                out.append((start, start + len(stripped), stripped))
            pos += len(line) + 1
        return out

    texts = [f.read_text(encoding="utf-8") for f in sorted((TESTS / "wild").glob("*.txt"))[:60]]
    texts += ["", "\n\n", "一行", "- 3 -\n\n正文。\n | --- | \n  - 4 -  \n", "甲\n乙\n丙\n丁\n"]
    for text in texts:
        doc = parse_text(text)
        assert _content_lines(doc) == every_line(doc.norm.text)[-CLOSING_LINES:]
