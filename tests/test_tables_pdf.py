"""Reading the statistics tables from PDF text (pdftotext -layout): columns apart by spaces,
wrapped and vertical labels, page numbers inside a table.

Each test builds a small whole report (title with its year, the six sections) so that the
profile and the sections are what a real report gives, and asserts the cells read. Every
expected value below was checked by hand against the text it is read from.
"""

from __future__ import annotations

from table_helpers import (
    D,
    all_identities_hold,
    identity_outcomes,
    report,
    table,
    values,
)

from checker.api import check_text
from checker.ingest.pipeline import document_from_text

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


# The rows of corpus 020's table 三 as the text above gives them.
T3_PDF_020_ROWS = {
    "new": (3001, 53, 0, 0, 61, 4, 3119),
    "carried": (34, 0, 0, 0, 0, 0, 34),
    "public": (1288, 21, 0, 0, 50, 3, 1362),
    "partial": (447, 7, 0, 0, 0, 0, 454),  # label wrapped over two lines around its values
    # 三、/本/年/度/办/理/结/果 one character a line between these rows
    "withheld_secret": (2, 0, 0, 0, 0, 0, 2),
    "withheld_law": (30, 1, 0, 0, 0, 0, 31),
    "withheld_safety": (5, 0, 0, 0, 0, 0, 5),
    "withheld_third_party": (6, 0, 0, 0, 0, 0, 6),
    "withheld_internal": (7, 1, 0, 0, 0, 0, 8),
    "withheld_process": (12, 0, 0, 0, 0, 0, 12),
    "withheld_query": (105, 0, 0, 0, 0, 0, 105),
    "unavailable_not_held": (746, 12, 0, 0, 10, 1, 769),  # before and after the page number -4- and the form feed
    "unavailable_to_create": (11, 0, 0, 0, 0, 0, 11),
    "rejected_confirm": (1, 0, 0, 0, 0, 0, 1),
    "other_no_correction": (67, 3, 0, 0, 1, 0, 71),  # a label wrapped over three lines, values on the middle one
    "other_unpaid": (6, 0, 0, 0, 0, 0, 6),
    "other_misc": (108, 2, 0, 0, 0, 0, 110),
    "total": (2932, 53, 0, 0, 61, 4, 3050),
    "forward": (103, 0, 0, 0, 0, 0, 103),
}


def test_pdf_columns_with_wrapped_and_vertical_labels():
    doc = document_from_text(report(2024, T2_PDF, T3_PDF_020))
    t3 = table(doc, "三")
    assert t3.layout == "t3_2021" and t3.missing == []
    assert all(r.problem is None for r in t3.rows.values())
    assert all(c.state == "number" for r in t3.rows.values() for c in r.cells.values())
    assert {k: values(t3, k) for k in T3_PDF_020_ROWS} == {k: D(*v) for k, v in T3_PDF_020_ROWS.items()}
    assert all_identities_hold(t3), identity_outcomes(t3)
