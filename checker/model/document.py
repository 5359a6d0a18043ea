"""The document model every reader produces and every rule reads.

Offsets (``start``/``end``) index the normalised text ``Document.norm.text``; ``Document.place``
turns one into a line and column of the original file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from checker.ingest.views import LineIndex, View
from checker.model.tables import StatTable


@dataclass
class Heading:
    level: int  # 1: 一、  2: （一）  3: 1.  4: （1）
    number: int
    marker: str
    title: str
    start: int  # the marker
    end: int  # end of the title
    inline: bool  # found in the middle of a line (archive and flattened text)


@dataclass
class Section:
    heading: Heading | None
    level: int
    start: int
    end: int = 0
    children: list[Section] = field(default_factory=list)
    key: str | None = None  # which required section this is ("一".."六"), when recognised
    standard: bool = True  # False when recognised only under a non-standard wording

    @property
    def body_start(self) -> int:
        return self.heading.end if self.heading else self.start

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def label(self) -> str:
        if self.heading is None:
            return "前言"
        return f"{self.heading.marker}{self.heading.title}"


@dataclass
class TableRegion:
    start: int
    end: int


@dataclass
class Dated:
    value: dt.date
    start: int
    end: int
    source: str  # where it was read: signature, archive, page, option


@dataclass
class Metadata:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    agency: str | None = None
    agency_source: str | None = None
    agencies: list[tuple[str, str, int]] = field(default_factory=list)  # (name, source, offset)
    year: int | None = None
    year_source: str | None = None
    years: dict[str, tuple[int, int]] = field(default_factory=dict)  # source -> (year, offset)
    period_stated: bool = False
    period_span: tuple[int, int] | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    period_text: str | None = None
    published: Dated | None = None
    signature: Dated | None = None
    archive: dict[str, str] = field(default_factory=dict)


@dataclass
class SourceMap:
    """Where each line of a converted document's text came from, in words its author can find
    again: per line, (column, label) pairs, each label holding from its column (0-based) on."""

    lines: list[tuple[tuple[int, str], ...]]

    def at(self, line: int, column: int) -> str | None:
        """The label of a 1-based line and column of the text."""
        if not 1 <= line <= len(self.lines):
            return None
        spans = self.lines[line - 1]
        found = spans[0][1] if spans else None
        for start, label in spans:
            if start > column - 1:
                break
            found = label
        return found


@dataclass(frozen=True)
class Truncation:
    """The text stops mid-way (a copy cut off, the opening of a page): the later parts of the
    report are not missing from it, they are beyond the cut and cannot be checked."""

    at: int  # norm offset where the text stops
    # "sentence": mid-sentence; "heading": on a heading with nothing under it; "table": inside a
    # table; "opening": unsigned, inside the first of the six sections, before any table
    reason: str
    tail: str  # the last words before the cut, as they stand
    heading: int | None = None  # start of the heading the text stops on: cut, not a heading of the report
    table: int | None = None  # start of the table region the text stops in


@dataclass
class Document:
    path: str
    text: str  # the original decoded text
    encoding: str
    norm: View
    flow: View
    lines: LineIndex
    replaced_bytes: int = 0
    root: Section | None = None  # the front matter; top-level sections are its siblings
    sections: list[Section] = field(default_factory=list)
    tables: list[TableRegion] = field(default_factory=list)
    stat_tables: list[StatTable] = field(default_factory=list)  # the statistics tables read
    tables_announced: set[str] = field(default_factory=set)  # tables whose caption or header was found, read or not
    pages: list[int] = field(default_factory=list)  # norm offsets where a new page starts
    meta: Metadata = field(default_factory=Metadata)
    profile: str = "2021"
    profile_source: str = "default"
    structure_problem: str | None = None
    table_problem: str | None = None  # reading the statistics tables failed
    sources: SourceMap | None = None  # for docx, html and pdf: where each line came from

    @cached_property
    def truncated(self) -> Truncation | None:
        """Where and why the text looks cut off, or None for a text that ends as a report ends.
        Read from the structure and the tables, so computed on first use, when the rules run
        (the reader may also set it once it has read them)."""
        from checker.parse.truncation import detect_truncation  # the parser builds this model

        return detect_truncation(self)

    def source_at(self, norm_index: int) -> str | None:
        """Where a norm offset lies in the original document (docx, html, pdf), in words; None for text files."""
        if self.sources is None:
            return None
        return self.sources.at(*self.place(norm_index))

    def place(self, norm_index: int) -> tuple[int, int]:
        return self.lines.line_col(self.norm.orig(norm_index))

    def place_flow(self, flow_index: int) -> tuple[int, int]:
        return self.lines.line_col(self.flow.orig(flow_index))

    def norm_at(self, orig_index: int) -> int:
        """The norm offset of an index into the original text."""
        return max(0, bisect.bisect_left(self.norm.origin, orig_index))

    def flow_to_norm(self, flow_index: int) -> int:
        """Approximate norm offset for a flow offset (both map to the original)."""
        target = self.flow.orig(flow_index)
        return max(0, bisect.bisect_left(self.norm.origin, target))

    def all_sections(self) -> Iterator[Section]:
        if self.root:
            yield from self.root.walk()
        for section in self.sections:
            yield from section.walk()

    def section_at(self, norm_index: int) -> Section | None:
        """The deepest headed section holding the offset (the first in document order among
        equals). Looked up in a map built once per document: a scan per finding made a report
        with thousands of headings and findings quadratic."""
        points, answers = self._section_map()
        i = bisect.bisect_right(points, norm_index) - 1
        return answers[i] if i >= 0 else None

    def _section_map(self) -> tuple[list[int], list[Section | None]]:
        """The offsets where the answer of section_at changes, and the answer from each on."""
        key = (id(self.root), len(self.sections))
        cached = self.__dict__.get("_sections_by_offset")
        if cached is not None and cached[0] == key:
            return cached[1]
        spans = [
            (s.start, max(s.end, s.start + 1), s.level, i, s) for i, s in enumerate(self.all_sections()) if s.heading
        ]
        spans.sort(key=lambda span: span[0])
        points = sorted({p for start, stop, *_ in spans for p in (start, stop)})
        open_: list[tuple[int, int, int, Section]] = []  # (-level, order, stop, section): the deepest, first on top
        answers: list[Section | None] = []
        k = 0
        for point in points:
            while k < len(spans) and spans[k][0] <= point:
                start, stop, level, order, section = spans[k]
                heapq.heappush(open_, (-level, order, stop, section))
                k += 1
            while open_ and open_[0][2] <= point:
                heapq.heappop(open_)
            answers.append(open_[0][3] if open_ else None)
        self.__dict__["_sections_by_offset"] = (key, (points, answers))
        return points, answers

    def prose_spans(self) -> list[tuple[int, int]]:
        """Running text of each section up to its first subsection, tables cut out."""
        spans = []
        for s in self.all_sections():
            stop = s.children[0].start if s.children else s.end
            start = s.body_start
            for t in sorted(self.tables, key=lambda t: t.start):
                if t.end <= start or t.start >= stop:
                    continue
                if t.start > start:
                    spans.append((start, t.start))
                start = max(start, t.end)
            if stop > start:
                spans.append((start, stop))
        return spans

    def in_table(self, norm_index: int) -> bool:
        return any(t.start <= norm_index < t.end for t in self.tables)
