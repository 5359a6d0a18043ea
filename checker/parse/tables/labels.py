"""Which row of a layout a unit's label names: by the rows' `match` patterns, or, for a label with
a typo, by the canonical label it is a few edits away from.

Reports of one format print the same row labels again and again, so what the patterns (and the
edit distances) say about a label is worked out once per layout and label and remembered; which
rows are already filled is applied afterwards, as a filter that keeps the rows' order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TypeVar

from checker.parse.tables.cells import VALUE_KINDS, Unit
from checker.spec.layouts import Layout, RowSpec

# Labels remembered per layout before starting afresh: the labels of real reports are a few
# hundred; odd texts cannot grow the memory without end.
MAX_REMEMBERED_LABELS = 4096
# Longer labels (the header text run together with a flattened table's first row) are matched
# afresh each time: what is remembered stays small whatever the reports hold.
MAX_REMEMBERED_LABEL_CHARS = 400
# Layouts remembered: one set is loaded per run; tests load them afresh many times.
MAX_REMEMBERED_LAYOUTS = 64

# A label with a typo or missing characters ("2.其他法律行政止公开") names the row whose canonical
# label it is nearest to, when that is at most one edit in LABEL_EDITS_PER characters away and no
# other row is as near.
LABEL_EDITS_PER = 4


_Remembered = TypeVar("_Remembered")


@dataclass(frozen=True)
class _Hit:
    """Where a row's `match` pattern hit a unit's label."""

    end: int
    length: int
    index: int  # of the row in the layout
    row: RowSpec
    start: int


class _Memory:
    """A layout's labels and what they say: its pattern hits, and the rows near it by edits."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout  # kept, so that its id is not reused while this is remembered
        self.hits: dict[str, tuple[_Hit, ...]] = {}
        self.near: dict[str, tuple[tuple[int, RowSpec], ...]] = {}
        self.forms: list[tuple[RowSpec, set[str]]] | None = None  # each row's canonical labels, when asked

    def hits_of(self, label: str) -> tuple[_Hit, ...]:
        """Every match of every row's pattern in the label, row by row."""
        found = self.hits.get(label)
        if found is None:
            found = tuple(
                _Hit(m.end(), m.end() - m.start(), index, row, m.start())
                for index, row in enumerate(self.layout.rows)
                if row.match is not None
                for m in row.match.finditer(label)
            )
            self._remember(self.hits, label, found)
        return found

    def near_of(self, label: str) -> tuple[tuple[int, RowSpec], ...]:
        """(edits, row) for the rows near the label, in row order."""
        found = self.near.get(label)
        if found is None:
            if self.forms is None:
                self.forms = [(row, _label_forms(row)) for row in self.layout.rows if row.match is not None]
            found = tuple(_near_rows(self.forms, label))
            self._remember(self.near, label, found)
        return found

    @staticmethod
    def _remember(memory: dict[str, _Remembered], label: str, found: _Remembered) -> None:
        if len(label) > MAX_REMEMBERED_LABEL_CHARS:
            return
        if len(memory) >= MAX_REMEMBERED_LABELS:
            memory.clear()
        memory[label] = found


_MEMORIES: dict[int, _Memory] = {}


def _memory(layout: Layout) -> _Memory:
    memory = _MEMORIES.get(id(layout))
    if memory is None or memory.layout is not layout:
        if len(_MEMORIES) >= MAX_REMEMBERED_LAYOUTS:
            _MEMORIES.clear()
        memory = _MEMORIES[id(layout)] = _Memory(layout)
    return memory


def match_row(layout: Layout, unit: Unit, filled: set[str], cursor: int) -> tuple[RowSpec | None, list[RowSpec]]:
    """The row a unit's label names (the match nearest its values), and rows named before it."""
    hits = [h for h in _memory(layout).hits_of(unit.compact) if h.row.key not in filled]
    if not hits:
        return _nearest_row(layout, unit, filled), []
    best_end = max(h.end for h in hits)
    top = [h for h in hits if h.end == best_end]
    longest = max(h.length for h in top)
    # the longest match ending last; among equals, the first row at or after the cursor
    chosen = min((h for h in top if h.length == longest), key=lambda h: (h.index < cursor, h.index))
    before = sorted(
        {h.index: h.row for h in hits if h.end <= chosen.start and cursor <= h.index < chosen.index}.items()
    )
    return chosen.row, [r for _, r in before]


def _bare_label(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _label_forms(row: RowSpec) -> set[str]:
    """The canonical label whole, and its last part (the sub-item a row label cell holds)."""
    return {_bare_label(row.label), _bare_label(row.label.split()[-1])} if row.label.strip() else set()


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 once it is sure to exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _near_rows(forms: list[tuple[RowSpec, set[str]]], label: str) -> list[tuple[int, RowSpec]]:
    """(edits, row) for every row (with its canonical labels: whole, and the last part) one of
    whose labels is within one edit in LABEL_EDITS_PER characters of the label."""
    out = []
    for row, labels in forms:
        near = [d for f in labels if (d := _edits(label, f, len(f) // LABEL_EDITS_PER)) <= len(f) // LABEL_EDITS_PER]
        if near:
            out.append((min(near), row))
    return out


def _nearest_row(layout: Layout, unit: Unit, filled: set[str]) -> RowSpec | None:
    """The one row whose canonical label is within a few edits of the unit's label, for a row
    with values that no pattern names; None when there is none, or more than one as near."""
    label = _bare_label(unit.compact)
    if not label or not any(v.kind in VALUE_KINDS for v in unit.values):
        return None
    scored = sorted(
        ((d, row) for d, row in _memory(layout).near_of(label) if row.key not in filled), key=lambda item: item[0]
    )
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]
