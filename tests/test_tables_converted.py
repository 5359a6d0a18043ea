"""Tables in text made by converters (OCR, PDF-to-Markdown): the header replaced by placeholder
column names (数据1…数据N), repeated inside the table at a page break. What can be read is read
cell for cell as the original; what cannot is I101, never an error."""

from __future__ import annotations

from pathlib import Path

from checker.api import check_text, parse_text

BASE = (Path(__file__).parent / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")
T3_HEADER = BASE[BASE.index("| （本列数据的勾稽") : BASE.index("| 一、本年新收")]
T4_HEADER = BASE[BASE.index("| 行政复议 | | |") : BASE.index("| 3 | 1 | 0 | 1 | 5 |")]


def _placeholders(n: int, labels: int = 0) -> str:
    cells = ["项目"] * labels + [f"数据{i}" for i in range(1, n + 1)]
    return "| " + " | ".join(cells) + " |\n|" + "---|" * len(cells) + "\n"


def _cells(text: str) -> dict[tuple[str, str, str], object]:
    doc = parse_text(text)
    return {
        (t.slot, r.key, c.col): c.number for t in doc.stat_tables for r in t.rows.values() for c in r.cells.values()
    }


def converted() -> str:
    text = BASE.replace(T3_HEADER, _placeholders(7, labels=3)).replace(T4_HEADER, _placeholders(15))
    # the header again where a page broke the table (before （四）无法提供)
    at = text.index("| | （四）无法提供")
    return text[:at] + _placeholders(7, labels=3).split("\n")[0] + "\n" + text[at:]


def test_placeholder_headers_and_a_repeated_header_read_every_cell_as_the_original() -> None:
    original = _cells(BASE)
    assert len([k for k in original if k[0] == "三"]) == 25 * 7 and len([k for k in original if k[0] == "四"]) == 15
    assert _cells(converted()) == original


def test_the_converted_report_is_as_clean_as_the_original() -> None:
    assert [f.code for f in check_text(converted()) if f.code != "I101"] == []


def test_a_defect_in_a_converted_table_is_found() -> None:
    text = converted().replace(
        "| | （七）总计 | | 41 | 6 | 1 | 0 | 2 | 1 | 51 |", "| | （七）总计 | | 41 | 6 | 1 | 0 | 2 | 1 | 52 |"
    )
    assert "52 |" in text
    assert "T105" in [f.code for f in check_text(text)]


def test_a_row_of_table_four_with_more_values_than_columns_is_not_an_error() -> None:
    text = converted().replace("| 3 | 1 | 0 | 1 | 5 |", "| 3 | 1 | 0 | 1 | 5 | 7 |")
    findings = check_text(text)
    assert not [f for f in findings if f.code.startswith("T") and f.severity == "error"], findings
    assert any(f.code == "I101" for f in findings)
