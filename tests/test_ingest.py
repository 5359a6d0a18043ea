"""The ingest pipeline: which reader a suffix gets, overrides, and how the HTML reader finds
the report's body among the page chrome."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from checker.errors import UnreadableInput
from checker.ingest.formats.html import report_body
from checker.ingest.pipeline import (
    CONVERTERS,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    Overrides,
    document_from_text,
    read_document,
)

REPORT = "某县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息326条。\n"


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES - TEXT_SUFFIXES))
def test_every_structured_suffix_has_a_reader_that_imports(suffix: str) -> None:
    converter = CONVERTERS[suffix]
    assert callable(getattr(importlib.import_module(converter.module), converter.function))


def test_text_suffixes_are_decoded_not_converted() -> None:
    assert not TEXT_SUFFIXES & CONVERTERS.keys()


def test_an_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"whatever")
    with pytest.raises(UnreadableInput) as exc:
        read_document(path)
    assert "'.xlsx'" in exc.value.reason_en


def test_a_damaged_file_becomes_unreadable_input_naming_its_format(tmp_path: Path) -> None:
    """The HTML reader decodes whatever it gets; a PDF that pdfplumber cannot parse says PDF."""
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"garbage " * 100)
    with pytest.raises(UnreadableInput) as exc:
        read_document(path)
    assert "PDF" in exc.value.reason_zh


def test_a_file_without_a_suffix_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "report"
    path.write_text(REPORT, encoding="gb18030")
    doc = read_document(path)
    assert (doc.encoding, doc.text) == ("gb18030", REPORT)


def test_overrides_win_over_what_is_read() -> None:
    published = dt.date(2025, 1, 20)
    doc = document_from_text(REPORT, overrides=Overrides(year=2023, agency="某局", published=published))
    assert (doc.meta.year, doc.meta.year_source) == (2023, "option")
    assert (doc.meta.agency, doc.meta.agency_source) == ("某局", "option")
    assert doc.meta.published is not None and doc.meta.published.value == published


def test_without_overrides_the_year_is_read_from_the_title() -> None:
    doc = document_from_text(REPORT)
    assert doc.meta.year == 2024 and doc.meta.year_source != "option"


# ---------------------------------------------------------------------------------------------
# The body of an HTML page

_TEXT = "全年主动公开政府信息326条，其中政策文件20条。" * 5


def _body(page: str) -> list[str]:
    soup = BeautifulSoup(page, "lxml")
    assert soup.body is not None
    return [f"{t.name}#{t.get('id') or t.get('class', [''])[0]}" for t in report_body(soup.body)]


def test_a_cms_container_is_the_body() -> None:
    page = f"""<body><div id="nav"><a href="/">首页</a><a href="/x">机构</a></div>
    <div id="wrap"><div class="TRS_Editor"><p>{_TEXT}</p><p>{_TEXT}</p></div>
    <div class="share">分享到：微信 微博</div></div></body>"""
    assert _body(page) == ["div#TRS_Editor"]


def test_without_a_cms_container_the_child_holding_the_text_is_the_body() -> None:
    page = f"""<body><div id="top">网站导航 无障碍 长者模式</div>
    <div id="main"><div id="article"><p>{_TEXT}</p><p>{_TEXT}</p><p>{_TEXT}</p></div></div>
    <div id="foot">主办单位：某县人民政府办公室</div></body>"""
    # #main holds almost all the text, so does #article inside it; its paragraphs are content.
    assert _body(page) == ["div#article"]


def test_the_title_above_the_body_is_kept() -> None:
    page = f"""<body><div id="nav"><a href="/">首页</a></div>
    <h1 id="title">某县人民政府2024年政府信息公开工作年度报告</h1>
    <div class="TRS_Editor"><p>{_TEXT}</p><p>{_TEXT}</p></div></body>"""
    assert _body(page) == ["h1#title", "div#TRS_Editor"]


def test_a_title_that_is_a_link_is_not_the_report_title() -> None:
    page = f"""<body><a href="/2023"><span id="prev">某县人民政府2023年政府信息公开工作年度报告</span></a>
    <div class="TRS_Editor"><p>{_TEXT}</p><p>{_TEXT}</p></div></body>"""
    assert _body(page) == ["div#TRS_Editor"]
