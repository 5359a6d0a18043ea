"""Chinese numbers, and the section structure parsed from real report forms."""

from __future__ import annotations

import re

import pytest
from conftest import corpus_file

from checker.api import parse_text
from checker.ingest.decode import decode_bytes
from checker.parse.numerals import marker_number

UNIFIED = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("二", 2),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("三十一", 31),
        ("(三)", 3),
        ("四、", 4),
        ("12", 12),
        ("7.", 7),
        ("", 0),
    ],
)
def test_marker_number(text, value):
    assert marker_number(text) == value


def _doc(name: str):
    return parse_text(decode_bytes(corpus_file(name).read_bytes()).text)


def test_archive_one_line_form_019():
    """Archive header, then the whole report on a few lines with headings mid-line."""
    doc = _doc("019_pingtan_syq_2025.txt")
    assert [s.key for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]
    assert [s.heading.title for s in doc.sections] == UNIFIED
    assert all(s.standard for s in doc.sections)
    assert all(s.heading.inline for s in doc.sections)
    assert [c.heading.title for c in doc.sections[0].children] == [
        "主动公开方面",
        "依申请公开方面",
        "政府信息管理方面",
        "信息公开平台建设方面",
        "监督保障方面",
    ]
    assert doc.meta.archive["发布时间"].startswith("2026-03-10")
    assert doc.meta.title == "平潭综合实验区2025年度政府信息公开工作年度报告"
    assert len(doc.tables) == 3
    # sections follow one another and cover the text
    for a, b in zip(doc.sections, doc.sections[1:]):
        assert a.end == b.start


def test_pdf_text_form_020():
    """pdftotext -layout: page numbers -1-, form feeds, wrapped lines, three statistics tables."""
    doc = _doc("020_huaian_shi_2024.txt")
    assert [s.key for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]
    assert [s.heading.title for s in doc.sections] == UNIFIED
    assert len(doc.tables) == 3
    assert len(doc.pages) >= 5
    for section in doc.all_sections():
        if section.heading:
            assert not re.search(r"-\s*\d+\s*-", section.heading.title), section.heading.title
    # each table lies inside the section that announces it (二, 三, 四)
    for table, key in zip(sorted(doc.tables, key=lambda t: t.start), ["二", "三", "四"]):
        section = next(s for s in doc.sections if s.start <= table.start < s.end)
        assert section.key == key
    # the table row labels (一、本年新收…, （一）予以公开) are not taken for headings
    titles = [s.heading.title for s in doc.all_sections() if s.heading]
    assert not any("本年新收" in t or "予以公开" in t for t in titles)
    assert doc.meta.period_start.isoformat() == "2024-01-01"
    assert doc.meta.period_end.isoformat() == "2024-12-31"


def test_page_numbers_are_kept_out_of_section_text_020():
    doc = _doc("020_huaian_shi_2024.txt")
    for offset in doc.pages:
        line = doc.norm.text[offset : doc.norm.text.find("\n", offset)]
        assert re.fullmatch(r"\s*-\s*\d+\s*-\s*", line), line


def test_nested_headings_of_a_plain_report():
    text = "某市2024年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开情况\n1.完善制度\n（1）细则\n2.强化平台\n（二）依申请公开情况\n二、主动公开政府信息情况\n内容。\n"
    doc = parse_text(text)
    assert [s.heading.marker for s in doc.sections] == ["一、", "二、"]
    one = doc.sections[0]
    assert [c.heading.marker for c in one.children] == ["(一)", "(二)"]
    assert [c.heading.marker for c in one.children[0].children] == ["1.", "2."]
    assert [c.heading.marker for c in one.children[0].children[0].children] == ["(1)"]
    assert [c.heading.level for c in one.walk() if c.heading] == [1, 2, 3, 4, 3, 2]


def test_numbers_in_sentences_are_not_headings():
    text = "某市2024年政府信息公开工作年度报告\n一、总体情况\n全年发布信息1.2万条，其中2.5%为解读，时间为9:30。\n二、主动公开政府信息情况\n内容。\n"
    doc = parse_text(text)
    assert [s.heading.title for s in doc.sections] == ["总体情况", "主动公开政府信息情况"]
    assert doc.sections[0].children == []
