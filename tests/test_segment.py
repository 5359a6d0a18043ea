"""The structure grammar on small inputs: numbering styles and levels, headings mid-line, Markdown,
tables, page numbers, the archive header and the preamble; and the vocabulary files' validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.errors import UsageError
from checker.ingest.views import normalise
from checker.model.document import Section
from checker.parse.numerals import marker_number
from checker.parse.segment import Segmented, segment
from checker.parse.structure import parse_structure
from checker.spec.resources import vocabulary_dir
from checker.spec.sections import load_structure, structure_config


def parse(text: str) -> tuple[str, Segmented, Section, list[Section]]:
    norm = normalise(text).text
    seg = segment(norm, structure_config())
    front, sections, problem = parse_structure(seg, structure_config(), len(norm))
    assert problem is None
    return norm, seg, front, sections


def headings(sections: list[Section]) -> list[tuple[int, str, int, str]]:
    return [
        (s.heading.level, s.heading.marker, s.heading.number, s.heading.title)
        for top in sections
        for s in top.walk()
        if s.heading
    ]


def test_each_numbering_style_opens_its_level():
    text = "一、总体情况\n（一）主动公开\n1.完善制度\n（1）细则\n2、强化平台\n（二）依申请公开\n十二、其他\n"
    norm, _, _, sections = parse(text)
    assert headings(sections) == [
        (1, "一、", 1, "总体情况"),
        (2, "(一)", 1, "主动公开"),
        (3, "1.", 1, "完善制度"),
        (4, "(1)", 1, "细则"),
        (3, "2、", 2, "强化平台"),
        (2, "(二)", 2, "依申请公开"),
        (1, "十二、", 12, "其他"),
    ]
    one = sections[0]
    # a section runs from its marker to the next heading of its level or above
    assert (one.start, one.end) == (0, norm.index("十二、"))
    first = one.children[0]
    assert (first.start, first.end) == (norm.index("(一)"), norm.index("(二)"))
    assert first.heading.end == norm.index("\n1.")
    assert [c.heading.marker for c in first.children] == ["1.", "2、"]


def test_a_deeper_heading_without_the_level_between_nests_under_the_open_section():
    _, _, _, sections = parse("一、总体情况\n1.完善制度\n（1）细则\n")
    assert [c.heading.level for c in sections[0].children] == [3]
    assert [c.heading.level for c in sections[0].children[0].children] == [4]


def test_a_heading_after_the_end_of_a_sentence_mid_line_is_inline():
    text = "工作平稳有序。二、主动公开政府信息情况 本年共发布信息120条。"
    norm, _, front, sections = parse(text)
    (two,) = sections
    assert two.heading.inline and two.heading.title == "主动公开政府信息情况"
    assert two.start == norm.index("二、") and two.heading.end == norm.index(" 本年")
    assert front.end == two.start


def test_numbers_mid_sentence_are_not_headings():
    _, _, _, sections = parse("一、总体情况\n全年发布1.2万条，其中2.5%为解读，时间为9:30，共3.5个月。\n")
    assert headings(sections) == [(1, "一、", 1, "总体情况")]


def test_a_unified_title_after_table_digits_is_a_heading_anywhere():
    text = "附表 统计指标 单位 数量\n申请数 件 0003五、存在的主要问题及改进情况\n问题与改进。"
    norm, seg, _, sections = parse(text)
    (five,) = sections
    assert five.key == "五" and five.heading.inline
    assert five.start == norm.index("五、")
    # the table the anchor opened ends where the heading starts
    assert seg.tables == [(norm.index("统计指标"), five.start)]


def test_a_markdown_heading_starts_at_its_prefix():
    text = "报告\n## 一、总体情况\n内容。\n**二、主动公开政府信息情况**\n内容。\n"
    norm, _, _, sections = parse(text)
    assert headings(sections) == [(1, "一、", 1, "总体情况"), (1, "二、", 2, "主动公开政府信息情况")]
    assert sections[0].start == norm.index("##")
    assert sections[1].start == norm.index("**二")
    assert not sections[0].heading.inline


def test_statistics_table_rows_are_not_headings():
    text = (
        "一、总体情况\n内容。\n统计指标 单位 数量\n1.网上申请数 件 3 5\n2.网上申请数 件 3 5\n"
        "二、主动公开政府信息情况\n内容。\n"
    )
    norm, seg, _, sections = parse(text)
    assert headings(sections) == [(1, "一、", 1, "总体情况"), (1, "二、", 2, "主动公开政府信息情况")]
    assert seg.tables == [(norm.index("统计指标"), norm.index("二、"))]


def test_pipe_rows_are_a_table_a_heading_line_ends():
    text = "三、收到和处理政府信息公开申请情况\n| 2.网上申请数 | 件 | 3 | 5 |\n| (一)予以公开 | 1 |\n四、政府信息公开行政复议、行政诉讼情况\n"
    norm, seg, _, sections = parse(text)
    assert [s.key for s in sections] == ["三", "四"]
    assert sections[0].children == []
    assert seg.tables == [(norm.index("| 2."), norm.index("四、"))]


def test_page_numbers_are_recorded_and_not_text():
    text = "一、总体情况\n内容。\n  - 3 -  \n第 4 页 共 10 页\n二、主动公开政府信息情况\n"
    norm, seg, _, sections = parse(text)
    assert seg.pages == [norm.index("  - 3 -"), norm.index("第 4 页")]
    assert len(sections) == 2


def test_an_archive_header_is_read_and_kept_out_of_the_preamble():
    text = (
        "标题: 某区2024年政府信息公开工作年度报告\n发布时间: 2025-01-20 10:00\n==== 正文 ====\n"
        "页面链接与图片详见 links.tsv\n某区2024年政府信息公开工作年度报告\n一、总体情况\n"
    )
    norm, seg, front, sections = parse(text)
    assert seg.archive == {"标题": "某区2024年政府信息公开工作年度报告", "发布时间": "2025-01-20 10:00"}
    assert seg.archive_span == (0, norm.index("\n页面链接"))
    assert headings(sections) == [(1, "一、", 1, "总体情况")]
    assert front.end == sections[0].start


def test_one_metadata_line_is_not_an_archive_header():
    _, seg, _, _ = parse("标题: 某区报告\n==== 正文 ====\n一、总体情况\n")
    assert seg.archive == {} and seg.archive_span is None


def test_the_preamble_is_the_front_and_the_signature_closes_the_report():
    text = "某区2024年政府信息公开工作年度报告\n根据《条例》编制本报告。\n一、总体情况\n内容。\n某区人民政府办公室\n2025年1月20日\n"
    norm, seg, front, sections = parse(text)
    assert (front.start, front.end) == (0, norm.index("一、"))
    assert front.heading is None and front.label == "前言"
    assert seg.signature == (norm.index("某区人民政府办公室"), norm.index("\n", norm.index("2025年")))
    assert seg.tree.children[-1].data == "signature"
    # the last section still runs to the end of the text
    assert (sections[0].start, sections[0].end) == (norm.index("一、"), len(norm))


@pytest.mark.parametrize(
    ("tail", "signed"),
    [
        ("某区人民政府办公室\n二〇二五年一月二十日\n", "某区人民政府办公室\n二〇二五年一月二十日"),
        ("特此报告。\n2025年1月20日\n - 5 - \n", "2025年1月20日"),  # a sentence is not the agency
        ("某区人民政府办公室\n", None),  # no date
        ("某区人民政府办公室 2025年1月20日\n", None),  # not a line of its own
    ],
)
def test_the_signature_is_a_date_line_and_the_agency_above_it(tail, signed):
    norm, seg, _, _ = parse("一、总体情况\n内容。\n" + tail)
    found = norm[seg.signature[0] : seg.signature[1]] if seg.signature else None
    assert found == signed


def test_a_text_without_headings_is_all_preamble():
    norm, _, front, sections = parse("某区报告\n内容。\n")
    assert sections == [] and (front.start, front.end) == (0, norm.index("内容。") + 3)
    norm, _, front, _ = parse("某区报告\n内容。\n某区人民政府\n2025年1月20日")
    assert front.end == len(norm)  # with its signature


@pytest.mark.parametrize(("marker", "value"), [("(三)", 3), ("十二、", 12), ("二十三、", 23), ("7.", 7), ("(12)", 12)])
def test_marker_number_reads_a_marker(marker, value):
    assert marker_number(marker) == value


# ---- the vocabulary files are validated on load -------------------------------------------


def _vocabulary(tmp_path: Path, name: str, old: str, new: str) -> Path:
    base = tmp_path / "vocabulary"
    shutil.copytree(vocabulary_dir(), base)
    path = base / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return base


def test_the_shipped_vocabulary_loads():
    cfg = load_structure(vocabulary_dir())
    assert [s.key for s in cfg.sections] == ["一", "二", "三", "四", "五", "六"]


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "words"),
    [
        ("sections.yaml", "    canonical: 总体情况", "    canonicl: 总体情况", 9, "canonicl"),
        ("sections.yaml", "    loose:\n      - '主动公开'", "    loose:\n      - '主动(公开'", 16, "主动(公开"),
        ("sections.yaml", "    all: [[复议, 诉讼]]", "    all: 复议", 79, "all"),
        ("structure.yaml", "  note_line:", "  note:", 11, "note"),
        ("structure.yaml", "prose:", "pros:", 35, "pros"),
    ],
)
def test_a_typo_in_a_vocabulary_file_is_a_usage_error_with_its_line(tmp_path, name, old, new, line, words):
    """An unknown key is named at its own line; a bad value at the line where its mapping starts."""
    base = _vocabulary(tmp_path, name, old, new)
    with pytest.raises(UsageError) as exc:
        load_structure(base)
    message = str(exc.value)
    assert f"{base / name}:{line}" in message and words in message


def test_a_parser_failure_is_reported_and_the_text_kept(monkeypatch):
    """The grammar accepts every token sequence; if it ever did not, the document keeps its
    text as preamble and the problem is reported (I102), rather than the run crashing."""
    from lark.exceptions import UnexpectedToken

    import checker.parse.segment as segment_module

    real = segment_module._parser(structure_config())

    class Failing:
        def parse(self, text: str) -> None:
            raise UnexpectedToken(segment_module.Token("TEXT", "x"), {"MARK1"})

        def lex(self, text: str):
            return real.lex(text)

    monkeypatch.setattr(segment_module, "_parser", lambda cfg: Failing())
    text = "一、总体情况\n内容。\n- 2 -\n"
    seg = segment(text, structure_config())
    front, sections, problem = parse_structure(seg, structure_config(), len(text))
    assert problem is not None and problem.startswith("UnexpectedToken")
    assert sections == [] and front.heading is None
    assert front.end == text.index("内容。") + 3
    assert seg.pages == [text.index("- 2 -")]


def test_text_stops_at_every_marker_the_grammar_has():
    """WORD repeats the marker patterns as a lookahead; a marker changed in one place only
    would make text run over it (or leave characters no terminal matches)."""
    from checker.parse.segment import _parser

    parser = _parser(structure_config())
    word = parser.get_terminal("WORD").pattern.value
    marks = {t.name: t.pattern.value for t in parser.terminals if t.name.startswith("MARK")}
    assert sorted(marks) == ["MARK1", "MARK2", "MARK3", "MARK4"]
    lookahead = "(?!" + "|".join(marks[name] for name in ("MARK1", "MARK2", "MARK4", "MARK3")) + ")"
    assert lookahead in word


def test_one_scan_for_the_page_number_patterns_finds_what_any_of_them_finds() -> None:
    import re

    from checker.parse.segment import _any_of
    from checker.spec.sections import structure_config
    from tests.conftest import TESTS

    cfg = structure_config()
    lines = [ln for f in sorted((TESTS / "wild").glob("*.txt")) for ln in f.read_text(encoding="utf-8").split("\n")]
    lines += ["共收到申请人情况", "  行政诉讼  ", "- 12 -", "第 3 页,共 9 页", "统 计 指 标"]
    hits = 0
    for patterns in (cfg.table_anchors, cfg.page_numbers):  # the first place, and at the start
        for line in lines:
            starts = [m.start() for m in (p.search(line) for p in patterns) if m]
            found = _any_of(patterns).search(line)
            assert (found.start() if found else None) == (min(starts) if starts else None), line
            assert bool(_any_of(patterns).match(line)) == any(p.match(line) for p in patterns)
            hits += bool(starts)
    assert hits >= 5
    assert isinstance(_any_of(cfg.page_numbers), re.Pattern)


def test_a_row_label_is_told_whatever_the_length_of_its_line() -> None:
    from checker.parse.lines import row_label

    assert row_label("一、本年新收政府信息公开申请数量 | 12")
    assert row_label("一、 本年新收 政府信息公开申请数量")
    assert not row_label("一、本年新收政府信息公开申请数量" + "其他" * 5000)


def test_the_offset_lexer_gives_lark_s_tokens() -> None:
    from lark.lexer import BasicLexer, LexerState
    from lark.utils import TextSlice

    from checker.parse.offset_lexer import OffsetLexer
    from checker.parse.segment import _parser
    from tests.conftest import TESTS

    ours = _parser(structure_config()).parser.lexer.lexer
    assert isinstance(ours, OffsetLexer)
    texts = [normalise(f.read_text(encoding="utf-8")).text for f in sorted((TESTS / "wild").glob("*.txt"))[:80]]
    texts += ["一、总体情况\n(一)主动公开\n| 1 | 2 |\n# 标题\n1.第一 2、第二 (3)第三\n", ""]
    for text in texts:
        # lark's own lexing, with the same scanner
        lark_s = BasicLexer.lex(ours, LexerState(TextSlice.cast_from(text)), None)
        expected = [(t.type, str(t), t.start_pos, t.end_pos) for t in lark_s]
        got = [(t.type, str(t), t.start_pos, t.end_pos) for t in ours.lex(LexerState(TextSlice.cast_from(text)), None)]
        assert got == expected


def test_the_character_before_an_offset_skips_spaces() -> None:
    from checker.parse.lines import char_before

    for text, i in [("一、 总体 , (二)", 10), ("  x", 2), ("ab", 0), ("a\u3000 \tb", 4), ("", 0)]:
        assert char_before(text, i) == text[:i].rstrip()[-1:]
