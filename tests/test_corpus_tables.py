"""The statistics tables of the development corpus (../shared/corpus), read cell by cell, and the
narrative's numbers against them. tests/test_corpus.py pins the findings of each file; this module
pins what the reader and the claims extractor make of the same files.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import corpus_file
from table_helpers import identity_outcomes

from checker.api import check_file, parse_text
from checker.ingest.decode import decode_bytes
from checker.model.findings import Finding
from checker.model.tables import StatTable

Findings = dict[str, list[Finding]]

EXCERPTS = (
    "106_rongchang_hebaozhen_2020_excerpt.txt",
    "108_weishan_liangchengzhen_2020_excerpt.txt",
    "116_changchun_erdaoqu_fwzsb_2022_excerpt.txt",
    "123_xuwen_sifaju_2023_excerpt.txt",
)


class _Findings(Findings):
    """Each corpus file checked once, when a test first asks for it."""

    def __missing__(self, name: str) -> list[Finding]:
        found = self[name] = check_file(corpus_file(name))
        return found


@pytest.fixture(scope="module")
def findings() -> Findings:
    return _Findings()


# -- statistics tables of the corpus, cell by cell ---------------------------------------------
# Every value below was read off the report text by hand.


def _read_tables(name: str) -> dict[str, StatTable]:
    doc = parse_text(decode_bytes(corpus_file(name).read_bytes()).text)
    assert doc.table_problem is None
    return {t.slot: t for t in doc.stat_tables}


def _cells(tbl: StatTable, row: str) -> list[Decimal | str | None]:
    return [c.value if c.state == "number" else c.state for c in tbl.rows[row].cells.values()]


def _d(*xs: int | str) -> list[Decimal | str | None]:
    return [Decimal(str(x)) for x in xs]


def _table_findings(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.code.startswith(("T", "F")) or (f.code == "I101" and f.message.startswith("规则 T1"))]


@pytest.mark.parametrize("name", ["019_pingtan_syq_2025.txt", "020_huaian_shi_2024.txt"])
def test_clean_controls_read_all_three_tables(name: str) -> None:
    tables = _read_tables(name)
    assert sorted(tables) == ["三", "二", "四"]
    assert [t.layout for t in (tables["二"], tables["三"], tables["四"])] == ["t2_2021", "t3_2021", "t4"]
    for slot, tbl in tables.items():
        assert tbl.missing == [] and tbl.expected_layout is None, slot
        for row in tbl.rows.values():
            if (name, slot, row.key) == ("019_pingtan_syq_2025.txt", "二", "normative"):
                continue  # 5845546, see test_019_one_ambiguous_row
            assert row.problem is None, (slot, row.key, row.raw)
            assert all(c.state == "number" for c in row.cells.values()), (slot, row.key)
        outcomes = identity_outcomes(tbl)
        assert all(s == "holds" for ss in outcomes.values() for s in ss), (slot, outcomes)
    assert len(tables["三"].rows) == 25 and len(tables["四"].rows) == 3


def test_019_table_values() -> None:
    """平潭 2025, flattened: "一、本年新收政府信息公开申请数量15130000154" … "25380363300630003"."""
    t = _read_tables("019_pingtan_syq_2025.txt")
    t2, t3, t4 = t["二"], t["三"], t["四"]
    assert _cells(t2, "rules") == _d(0, 0, 0)
    assert _cells(t2, "licensing") == _d(2418)
    assert _cells(t2, "penalty") == _d(644)
    assert _cells(t2, "coercion") == _d(64)
    assert _cells(t2, "fees") == _d("4166.241619")
    assert _cells(t3, "new") == _d(151, 3, 0, 0, 0, 0, 154)
    assert _cells(t3, "carried") == _d(0, 0, 0, 0, 0, 0, 0)
    assert _cells(t3, "public") == _d(33, 0, 0, 0, 0, 0, 33)
    assert _cells(t3, "partial") == _d(38, 0, 0, 0, 0, 0, 38)
    assert _cells(t3, "withheld_internal") == _d(3, 0, 0, 0, 0, 0, 3)
    assert _cells(t3, "unavailable_not_held") == _d(49, 1, 0, 0, 0, 0, 50)
    assert _cells(t3, "other_no_correction") == _d(8, 0, 0, 0, 0, 0, 8)
    assert _cells(t3, "total") == _d(147, 1, 0, 0, 0, 0, 148)
    assert _cells(t3, "forward") == _d(4, 2, 0, 0, 0, 0, 6)
    # the prose agrees: 收到申请154件，办结148件，结转6件；行政复议36起，行政诉讼9起 (6 + 3)
    assert _cells(t4, "review") == _d(25, 3, 8, 0, 36)
    assert _cells(t4, "direct") == _d(3, 3, 0, 0, 6)
    assert _cells(t4, "after_review") == _d(3, 0, 0, 0, 3)


def test_020_table_values() -> None:
    """淮安 2024, PDF columns with wrapped and vertical labels and a page number inside table 三."""
    tables = _read_tables("020_huaian_shi_2024.txt")
    expected = {
        ("二", "rules"): _d(1, 0, 11),
        ("二", "normative"): _d(8, 26, 66),
        ("二", "licensing"): _d(447228),
        ("二", "penalty"): _d(3985758),
        ("二", "coercion"): _d(88283),
        ("二", "fees"): _d("96171.6"),
        ("三", "new"): _d(3001, 53, 0, 0, 61, 4, 3119),
        ("三", "carried"): _d(34, 0, 0, 0, 0, 0, 34),
        ("三", "public"): _d(1288, 21, 0, 0, 50, 3, 1362),
        ("三", "partial"): _d(447, 7, 0, 0, 0, 0, 454),  # "…只计这一情 / 形，不计其他情形）" wrapped
        ("三", "withheld_law"): _d(30, 1, 0, 0, 0, 0, 31),  # beside the vertical 三、本年度办理结果
        ("三", "withheld_query"): _d(105, 0, 0, 0, 0, 0, 105),
        ("三", "unavailable_not_held"): _d(746, 12, 0, 0, 10, 1, 769),
        ("三", "unavailable_to_create"): _d(11, 0, 0, 0, 0, 0, 11),  # after "-4-"
        ("三", "other_no_correction"): _d(67, 3, 0, 0, 1, 0, 71),
        ("三", "other_misc"): _d(108, 2, 0, 0, 0, 0, 110),
        ("三", "total"): _d(2932, 53, 0, 0, 61, 4, 3050),
        ("三", "forward"): _d(103, 0, 0, 0, 0, 0, 103),
        ("四", "review"): _d(72, 64, 178, 37, 351),
        ("四", "direct"): _d(13, 4, 8, 1, 26),
        ("四", "after_review"): _d(12, 1, 1, 6, 20),
    }
    assert {key: _cells(tables[key[0]], key[1]) for key in expected} == expected


def test_020_has_no_table_finding(findings: Findings) -> None:
    assert _table_findings(findings["020_huaian_shi_2024.txt"]) == []


def test_019_one_ambiguous_row(findings: Findings) -> None:
    """ "行政规范性文件5845546": 5|8|45546, 58|45|546, 584|55|46 … all stand; table 二 has no
    identity to choose, so the cells are unread and T103 says so (I101), never a guess."""
    found = _table_findings(findings["019_pingtan_syq_2025.txt"])
    assert [f.code for f in found] == ["I101"]
    assert "T103" in found[0].message and "5845546" in found[0].message and "行政规范性文件" in found[0].message
    row = _read_tables("019_pingtan_syq_2025.txt")["二"].rows["normative"]
    assert row.raw == "5845546" and row.problem == "ambiguous" and "5|845|546" in row.readings
    assert found[0].evidence["rule"] == "T103"
    assert [c.state for c in row.cells.values()] == ["unread"] * 3


def test_001_old_table_read(findings: Findings) -> None:
    """安顺 2017: the old 统计表 as label | / unit | / value | lines, one cell a line."""
    old = _read_tables("001_0d3292ae08e5f267.txt")["统计表"]
    assert old.layout == "old" and old.missing == []
    expected = {
        "published": 1656,
        "published_normative": 1,
        "issued_normative": 1,
        "channel_gazette": 0,
        "channel_website": 131,
        "channel_weibo": 0,
        "channel_wechat": 0,
        "channel_other": 0,
        "consultations": 1,
        "explanations": 6,
        "received": 0,
        "received_in_person": 0,
        "received_fax": 0,
        "received_online": 0,
        "received_mail": 0,
        "closed": 0,
        "answered": 0,
        "refused_safety": 0,  # "…经济安全和社 会稳定": a label broken by a space
        "review": 0,
        "litigation": 0,
        "complaints": 0,
        "fees": 0,
        "offices": 1,
        "reading_points": 0,
        "staff": 2,
        "staff_full": 2,
        "budget": 0,
        "meetings": 3,
        "trainings": 0,
        "trainees": 3,
    }
    assert {k: _cells(old, k) for k in expected} == {k: _d(v) for k, v in expected.items()}
    assert len(old.rows) >= 60 and all(r.problem is None for r in old.rows.values())
    assert all(c.state == "number" for r in old.rows.values() for c in r.cells.values())
    outcomes = identity_outcomes(old)
    assert all(s == "holds" for ss in outcomes.values() for s in ss), outcomes
    for ident in (
        "old_received",
        "old_closed",
        "old_answered",
        "old_review",
        "old_litigation",
        "old_normative_subset",
        "old_press_leaders",
        "old_interviews_leaders",
        "old_refused_reasons",
    ):
        assert outcomes.get(ident), f"{ident} was not checked"
    assert _table_findings(findings["001_0d3292ae08e5f267.txt"]) == []


def test_001_part_time_staff_row_read() -> None:
    old = _read_tables("001_0d3292ae08e5f267.txt")["统计表"]
    assert _cells(old, "staff_part") == _d(0)
    assert identity_outcomes(old).get("old_staff") == ["holds"]


def test_014_flattened_tables_read() -> None:
    """平潭 2020 table 三 (2019 format, flattened): the rows as printed, (七)总计 included."""
    tables = _read_tables("014_pingtan_syq_2020.txt")
    t3 = tables["三"]
    assert t3.layout == "t3_2019"
    assert _cells(t3, "new") == _d(20, 0, 0, 0, 0, 1, 21)  # "200 000121"
    assert _cells(t3, "public") == _d(6, 0, 0, 0, 0, 1, 7)
    assert _cells(t3, "partial") == _d(6, 0, 0, 0, 0, 0, 6)
    assert _cells(t3, "unavailable_not_held") == _d(4, 0, 0, 0, 0, 0, 4)
    assert _cells(t3, "unavailable_unclear") == _d(3, 0, 0, 0, 0, 0, 3)
    assert _cells(t3, "rejected_repeat") == _d(3, 0, 0, 0, 0, 0, 3)
    assert _cells(t3, "other") == _d(4, 0, 0, 0, 0, 0, 4)
    assert _cells(t3, "total") == _d(20, 0, 0, 0, 0, 1, 21)  # "20 0 00 0 121"
    assert _cells(t3, "forward") == _d(0, 0, 0, 0, 0, 0, 0)
    assert [_cells(tables["四"], r) for r in ("review", "direct", "after_review")] == [_d(0, 0, 0, 0, 0)] * 3


def test_014_results_total_fails(findings: Findings) -> None:
    """平潭 2020 table 三: the result rows add up to 26 (自然人) and 27 (总计), (七)总计 says 20 and 21."""
    t105 = sorted(
        (f for f in findings["014_pingtan_syq_2020.txt"] if f.code == "T105"), key=lambda f: f.location.column
    )
    assert [f.evidence["identity"] for f in t105] == ["t3_results_total"] * 2
    assert [f.evidence["binding"] for f in t105] == [{"$c": "natural"}, {"$c": "total"}]
    assert [(f.evidence["lhs"], f.evidence["rhs"]) for f in t105] == [("20", "26"), ("21", "27")]
    assert "20" in t105[0].message and "26" in t105[0].message and "自然人" in t105[0].message
    assert "（七）总计 = 21" in t105[1].message and "= 27" in t105[1].message and "（一）予以公开 7" in t105[1].message
    line10 = corpus_file("014_pingtan_syq_2020.txt").read_text(encoding="utf-8").split("\n")[9]
    assert [f.location.line for f in t105] == [10, 10]
    # each points at its (七)总计 cell
    assert [line10[f.location.column - 1 : f.location.end_column - 1] for f in t105] == ["20", "21"]
    assert line10[: t105[0].location.column - 1].endswith("（七）总计")


@pytest.mark.parametrize("name", EXCERPTS)
def test_excerpts_have_no_identity_failure(name: str, findings: Findings) -> None:
    """What the excerpts hold is consistent; only the cut (T101, T102) and blanks (T104) show."""
    found = _table_findings(findings[name])
    assert not [f for f in found if f.code in ("T103", "T105", "T106", "F101", "F102")]
    assert {f.code for f in found} - {"I101"} <= {"T101", "T102", "T104"}


def test_excerpt_blank_cells_are_blank_not_zero() -> None:
    t3 = _read_tables("116_changchun_erdaoqu_fwzsb_2022_excerpt.txt")["三"]
    assert _cells(t3, "new") == [Decimal(56), "blank", "blank", "blank", "blank", "blank", Decimal(56)]
    assert _cells(t3, "public") == [Decimal(18)] + ["blank"] * 6
    assert _cells(t3, "withheld_secret") == ["blank"] * 7
    t3 = _read_tables("123_xuwen_sifaju_2023_excerpt.txt")["三"]
    assert _cells(t3, "new") == [Decimal(0), "blank", "blank", "blank", "blank", "blank", Decimal(0)]
    assert _cells(t3, "carried") == ["blank"] * 6 + [Decimal(0)]
    t2 = _read_tables("123_xuwen_sifaju_2023_excerpt.txt")["二"]
    assert _cells(t2, "normative") == _d(3, 0, 101)


# -- the narrative against the tables (X101–X104) --------------------------------------------


def _x(findings: Findings, name: str, code: str) -> list[Finding]:
    return sorted(
        (f for f in findings[name] if f.code == code), key=lambda f: (f.location.line or 0, f.location.column or 0)
    )


def test_001_text_numbers_against_the_old_table(findings: Findings) -> None:
    x101 = _x(findings, "001_0d3292ae08e5f267.txt", "X101")
    assert [(f.evidence["claimed"], f.evidence["actual"], f.evidence["cells"]) for f in x101] == [
        ("32", "1", "published_normative:value"),
        ("29", "1", "issued_normative:value"),
    ]
    assert "主动公开规范性文件数32条" in x101[0].message and "制发规范性文件总数29件" in x101[1].message
    (x102,) = _x(findings, "001_0d3292ae08e5f267.txt", "X102")
    assert x102.evidence["sum"] == "1771" and x102.evidence["total"] == "131"
    assert "门户网站主动公开的信息" in x102.message


def test_000_and_014_breakdowns(findings: Findings) -> None:
    (x000,) = _x(findings, "000_e30985a69ba7359e.txt", "X102")
    assert (x000.evidence["total"], x000.evidence["sum"]) == ("31", "38")
    (x014,) = _x(findings, "014_pingtan_syq_2020.txt", "X102")
    assert (x014.evidence["total"], x014.evidence["sum"], len(x014.evidence["parts"])) == ("2602", "2603", 11)


@pytest.mark.parametrize(
    ("name", "compared"),
    [
        # 020: 受理3119, 答复3050, 含上年结转34, 顺延到下年度103, 复议351 (72/64/178/37), 诉讼46 (25/5/9/7), 规章1
        (
            "020_huaian_shi_2024.txt",
            {
                "t3.new": "3119",
                "t3.closed": "3050",
                "t3.carried": "34",
                "t3.forward_after": "103",
                "t4.review": "351",
                "t4.review.upheld": "72",
                "t4.review.corrected": "64",
                "t4.review.other": "178",
                "t4.review.pending": "37",
                "t4.litigation": "46",
                "t4.litigation.upheld": "25",
                "t4.litigation.corrected": "5",
                "t4.litigation.other": "9",
                "t4.litigation.pending": "7",
                "t2.rules.issued": "1",
            },
        ),
        # 019: 收到154, 办结148, 结转至2026年6, 行政复议36起, 行政诉讼9起
        (
            "019_pingtan_syq_2025.txt",
            {"t3.new": "154", "t3.closed": "148", "t3.forward": "6", "t4.review": "36", "t4.litigation": "9"},
        ),
    ],
)
def test_clean_controls_numbers_are_compared_and_agree(name: str, compared: dict) -> None:
    """The clean controls come out clean because their numbers were compared and agree, not
    because nothing was compared."""
    from checker.parse.narrative.claims import narrative, table_for, table_value

    doc = parse_text(corpus_file(name).read_text(encoding="utf-8"))
    seen = {}
    for claim in narrative(doc).claims:
        if claim.entry is None:
            continue
        value = table_value(table_for(doc, claim.entry.table), claim.entry.readings[0])
        assert value.state == "number" and value.value == claim.quantity.value, claim.quantity.text
        seen[claim.entry.key] = str(claim.quantity.value)
    assert seen == compared
