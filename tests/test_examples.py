"""The examples a new user runs first (examples/README.md lists each defect and its rule)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checker.api import check_file

EXAMPLES = Path(__file__).parent.parent / "examples"

# examples/README.md, defects 1–14: two H101, M101, M108, S104, S106, S101, H108, H104, X105,
# M105, T105 four times (two columns, two identities each), X101 (45 vs 47), X104 (复议 1).
DEFECTS_2021 = {
    "H101": 2,
    "M101": 1,
    "M108": 1,
    "S104": 1,
    "S106": 1,
    "S101": 1,
    "H108": 1,
    "H104": 1,
    "X105": 1,
    "M105": 1,
    "T105": 4,
    "X101": 1,
    "X104": 1,
}


@pytest.mark.parametrize("name", ["clean_2021.md", "old_2017_gbk.txt"])
def test_clean_examples_are_clean(name: str) -> None:
    assert [f"{f.code} {f.message}" for f in check_file(EXAMPLES / name)] == []


def test_defects_example_finds_each_listed_defect() -> None:
    found = check_file(EXAMPLES / "defects_2021.md")
    assert dict(Counter(f.code for f in found)) == DEFECTS_2021
    (x101,) = [f for f in found if f.code == "X101"]
    assert "45件" in x101.message and "47" in x101.message


@pytest.mark.parametrize("name", ["defects_2021.html", "defects_2021.pdf"])
def test_other_formats_of_the_defects_example_find_the_same(name: str) -> None:
    found = check_file(EXAMPLES / name)
    assert dict(Counter(f.code for f in found)) == DEFECTS_2021
    assert all(f.location.source for f in found if f.location.line)


def test_word_version_of_the_clean_example_is_clean() -> None:
    assert [f"{f.code} {f.message}" for f in check_file(EXAMPLES / "clean_2021.docx")] == []


def test_word_file_with_automatic_numbering_is_clean() -> None:
    """clean_2021_numbered.docx stores its 一、…六、 and (一)… in numbering.xml, not in its text:
    read without its numbering it would miss all six sections (S101)."""
    import zipfile

    path = EXAMPLES / "clean_2021_numbered.docx"
    body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert ">总体情况<" in body and "一、总体情况" not in body and "（一）主动公开情况" not in body
    assert [f"{f.code} {f.message}" for f in check_file(path)] == []


def test_the_libreoffice_pdf_finds_its_one_planted_defect() -> None:
    """examples/libreoffice_2021.pdf is clean_2021.md with table 四's 行政复议 总计 written 5 (2 + 1 + 0 + 1
    = 4): the cell breaks its row (T105) and the text's 被申请行政复议4件 (X101); nothing else."""
    found = check_file(EXAMPLES / "libreoffice_2021.pdf")
    assert sorted(f.code for f in found) == ["T105", "X101"], [f.message for f in found]
