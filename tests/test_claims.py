"""Reading numbers from the narrative (checker/parse/narrative/) and the lexicon file's validation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import corpus_file

from checker.api import parse_text
from checker.errors import UsageError
from checker.parse.narrative.claims import narrative
from checker.spec.lexicon import load_claims
from checker.spec.resources import vocabulary_dir


def _quantities(text: str) -> list[tuple[str, str, str | None]]:
    doc = parse_text(text)
    return [(f"{c.quantity.value.normalize():f}", c.quantity.unit, c.quantity.approx) for c in narrative(doc).claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年共收到申请3119件。", [("3119", "件", None)]),
        ("全年共收到申请 3119 件。", [("3119", "件", None)]),  # PDF text keeps spaces
        ("公开信息1,856条。", [("1856", "条", None)]),
        ("公开信息1，856条。", [("1856", "条", None)]),  # full-width comma as a thousands separator
        ("公开信息5500余条。", [("5500", "条", "over")]),
        ("公开信息5500 余条。", [("5500", "条", "over")]),
        ("公开信息近3000条。", [("3000", "条", "near")]),
        ("公开信息约200条。", [("200", "条", "about")]),
        ("公开信息200条左右。", [("200", "条", "about")]),
        ("公开信息超过200条。", [("200", "条", "over")]),
        ("受理申请二十九件。", [("29", "件", None)]),
        ("培训120人次。", [("120", "人次", None)]),
        ("收费12.5万元。", [("12.5", "万元", None)]),
        ("合格率为92.5%。", [("92.5", "%", None)]),
    ],
)
def test_quantities(text: str, expected) -> None:
    assert _quantities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "这是第3次会议。",  # an ordinal
        "一是加强领导。",  # an enumeration
        "数万件材料。",  # not a count
        "2024年12月31日。",  # a date
        "国令第711号。",
        "一次性告知。",
        "10个工作日内答复。",
    ],
)
def test_not_quantities(text: str) -> None:
    assert _quantities(text) == []


def test_a_clause_wrapped_across_pdf_lines_is_read_whole() -> None:
    """020 (PDF text) wraps "答\n复 3050 件": the clause is read in the running text."""
    text = corpus_file("020_huaian_shi_2024.txt").read_text(encoding="utf-8")
    assert "答\n复 3050 件" in text
    claim = next(c for c in narrative(parse_text(text)).claims if c.quantity.value == 3050)
    assert claim.left == "答复" and claim.entry.key == "t3.closed"


def test_lexicon_maps_phrasings_to_cells() -> None:
    doc = parse_text((Path(__file__).parent / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8"))
    mapped = {c.quantity.value: c.entry.key for c in narrative(doc).claims if c.entry}
    assert mapped == {
        Decimal(50): "t3.new",
        Decimal(4): "t3.carried",
        Decimal(51): "t3.closed",
        Decimal(3): "t3.forward",
    }


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (vocabulary_dir() / "lexicon.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "lexicon.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_shipped_lexicon_loads() -> None:
    cfg = load_claims(vocabulary_dir() / "lexicon.yaml")
    assert len(cfg.lexicon) > 20 and len(cfg.absence) >= 8


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("    cells: [carried:total]", "    cells: [carried:totl]", "carried:totl"),
        ("    cells: [carried:total]", "    cells: ['carried:total +']", "invalid cell expression"),
        ("    left: '上一?年度?结转", "    left: '(上一?年度?结转", "invalid regular expression"),
        (
            "    table: 三\n    cells: [carried:total]",
            "    table: 五\n    cells: [carried:total]",
            "table must be one of",
        ),
        ("    topic: [t4.review]\n    left: '维持$", "    topic: [t4.reviw]\n    left: '维持$", "t4.reviw"),
    ],
)
def test_a_bad_lexicon_names_file_and_line(tmp_path: Path, old: str, new: str, needle: str) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(UsageError) as err:
        load_claims(path)
    message = str(err.value)
    assert needle in message
    assert f"{path}:" in message
