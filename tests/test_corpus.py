"""The real reports of tests/corpus/ (copied from shared/corpus/, see SOURCE.md there).

Every expected finding below was checked by reading the report text and the corpus INDEX.md;
the comment beside each says why it is right. Only the rules implemented now are compared
(S, M, H, X105, I): table rules (T, F, X101–X104) and cross-year rules (Y) come later.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.api import check_file, parse_text
from checker.text import decode_bytes

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p.name for p in CORPUS.glob("*.txt"))
IMPLEMENTED = ("S", "M", "H", "X105", "I")
CLEAN_CONTROLS = ("004_c5e8586847d79f07.txt", "019_pingtan_syq_2025.txt", "020_huaian_shi_2024.txt")

# I101 (M105): the report states no publication date (no page date, no signature date, no
# archive 发布时间), so the deadline cannot be checked and the checker says so.
NO_DATE = ("I101", 1)

EXPECTED: dict[str, list[tuple[str, int]]] = {
    # 2018, 哈尔滨市安监局: "受理依申请公开8件。（详见附件）" and no attachment follows (H105).
    "000_e30985a69ba7359e.txt": [("H105", 1), NO_DATE],
    # 2017, 安顺市安监局: "扫一扫在手机打开当前页面" as the last line (H101); no 统计期限 anywhere
    # (M101). The agency is read from the table caption, so no M107.
    "001_0d3292ae08e5f267.txt": [("H101", 1), NO_DATE, ("M101", 1)],
    # 2018, 聊城市安监局: [image: C:\Users\…], [image: http://…], [image: ] (line 23, and the
    # same text again on line 26, reported once) and [bookmark: _GoBack] (H102). "市安监局" in
    # the body is the same agency: no M107.
    "002_4faf77f426963b58.txt": [("H102", 4), NO_DATE],
    # 2018, 哈尔滨市人防办: "字号: 大 中 小" (H101); the mojibake run on line 7 (H103);
    # "附件:…统计表(2018年度).xls" with no table in the text (H105). Signed 2019年2月12日:
    # within the 2007 deadline (31 March), so no M105. Declares 四部分 and has four: no S104.
    "003_f63fb9b8c2e657b8.txt": [("H101", 1), ("H103", 1), ("H105", 1)],
    # 2018, 桐乡市安监局: clean control. "桐乡市安监局" (title) and "桐乡市安全生产监督管理局"
    # (preamble) are the same agency.
    "004_c5e8586847d79f07.txt": [NO_DATE],
    # 2015, 平潭: (二) "一是…一是…二是…二是…" (an inner list ending on the outer number) and the
    # outer "四是" twice (四是推进政府采购… 四是推进重大建设项目…): X105 twice, as INDEX.md says.
    # Declares 七个部分 and has 一 to 七: no S104. Published 2016-01-12: on time.
    "009_pingtan_syq_2015.txt": [("X105", 2)],
    # 2020, 平潭: its known defects are all table, narrative-sum and cross-report ones (T105,
    # X102, Y104), not implemented yet. Cites 国办公开办函〔2019〕60号, right for 2020.
    "014_pingtan_syq_2020.txt": [],
    # 2025, 平潭: clean control (declares 共分6个部分, has six; published 2026-03-10).
    "019_pingtan_syq_2025.txt": [],
    # 2024, 淮安市人民政府 (PDF text): clean control; no publication date in the text.
    "020_huaian_shi_2024.txt": [NO_DATE],
    # 2020 excerpt, 河包镇: "当前位置:…", "字体:【 默认 超大", "分享:" (H101 ×3); the "【" of the
    # font switch is never closed (H108). The excerpt is cut inside section 二, so 三 to 六 are
    # not in the text (S101 ×4, warnings in the 2019 profile). I101: a township's deadline is
    # set locally, so M105 is not checked.
    "106_rongchang_hebaozhen_2020_excerpt.txt": [("H101", 3), ("H108", 1), ("I101", 1), ("S101", 4)],
    # 2020 excerpt, 两城镇: first heading "一、工作基本情况" (S106); cut inside 三 (S101 ×3 for
    # 四 五 六).
    "108_weishan_liangchengzhen_2020_excerpt.txt": [NO_DATE, ("S101", 3), ("S106", 1)],
    # 2022 excerpt, 二道区房屋征收办: the agency is named in the first paragraph ("2022年,二道区
    # 房屋征收工作管理办公室认真贯彻…"), so no M107. No 统计期限 in the text (M101). Cut inside
    # 三 (S101 ×3, errors in the 2021 profile).
    "116_changchun_erdaoqu_fwzsb_2022_excerpt.txt": [NO_DATE, ("M101", 1), ("S101", 3)],
    # excerpt, 徐闻县司法局 (probably): no year and no period anywhere (M103, M101); only "我局",
    # no agency name (M107); cut inside 三 (S101 ×3; profile 2021 from the table layout).
    # Without a year the deadline cannot be computed; M103 already says why.
    "123_xuwen_sifaju_2023_excerpt.txt": [("M101", 1), ("M103", 1), ("M107", 1), ("S101", 3)],
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
