"""The real reports of the development corpus, read where they are: ../shared/corpus (INDEX.md there).

Every expected finding below was checked by reading the report text and the corpus INDEX.md;
the comment beside each says why it is right. Only the rules implemented now are compared
(S, M, H, X, I, T, F): cross-year rules (Y) come later. The findings of each file, where they
point and the metadata read are here; the statistics tables read cell by cell and the narrative's
numbers against them are in test_corpus_tables.py.
"""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import corpus_file

from checker.api import check_file, parse_text
from checker.ingest.decode import decode_bytes
from checker.model.findings import Finding

Findings = dict[str, list[Finding]]

IMPLEMENTED = ("S", "M", "H", "X", "I", "T", "F", "Y")
CLEAN_CONTROLS = ("004_c5e8586847d79f07.txt", "019_pingtan_syq_2025.txt", "020_huaian_shi_2024.txt")

# I101 (M105): the report states no publication date (no page date, no signature date, no
# archive 发布时间), so the deadline cannot be checked and the checker says so.
NO_DATE = ("I101", 1)

EXPECTED: dict[str, list[tuple[str, int]]] = {
    # 2018, 哈尔滨市安监局: "受理依申请公开8件。（详见附件）" and no attachment follows (H105). The
    # attachment is the statistics table of its numbers; the one defect is H105's (the attachment
    # left out), so T101's 2007 "referenced" variant does not repeat it.
    # X102: "热点31次，其中举办新闻发布会4次，发布政策解读稿件18篇，通过电话等方式回应事件16次":
    # 4 + 18 + 16 = 38 > 31, as INDEX.md says. Its other numbers (809条, 8件) have no table to
    # be compared with.
    "000_e30985a69ba7359e.txt": [("H105", 1), NO_DATE, ("X102", 1)],
    # 2017, 安顺市安监局: "扫一扫在手机打开当前页面" as the last line (H101); no 统计期限 anywhere
    # (M101). The agency is read from the table caption, so no M107. Its old 统计表 (label | / unit |
    # / value |) is read and every identity holds (see test_001_old_table_read): no T finding.
    # X101 twice (INDEX.md): "其中主动公开规范性文件数32条" vs the table's 1, "制发规范性文件
    # 总数29件" vs 1; the text's other numbers agree with the table (1656, 131, 1次, 6篇, 1个, 2人).
    # X102: "在门户网站主动公开的信息中" ten categories, 1378+264+5+2+34+54+4+1+21+8 = 1771 (added
    # by hand), more than the table's 131 for 政府网站公开政府信息数.
    "001_0d3292ae08e5f267.txt": [("H101", 1), NO_DATE, ("M101", 1), ("X101", 2), ("X102", 1)],
    # 2018, 聊城市安监局: [image: C:\Users\…], [image: http://…], [image: ] (line 23, and the
    # same text again on line 26, reported once) and [bookmark: _GoBack] (H102). "市安监局" in
    # the body is the same agency: no M107. No statistics table and no mention of one: no T101.
    "002_4faf77f426963b58.txt": [("H102", 4), NO_DATE],
    # 2018, 哈尔滨市人防办: "字号: 大 中 小" (H101); the mojibake run on line 7 (H103);
    # "附件:…统计表(2018年度).xls" with no table in the text (H105; the 统计表 it names is that
    # attachment, so no T101 as well). Signed 2019年2月12日: within the 2007
    # deadline (31 March), so no M105. Declares 四部分 and has four: no S104.
    "003_f63fb9b8c2e657b8.txt": [("H101", 1), ("H103", 1), ("H105", 1)],
    # 2018, 桐乡市安监局: clean control. "桐乡市安监局" (title) and "桐乡市安全生产监督管理局"
    # (preamble) are the same agency.
    "004_c5e8586847d79f07.txt": [NO_DATE],
    # 2015, 平潭: (二) "一是…一是…二是…二是…" (an inner list ending on the outer number) and the
    # outer "四是" twice (四是推进政府采购… 四是推进重大建设项目…): X105 twice, as INDEX.md says.
    # Declares 七个部分 and has 一 to 七: no S104. Published 2016-01-12: on time.
    # I101 (T103): the flattened 统计表 (本年度 | 历年累计) has "主动公开文件数条294981916" and
    # "1、政府网站公开数条294981916": nine digits for two cells and no identity between them, so
    # 2|94981916, 29|4981916, 294|981916, 2949|81916 … all stand. (The prose says 2949条, so
    # 2949|81916; reading it from the prose is X101's business, not the reader's.)
    # I101 (X101): the prose's "2015年主动公开政府信息2949条" maps to that unread cell, so it
    # cannot be compared. The shares "2275条，占77%" (2275/2949 = 77.1%) and "674条，占23%" hold.
    "009_pingtan_syq_2015.txt": [("I101", 2), ("X105", 2)],
    # 2020, 平潭: T105 twice, as INDEX.md says: table 三 result rows sum to 26 (自然人) and 27
    # (总计) but (七)总计 reads 20 and 21 (checked by hand: 予以公开 6/7, 部分公开 6, 不掌握 4,
    # 补正后仍不明确 3, 重复申请 3, 其他处理 4). I101 (T103): table 二 (2019 format, flattened)
    # rows "规范性文件7777166", "行政许可396442278", "其他对外管理服务事项107105",
    # "行政处罚2648-18538", "行政强制1262629", "政府集中采购39573802895.90元" have several cuts
    # and table 二 has no equality to choose; I101 (T106): 规范性文件's 本年新公开数量 is one of
    # those unread cells, so "对外公开总数量 ≥ 本年新公开数量" cannot be checked. Both honest.
    # X102 (INDEX.md): "共公布政府信息2602条(其中…其他应主动公开政府信息1053条)": eleven
    # categories ending in 其他, so the whole, add up to 2603 (by hand: 82+80+21+40+390+69+143+
    # 208+246+271+1053). "共受理政府信息公开申请21件" agrees with table 三's 本年新收 总计 21.
    # Y104: "转发《江苏省政府信息公开申请办理答复规范》" in a Fujian report (a single check finds
    # it; the other Y rules need last year's report). Cites 国办公开办函〔2019〕60号, right for 2020.
    "014_pingtan_syq_2020.txt": [("I101", 2), ("T105", 2), ("X102", 1), ("Y104", 1)],
    # 2025, 平潭: clean control (declares 共分6个部分, has six; published 2026-03-10). All three
    # tables are read and every identity holds; the one I101 (T103) is the honest answer for
    # "行政规范性文件5845546": seven digits, three cells, no identity of table 二 to decide.
    "019_pingtan_syq_2025.txt": [("I101", 1)],
    # 2024, 淮安市人民政府 (PDF text): clean control; no publication date in the text. All three
    # tables read, every identity holds: no T or F finding.
    "020_huaian_shi_2024.txt": [NO_DATE],
    # 2020 excerpt, 河包镇: "当前位置:…", "字体:【 默认 超大", "分享:" (H101 ×3); the "【" of the
    # font switch is never closed (H108). I101: a township's deadline is set locally, so M105 is
    # not checked. The excerpt stops inside table 二 on the caption "第二十条第(九)项": sections
    # 三 to 六, tables 三 and 四 and the 政府集中采购 row are after the cut, not missing from the
    # report: one I101 (S101) names them, no S101, T101 or T102. Everything before the cut reads as 0.
    "106_rongchang_hebaozhen_2020_excerpt.txt": [("H101", 3), ("H108", 1), ("I101", 2)],
    # 2020 excerpt, 两城镇: first heading "一、工作基本情况" (S106). Table 二 (pipe rows, header
    # cells cut) is read whole, all 0. The text stops in table 三 after "三、本年度办理结果 |
    # (一)予以公开 |" with no values: 予以公开's values, the 20 rows after it, table 四 and sections
    # 四 五 六 are after the cut, one I101 (S101) names them; I101 (T105): the identities of table
    # 三 need rows the cut removed.
    "108_weishan_liangchengzhen_2020_excerpt.txt": [("I101", 3), ("S106", 1)],
    # 2022 excerpt, 二道区房屋征收办: the agency is named in the first paragraph ("2022年,二道区
    # 房屋征收工作管理办公室认真贯彻…"), so no M107. No 统计期限 in the text (M101). Tables (one
    # cell a line): table 二 all 0; table 三 has 72 blank cells before the cut (T104: 5 + 5 in rows
    # 一 二, 6 in 予以公开, 7 in each of the eight rows 部分公开 … 7.执法案卷). The text stops in
    # "8.属于行政查询事项" after four of its cells: that row's values, the 13 rows after it, table
    # 四 and sections 四 五 六 are after the cut, one I101 (S101) names them; I101 (T105): blanks
    # and the cut rows leave the identities of table 三 unchecked.
    "116_changchun_erdaoqu_fwzsb_2022_excerpt.txt": [("I101", 3), ("M101", 1), ("T104", 1)],
    # excerpt, 徐闻县司法局 (probably): no year and no period anywhere (M103, M101; the text reached
    # section 三, past where a period is stated); only "我局", no agency name, but the signature is
    # after the cut: I101 (M107) says it cannot judge; profile 2021 from the table layout. Without a year the deadline cannot be computed;
    # M103 already says why. Table 三 fills only the 总计 column (and 自然人 of row 一): 53 blank
    # cells (T104: 5 + 6 + 6 + 6 + 5 × 6). The text stops at "6.属于四": the 16 rows from there,
    # table 四 and sections 四 五 六 are after the cut, one I101 (S101) names them; I101 (T105)
    # for the identities the blanks and the cut leave open.
    "123_xuwen_sifaju_2023_excerpt.txt": [
        ("I101", 3),
        ("M101", 1),
        ("M103", 1),
        ("T104", 1),
    ],
}

# The defects INDEX.md lists for each file that the rules implemented now must find.
KNOWN_DEFECTS = {
    "000_e30985a69ba7359e.txt": {"H105", "X102"},
    "001_0d3292ae08e5f267.txt": {"M101", "H101", "X101", "X102"},
    "002_4faf77f426963b58.txt": {"H102"},
    "003_f63fb9b8c2e657b8.txt": {"H101", "H103", "H105"},
    "009_pingtan_syq_2015.txt": {"X105"},
    "014_pingtan_syq_2020.txt": {"T105", "X102"},
    "106_rongchang_hebaozhen_2020_excerpt.txt": {"H101"},
    "108_weishan_liangchengzhen_2020_excerpt.txt": {"S106"},
    "116_changchun_erdaoqu_fwzsb_2022_excerpt.txt": {"T104"},
    "123_xuwen_sifaju_2023_excerpt.txt": {"M103", "M101"},
}


# The two PDFs of ../shared/corpus/pdf (WPS exports with ruled tables, white boxes behind the
# text and page numbers): their findings are pinned below.
PDF_FILES = ("201_huaian-hongze_qurenmzf_2023.pdf", "202_huaian-hongze_qurenmzf_2024.pdf")

FILES = sorted(EXPECTED)


@pytest.fixture(scope="module")
def findings() -> Findings:
    return {name: check_file(corpus_file(name)) for name in (*FILES, *PDF_FILES)}


def _implemented(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.code.startswith(IMPLEMENTED)]


def test_corpus_is_complete() -> None:
    assert len(FILES) == 13
    assert all(corpus_file(name).is_file() for name in (*FILES, *PDF_FILES))


@pytest.mark.parametrize("name", [*FILES, *PDF_FILES])
def test_file_is_checked_without_crash(name: str, findings: Findings) -> None:
    found = findings[name]
    assert isinstance(found, list)
    crashes = [f for f in found if f.code == "I101" and f.evidence.get("error")]
    assert not crashes, f"a rule crashed on {name}: {[dict(f.evidence) for f in crashes]}"
    assert not [f for f in found if f.code == "I102"], f"{name} was not read as a report"


@pytest.mark.parametrize("name", CLEAN_CONTROLS)
def test_clean_control_has_no_error_or_warning(name: str, findings: Findings) -> None:
    bad = [f"{f.code} {f.severity} {f.message}" for f in findings[name] if f.severity in ("error", "warning")]
    assert bad == []


@pytest.mark.parametrize("name", FILES)
def test_pinned_findings(name: str, findings: Findings) -> None:
    got = sorted(Counter(f.code for f in _implemented(findings[name])).items())
    assert got == sorted(EXPECTED[name]), "\n".join(
        f"{f.code} {f.severity} L{f.location.line} {f.message}" for f in findings[name]
    )


# -- the PDFs ----------------------------------------------------------------------------------
# Read by hand from the PDF pages (INDEX.md agrees). In both the six unified headings are there
# (一、总体情况 on page 1, 二 on page 2, 三 on page 3, 四 and 五 on page 4, 六 on page 5)
# and the preamble gives the period "统计期限自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止" (2024 in
# 202): no S101, S103 or M101. Table 三's row "2.其他法律行政止公开" is 2.法律行政法规禁止 with a
# typo, not a missing row: no T102, and its cells are read; that the label was read as the
# nearest row is said once (I101 of T102). Neither is signed with a date: I101 of M105. Both
# tables 三 have a single "（六）其他处理" row, the 2019 试行 form, while table 二 has the 2021
# columns: one row is not another year's layout, so no F101 but I101 of F101.
NOT_IN_THE_PDFS = ("S101", "S103", "M101", "T102", "F101")
PDF_I101 = ["F101", "M105", "T102"]


def _i101_rules(found: list[Finding]) -> list[str]:
    return sorted(f.evidence.get("rule", "") for f in found if f.code == "I101")


def test_201_finds_table_four_totals_left_at_zero(findings: Findings) -> None:
    """洪泽区 2023, table 四: 行政复议 结果维持 10 + 结果纠正 1 = 11 with 总计 0, and 复议后起诉
    结果维持 5 with 总计 0 (未经复议直接起诉 is all 0 and holds). Table 三 adds up: 21 new + 0
    carried = （七）总计 21 + 0 carried forward."""
    found = findings["201_huaian-hongze_qurenmzf_2023.pdf"]
    assert not [f.code for f in found if f.code in NOT_IN_THE_PDFS]
    t105 = [f for f in found if f.code == "T105"]
    assert sorted((f.evidence["binding"].get("$r"), f.evidence["lhs"], f.evidence["rhs"]) for f in t105) == [
        ("after_review", "0", "5"),
        ("review", "0", "11"),
    ]
    assert [f.code for f in found if f.severity in ("error", "warning")] == ["T105", "T105"]
    assert _i101_rules(found) == PDF_I101


def test_202_tables_hold(findings: Findings) -> None:
    """洪泽区 2024: table 三 95 new + 0 carried = （七）总计 95 + 0 (results 50 + 9 + 1 + 1 + 1 +
    31 + 1 + 1 = 95); table 四 复议 1 + 1 = 2, 直接起诉 1 = 1, 复议后起诉 2 + 1 = 3."""
    found = findings["202_huaian-hongze_qurenmzf_2024.pdf"]
    assert not [f.code for f in found if f.code in (*NOT_IN_THE_PDFS, "T105")]
    assert not [f.code for f in found if f.severity in ("error", "warning")]
    assert _i101_rules(found) == PDF_I101


@pytest.mark.parametrize("name", sorted(KNOWN_DEFECTS))
def test_known_defects_of_index_are_found(name: str, findings: Findings) -> None:
    codes = {f.code for f in findings[name]}
    assert KNOWN_DEFECTS[name] <= codes, f"missing {KNOWN_DEFECTS[name] - codes}"


def test_agency_named_only_in_body_is_not_missing(findings: Findings) -> None:
    """INDEX.md: 116's title has no agency, but the body names it: no M107."""
    assert not [f for f in findings["116_changchun_erdaoqu_fwzsb_2022_excerpt.txt"] if f.code == "M107"]


@pytest.mark.parametrize(
    ("name", "code", "line", "needle"),
    [
        ("000_e30985a69ba7359e.txt", "H105", 29, "详见附件"),
        ("001_0d3292ae08e5f267.txt", "H101", 257, "扫一扫在手机打开当前页面"),
        ("002_4faf77f426963b58.txt", "H102", 17, "[image: C:\\Users"),
        ("003_f63fb9b8c2e657b8.txt", "H101", 1, "字号"),
        ("003_f63fb9b8c2e657b8.txt", "H103", 7, "埂吨谢嗣"),
        ("003_f63fb9b8c2e657b8.txt", "H105", 21, "统计表"),
        ("108_weishan_liangchengzhen_2020_excerpt.txt", "S106", 1, "工作基本情况"),
    ],
)
def test_finding_points_at_the_defect(name: str, code: str, line: int, needle: str, findings: Findings) -> None:
    matching = [f for f in findings[name] if f.code == code]
    assert matching, f"no {code} in {name}"
    first = min(matching, key=lambda f: f.location.line or 0)
    assert first.location.line == line
    assert needle in first.message


def test_009_enumeration_findings_are_at_the_repeated_markers(findings: Findings) -> None:
    text = corpus_file("009_pingtan_syq_2015.txt").read_text(encoding="utf-8")
    line10 = text.split("\n")[9]
    x105 = sorted(
        (f for f in findings["009_pingtan_syq_2015.txt"] if f.code == "X105"), key=lambda f: f.location.column
    )
    assert [f.location.line for f in x105] == [10, 10]
    # the outer 二是 after the inner 一是…二是, and the second outer 四是
    assert line10[x105[0].location.column - 1 :].startswith("二是推进财政资金信息公开")
    assert line10[x105[1].location.column - 1 :].startswith("四是推进重大建设项目信息公开")


# -- metadata read from the corpus ------------------------------------------------------------

META = {
    # name: (year, profile, agency, published); None: the report does not state it
    "000_e30985a69ba7359e.txt": (2018, "2007", "哈尔滨市安全生产监督管理局", None),
    "001_0d3292ae08e5f267.txt": (2017, "2007", "安顺市安全生产监督管理局", None),
    "002_4faf77f426963b58.txt": (2018, "2007", "聊城市安全生产监督管理局", None),
    "003_f63fb9b8c2e657b8.txt": (2018, "2007", "哈尔滨市人民防空办公室", "2019-02-12"),
    "004_c5e8586847d79f07.txt": (2018, "2007", "桐乡市安监局", None),
    "009_pingtan_syq_2015.txt": (2015, "2007", "平潭综合实验区", "2016-01-12"),
    "014_pingtan_syq_2020.txt": (2020, "2019", "平潭综合实验区", "2021-03-05"),
    "019_pingtan_syq_2025.txt": (2025, "2021", "平潭综合实验区", "2026-03-10"),
    "020_huaian_shi_2024.txt": (2024, "2021", "淮安市人民政府", None),
    "116_changchun_erdaoqu_fwzsb_2022_excerpt.txt": (2022, "2021", "二道区房屋征收工作管理办公室", None),
    "123_xuwen_sifaju_2023_excerpt.txt": (None, "2021", None, None),
}


@pytest.mark.parametrize("name", sorted(META))
def test_metadata_read_from_corpus(name: str) -> None:
    year, profile, agency, published = META[name]
    doc = parse_text(decode_bytes(corpus_file(name).read_bytes()).text)
    assert doc.meta.year == year
    assert doc.profile == profile
    assert doc.meta.agency == agency
    if published is None:
        assert doc.meta.published is None
    else:
        assert str(doc.meta.published.value) == published
