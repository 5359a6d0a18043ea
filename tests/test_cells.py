"""Report text never reaches a spreadsheet cell as a formula (the CSV and xlsx reporters, extract's CSV use safe_cell through tabular.spreadsheet_safe)."""

from __future__ import annotations

import pytest

from checker.reporters.cells import safe_cell


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x","点击")', '\'=HYPERLINK("http://x","点击")'),
        ("+1", "+1"),  # a plain number stays a number
        ("-3", "-3"),
        ("=1+1", "'=1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("＝1+1", "'＝1+1"),
        ("示例县人民政府", "示例县人民政府"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_cell(text: str, expected: str) -> None:
    assert safe_cell(text) == expected
