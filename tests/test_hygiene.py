"""The hygiene kinds on small texts: brackets (H108) and mojibake (H103)."""

from __future__ import annotations

from checker.api import check_text

HEAD = "一、总体情况\n"


def _found(body: str, code: str) -> list[tuple[str, int, int]]:
    return [(f.message, f.location.line, f.location.column) for f in check_text(HEAD + body, select=(code,))]


def test_an_unclosed_outer_bracket_is_reported_where_it_opens() -> None:
    # 本局（含下属单位（二级）…: the inner pair closes, the outer （ at column 3 never does.
    assert _found("本局（含下属单位（二级）全年公开信息。\n", "H108") == [("“(”没有对应的“)”", 2, 3)]


def test_a_closing_bracket_closes_the_inner_ones_left_open() -> None:
    """《条例（试行》: the 》 ends the title; the （ inside it is a slip within the title, not reported."""
    assert _found("根据《条例（试行》公开。\n", "H108") == []


def test_a_closing_bracket_with_nothing_open_is_reported() -> None:
    assert _found("全年公开信息326条）。\n", "H108") == [("“)”之前没有对应的“(”", 2, 11)]


def test_brackets_in_another_section_do_not_pair() -> None:
    found = _found("本局（含下属单位\n二、主动公开政府信息情况\n全年公开信息）。\n", "H108")
    assert sorted((line, col) for _, line, col in found) == [(2, 3), (4, 7)]


def test_utf8_read_as_gbk_is_reported_with_its_repair() -> None:
    garbled = "政府信息公开工作".encode().decode("gbk", errors="ignore")
    (finding,) = _found(f"本年度{garbled}情况良好。\n", "H103")
    assert "政府信息" in finding[0] and finding[1:] == (2, 1)


def test_a_stretch_of_mojibake_is_reported_once() -> None:
    """A replacement character inside a GBK-misread run: the first finder (U+FFFD) reports it,
    the run that overlaps it is not reported again."""
    garbled = "政府信息公开工作".encode().decode("gbk", errors="ignore")
    found = _found(f"本年度\ufffd{garbled}情况良好。\n", "H103")
    assert len(found) == 1 and "无法解码" in found[0][0]


def test_uncommon_hanzi_are_counted_by_their_gb2312_level() -> None:
    from checker.rules.kinds.hygiene import _uncommon, _uncommon_count

    # 啊 opens GB2312 level 1, 亍 level 2; ① is a symbol of row 2
    assert _uncommon_count("啊亍①") == 1
    run = "政府信息公开亍丌兀丐廿卅丕亘丞鬲孬噩"
    assert _uncommon_count(run) == sum(map(_uncommon, run)) == 12
    # 業 is not in GB2312: the whole run may be uncommon
    assert _uncommon_count("啊業啊") == 3


def test_every_hanzi_the_gbk_repair_counts_opens_with_e4_to_e9_in_utf8() -> None:
    from checker.rules.kinds.hygiene import _NOT_HANZI_LEADS

    assert {chr(c).encode("utf-8")[0] for c in range(0x4E00, 0xA000)} == set(range(0xE4, 0xEA))
    assert not set(range(0xE4, 0xEA)) & set(_NOT_HANZI_LEADS) and len(_NOT_HANZI_LEADS) == 250
