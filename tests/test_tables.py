"""Reading the statistics tables (checker/tables.py) from every text form reports arrive in.

Each test builds a small whole report (title with its year, the six sections) so that the
profile and the sections are what a real report gives, and asserts the cells read. Every
expected value below was checked by hand against the text it is read from.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from table_helpers import identity_outcomes

from checker.api import check_text
from checker.ingest.pipeline import document_from_text
from checker.parse.tables.cells import Value
from checker.parse.tables.glued import MAX_READINGS
from checker.parse.tables.reader import split_sequence
from checker.spec.layouts import table_config

ROOT = Path(__file__).resolve().parent.parent

AGENCY = "清河县交通运输局"


def report(year: int, t2: str = "", t3: str = "", t4: str = "") -> str:
    """A whole 2019/2021-format report around the given table texts (one per section)."""
    return "\n".join(
        [
            f"{AGENCY}{year}年政府信息公开工作年度报告",
            f"本报告所列数据统计期限自{year}年1月1日至{year}年12月31日。",
            "一、总体情况",
            f"{year}年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息，依法办理政府信息公开申请。",
            "二、主动公开政府信息情况",
            t2 or "本年度无相关数据。",
            "三、收到和处理政府信息公开申请情况",
            t3 or "本年度无相关数据。",
            "四、政府信息公开行政复议、行政诉讼情况",
            t4 or "本年度无相关数据。",
            "五、存在的主要问题及改进情况",
            "信息公开的及时性还有待提高，下一步将加强培训，完善审核发布机制。",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
            "",
        ]
    )


def table(doc, slot: str):
    found = [t for t in doc.stat_tables if t.slot == slot]
    assert len(found) == 1, f"table {slot}: {[(t.slot, t.layout) for t in doc.stat_tables]}"
    return found[0]


def values(tbl, row: str) -> list:
    """A row's cells in layout order: the Decimal value, or the state when there is none."""
    r = tbl.rows[row]
    return [c.value if c.state == "number" else c.state for c in r.cells.values()]


def D(*xs) -> list:
    return [Decimal(str(x)) for x in xs]


def codes(found, prefixes=("T", "F", "I101")) -> list[str]:
    return sorted(
        f.code for f in found if f.code.startswith(prefixes) and not (f.code == "I101" and "M105" in f.message)
    )


# -- pipe rows ---------------------------------------------------------------------------------

T2_PIPES = """\
| 第二十条第（一）项 | ||||
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 5 | 1 | 30 |
| 第二十条第（五）项 | ||||
| 信息内容 | 本年处理决定数量 | ||
| 行政许可 | 120 | ||
| 第二十条第（六）项 | ||||
| 信息内容 | 本年处理决定数量 | ||
| 行政处罚 | 46 | ||
| 行政强制 | 2 | ||
| 第二十条第（八）项 | ||||
| 信息内容 | 本年收费金额（单位：万元） | ||
| 行政事业性收费 | 12.35 | ||"""

T3_HEADER = """\
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | ||||||
| | 自然人 | 法人或其他组织 | | | | | 总计 |
| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |"""

# (group cell, row label, seven values); the 2021 rows, in order
T3_2021_ROWS = [
    ("", "一、本年新收政府信息公开申请数量", [10, 2, 0, 0, 1, 0, 13]),
    ("", "二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ("三、本年度办理结果", "（一）予以公开", [5, 1, 0, 0, 0, 0, 6]),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [2, 0, 0, 0, 0, 0, 2]),
    ("（三）不予公开", "1.属于国家秘密", [0] * 7),
    ("", "2.其他法律行政法规禁止公开", [0] * 7),
    ("", "3.危及“三安全一稳定”", [0] * 7),
    ("", "4.保护第三方合法权益", [0] * 7),
    ("", "5.属于三类内部事务信息", [0] * 7),
    ("", "6.属于四类过程性信息", [1, 0, 0, 0, 0, 0, 1]),
    ("", "7.属于行政执法案卷", [0] * 7),
    ("", "8.属于行政查询事项", [0] * 7),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", [1, 1, 0, 0, 1, 0, 3]),
    ("", "2.没有现成信息需要另行制作", [0] * 7),
    ("", "3.补正后申请内容仍不明确", [0] * 7),
    ("（五）不予处理", "1.信访举报投诉类申请", [0] * 7),
    ("", "2.重复申请", [1, 0, 0, 0, 0, 0, 1]),
    ("", "3.要求提供公开出版物", [0] * 7),
    ("", "4.无正当理由大量反复申请", [0] * 7),
    ("", "5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("", "3.其他", [0] * 7),
    ("", "（七）总计", [10, 2, 0, 0, 1, 0, 13]),
    ("", "四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, 1]),
]
# The 2019 (试行) table: （六）其他处理 is one row.
T3_2019_ROWS = [r for r in T3_2021_ROWS if r[0] != "（六）其他处理" and not r[1].startswith(("2.申请人逾期", "3.其他"))]
T3_2019_ROWS.insert(len(T3_2019_ROWS) - 2, ("", "（六）其他处理", [0] * 7))


def t3_pipes(rows) -> str:
    lines = [T3_HEADER]
    for group, label, vals in rows:
        nums = " | ".join(str(v) for v in vals)
        if label.startswith(("一、", "二、", "四、")):
            lines.append(f"| {label} | {nums} |")
        elif label.startswith("（") and not group.startswith("（"):
            lines.append(f"| {group} | {label} | {nums} |")
        else:
            lines.append(f"| | {group} | {label} | {nums} |")
    return "\n".join(lines)


T4_PIPES = """\
| 行政复议 | ||||| 行政诉讼 ||||||||||
| | | | | | 未经复议直接起诉 ||||| 复议后起诉 |||||
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 1 | 3 |"""


def test_pipe_rows_with_merged_header_debris():
    text = report(2022, T2_PIPES, t3_pipes(T3_2021_ROWS), T4_PIPES)
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

    t3 = table(doc, "三")
    assert t3.layout == "t3_2021" and t3.missing == []
    assert len(t3.rows) == 25
    keys = list(table_config().layouts["t3_2021"].columns_of("new"))
    assert keys == ["natural", "business", "research", "charity", "legal", "org_other", "total"]
    for (_, label, vals), row in zip(T3_2021_ROWS, [r.key for r in table_config().layouts["t3_2021"].rows]):
        assert values(t3, row) == D(*vals), label
    # the merged group cells (三、本年度办理结果, （三）不予公开) are label text, not values
    assert values(t3, "withheld_secret") == D(0, 0, 0, 0, 0, 0, 0)
    assert values(t3, "unavailable_not_held") == D(1, 1, 0, 0, 1, 0, 3)

    t4 = table(doc, "四")
    assert values(t4, "review") == D(1, 0, 0, 0, 1)
    assert values(t4, "direct") == D(0, 0, 0, 0, 0)
    assert values(t4, "after_review") == D(2, 0, 0, 1, 3)

    for t in doc.stat_tables:
        outcomes = identity_outcomes(t)
        assert all(s == "holds" for ss in outcomes.values() for s in ss), (t.slot, outcomes)
    assert codes(check_text(text)) == []


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


# -- PDF columns (pdftotext -layout, like corpus 020) ------------------------------------------

# Table 二 in PDF columns, with page numbers "-4-" / "-5-" on lines of their own between rows.
T2_PDF = """\
第二十条 第（一）项


信息内容          本年制发件数     本年废止件数   现行有效件数


规章            1          0        11

                                           -4-
行政规范性文件       8          26       66

第二十条 第（五）项

信息内容          本年处理决定数量

行政许可          447228

-5-
\f第二十条 第（六）项

信息内容                          本年处理决定数量

行政处罚                          3985758

行政强制                          88283

第二十条 第（八）项

信息内容                          本年收费金额（单位：万元）

行政事业性收费                       96171.6
"""


def test_pdf_page_numbers_inside_a_table_are_not_values():
    text = report(2024, T2_PDF)
    doc = document_from_text(text)
    t2 = table(doc, "二")
    assert t2.missing == []
    assert values(t2, "rules") == D(1, 0, 11)
    assert values(t2, "normative") == D(8, 26, 66)
    assert values(t2, "licensing") == D(447228)
    assert values(t2, "penalty") == D(3985758)
    assert values(t2, "coercion") == D(88283)
    assert values(t2, "fees") == D("96171.6")
    raws = [c.raw for r in t2.rows.values() for c in r.cells.values()]
    assert not [r for r in raws if "4" == r.strip("-") or "5" == r.strip("-")]
    assert not [f for f in check_text(text) if f.code in ("T102", "T103", "T104", "T105")]


# Table 三 of corpus 020 (淮安市 2024, pdftotext -layout), copied as it stands (trailing spaces
# dropped): wrapped row labels, the vertical label 三、本年度办理结果 one character per line between
# the rows, a page number "-4-" and a form feed inside the table.
T3_PDF_020 = """\
      三、收到和处理政府信息公开申请情况
                                                         申请人情况


（本列数据的勾稽关系为：第一项加第二项之和，                  法人或其他组织
等于第三项加第四项之和）
                               自然人                                              总计
                                        商业企      科研机     社会公益     法律服务
                                                                           其他
                                        业        构       组织       机构


一、本年新收政府信息公开申请数量                3001        53       0        0    61       4   3119

二、上年结转政府信息公开申请数量                34          0        0        0        0    0    34

      （一）予以公开                   1288        21       0        0    50       3   1362

      （二）部分公开（区分处理的，只计这一情
                                447         7        0        0        0    0   454
      形，不计其他情形）


             1.属于国家秘密            2          0        0        0        0    0    2
三、

本            2.其他法律行政法规禁止公开     30          1        0        0        0    0    31

年
             3.危及“三安全一稳定”        5          0        0        0        0    0    5
度

办            4.保护第三方合法权益         6          0        0        0        0    0    6
      （三）不
理
      予公开
             5.属于三类内部事务信息        7          1        0        0        0    0    8
结

果            6.属于四类过程性信息        12          0        0        0        0    0    12

             7.属于行政执法案卷          9          0        0        0        0    0    9

             8.属于行政查询事项         105         0        0        0        0    0   105

             1.本机关不掌握相关政府信息     746         12       0        0    10       1   769
      （四）无


-4-
\f     法提供       2.没有现成信息需要另行制作           11        0        0         0        0         0    11


               3.补正后申请内容仍不明确            1         0        0         0        0         0    1


               1.信访举报投诉类申请              56        6        0         0        0         0    62

               2.重复申请                   25        0        0         0        0         0    25

     （五）不      3.要求提供公开出版物              0         0        0         0        0         0    0
     予处理
               4.无正当理由大量反复申请            0         0        0         0        0         0    0

               5.要求行政机关确认或重新出
                                        1         0        0         0        0         0    1
               具已获取信息


               1、申请人无正当理由逾期不补

               正、行政机关不再处理其政府信           67        3        0         0        1         0    71
               息公开申请

     （六）其
               2、申请人逾期未按收费通知要
     他处理
               求缴纳费用、行政机关不再处理           6         0        0         0        0         0    6
               其政府信息公开申请


               3、其他                  108          2        0         0        0         0    110

     （七）总计                           2932        53        0         0        61        4   3050


四、结转下年度继续办理                          103          0        0         0        0         0    103

"""


def test_pdf_columns_with_wrapped_and_vertical_labels():
    doc = document_from_text(report(2024, T2_PDF, T3_PDF_020))
    t3 = table(doc, "三")
    assert t3.layout == "t3_2021" and t3.missing == []
    assert all(r.problem is None for r in t3.rows.values())
    assert all(c.state == "number" for r in t3.rows.values() for c in r.cells.values())
    assert values(t3, "new") == D(3001, 53, 0, 0, 61, 4, 3119)
    assert values(t3, "carried") == D(34, 0, 0, 0, 0, 0, 34)
    assert values(t3, "public") == D(1288, 21, 0, 0, 50, 3, 1362)
    # label wrapped over two lines around its values
    assert values(t3, "partial") == D(447, 7, 0, 0, 0, 0, 454)
    # 三、/本/年/度/办/理/结/果 one character a line between these rows
    assert values(t3, "withheld_secret") == D(2, 0, 0, 0, 0, 0, 2)
    assert values(t3, "withheld_law") == D(30, 1, 0, 0, 0, 0, 31)
    assert values(t3, "withheld_safety") == D(5, 0, 0, 0, 0, 0, 5)
    assert values(t3, "withheld_third_party") == D(6, 0, 0, 0, 0, 0, 6)
    assert values(t3, "withheld_internal") == D(7, 1, 0, 0, 0, 0, 8)
    assert values(t3, "withheld_process") == D(12, 0, 0, 0, 0, 0, 12)
    assert values(t3, "withheld_query") == D(105, 0, 0, 0, 0, 0, 105)
    # before and after the page number -4- and the form feed
    assert values(t3, "unavailable_not_held") == D(746, 12, 0, 0, 10, 1, 769)
    assert values(t3, "unavailable_to_create") == D(11, 0, 0, 0, 0, 0, 11)
    assert values(t3, "rejected_confirm") == D(1, 0, 0, 0, 0, 0, 1)
    # a label wrapped over three lines, values on the middle one
    assert values(t3, "other_no_correction") == D(67, 3, 0, 0, 1, 0, 71)
    assert values(t3, "other_unpaid") == D(6, 0, 0, 0, 0, 0, 6)
    assert values(t3, "other_misc") == D(108, 2, 0, 0, 0, 0, 110)
    assert values(t3, "total") == D(2932, 53, 0, 0, 61, 4, 3050)
    assert values(t3, "forward") == D(103, 0, 0, 0, 0, 0, 103)
    outcomes = identity_outcomes(t3)
    assert all(s == "holds" for ss in outcomes.values() for s in ss)


# -- flattened rows, no separators (archive pages, like corpus 019) ----------------------------

# Corpus 019 (平潭 2025), tables 二 to 四 as they stand: the whole table on one line.
FLAT_019 = (
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件5845546"
    "第二十条第（五）项信息内容本年处理决定数量行政许可2418第二十条第（六）项信息内容本年处理决定数量行政处罚644行政强制64"
    "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费4166.241619"
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计"
    "商业企业科研机构社会公益 组织 法律服务 机构 其他一、本年新收政府信息公开申请数量15130000154二、上年结转政府信息公开申请数量0000000"
    "三、本年度办 理结果 （一）予以公开330000033（二）部分公开（区分处理的，只计这一情形，不计其他情形）380000038"
    "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”00000004.保护第三方合法权益0000000"
    "5.属于三类内部事务信息30000036.属于四类过程性信息20000027.属于行政执法案卷30000038.属于行政查询事项3000003"
    "（四）无法提供1.本机关不掌握相关政府信息4910000502.没有现成信息需要另行制作30000033.补正后申请内容仍不明确0000000"
    "（五）不予处理1.信访举报投诉类申请20000022.重复申请00000003.要求提供公开出版物00000004.无正当理由大量反复申请0000000"
    "5.要求行政机关确认或重新出具已获取信息0000000（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 8000008"
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 20000023.其他1000001（七）总计14710000148"
    "四、结转下年度继续办理4200006四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计25380363300630003"
)


def flat_report(year: int, tables: str) -> str:
    """An archive page: the whole report on one line, headings in the middle of it."""
    return (
        f"平潭综合实验区{year}年度政府信息公开工作年度报告\n"
        f"本报告所列数据统计期限为{year}年1月1日至{year}年12月31日。一、总体情况 {year}年，全区认真落实政府信息公开工作要求，依法办理政府信息公开申请。"
        + tables
        + "五、存在的主要问题及改进情况 政务公开队伍建设有待进一步加强，下一步将加强业务培训。六、其他需要报告的事项 本年度无收取信息处理费情况。\n"
    )


def test_flattened_rows_019():
    text = flat_report(2025, FLAT_019)
    doc = document_from_text(text)
    assert [s.key for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]
    t2, t3, t4 = table(doc, "二"), table(doc, "三"), table(doc, "四")
    assert values(t2, "rules") == D(0, 0, 0)
    assert values(t2, "licensing") == D(2418)
    assert values(t2, "penalty") == D(644)
    assert values(t2, "coercion") == D(64)
    assert values(t2, "fees") == D("4166.241619")  # a money cell keeps its decimals
    # "15130000154": the row total decides 151|3|0|0|0|0|154 (15|13|… does not add up)
    assert values(t3, "new") == D(151, 3, 0, 0, 0, 0, 154)
    assert values(t3, "carried") == D(0, 0, 0, 0, 0, 0, 0)
    assert values(t3, "public") == D(33, 0, 0, 0, 0, 0, 33)
    assert values(t3, "partial") == D(38, 0, 0, 0, 0, 0, 38)
    assert values(t3, "unavailable_not_held") == D(49, 1, 0, 0, 0, 0, 50)
    assert values(t3, "total") == D(147, 1, 0, 0, 0, 0, 148)
    assert values(t3, "forward") == D(4, 2, 0, 0, 0, 0, 6)
    assert t3.missing == [] and all(r.problem is None for r in t3.rows.values())
    # table 四: 17 digits for 15 cells, split by the three totals
    assert values(t4, "review") == D(25, 3, 8, 0, 36)
    assert values(t4, "direct") == D(3, 3, 0, 0, 6)
    assert values(t4, "after_review") == D(3, 0, 0, 0, 3)


def test_item_numbers_glued_to_the_digits_before_them():
    """ "00000002.其他…": the item number 2. is not the last digit of the row before."""
    doc = document_from_text(flat_report(2025, FLAT_019))
    t3 = table(doc, "三")
    zeros = D(0, 0, 0, 0, 0, 0, 0)
    assert values(t3, "withheld_secret") == zeros  # 1.属于国家秘密0000000|2.
    assert values(t3, "withheld_law") == zeros  # 2.其他法律行政法规禁止公开0000000|3.
    assert values(t3, "withheld_internal") == D(3, 0, 0, 0, 0, 0, 3)  # 5.属于三类内部事务信息3000003|6.
    assert values(t3, "withheld_process") == D(2, 0, 0, 0, 0, 0, 2)  # 6.属于四类过程性信息2000002|7.
    assert values(t3, "withheld_enforcement") == D(3, 0, 0, 0, 0, 0, 3)
    assert values(t3, "withheld_query") == D(3, 0, 0, 0, 0, 0, 3)
    assert values(t3, "unavailable_to_create") == D(3, 0, 0, 0, 0, 0, 3)  # …4910000050|2.没有现成…3000003|3.
    assert values(t3, "rejected_complaint") == D(2, 0, 0, 0, 0, 0, 2)
    assert values(t3, "other_no_correction") == D(8, 0, 0, 0, 0, 0, 8)
    assert values(t3, "other_unpaid") == D(2, 0, 0, 0, 0, 0, 2)
    assert values(t3, "other_misc") == D(1, 0, 0, 0, 0, 0, 1)
    assert [t3.rows[k].text for k in ("withheld_law", "withheld_process", "other_misc")] == [
        "2.其他法律行政法规禁止公开",
        "6.属于四类过程性信息",
        "3.其他",
    ]


# A flattened 2023 table 三 of its own: values and item numbers glued on every row.
FLAT_T3_2023 = (
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计"
    "商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量201000021二、上年结转政府信息公开申请数量2000002"
    "三、本年度办理结果（一）予以公开8100009（二）部分公开（区分处理的，只计这一情形，不计其他情形）3000003"
    "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”00000004.保护第三方合法权益1000001"
    "5.属于三类内部事务信息00000006.属于四类过程性信息00000007.属于行政执法案卷00000008.属于行政查询事项0000000"
    "（四）无法提供1.本机关不掌握相关政府信息50000052.没有现成信息需要另行制作00000003.补正后申请内容仍不明确1000001"
    "（五）不予处理1.信访举报投诉类申请10000012.重复申请00000003.要求提供公开出版物00000004.无正当理由大量反复申请0000000"
    "5.要求行政机关确认或重新出具已获取信息0000000（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请1000001"
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000003.其他0000000（七）总计201000021"
    "四、结转下年度继续办理2000002"
)


def test_flattened_table_three_decided_by_the_row_identity():
    text = flat_report(
        2023,
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件213"
        "第二十条第（五）项信息内容本年处理决定数量行政许可0第二十条第（六）项信息内容本年处理决定数量行政处罚0行政强制0"
        "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0" + FLAT_T3_2023,
    )
    doc = document_from_text(text)
    t2, t3 = table(doc, "二"), table(doc, "三")
    assert values(t2, "normative") == D(2, 1, 3)  # three digits, three cells: one reading
    # "201000021" could be cut 20|10|… or 2|0|10|…, but only 20|1|0|0|0|0|21 adds up to its total
    assert values(t3, "new") == D(20, 1, 0, 0, 0, 0, 21)
    assert values(t3, "total") == D(20, 1, 0, 0, 0, 0, 21)
    assert values(t3, "public") == D(8, 1, 0, 0, 0, 0, 9)
    assert values(t3, "withheld_third_party") == D(1, 0, 0, 0, 0, 0, 1)  # …1000001|5.属于三类…
    assert values(t3, "unavailable_not_held") == D(5, 0, 0, 0, 0, 0, 5)  # …5000005|2.没有现成…
    assert values(t3, "unavailable_unclear") == D(1, 0, 0, 0, 0, 0, 1)
    assert values(t3, "rejected_complaint") == D(1, 0, 0, 0, 0, 0, 1)
    assert values(t3, "other_no_correction") == D(1, 0, 0, 0, 0, 0, 1)
    assert values(t3, "forward") == D(2, 0, 0, 0, 0, 0, 2)
    assert t3.missing == [] and all(r.problem is None and not r.readings for r in t3.rows.values())
    found = check_text(text)
    assert not [f for f in found if f.code in ("T102", "T103", "T105") or (f.code == "I101" and "T1" in f.message)]


def test_ambiguous_flattened_row_is_unread_and_said_so():
    """ "行政规范性文件5845546": seven digits, three cells, no identity of table 二 to decide."""
    text = flat_report(2025, FLAT_019)
    doc = document_from_text(text)
    row = table(doc, "二").rows["normative"]
    assert [c.state for c in row.cells.values()] == ["unread"] * 3
    assert all(c.value is None for c in row.cells.values())
    assert row.raw == "5845546" and row.problem == "ambiguous"
    assert len(row.readings) >= 2 and "5|8|45546" in row.readings
    assert all(r.replace("|", "") == "5845546" for r in row.readings)
    found = check_text(text)
    i101 = [f for f in found if f.code == "I101" and "T103" in f.message]
    assert len(i101) == 1
    assert "5845546" in i101[0].message and "行政规范性文件" in i101[0].message
    # an unread cell is never guessed into a failing identity
    assert not [f for f in found if f.code in ("T103", "T105")]


# -- signs, decimals, blanks --------------------------------------------------------------------


def test_negative_change_of_the_2019_format():
    """2019 本年增/减 may be negative, glued ("行政事业性收费35-15") or in its own cell."""
    flat = (
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章007规范性文件000"
        "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可000其他对外管理服务事项000"
        "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚000行政强制000"
        "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15"
    )
    doc = document_from_text(flat_report(2020, flat))
    assert doc.profile == "2019"
    t2 = table(doc, "二")
    assert t2.layout == "t2_2019"
    assert values(t2, "fees") == D(35, -15)
    assert values(t2, "rules") == D(0, 0, 7)
    t2b = """\
| 第二十条第（一）项 | | | |
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
| 规章 | 0 | 0 | 0 |
| 规范性文件 | 3 | 3 | 40 |
| 第二十条第（五）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政许可 | 20 | -2 | 150 |
| 其他对外管理服务事项 | 0 | 0 | 0 |
| 第二十条第（六）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政处罚 | 10 | 1 | 30 |
| 行政强制 | 0 | 0 | 0 |
| 第二十条第（八）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | |
| 行政事业性收费 | 2 | 0 | |
| 第二十条第（九）项 | | | |
| 信息内容 | 采购项目数量 | 采购总金额 | |
| 政府集中采购 | 4 | 56.78 | |"""
    text = report(2020, t2b)
    t2 = table(document_from_text(text), "二")
    assert values(t2, "licensing") == D(20, -2, 150)
    assert values(t2, "procurement") == D(4, "56.78")
    assert not [f for f in check_text(text) if f.code in ("T103", "F101")]


def test_a_reading_never_puts_a_sign_into_an_unsigned_column():
    flat = (
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件000"
        "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可000其他对外管理服务事项000"
        "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚12-30行政强制000"
        "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费00"
    )
    t2 = table(document_from_text(flat_report(2020, flat)), "二")
    assert values(t2, "penalty") == D(12, -3, 0)


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

T2_2019_PIPES = """\
| 第二十条第（一）项 | | | |
| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
| 规章 | 0 | 0 | 0 |
| 规范性文件 | 3 | 3 | 40 |
| 第二十条第（五）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政许可 | 20 | -2 | 150 |
| 其他对外管理服务事项 | 0 | 0 | 0 |
| 第二十条第（六）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
| 行政处罚 | 10 | 1 | 30 |
| 行政强制 | 0 | 0 | 0 |
| 第二十条第（八）项 | | | |
| 信息内容 | 上一年项目数量 | 本年增/减 | |
| 行政事业性收费 | 2 | 0 | |
| 第二十条第（九）项 | | | |
| 信息内容 | 采购项目数量 | 采购总金额 | |
| 政府集中采购 | 4 | 56.78 | |"""


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
    f101 = [f for f in found if f.code == "F101"]
    assert len(f101) == 1 and "表三" in f101[0].message and f101[0].severity == "error"
    assert not [f for f in found if f.code in ("T102", "T105")]
    # the 2021 table in a 2021 report
    t3 = table(document_from_text(report(2022, T2_PIPES, t3_pipes(T3_2021_ROWS), T4_PIPES)), "三")
    assert (t3.layout, t3.expected_layout) == ("t3_2021", None)
    assert "other" not in t3.rows and values(t3, "other_misc") == D(0, 0, 0, 0, 0, 0, 0)
    # the 2019 table in a 2020 report: its own layout
    t3 = table(document_from_text(report(2020, T2_2019_PIPES, t3_pipes(T3_2019_ROWS), T4_PIPES)), "三")
    assert (t3.layout, t3.expected_layout) == ("t3_2019", None)


# -- robustness -------------------------------------------------------------------------------

# Run in a child process with a memory limit and a generous timeout, so that a reader that hangs
# fails the test instead of the test run. The work itself is bounded by counters (MAX_READINGS,
# MAX_DIGITS_PER_CELL, MAX_COMBINATIONS; tests/test_glued.py), never by the clock.
_RUNNER = textwrap.dedent(
    """
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    from checker.api import check_text
    from checker.ingest.pipeline import document_from_text
    out = []
    for text in json.loads(sys.stdin.read()):
        doc = document_from_text(text)
        found = check_text(text)
        out.append({"problem": doc.table_problem,
                    "crashes": [f.message for f in found if f.code == "I101" and f.evidence.get("error")]})
    print(json.dumps(out))
    """
)


def run_limited(texts: list[str], timeout: float) -> list[dict]:
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _RUNNER],
            check=False,
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading did not finish in {timeout:.0f} s")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


GARBAGE = {
    "only_pipes": "|" * 300 + "\n" + "| | | |\n" * 50 + "||||||||\n|\n",
    "digits_200": "1234567890" * 20,
    "unbalanced_brackets": "((((（（【规章 0 0 0 ）)))(((\n行政许可（((( 12 )\n)))) 行政处罚 ( 3\n",
    "number_5000_digits": "规章 " + "7" * 5000,
    "flattened_5000_digits": "规章" + "1" * 5000 + "行政规范性文件" + "0" * 300,
    "odd_marks": "规章 | 1,2,3,4 | 0.0.0 | --5 | ——— | 1.2.3.4. | 、、、 | ~ ～ / |\n 2.\n 3、\n(\n)\n|",
    "many_rows": "\n".join(f"行政许可{i} | {i} | {i * 2}" for i in range(300)),
    "numbers_one_per_line": "\n".join(str(i) for i in range(1000)),
    "odd_spaces": "规章\u200b|\u00a0 0 \u3000| 0\t|\x0c0 |\r\n行政规范性文件 | ０ | １ | ２ |",
}
# Where the garbage lands: right after the caption of table 二, 三 or 四.
SLOT_OPENINGS = {
    "二": "第二十条第（一）项 |\n",
    "三": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |\n",
    "四": "行政复议 | 行政诉讼 |\n",
}


def _garbage_report(name: str, slot: str) -> str:
    tables = {s: "" for s in SLOT_OPENINGS}
    tables[slot] = SLOT_OPENINGS[slot] + GARBAGE[name]
    return report(2022, tables["二"], tables["三"], tables["四"])


@pytest.mark.parametrize("slot", sorted(SLOT_OPENINGS))
def test_garbage_in_a_table_never_raises(slot: str):
    names = sorted(GARBAGE)
    results = run_limited([_garbage_report(n, slot) for n in names], timeout=60)
    for name, out in zip(names, results):
        assert out["problem"] is None and out["crashes"] == [], name


# Table 四 of corpus 020 (淮安 2024) flattened the way corpus 019 is: 26 digits for 15 cells.
FLAT_T4_020 = (
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
    "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
    + "".join(str(v) for v in (72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20))
)


def test_long_flattened_table_four_is_read_within_the_step_bound():
    """The row totals prune the search enough that it ends inside MAX_READINGS steps: a search
    cut off by the bound would leave the whole table unread (too_many_readings)."""
    digits = FLAT_T4_020[-26:]
    assert digits == "72641783735113481261211620"
    split = split_sequence(table_config().layouts["t4"], [Value("number", digits, 0, 26, glued=True)])
    assert split.problem is None and 0 < split.steps <= MAX_READINGS
    # review and direct are decided by their totals (see the test below); after_review,
    # "1211620", reads three ways that add up: the total must be the last part, 20 (0 cannot
    # be the total of a row starting with 1; 620 or more leaves too few digits), and "12116"
    # in four parts adding to 20 is 1|2|1|16, 1|2|11|6 or 12|1|1|6 (1|21|1|6 adds to 29).
    assert len(split.readings) == 3
    assert {"|".join(v.text for v in r[10:]) for r in split.readings} == {"1|2|1|16|20", "1|2|11|6|20", "12|1|1|6|20"}
    assert {"|".join(v.text for v in r[:10]) for r in split.readings} == {"72|64|178|37|351|13|4|8|1|26"}


def test_long_flattened_table_four_reads_the_groups_the_totals_decide():
    t4 = table(document_from_text(flat_report(2024, FLAT_T4_020)), "四")
    assert values(t4, "review") == D(72, 64, 178, 37, 351)
    assert values(t4, "direct") == D(13, 4, 8, 1, 26)
    assert values(t4, "after_review") == ["unread"] * 5
    assert set(t4.rows["after_review"].readings) >= {"12|1|1|6|20"}
