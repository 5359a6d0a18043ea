"""PDF tables drawn without rules between their cells (三线表: a rule above, one under the header,
one below), as typesetters and many offices draw them: the text layer gives lines aligned by
spaces, each label cell wrapped over lines and centred on its numbers, so the end of one row's
label stands below its numbers, above the next row's label. Every cell is read as the source's."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats_helpers import parse_markdown, to_pdf

from checker.api import check_file, parse_text
from checker.ingest.pipeline import read_document

SOURCE = (Path(__file__).parent.parent / "examples" / "clean_2021.md").read_text(encoding="utf-8")


def _cells(doc: object) -> dict[tuple[str, str, str], object]:
    return {
        (t.slot, r.key, c.col): c.number
        for t in doc.stat_tables  # type: ignore[attr-defined]
        for r in t.rows.values()
        for c in r.cells.values()
    }


@pytest.fixture(scope="module", params=["MIDDLE", "TOP"])
def three_line(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Label cells centred on their numbers (the hard case) or set at the top of their cells."""
    path = tmp_path_factory.mktemp("pdf") / f"three_line_{request.param}.pdf"
    path.write_bytes(to_pdf(parse_markdown(SOURCE), rules="three-line", valign=request.param))
    return path


def test_the_text_layer_has_label_ends_below_their_numbers(three_line: Path) -> None:
    """What makes this form hard is there: 规禁止公开 ends the row above it, below its numbers."""
    text = read_document(three_line).norm.text
    assert "1 0 0 0 0 0 1\n规禁止公开\n" in text


def test_every_cell_of_a_three_line_pdf_is_the_sources(three_line: Path) -> None:
    source = _cells(parse_text(SOURCE))
    assert {k[0] for k in source} == {"二", "三", "四"} and len(source) == 10 + 25 * 7 + 15
    assert _cells(read_document(three_line)) == source


def test_a_three_line_pdf_of_a_clean_report_is_clean(three_line: Path) -> None:
    findings = check_file(three_line)
    assert [f.code for f in findings if f.code != "I101"] == [], findings
