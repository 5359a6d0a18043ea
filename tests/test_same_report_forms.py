"""One report as offices publish it — Markdown, Word with automatic numbering, a LibreOffice PDF
and a CMS page — gives the same findings: what the readers lose or add never becomes a finding.

The report is examples/clean_2021.md with table 四's 行政复议 总计 4 written 5 (T105: 2 + 1 + 0 + 1
= 4), the defect planted in examples/libreoffice_2021.pdf (made from the same source by
tests/fixtures/make_lo_pdf.py with LibreOffice)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from formats_helpers import parse_markdown

from checker.api import check_file

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))

from fixtures.html.make_pages import jiyue  # noqa: E402
from fixtures.make_docx import make as numbered_docx  # noqa: E402

TESTS = Path(__file__).parent
SOURCE = (TESTS.parent / "examples" / "clean_2021.md").read_text(encoding="utf-8")
REVIEW_ROW = "| 2 | 1 | 0 | 1 | 4 | 1 | 0 | 0 | 1 | 2 | 1 | 0 | 0 | 0 | 1 |"
TITLE = "示例市自然资源和规划局2024年政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    assert SOURCE.count(REVIEW_ROW) == 1
    planted = SOURCE.replace(REVIEW_ROW, REVIEW_ROW.replace("| 4 |", "| 5 |", 1))
    out = tmp_path_factory.mktemp("forms")
    md = out / "report.md"
    md.write_text(planted, encoding="utf-8")
    docx = out / "report.docx"
    docx.write_bytes(numbered_docx(planted, agency="示例市自然资源和规划局", own_lists=()))
    html = out / "report.html"
    # the page's own date is the report's: published on 20 January of the next year
    page = jiyue(parse_markdown(planted)[1:], TITLE).replace(b"2022-01-20", b"2025-01-20").replace(b"2022-", b"2025-")
    html.write_bytes(page)
    return {"md": md, "docx": docx, "pdf": TESTS.parent / "examples" / "libreoffice_2021.pdf", "html": html}


def _findings(path: Path) -> list[tuple[str, str, str]]:
    return sorted((f.code, str(f.severity), f.message) for f in check_file(path) if f.code != "I101")


def test_the_planted_defect_is_what_the_markdown_finds(forms: dict[str, Path]) -> None:
    """The cell 5 breaks its row (T105) and the text's 被申请行政复议4件 (X101); nothing else."""
    found = _findings(forms["md"])
    assert [code for code, _, _ in found] == ["T105", "X101"], found
    assert "总计 = 5" in found[0][2] and "各项之和 = 4" in found[0][2]
    assert "行政复议4件" in found[1][2] and "为5" in found[1][2]


@pytest.mark.parametrize("form", ["docx", "pdf", "html"])
def test_every_form_gives_the_findings_of_the_markdown(forms: dict[str, Path], form: str) -> None:
    assert _findings(forms[form]) == _findings(forms["md"])
