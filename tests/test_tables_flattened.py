"""Reading the statistics tables from flattened text (archive pages): labels and digits glued
on one line, the digits cut into cells by the table's identities, signs kept to signed columns.

Each test builds a small whole report (title with its year, the six sections) so that the
profile and the sections are what a real report gives, and asserts the cells read. Every
expected value below was checked by hand against the text it is read from.
"""

from __future__ import annotations

from table_helpers import (
    T2_2019_PIPES,
    D,
    flat_report,
    report,
    table,
    values,
)

from checker.api import check_text
from checker.ingest.pipeline import document_from_text
from checker.parse.tables.cells import Value
from checker.parse.tables.glued import MAX_READINGS
from checker.parse.tables.reader import split_sequence
from checker.spec.layouts import table_config

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
    t2b = T2_2019_PIPES
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
