"""Numbers the narrative states: quantities with their units, found in passages and clauses of
the running text, and the table cells the lexicon of rules/claims.yaml says they describe.

Offsets are in the running text ``doc.flow`` (line wraps and spaces around Chinese removed), so
"3119 件" wrapped over two PDF lines is one quantity; findings are reported through ``flow_at``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal

from checker.model.document import Document
from checker.model.tables import Cell, StatTable
from checker.parse.narrative.quantities import Quantity, find_quantities, number_regex
from checker.spec.layouts import table_config
from checker.spec.lexicon import ClaimsConfig, LexiconEntry, Reading, claims_config

# ---------------------------------------------------------------------------------------------
# Numbers


@dataclass
class Passage:
    """A 。！？-sentence of the running text; ；splits it into sentences, commas into clauses."""

    start: int
    end: int
    text: str  # doc.flow.text[start:end]
    quantities: list[Quantity] = field(default_factory=list)


@dataclass
class Claim:
    quantity: Quantity
    passage: Passage
    left: str  # the clause before the number
    right: str  # the clause after the unit
    entry: LexiconEntry | None = None


@dataclass
class Narrative:
    passages: list[Passage]
    claims: list[Claim]  # every quantity, mapped to a lexicon entry where one fits


_CLAUSE_BREAK = re.compile(r"[,;:()\[\]“”\"'《》<>\n]")
_BRACKETED = re.compile(r"\([^()]*\)")
_YEAR = re.compile(r"(\d{4})年")
# A paragraph ends a passage too: a heading line never runs into the text below it.
_PASSAGE_END = re.compile(r"[。！？!?]|\n")


def _left_of(passage: Passage, q: Quantity, previous_end: int) -> str:
    """The clause before the number: back to a clause break or the previous quantity."""
    lo = max(previous_end, passage.start)
    left = passage.text[lo - passage.start : q.start - passage.start]
    # 各乡镇（街道）共收到…: a remark in brackets is left out, not taken for a clause break.
    while _BRACKETED.search(left):
        left = _BRACKETED.sub("", left)
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(left)), default=0)
    return left[cut:]


def _right_of(passage: Passage, q: Quantity) -> str:
    right = passage.text[q.end - passage.start :]
    m = _CLAUSE_BREAK.search(right)
    return right[: m.start()] if m else right


def prose_flow_spans(doc: Document) -> list[tuple[int, int]]:
    """The running text outside tables, as flow offsets."""
    origin = doc.flow.origin
    out = []
    for a, b in doc.prose_spans():
        fa = bisect.bisect_left(origin, doc.norm.orig(a))
        fb = bisect.bisect_left(origin, doc.norm.orig(b))
        if fb > fa:
            out.append((fa, fb))
    return out


def _prefix_ok(prefix: str, doc: Document, cfg: ClaimsConfig) -> bool:
    agency = doc.meta.agency
    if agency:
        prefix = prefix.replace(agency, "")
    # "2023年共收到申请40件" in a 2024 report speaks of another year.
    if any(doc.meta.year is None or int(y) != doc.meta.year for y in _YEAR.findall(prefix)):
        return False
    return cfg.subject_prefix.fullmatch(prefix) is not None


def _subject_of(doc: Document, cfg: ClaimsConfig, left: str) -> str | None:
    """Whether the clause names its subject before words of the lexicon: "stated" (the
    reporting body, or nothing but time and adverbs), "narrow" (各乡镇, 区直部门…), or None
    (no such words: nothing to say)."""
    for entry in cfg.lexicon:
        if entry.topic:
            continue
        m = entry.left.search(left)
        if m is None:
            continue
        prefix = left[: m.start()]
        if not _prefix_ok(prefix, doc, cfg):
            return "narrow"
        return "stated" if prefix.strip() else None
    return None


def _section_titles(doc: Document, flow_at: int) -> str:
    at = doc.flow_to_norm(flow_at)
    return " ".join(s.heading.title for s in doc.all_sections() if s.heading and s.start <= at < s.end)


def _entry_for(
    doc: Document,
    cfg: ClaimsConfig,
    left: str,
    right: str,
    unit_class: str,
    topic: str | None,
    section_titles,
    previous_table: str | None = None,
) -> LexiconEntry | None:
    """The first lexicon entry the clause around a number fits. `section_titles()` gives the
    titles of the sections it stands in, asked only when an entry needs them; a qualifier is
    also met when the number before it described the same table ("因政府信息公开申请引发的
    行政复议36起、行政诉讼9起")."""
    for entry in cfg.lexicon:
        if doc.profile not in entry.profiles or entry.units != unit_class:
            continue
        if entry.topic and topic not in entry.topic:
            continue
        m = entry.left.search(left)
        if m is None:
            continue
        if entry.right is not None and not entry.right.search(right):
            continue
        if entry.not_ is not None and entry.not_.search(left):
            continue
        if not entry.topic and not _prefix_ok(left[: m.start()], doc, cfg):
            continue
        if entry.qualifier is not None and entry.table != previous_table and not entry.qualifier.search(left):
            if entry.section is None or not entry.section.search(section_titles()):
                continue
        return entry
    return None


def narrative(doc: Document) -> Narrative:
    """The passages, quantities and claims of a document, computed once."""
    cached = doc.__dict__.get("_narrative")
    if cached is not None:
        return cached
    cfg = claims_config()
    number = number_regex(cfg)
    text = doc.flow.text
    passages, claims = [], []
    for lo, hi in prose_flow_spans(doc):
        pos = lo
        for m in _PASSAGE_END.finditer(text, lo, hi):
            passages.append(Passage(pos, m.end(), text[pos : m.end()]))
            pos = m.end()
        if pos < hi and text[pos:hi].strip():
            passages.append(Passage(pos, hi, text[pos:hi]))
    for passage in passages:
        passage.quantities = find_quantities(passage.text, passage.start, cfg, number)
        previous_end, topic, previous_table, narrowed = passage.start, None, None, False
        for q in passage.quantities:
            if ";" in passage.text[previous_end - passage.start : q.start - passage.start]:
                topic = previous_table = None  # a new sentence starts its own subject
                narrowed = False
            claim = Claim(q, passage, _left_of(passage, q, previous_end), _right_of(passage, q))
            claim.entry = _entry_for(
                doc,
                cfg,
                claim.left,
                claim.right,
                q.unit_class,
                topic,
                lambda q=q: _section_titles(doc, q.start),
                previous_table,
            )
            # "各乡镇共收到申请126件，办结126件": the 办结 has the same narrower subject.
            subject = _subject_of(doc, cfg, claim.left)
            if subject == "narrow":
                narrowed = True
            elif subject == "stated":
                narrowed = False
            if claim.entry is not None and narrowed and not claim.entry.topic:
                claim.entry = None
            previous_table = claim.entry.table if claim.entry else None
            if claim.entry is not None and not claim.entry.topic:
                topic = claim.entry.key
            claims.append(claim)
            previous_end = q.end
    result = Narrative(passages, claims)
    doc.__dict__["_narrative"] = result
    return result


# ---------------------------------------------------------------------------------------------
# Table values


def table_for(doc: Document, slot: str) -> StatTable | None:
    return next((t for t in doc.stat_tables if t.slot == slot), None)


@dataclass(frozen=True)
class TableValue:
    """A reading of the table: its value, or why there is none."""

    reading: Reading
    value: Decimal | None
    cells: tuple[Cell, ...]
    state: str  # number, unread (ambiguous digits), absent (cells not in this table or blank)


def table_value(table: StatTable, reading: Reading) -> TableValue:
    total, cells = Decimal(0), []
    for term in reading.terms:
        if term.ref is None:
            total += term.sign * term.constant
            continue
        cell = table.cell(term.ref.row, term.ref.col)
        if cell is None:
            return TableValue(reading, None, tuple(cells), "absent")
        cells.append(cell)
        if cell.state == "unread":
            return TableValue(reading, None, tuple(cells), "unread")
        if cell.state != "number" or cell.value is None:
            return TableValue(reading, None, tuple(cells), "absent")
        total += term.sign * cell.value
    return TableValue(reading, total, tuple(cells), "number")


def cell_names(table: StatTable, reading: Reading) -> str:
    """表三“一、本年新收·总计”, sums joined with +."""
    layout = table_config().layouts.get(table.layout)
    names = []
    for term in reading.terms:
        if term.ref is None:
            continue
        row = layout.row(term.ref.row) if layout else None
        col = next((c for c in row.columns if c.key == term.ref.col), None) if row else None
        row_name = row.name if row else term.ref.row
        col_name = col.label if col else term.ref.col
        names.append(row_name if len(row.columns if row else ()) == 1 else f"{row_name}·{col_name}")
    return "＋".join(f"“{n}”" for n in names)


# ---------------------------------------------------------------------------------------------
# Breakdowns: a total and its parts


def entry_for_phrase(doc: Document, phrase: str) -> LexiconEntry | None:
    """The lexicon entry a phrase names ("门户网站主动公开的信息"), as if it stood before a count."""
    return _entry_for(doc, claims_config(), phrase, "", "count", None, lambda: "")
