"""Text forms of a statistics table, read into canonical cells (values checked by hand)."""

from __future__ import annotations

from checker.api import check_text, parse_text

HEAD = "示例县交通运输局2022年政府信息公开工作年度报告\n本报告所列数据统计期限自2022年1月1日至2022年12月31日。\n一、总体情况\n本局认真贯彻落实条例。\n二、主动公开政府信息情况\n"
HEAD_2019 = HEAD.replace("2022", "2020")


def _table(text: str, slot: str = "二"):
    doc = parse_text(text)
    return {t.slot: t for t in doc.stat_tables}[slot]


def _cells(table, row: str) -> list:
    return [c.raw if c.state == "number" else c.state for c in table.rows[row].cells.values()]


def test_one_cell_per_line_with_blank_cells():
    text = (
        HEAD
        + "第二十条第(一)项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n规章 |\n0 |\n|\n2 |\n行政规范性文件 |\n3 |\n无 |\n— |\n"
    )
    t2 = _table(text)
    assert _cells(t2, "rules") == ["0", "blank", "2"]
    assert _cells(t2, "normative") == ["3", "invalid", "blank"]


def test_label_unit_value_triples_with_spaces_inside_labels():
    text = (
        HEAD.replace("2022", "2017")
        + "统 计 指 标 |\n单位 |\n统计数 |\n(三)从事政府信息公开工作人员数 |\n人 |\n3 |\n1.专职人员数(不包括政府公报及政府网站工作人员数) |\n人 |\n1 |\n2.兼 职人员数 |\n人 |\n2 |\n(一)收到申请数 |\n件 |\n4 |\n"
    )
    old = _table(text, "统计表")
    assert [_cells(old, k) for k in ("staff", "staff_full", "staff_part", "received")] == [["3"], ["1"], ["2"], ["4"]]


def test_negative_change_only_in_the_2019_change_column():
    text = (
        HEAD_2019
        + "第二十条第(八)项\n信息内容 上一年项目数量 本年增/减\n行政事业性收费35-15\n第二十条第(五)项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政许可 | 5 | -2 | -1 |\n"
    )
    t2 = _table(text)
    assert _cells(t2, "fees") == ["35", "-15"]
    assert [c.state for c in t2.rows["licensing"].cells.values()] == ["number", "number", "invalid"]
    found = check_text(text, select=("T103",))
    assert [f.evidence["column"] for f in found] == ["decisions"]


def test_a_plus_sign_is_the_sign_of_a_change():
    """Wild corpus b062: "本年增/减 +1" — the plus belongs to the number, it does not start a row."""
    text = (
        HEAD_2019
        + "第二十条第(八)项 |\n信息内容 | 上一年项目数量 | 本年增/减 |\n行政事业性收费 |\n3 |\n+1 |\n"
        + "第二十条第(五)项\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 5 | +2 | 7 |\n"
    )
    t2 = _table(text)
    assert [c.value for c in t2.rows["fees"].cells.values()] == [3, 1]
    assert [c.value for c in t2.rows["licensing"].cells.values()] == [5, 2, 7]
    found = check_text(text, select=("T102", "T103"))  # T102 names the rows this fragment leaves out
    assert not [f for f in found if "行政事业性收费" in f.message or "行政许可" in f.message or f.code == "T103"]


def test_ambiguous_glued_row_is_not_guessed():
    text = HEAD + "第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件5845546\n"
    t2 = _table(text)
    assert _cells(t2, "rules") == ["0", "0", "0"]
    assert t2.rows["normative"].problem == "ambiguous" and _cells(t2, "normative") == ["unread"] * 3
    i101 = [f for f in check_text(text, select=("T103", "I101")) if f.code == "I101"]
    assert len(i101) == 1 and "5845546" in i101[0].message and "可能的读法" in i101[0].message


def test_row_identity_decides_a_glued_row_and_item_numbers_are_not_digits():
    t3_text = (
        HEAD
        + "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
        "一、本年新收政府信息公开申请数量15130000154(三)不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开1000001\n"
    )
    t3 = _table(t3_text, "三")
    assert _cells(t3, "new") == ["151", "3", "0", "0", "0", "0", "154"]
    assert _cells(t3, "withheld_secret") == ["0"] * 7
    assert _cells(t3, "withheld_law") == ["1", "0", "0", "0", "0", "0", "1"]


def test_pdf_page_number_inside_a_table_is_not_a_value():
    text = (
        HEAD
        + "第二十条 第(五)项\n信息内容          本年处理决定数量\n行政许可          12\n\n                 -3-\n\f第二十条 第(六)项\n信息内容          本年处理决定数量\n行政处罚          7\n行政强制          2\n"
    )
    t2 = _table(text)
    assert [_cells(t2, k) for k in ("licensing", "penalty", "coercion")] == [["12"], ["7"], ["2"]]


def test_garbage_in_a_table_region_never_raises():
    for junk in (
        "| | | |\n" * 50,
        "第二十条第(一)项" + "9" * 5000,
        "申请人情况((((" + "|" * 300,
        "行政复议 行政诉讼\n" + "1 " * 400,
    ):
        doc = parse_text(HEAD + junk + "\n")
        assert doc.table_problem is None
        check_text(HEAD + junk + "\n", select=("T", "F"))
