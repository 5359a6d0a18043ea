"""Reading the statistics tables (checker/parse/tables/) from the text forms with separators:
pipe rows, one cell a line, label/unit/value triples; blank marks and words; the layout chosen.

Each test builds a small whole report (title with its year, the six sections) so that the
profile and the sections are what a real report gives, and asserts the cells read. Every
expected value below was checked by hand against the text it is read from.
"""

from __future__ import annotations

from decimal import Decimal

from table_helpers import (
    AGENCY,
    T2_2019_PIPES,
    T2_PIPES,
    T3_2019_ROWS,
    T3_2021_ROWS,
    T4_PIPES,
    D,
    all_identities_hold,
    codes,
    identity_outcomes,
    report,
    t3_pipes,
    table,
    values,
)

from checker.api import check_text
from checker.ingest.pipeline import document_from_text
from checker.spec.layouts import table_config

PIPES_2022 = report(2022, T2_PIPES, t3_pipes(T3_2021_ROWS), T4_PIPES)


def test_pipe_rows_with_merged_header_debris():
    text = PIPES_2022
    doc = document_from_text(text)
    assert doc.profile == "2021"
    assert [t.slot for t in doc.stat_tables] == ["二", "三", "四"]

    t2 = table(doc, "二")
    assert t2.layout == "t2_2021" and t2.expected_layout is None and t2.missing == []
    assert values(t2, "rules") == D(0, 0, 0)
    assert values(t2, "normative") == D(5, 1, 30)
    assert values(t2, "licensing") == D(120)
    assert values(t2, "penalty") == D(46)
    assert values(t2, "coercion") == D(2)
    assert values(t2, "fees") == D("12.35")

    t4 = table(doc, "四")
    assert values(t4, "review") == D(1, 0, 0, 0, 1)
    assert values(t4, "direct") == D(0, 0, 0, 0, 0)
    assert values(t4, "after_review") == D(2, 0, 0, 1, 3)

    for t in doc.stat_tables:
        assert all_identities_hold(t), (t.slot, identity_outcomes(t))
    assert codes(check_text(text)) == []


def test_pipe_rows_of_table_three_under_a_three_line_header():
    t3 = table(document_from_text(PIPES_2022), "三")
    assert t3.layout == "t3_2021" and t3.missing == []
    assert len(t3.rows) == 25
    keys = list(table_config().layouts["t3_2021"].columns_of("new"))
    assert keys == ["natural", "business", "research", "charity", "legal", "org_other", "total"]
    for (_, label, vals), row in zip(T3_2021_ROWS, [r.key for r in table_config().layouts["t3_2021"].rows]):
        assert values(t3, row) == D(*vals), label
    # the merged group cells (三、本年度办理结果, （三）不予公开) are label text, not values
    assert values(t3, "withheld_secret") == D(0, 0, 0, 0, 0, 0, 0)
    assert values(t3, "unavailable_not_held") == D(1, 1, 0, 0, 1, 0, 3)


# -- one cell per line ------------------------------------------------------------------------

# Like corpus 116: every cell on its own line ending in " |"; "|||" header debris; an empty
# cell is a line "|"; "/" and "—" are blank marks.
T2_ONE_CELL_PER_LINE = """\
第二十条 第(一)项 |
|||
信息内容 |
本年制发件数 |
本年废止件数 |
现行有效件数 |
规章 |
0 |
/ |
2 |
行政规范性文件 |
4 |
1 |
— |
第二十条 第(五)项 |
|||
信息内容 |
本年处理决定数量 |
||
行政许可 |
17 |
||
第二十条 第(六)项 |
|||
信息内容 |
本年处理决定数量 |
||
行政处罚 |
|
||
行政强制 |
3 |
||
第二十条 第(八)项 |
|||
信息内容 |
本年收费金额(单位:万元) |
||
行政事业性收费 |
0.5 |"""


def test_one_cell_per_line():
    text = report(2022, T2_ONE_CELL_PER_LINE)
    doc = document_from_text(text)
    t2 = table(doc, "二")
    assert t2.layout == "t2_2021" and t2.missing == []
    assert values(t2, "rules") == [Decimal(0), "blank", Decimal(2)]
    assert values(t2, "normative") == [Decimal(4), Decimal(1), "blank"]
    assert values(t2, "licensing") == D(17)
    assert values(t2, "penalty") == ["blank"]  # the line "|" alone: an empty cell
    assert values(t2, "coercion") == D(3)
    assert values(t2, "fees") == D("0.5")
    assert t2.cell("rules", "repealed").raw == "/"
    assert t2.cell("normative", "in_force").raw == "—"
    found = check_text(text)
    t104 = [f for f in found if f.code == "T104"]
    assert len(t104) == 1 and "3个空白单元格" in t104[0].message
    assert not [f for f in found if f.code in ("T102", "T103", "T105")]


# -- label | / unit | / value | triples (old 统计表, like seed 001) -----------------------------

OLD_ROWS = [
    ("一、主动公开情况", None, None),
    ("(一)主动公开政府信息数 (不同渠道和方式公开相同信息计1条)", "条", "120"),
    ("其中:主动公开规范性文件数", "条", "3"),
    ("制发规范性文件总数", "件", "4"),
    ("三、依申请公开情况", None, None),
    ("(一)收到申请数", "件", "5"),
    ("1.当面申请数", "件", "1"),
    ("2.传真申请数", "件", "0"),
    ("3.网络申请数", "件", "3"),
    ("4.信函申请数", "件", "1"),
    ("(二)申请办结数", "件", "5"),
    ("1.按时办结数", "件", "5"),
    ("2.延期办结数", "件", "0"),
    ("(三)申请答复数", "件", "5"),
    ("1.属于已主动公开范围数", "件", "1"),
    ("2.同意公开答复数", "件", "2"),
    ("3.同意部分公开答复数", "件", "0"),
    ("4.不同意公开答复数", "件", "1"),
    ("其中:涉及国家秘密", "件", "0"),
    ("危及国家安全、公共安全、经济安全和社 会稳定", "件", "1"),  # a label broken by a space
    ("5.不属于本行政机关公开数", "件", "1"),
    ("6.申请信息不存在数", "件", "0"),
    ("7.告知作出更改补充数", "件", "0"),
    ("8.告知通过其他途径办理数", "件", "0"),
    ("七、依申请公开信息收取的费用", "万元", "0.02"),
    ("(三)从事政府信息公开工作人员数", "人", "3"),
    ("1.专职人员数(不包括政府公报及政府网站工作 人员数)", "人", "1"),
    ("2.兼职人员数", "人", "2"),
]


def old_report() -> str:
    lines = [f"{AGENCY}2017年度政府信息公开情况统计表", "统 计 指 标 |", "单位 |", "统计数 |"]
    for label, unit, value in OLD_ROWS:
        lines.append(f"{label} |")
        lines += ["||"] if unit is None else [f"{unit} |", f"{value} |"]
    return "\n".join(
        [
            f"{AGENCY}2017年政府信息公开工作年度报告",
            "本报告所列数据统计期限自2017年1月1日至2017年12月31日。",
            "一、概述",
            "2017年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。",
            "二、主动公开政府信息情况",
            "全年主动公开政府信息120条。",
            "三、依申请公开政府信息情况",
            "全年收到政府信息公开申请5件。",
            "四、政府信息公开的收费及减免情况",
            "收取费用0.02万元。",
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
            "本年度没有发生行政复议和行政诉讼。",
            "六、政府信息公开工作存在的主要问题及改进情况",
            "工作人员不足，下一步将加强培训。",
            *lines,
            "",
        ]
    )


def test_label_unit_value_triples():
    text = old_report()
    doc = document_from_text(text)
    assert doc.profile == "2007"
    old = table(doc, "统计表")
    assert old.layout == "old" and old.missing == []
    expected = {
        "published": 120,
        "published_normative": 3,
        "issued_normative": 4,
        "received": 5,
        "received_in_person": 1,
        "received_fax": 0,
        "received_online": 3,
        "received_mail": 1,
        "closed": 5,
        "closed_on_time": 5,
        "closed_extended": 0,
        "answered": 5,
        "answered_published": 1,
        "answered_agreed": 2,
        "answered_partial": 0,
        "answered_refused": 1,
        "refused_secret": 0,
        "refused_safety": 1,
        "answered_not_ours": 1,
        "answered_nonexistent": 0,
        "answered_amend": 0,
        "answered_elsewhere": 0,
        "fees": Decimal("0.02"),
        "staff": 3,
        "staff_full": 1,
        "staff_part": 2,
    }
    assert {k: values(old, k) for k in old.rows} == {k: D(v) for k, v in expected.items()}
    # the unit cells (条, 件, 万元, 人) are neither values nor labels
    assert all(c.raw not in ("条", "件", "万元", "人") for r in old.rows.values() for c in r.cells.values())
    outcomes = identity_outcomes(old)
    for ident in (
        "old_received",
        "old_closed",
        "old_answered",
        "old_staff",
        "old_normative_subset",
        "old_refused_reasons",
    ):
        assert outcomes.get(ident) == ["holds"], (ident, outcomes)
    assert codes(check_text(text)) == []


T2_CELLS = """\
| 第二十条第（一）项 | | | |
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | — | |
| 行政规范性文件 | / | 1 | 无 |
| 第二十条第（五）项 | |
| 信息内容 | 本年处理决定数量 |
| 行政许可 | -3 |
| 第二十条第（六）项 | |
| 信息内容 | 本年处理决定数量 |
| 行政处罚 | 1.5 |
| 行政强制 | —— |
| 第二十条第（八）项 | |
| 信息内容 | 本年收费金额（单位：万元） |
| 行政事业性收费 | 0.35 |"""


def test_blank_marks_are_blank_and_words_are_not_numbers():
    text = report(2022, T2_CELLS)
    t2 = table(document_from_text(text), "二")
    assert values(t2, "rules") == [Decimal(0), "blank", "blank"]  # "—" and an empty cell
    assert values(t2, "normative") == ["blank", Decimal(1), "invalid"]  # "/" and "无"
    assert values(t2, "coercion") == ["blank"]  # "——"
    for row, col in (("rules", "repealed"), ("rules", "in_force"), ("normative", "issued"), ("coercion", "decisions")):
        cell = t2.cell(row, col)
        assert cell.state == "blank" and cell.value is None  # blank is never 0
    assert t2.cell("normative", "in_force").raw == "无"
    # a count cannot be negative or a fraction; money can have decimals
    assert t2.cell("licensing", "decisions").state == "invalid" and t2.cell("licensing", "decisions").value == -3
    assert t2.cell("penalty", "decisions").state == "invalid" and t2.cell("penalty", "decisions").value == Decimal(
        "1.5"
    )
    assert values(t2, "fees") == D("0.35")

    found = check_text(text)
    t103 = sorted(f.message for f in found if f.code == "T103")
    assert len(t103) == 3
    assert any("“无”" in m and "现行有效件数" in m for m in t103)
    assert any("负数" in m and "-3" in m for m in t103)
    assert any("小数" in m and "1.5" in m for m in t103)
    t104 = [f for f in found if f.code == "T104"]
    assert len(t104) == 1 and "4个空白单元格" in t104[0].message


# -- layout choice ------------------------------------------------------------------------------


def test_2021_report_with_2019_table_two_columns():
    text = report(2022, T2_2019_PIPES, t3_pipes(T3_2021_ROWS), T4_PIPES)
    doc = document_from_text(text)
    t2 = table(doc, "二")
    assert (t2.layout, t2.expected_layout) == ("t2_2019", "t2_2021")
    assert values(t2, "normative") == D(3, 3, 40)
    assert values(t2, "procurement") == D(4, "56.78")
    assert table(doc, "三").expected_layout is None
    f101 = [f for f in check_text(text) if f.code == "F101"]
    assert len(f101) == 1 and f101[0].severity == "error"
    assert "2019年试行格式" in f101[0].message and "2021年格式" in f101[0].message
    # the same table in a 2020 report is that year's own layout
    text = report(2020, T2_2019_PIPES)
    t2 = table(document_from_text(text), "二")
    assert (t2.layout, t2.expected_layout) == ("t2_2019", None)
    assert not [f for f in check_text(text) if f.code == "F101"]


def test_table_three_2019_single_other_row_vs_2021():
    # a 2021 report with the 2019 table 三: （六）其他处理 one row
    text = report(2022, T2_PIPES, t3_pipes(T3_2019_ROWS), T4_PIPES)
    t3 = table(document_from_text(text), "三")
    assert (t3.layout, t3.expected_layout) == ("t3_2019", "t3_2021")
    assert values(t3, "other") == D(0, 0, 0, 0, 0, 0, 0)
    assert values(t3, "total") == D(10, 2, 0, 0, 1, 0, 13)
    assert t3.missing == []
    found = check_text(text)
    # one row written the 2019 way, table 二 in the 2021 form: not another year's layout (issue 10
    # part 5), said as I101
    assert not [f for f in found if f.code in ("F101", "T102", "T105")]
    assert [f for f in found if f.code == "I101" and "规则 F101" in f.message and "表三" in f.message]
    # the 2021 table in a 2021 report
    t3 = table(document_from_text(report(2022, T2_PIPES, t3_pipes(T3_2021_ROWS), T4_PIPES)), "三")
    assert (t3.layout, t3.expected_layout) == ("t3_2021", None)
    assert "other" not in t3.rows and values(t3, "other_misc") == D(0, 0, 0, 0, 0, 0, 0)
    # the 2019 table in a 2020 report: its own layout
    t3 = table(document_from_text(report(2020, T2_2019_PIPES, t3_pipes(T3_2019_ROWS), T4_PIPES)), "三")
    assert (t3.layout, t3.expected_layout) == ("t3_2019", None)
