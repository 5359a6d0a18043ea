"""Row labels matched to a layout's rows (checker/parse/tables/labels.py): what the patterns say
about a label is remembered per layout and label, and the rows already filled are applied after,
so a label read twice in one table, or in the next report, names the same row it would afresh."""

from __future__ import annotations

import re

import pytest
from conftest import corpus_file

from checker.ingest.pipeline import document_from_text
from checker.parse.tables import labels
from checker.parse.tables.cells import Piece, Unit, Value
from checker.parse.tables.labels import match_row
from checker.spec.layouts import ColSpec, Layout, RowSpec

COLUMNS = (ColSpec("n", "数量"),)
# "甲" names row a; "甲乙" names row b, and holds a's pattern too.
ROW_A = RowSpec("a", "甲", re.compile("甲"), COLUMNS)
ROW_B = RowSpec("b", "甲乙", re.compile("甲乙"), COLUMNS)
LAYOUT = Layout("test", "二", "测试", "any", (), False, (ROW_A, ROW_B), ())


def unit(label: str) -> Unit:
    return Unit(label=[Piece("TEXT", label, 0, len(label))], values=[Value("number", "1", 10, 11)])


def test_the_rows_filled_are_applied_to_what_is_remembered() -> None:
    # the longest match ending last: 甲乙 is row b; once b is filled, the same label names a;
    # once both are, no row (甲 is one edit from 甲乙: too many for a label of one character).
    assert match_row(LAYOUT, unit("甲乙"), set(), 0) == (ROW_B, [])
    assert match_row(LAYOUT, unit("甲乙"), {"b"}, 0) == (ROW_A, [])
    assert match_row(LAYOUT, unit("甲乙"), {"a", "b"}, 0) == (None, [])
    assert match_row(LAYOUT, unit("甲乙"), set(), 0) == (ROW_B, [])


def test_what_is_remembered_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(labels, "MAX_REMEMBERED_LABELS", 2)
    for text in ("甲一", "甲二", "甲三", "甲四", "甲五"):
        assert match_row(LAYOUT, unit(text), set(), 0) == (ROW_A, [])
    memory = labels._memory(LAYOUT)
    assert 1 <= len(memory.hits) <= 2


def test_a_long_label_is_matched_but_not_remembered() -> None:
    long_label = "甲" + "说明" * labels.MAX_REMEMBERED_LABEL_CHARS
    assert match_row(LAYOUT, unit(long_label), set(), 0) == (ROW_A, [])
    assert long_label not in labels._memory(LAYOUT).hits


@pytest.mark.parametrize(
    "name",
    ["019_pingtan_syq_2025.txt", "020_huaian_shi_2024.txt", "009_pingtan_syq_2015.txt", "001_0d3292ae08e5f267.txt"],
)
def test_a_report_reads_the_same_with_labels_remembered_or_not(name: str) -> None:
    # what is remembered from one report (or from this one, read before) never changes what the
    # next one reads: the tables read with an empty memory equal those read with a full one
    text = corpus_file(name).read_text(encoding="utf-8")
    labels._MEMORIES.clear()
    cold = document_from_text(text).stat_tables
    warm = document_from_text(text).stat_tables
    assert cold and cold == warm
    labels._MEMORIES.clear()
    assert document_from_text(text).stat_tables == cold
