"""What checking one file gives: its findings, with what the reporters need to know of it.

A worker process sends this back, not the Document: the document's metadata is a few fields,
and its text travels only when a reporter shows it (`--format html`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from checker.model.digest import Digest
from checker.model.document import Document
from checker.model.findings import Finding
from checker.policy.policy import Policy


class CellRecord(NamedTuple):
    """One canonical cell as `xxgk extract` gives it (tuples: a batch of a thousand reports
    carries a few hundred thousand of them from the workers)."""

    row: str
    row_label: str
    column: str
    column_label: str
    value: int | float | None
    state: str
    raw: str
    line: int | None
    col: int | None


class TableRecord(NamedTuple):
    """One statistics table as read: its slot (二, 三, 四, 统计表), layout and cells in the
    layout's order of rows and columns."""

    table: str
    name: str  # 表三
    layout: str
    title: str
    line: int | None
    cells: tuple[CellRecord, ...]


@dataclass(frozen=True)
class DocumentInfo:
    """What the reporters read of a document that could be read."""

    year: int | None = None
    profile: str | None = None
    agency: str | None = None
    published: str | None = None  # ISO date
    encoding: str | None = None
    # The decoded text's lines (without line ends), for reporters that show the text; None when
    # the run did not ask for it.
    lines: tuple[str, ...] | None = None
    # What a manifest says of the report (--manifest; None without one): its level (部门,
    # 县级政府…), the body it reports to, and where it was published.
    level: str | None = None
    parent: str | None = None
    url: str | None = None
    # The tables' cells, for reporters that show them (xlsx, html); None when the run did not ask.
    tables: tuple[TableRecord, ...] | None = None

    @classmethod
    def of(cls, doc: Document, keep_text: bool = True, tables: tuple[TableRecord, ...] | None = None) -> DocumentInfo:
        meta = doc.meta
        return cls(
            year=meta.year,
            profile=doc.profile,
            agency=meta.agency,
            published=str(meta.published.value) if meta.published else None,
            encoding=doc.encoding,
            lines=tuple(line.removesuffix("\r") for line in doc.text.split("\n")) if keep_text else None,
            tables=tables,
        )


@dataclass
class DocumentResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    info: DocumentInfo | None = None  # None: the file could not be read as a report (I102)
    policy: Policy = field(default_factory=Policy)  # the policy this file was checked under
    document_id: str = ""  # the identity its fingerprints are made with
    baselined: frozenset[str] = frozenset()  # fingerprints of findings the baseline hid
    score: float | None = None  # under the run's scoring scheme; None: not scored (unreadable, or not asked)
    # What the rules across documents read (tables, sentences), when the run compares documents.
    digest: Digest | None = None

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        info = self.info or DocumentInfo()
        return {
            "path": self.path,
            "year": info.year,
            "profile": info.profile,
            "agency": info.agency,
            "published": info.published,
            "encoding": info.encoding,
            "score": int(self.score) if self.score is not None and self.score.is_integer() else self.score,
            "findings": [f.as_dict(lang) for f in self.findings],
        }
