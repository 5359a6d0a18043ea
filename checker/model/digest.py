"""What a worker process sends back of a document for the rules that compare documents (the
previous year's report, the other reports of a batch): its table cells and its sentences, with
where each stands, never the Document itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from checker.model.findings import Location


@dataclass(frozen=True)
class CellRef:
    value: Decimal | None  # None: the cell holds no number (blank, text, unread)
    location: Location


@dataclass(frozen=True)
class TableDigest:
    layout: str
    cells: dict[str, CellRef]  # "row:col" -> the cell

    def value(self, key: str) -> Decimal | None:
        cell = self.cells.get(key)
        return cell.value if cell else None


@dataclass(frozen=True)
class Sentence:
    text: str  # as normalised (simplified characters, full-width forms folded)
    location: Location


@dataclass(frozen=True)
class Digest:
    tables: dict[str, TableDigest] = field(default_factory=dict)  # by slot: 二, 三, 四, 统计表
    sentences: tuple[Sentence, ...] = ()  # the running text, without headings and tables
    title: str | None = None
