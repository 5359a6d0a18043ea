"""`xxgk diff OLD NEW`: what changed between two reports — two years of one agency, or two
copies of one report from two sites.

- sections: the top-level sections of each (by their key 一…六 when recognised, else their
  heading), and whether each was added, removed, changed or kept;
- paragraphs: per section, the lines of running text (tables left out) aligned with difflib:
  changed (with their similarity), added, removed;
- cells: every canonical table cell (as `xxgk extract` reads it) whose value or state differs,
  or that one report has and the other has not;
- numbers: within changed paragraphs, each number replaced by another, with the words before it
  ("主动公开政府信息 1234 → 1500"); a year that moves with the report's year is not counted.

Pure: two Documents in, a DocumentDiff out; checker/reporters/diff_out.py renders it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from checker.extract import table_records
from checker.model.document import Document
from checker.model.result import CellRecord

PREAMBLE = "前言"
CONTEXT_CHARS = 16  # words shown before a changed number
_NUMBER = re.compile(r"\d+(?:[.,，]\d+)*")


@dataclass(frozen=True)
class Side:
    path: str
    agency: str | None
    year: int | None
    profile: str


@dataclass(frozen=True)
class Paragraph:
    line: int
    text: str
    source: str | None = None  # the place in the original (第2页第5行, 第12段) for docx, html, pdf


@dataclass(frozen=True)
class ParagraphChange:
    section: str
    change: str  # changed | added | removed
    old: Paragraph | None
    new: Paragraph | None
    similarity: float | None = None  # for changed: difflib's ratio, 0..1


@dataclass(frozen=True)
class SectionChange:
    key: str
    label: str
    status: str  # same | changed | added | removed
    changed: int = 0  # paragraphs changed, added or removed


@dataclass(frozen=True)
class CellChange:
    table: str
    name: str  # 表三
    row: str
    row_label: str
    column: str
    column_label: str
    old: CellRecord | None
    new: CellRecord | None


@dataclass(frozen=True)
class NumberChange:
    section: str
    context: str  # the words before the number in the new report
    old: str
    new: str
    old_line: int
    new_line: int


@dataclass
class DocumentDiff:
    old: Side
    new: Side
    sections: list[SectionChange] = field(default_factory=list)
    paragraphs: list[ParagraphChange] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)
    numbers: list[NumberChange] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (self.paragraphs or self.cells or any(s.status != "same" for s in self.sections))

    def summary(self) -> dict[str, int]:
        count = {kind: sum(p.change == kind for p in self.paragraphs) for kind in ("changed", "added", "removed")}
        return {
            "sections_changed": sum(s.status != "same" for s in self.sections),
            "paragraphs_changed": count["changed"],
            "paragraphs_added": count["added"],
            "paragraphs_removed": count["removed"],
            "cells_changed": len(self.cells),
            "numbers_changed": len(self.numbers),
        }


# -- the text, section by section ---------------------------------------------------------------


def _sections(doc: Document) -> list[tuple[str, str, int, int]]:
    """(key, label, start, end) of the preamble and each top-level section, in order."""
    text_end = len(doc.norm.text)
    tops = sorted(doc.sections, key=lambda s: s.start)
    first = tops[0].start if tops else text_end
    out = [(PREAMBLE, PREAMBLE, 0, first)]
    for i, s in enumerate(tops):
        end = tops[i + 1].start if i + 1 < len(tops) else text_end
        label = s.label
        out.append((s.key or label, label, s.start, end))
    return out


def paragraphs_by_section(doc: Document) -> tuple[list[tuple[str, str]], dict[str, list[Paragraph]]]:
    """The sections in order (key, label) and each one's lines of running text: blank lines and
    lines inside a statistics table left out, spaces collapsed."""
    order: list[tuple[str, str]] = []
    paragraphs: dict[str, list[Paragraph]] = {}
    text = doc.norm.text
    for key, label, start, end in _sections(doc):
        if key in paragraphs:  # a heading repeated (a copy pasted twice): one section
            key = f"{key}·{label}"
        order.append((key, label))
        found = paragraphs.setdefault(key, [])
        offset = start
        for raw in text[start:end].split("\n"):
            prose = " ".join(_outside_tables(doc, raw, offset).split())
            if prose:
                at = offset + len(raw) - len(raw.lstrip())
                found.append(Paragraph(doc.place(at)[0], prose, doc.source_at(at)))
            offset += len(raw) + 1
    return order, paragraphs


def _outside_tables(doc: Document, line: str, offset: int) -> str:
    """The line without the parts a statistics table takes (a web page flattened into one line
    holds its tables in the middle of its text)."""
    end = offset + len(line)
    cuts = sorted((max(t.start, offset), min(t.end, end)) for t in doc.tables if t.start < end and t.end > offset)
    if not cuts:
        return line
    pieces, pos = [], offset
    for a, b in cuts:
        if a > pos:
            pieces.append(line[pos - offset : a - offset])
        pos = max(pos, b)
    pieces.append(line[pos - offset :])
    return " ".join(pieces)


_KEY_CHARS = 4  # the words before a number that name what it counts
# A number inside an address, a date or a time (…/202503/t2025…, 2026-03-10 15:02): not a count.
_NOT_A_COUNT = re.compile(r"[/_:.\-A-Za-z]|.[/_:\-A-Za-z]")


def _numbers_of(paragraphs: list[Paragraph]) -> dict[tuple[str, str], list[tuple[str, str, int]]]:
    """Each number of the running text under what names it: the few characters before it and
    the one after (its unit), spaces ignored → [(number, context, line)] in order."""
    out: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
    for p in paragraphs:
        text = p.text
        for m in _NUMBER.finditer(text):
            before = "".join(text[: m.start()].split())
            after = text[m.end() :].lstrip()[:1]
            if not before or after.isdigit() or _NOT_A_COUNT.match(before[-1:] + after):
                continue
            context = text[max(0, m.start() - CONTEXT_CHARS) : m.start()].strip()
            out.setdefault((before[-_KEY_CHARS:], after), []).append((m.group(), context, p.line))
    return out


def number_changes(
    section: str, old: list[Paragraph], new: list[Paragraph], years: tuple[int | None, int | None]
) -> list[NumberChange]:
    """Numbers of a section said in the same words in both reports but with another value
    ("受理政府信息公开申请 21 件" → "… 17 件"), however the sentences around them were rewritten.
    A wording used as often in both is paired in order; one used more often in one is not compared."""
    before, after = _numbers_of(old), _numbers_of(new)
    changes = []
    for key, found in after.items():
        previous = before.get(key)
        if previous is None or len(previous) != len(found):
            continue
        for (x, _, old_line), (y, context, new_line) in zip(previous, found):
            if x != y and not _moves_with_the_year(x, y, years):
                changes.append(NumberChange(section, context, x, y, old_line, new_line))
    return sorted(changes, key=lambda c: c.new_line)


def _moves_with_the_year(before: str, after: str, years: tuple[int | None, int | None]) -> bool:
    """2023 → 2024 in the reports of 2023 and 2024 (their own year, or the next year's plans)."""
    old_year, new_year = years
    if old_year is None or new_year is None or not (before.isdigit() and after.isdigit()):
        return False
    return int(after) - int(before) == new_year - old_year and int(before) in (old_year, old_year + 1)


SIMILAR = 0.45  # paragraphs at least this alike are one paragraph changed, not one removed and one added
_MAX_PAIRING = 400  # beyond this many pairs in one block, paragraphs are paired in order


def _pair(old: list[Paragraph], new: list[Paragraph]) -> list[tuple[int | None, int | None, float | None]]:
    """The paragraphs of a replaced block matched in order: each old one with the first later new
    one at least SIMILAR to it; (i, None) removed, (None, j) added."""
    out: list[tuple[int | None, int | None, float | None]] = []
    if len(old) * len(new) > _MAX_PAIRING:
        n = min(len(old), len(new))
        out.extend((k, k, None) for k in range(n))
        out.extend((k, None, None) for k in range(n, len(old)))
        out.extend((None, k, None) for k in range(n, len(new)))
        return out
    next_new = 0
    for i, before in enumerate(old):
        match = None
        for j in range(next_new, len(new)):
            matcher = SequenceMatcher(None, before.text, new[j].text, autojunk=False)
            if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
                ratio = matcher.ratio()
                if ratio >= SIMILAR:
                    match = (j, ratio)
                    break
        if match is None:
            out.append((i, None, None))
            continue
        out.extend((None, k, None) for k in range(next_new, match[0]))
        out.append((i, match[0], match[1]))
        next_new = match[0] + 1
    out.extend((None, k, None) for k in range(next_new, len(new)))
    return out


def _section_changes(
    key: str, old: list[Paragraph], new: list[Paragraph], years: tuple[int | None, int | None]
) -> tuple[list[ParagraphChange], list[NumberChange]]:
    changes: list[ParagraphChange] = []
    matcher = SequenceMatcher(None, [p.text for p in old], [p.text for p in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for i, j, ratio in _pair(old[i1:i2], new[j1:j2]):
            before = old[i1 + i] if i is not None else None
            after = new[j1 + j] if j is not None else None
            if before and after:
                if ratio is None:
                    ratio = SequenceMatcher(None, before.text, after.text, autojunk=False).ratio()
                changes.append(ParagraphChange(key, "changed", before, after, round(ratio, 3)))
            else:
                changes.append(ParagraphChange(key, "removed" if before else "added", before, after))
    return changes, number_changes(key, old, new, years) if changes else []


# -- the tables ---------------------------------------------------------------------------------


def _cells(doc: Document) -> dict[tuple[str, str, str], tuple[str, CellRecord]]:
    return {(t.table, c.row, c.column): (t.name, c) for t in table_records(doc) for c in t.cells}


def cell_changes(old: Document, new: Document) -> list[CellChange]:
    before, after = _cells(old), _cells(new)
    out = []
    for key in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(key), after.get(key)
        if a and b and (a[1].value, a[1].state) == (b[1].value, b[1].state):
            continue
        name, cell = b or a  # type: ignore[misc]
        out.append(
            CellChange(
                key[0],
                name,
                cell.row,
                cell.row_label,
                cell.column,
                cell.column_label,
                a[1] if a else None,
                b[1] if b else None,
            )
        )
    return out


def _side(doc: Document) -> Side:
    return Side(doc.path, doc.meta.agency, doc.meta.year, doc.profile)


def diff_documents(old: Document, new: Document) -> DocumentDiff:
    result = DocumentDiff(_side(old), _side(new))
    old_order, old_paragraphs = paragraphs_by_section(old)
    new_order, new_paragraphs = paragraphs_by_section(new)
    labels = dict(old_order) | dict(new_order)
    keys = [k for k, _ in new_order] + [k for k, _ in old_order if k not in new_paragraphs]
    years = (old.meta.year, new.meta.year) if old.meta.year and new.meta.year else (None, None)
    for key in keys:
        if key not in old_paragraphs:
            result.sections.append(SectionChange(key, labels[key], "added", len(new_paragraphs[key])))
            result.paragraphs.extend(ParagraphChange(key, "added", None, p) for p in new_paragraphs[key])
            continue
        if key not in new_paragraphs:
            result.sections.append(SectionChange(key, labels[key], "removed", len(old_paragraphs[key])))
            result.paragraphs.extend(ParagraphChange(key, "removed", p, None) for p in old_paragraphs[key])
            continue
        changes, numbers = _section_changes(key, old_paragraphs[key], new_paragraphs[key], years)
        result.sections.append(SectionChange(key, labels[key], "changed" if changes else "same", len(changes)))
        result.paragraphs.extend(changes)
        result.numbers.extend(numbers)
    result.cells = cell_changes(old, new)
    return result


def cell_dict(cell: CellRecord | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {"value": cell.value, "state": cell.state, "raw": cell.raw, "line": cell.line}
