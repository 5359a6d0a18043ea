"""The real reports of tests/corpus/ (copied from shared/corpus/, see SOURCE.md there).

Every expected finding below was checked by reading the report text and the corpus INDEX.md;
the comment beside each says why it is right. Only the rules implemented now are compared
(S, M, H, X105, I, T, F): narrative-against-table rules (X101–X104) and cross-year rules (Y) come later.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.api import check_file, parse_text
from checker.text import decode_bytes

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p.name for p in CORPUS.glob("*.txt"))
IMPLEMENTED = ("S", "M", "H", "X105", "I", "T", "F")
CLEAN_CONTROLS = ("004_c5e8586847d79f07.txt", "019_pingtan_syq_2025.txt", "020_huaian_shi_2024.txt")

# I101 (M105): the report states no publication date (no page date, no signature date, no
# archive 发布时间), so the deadline cannot be checked and the checker says so.
NO_DATE = ("I101", 1)

EXPECTED: dict[str, list[tuple[str, int]]] = {
    # 2018, 哈尔滨市安监局: "受理依申请公开8件。（详见附件）" and no attachment follows (H105).
    # The same "（详见附件）" follows the statistics of the year: the 统计表 it refers to is not in
    # the text (T101, a warning in the 2007 profile).
    "000_e30985a69ba7359e.txt": [("H105", 1), NO_DATE, ("T101", 1)],
    # 2017, 安顺市安监局: "扫一扫在手机打开当前页面" as the last line (H101); no 统计期限 anywhere
    # (M101). The agency is read from the table caption, so no M107. Its old 统计表 (label |, unit |,
    # value | on separate lines) is read whole and every identity holds: no T finding.
    "001_0d3292ae08e5f267.txt": [("H101", 1), NO_DATE, ("M101", 1)],
    # 2018, 聊城市安监局: [image: C:\Users\…], [image: http://…], [image: ] (line 23, and the
    # same text again on line 26, reported once) and [bookmark: _GoBack] (H102). "市安监局" in
    # the body is the same agency: no M107.
    "002_4faf77f426963b58.txt": [("H102", 4), NO_DATE],
    # 2018, 哈尔滨市人防办: "字号: 大 中 小" (H101); the mojibake run on line 7 (H103);
    # "附件:…统计表(2018年度).xls" with no table in the text (H105). Signed 2019年2月12日:
    # within the 2007 deadline (31 March), so no M105. Declares 四部分 and has four: no S104.
    # The .xls 统计表 it names is not in the text (T101, warning).
    "003_f63fb9b8c2e657b8.txt": [("H101", 1), ("H103", 1), ("H105", 1), ("T101", 1)],
    # 2018, 桐乡市安监局: clean control. "桐乡市安监局" (title) and "桐乡市安全生产监督管理局"
    # (preamble) are the same agency.
    "004_c5e8586847d79f07.txt": [NO_DATE],
    # 2015, 平潭: (二) "一是…一是…二是…二是…" (an inner list ending on the outer number) and the
    # outer "四是" twice (四是推进政府采购… 四是推进重大建设项目…): X105 twice, as INDEX.md says.
    # Declares 七个部分 and has 一 to 七: no S104. Published 2016-01-12: on time.
    # Its regional 统计表 (本年度 | 历年累计) is flattened: "主动公开文件数条294981916" could be
    # 2949|81916 or 294|981916 …, and no identity decides, so T103 says it could not judge (I101).
    "009_pingtan_syq_2015.txt": [("X105", 2), ("I101", 1)],
    # 2020, 平潭: table 三's results sum to 27 but （七）总计 says 21 (T105 in the 总计 column, and
    # 26 vs 20 in 自然人). Its flattened 2019 table 二 rows ("行政处罚2648-18538") have several
    # readings and no within-year identity: I101 from T103 and from T106. Cites 国办公开办函
    # 〔2019〕60号, right for 2020. X102 and Y104 come later.
    "014_pingtan_syq_2020.txt": [("I101", 2), ("T105", 2)],
    # 2025, 平潭: clean control (declares 共分6个部分, has six; published 2026-03-10). Tables 三 and
    # 四 are read from the flattened line and hold; table 二 "行政规范性文件5845546" has several
    # readings (58|45|546, 5|845|546, …) that nothing in the table decides: I101, not a guess.
    "019_pingtan_syq_2025.txt": [("I101", 1)],
    # 2024, 淮安市人民政府 (PDF text): clean control; no publication date in the text.
    "020_huaian_shi_2024.txt": [NO_DATE],
    # 2020 excerpt, 河包镇: "当前位置:…", "字体:【 默认 超大", "分享:" (H101 ×3); the "【" of the
    # font switch is never closed (H108). The excerpt is cut inside section 二, so 三 to 六 are
    # not in the text (S101 ×4, warnings in the 2019 profile). I101: a township's deadline is
    # set locally, so M105 is not checked.
    # The cut also removes tables 三 and 四 (T101 ×2) and table 二's last row 政府集中采购 (T102).
    "106_rongchang_hebaozhen_2020_excerpt.txt": [("H101", 3), ("H108", 1), ("I101", 1), ("S101", 4), ("T101", 2), ("T102", 1)],
    # 2020 excerpt, 两城镇: first heading "一、工作基本情况" (S106); cut inside 三 (S101 ×3 for
    # 四 五 六).
    # 四 五 六). Table 三 stops after "（一）予以公开 |" (T102: the rows after it, and that row has no
    # values); table 四 is cut away (T101); the identities of table 三 cannot be checked (I101).
    "108_weishan_liangchengzhen_2020_excerpt.txt": [("I101", 2), ("S101", 3), ("S106", 1), ("T101", 1), ("T102", 2)],
    # 2022 excerpt, 二道区房屋征收办: the agency is named in the first paragraph ("2022年,二道区
    # 房屋征收工作管理办公室认真贯彻…"), so no M107. No 统计期限 in the text (M101). Cut inside
    # 三 (S101 ×3, errors in the 2021 profile).
    # Table 三 has blank cells ("56 | | | | | | 56", T104) and is cut at "8.属于行政查询事项" (T102
    # for the rows after it and for that row); table 四 is cut away (T101); identities that need
    # blank or missing cells are not checked (I101).
    "116_changchun_erdaoqu_fwzsb_2022_excerpt.txt": [("I101", 2), ("M101", 1), ("S101", 3), ("T101", 1), ("T102", 2), ("T104", 1)],
    # excerpt, 徐闻县司法局 (probably): no year and no period anywhere (M103, M101); only "我局",
    # no agency name (M107); cut inside 三 (S101 ×3; profile 2021 from the table layout).
    # Without a year the deadline cannot be computed; M103 already says why.
    # Table 三 leaves the applicant columns blank and fills only 总计 (T104), is cut at row 6 (T102)
    # and has no table 四 (T101); identities with blank cells are not checked (I101).
    "123_xuwen_sifaju_2023_excerpt.txt": [("I101", 1), ("M101", 1), ("M103", 1), ("M107", 1), ("S101", 3), ("T101", 1), ("T102", 1), ("T104", 1)],
}

# The defects INDEX.md lists for each file that the rules implemented now must find.
KNOWN_DEFECTS = {
    "000_e30985a69ba7359e.txt": {"H105"},
    "001_0d3292ae08e5f267.txt": {"M101", "H101"},
    "002_4faf77f426963b58.txt": {"H102"},
    "003_f63fb9b8c2e657b8.txt": {"H101", "H103", "H105"},
    "009_pingtan_syq_2015.txt": {"X105"},
    "106_rongchang_hebaozhen_2020_excerpt.txt": {"H101"},
    "108_weishan_liangchengzhen_2020_excerpt.txt": {"S106"},
    "014_pingtan_syq_2020.txt": {"T105"},
    "116_changchun_erdaoqu_fwzsb_2022_excerpt.txt": {"T104"},
    "123_xuwen_sifaju_2023_excerpt.txt": {"M103", "M101"},
}


@pytest.fixture(scope="module")
def findings() -> dict[str, list]:
    return {name: check_file(CORPUS / name) for name in FILES}


def _implemented(found) -> list:
    return [f for f in found if f.code.startswith(IMPLEMENTED)]


def test_corpus_is_complete() -> None:
    assert len(FILES) == 13
    assert set(FILES) == set(EXPECTED)
    assert (CORPUS / "SOURCE.md").is_file()


@pytest.mark.parametrize("name", FILES)
def test_file_is_checked_without_crash(name: str, findings) -> None:
    found = findings[name]
    assert isinstance(found, list)
    crashes = [f for f in found if f.code == "I101" and f.evidence.get("error")]
    assert not crashes, f"a rule crashed on {name}: {[dict(f.evidence) for f in crashes]}"
    assert not [f for f in found if f.code == "I102"], f"{name} was not read as a report"


@pytest.mark.parametrize("name", CLEAN_CONTROLS)
def test_clean_control_has_no_error_or_warning(name: str, findings) -> None:
    bad = [f"{f.code} {f.severity} {f.message}" for f in findings[name] if f.severity in ("error", "warning")]
    assert bad == []


@pytest.mark.parametrize("name", FILES)
def test_pinned_findings(name: str, findings) -> None:
    got = sorted(Counter(f.code for f in _implemented(findings[name])).items())
    assert got == sorted(EXPECTED[name]), "\n".join(f"{f.code} {f.severity} L{f.location.line} {f.message}" for f in findings[name])


@pytest.mark.parametrize("name", sorted(KNOWN_DEFECTS))
def test_known_defects_of_index_are_found(name: str, findings) -> None:
    codes = {f.code for f in findings[name]}
    assert KNOWN_DEFECTS[name] <= codes, f"missing {KNOWN_DEFECTS[name] - codes}"


def test_agency_named_only_in_body_is_not_missing(findings) -> None:
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
def test_finding_points_at_the_defect(name: str, code: str, line: int, needle: str, findings) -> None:
    matching = [f for f in findings[name] if f.code == code]
    assert matching, f"no {code} in {name}"
    first = min(matching, key=lambda f: f.location.line or 0)
    assert first.location.line == line
    assert needle in first.message


def test_009_enumeration_findings_are_at_the_repeated_markers(findings) -> None:
    text = (CORPUS / "009_pingtan_syq_2015.txt").read_text(encoding="utf-8")
    line10 = text.split("\n")[9]
    x105 = sorted((f for f in findings["009_pingtan_syq_2015.txt"] if f.code == "X105"), key=lambda f: f.location.column)
    assert [f.location.line for f in x105] == [10, 10]
    # the outer 二是 after the inner 一是…二是, and the second outer 四是
    assert line10[x105[0].location.column - 1:].startswith("二是推进财政资金信息公开")
    assert line10[x105[1].location.column - 1:].startswith("四是推进重大建设项目信息公开")


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
    doc = parse_text(decode_bytes((CORPUS / name).read_bytes()).text)
    assert doc.meta.year == year
    assert doc.profile == profile
    assert doc.meta.agency == agency
    if published is None:
        assert doc.meta.published is None
    else:
        assert str(doc.meta.published.value) == published


# -- statistics tables read from the corpus ----------------------------------------------------


def _tables(name: str) -> dict:
    doc = parse_text(decode_bytes((CORPUS / name).read_bytes()).text)
    return {t.slot: t for t in doc.stat_tables}


def _values(table, row: str) -> list:
    return [int(c.value) if c.state == "number" else c.state for c in table.rows[row].cells.values()]


def test_019_flattened_tables_are_read_completely() -> None:
    tables = _tables("019_pingtan_syq_2025.txt")
    t3, t4 = tables["三"], tables["四"]
    assert len(t3.rows) == 25 and not t3.missing
    assert all(c.state == "number" for r in t3.rows.values() for c in r.cells.values())
    # "一、本年新收政府信息公开申请数量15130000154": only 151|3|0|0|0|0|154 makes 总计 the row's sum
    assert _values(t3, "new") == [151, 3, 0, 0, 0, 0, 154]
    assert _values(t3, "total") == [147, 1, 0, 0, 0, 0, 148]
    assert _values(t3, "forward") == [4, 2, 0, 0, 0, 0, 6]
    assert _values(t3, "unavailable_not_held") == [49, 1, 0, 0, 0, 0, 50]
    # "25380363300630003": 25+3+8+0 = 36, 3+3+0+0 = 6, 3+0+0+0 = 3
    assert [_values(t4, r) for r in ("review", "direct", "after_review")] == [[25, 3, 8, 0, 36], [3, 3, 0, 0, 6], [3, 0, 0, 0, 3]]
    t2 = tables["二"]
    assert _values(t2, "rules") == [0, 0, 0] and _values(t2, "licensing") == [2418]
    assert t2.rows["normative"].problem == "ambiguous" and "5|845|546" in t2.rows["normative"].readings


def test_019_ambiguous_row_is_reported_not_guessed(findings) -> None:
    i101 = [f for f in findings["019_pingtan_syq_2025.txt"] if f.code == "I101"]
    assert len(i101) == 1 and i101[0].evidence["rule"] == "T103" and "5845546" in i101[0].message


def test_020_pdf_tables_are_read_completely() -> None:
    tables = _tables("020_huaian_shi_2024.txt")
    t2, t3, t4 = tables["二"], tables["三"], tables["四"]
    assert _values(t2, "normative") == [8, 26, 66] and _values(t2, "licensing") == [447228]
    assert str(t2.rows["fees"].cells["amount"].value) == "96171.6"
    assert len(t3.rows) == 25 and not t3.missing
    assert _values(t3, "new") == [3001, 53, 0, 0, 61, 4, 3119]
    # the wrapped label "（二）部分公开（区分处理的，只计这一情 / 形，不计其他情形）"
    assert _values(t3, "partial") == [447, 7, 0, 0, 0, 0, 454]
    # rows beside the vertical label 三、本年度办理结果 and the page break "-4-"
    assert _values(t3, "withheld_law") == [30, 1, 0, 0, 0, 0, 31]
    assert _values(t3, "unavailable_to_create") == [11, 0, 0, 0, 0, 0, 11]
    assert _values(t3, "other_no_correction") == [67, 3, 0, 0, 1, 0, 71]
    assert _values(t3, "total") == [2932, 53, 0, 0, 61, 4, 3050]
    assert _values(t3, "forward") == [103, 0, 0, 0, 0, 0, 103]
    assert [_values(t4, r) for r in ("review", "direct", "after_review")] == [[72, 64, 178, 37, 351], [13, 4, 8, 1, 26], [12, 1, 1, 6, 20]]


def test_001_old_table_is_read_whole() -> None:
    old = _tables("001_0d3292ae08e5f267.txt")["统计表"]
    assert old.layout == "old" and not old.missing
    expected = {"published": 1656, "published_normative": 1, "issued_normative": 1, "channel_website": 131, "explanations": 6, "received": 0, "answered": 0, "staff": 2, "staff_full": 2, "meetings": 3, "trainees": 3}
    assert {k: int(old.rows[k].cells["value"].value) for k in expected} == expected
    assert len(old.rows) >= 60


def test_014_results_total_is_reported_with_its_cells(findings) -> None:
    t105 = sorted((f for f in findings["014_pingtan_syq_2020.txt"] if f.code == "T105"), key=lambda f: f.evidence["binding"]["$c"])
    assert [f.evidence["identity"] for f in t105] == ["t3_results_total", "t3_results_total"]
    natural, total = t105
    assert (natural.evidence["lhs"], natural.evidence["rhs"]) == ("20", "26")
    assert (total.evidence["lhs"], total.evidence["rhs"]) == ("21", "27")
    assert "（七）总计 = 21" in total.message and "= 27" in total.message and "（一）予以公开 7" in total.message


@pytest.mark.parametrize("name", [n for n in FILES if "excerpt" in n])
def test_excerpt_tables_have_no_false_identity_failure(name: str, findings) -> None:
    assert not [f for f in findings[name] if f.code in ("T105", "T106")]
