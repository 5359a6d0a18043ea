"""What the narrative claims: its passages, the quantities in them, and for each quantity the
lexicon entry (rules/vocabulary/lexicon.yaml) that says which table cells it describes; and
what those cells hold (`table_for`, `table_value`), the side of the tables a claim is held to.

Offsets are in the running text ``doc.flow`` (line wraps and spaces around Chinese removed), so
"3119 件" wrapped over two PDF lines is one quantity; findings are reported through ``flow_at``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Literal

from checker.ingest.limits import MAX_PASSAGE_CHARS
from checker.model.document import Document
from checker.model.tables import Cell, CellState, StatTable
from checker.parse.narrative.quantities import Quantity, find_quantities, number_regex
from checker.spec.lexicon import ClaimsConfig, LexiconEntry, Reading, claims_config


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
BRACKETED = re.compile(r"\([^()]*\)")  # an innermost bracketed remark
_YEAR = re.compile(r"(\d{4})年")
# A paragraph ends a passage too: a heading line never runs into the text below it.
_PASSAGE_END = re.compile(r"[。！？!?]|\n")

# ---------------------------------------------------------------------------------------------
# Passages and clauses


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


def _passages(doc: Document) -> list[Passage]:
    text = doc.flow.text
    passages = []
    for lo, hi in prose_flow_spans(doc):
        pos = lo
        for m in _PASSAGE_END.finditer(text, lo, hi):
            passages += _bounded(text, pos, m.end())
            pos = m.end()
        if pos < hi and text[pos:hi].strip():
            passages += _bounded(text, pos, hi)
    return passages


def _bounded(text: str, start: int, end: int) -> list[Passage]:
    """A sentence as a passage; one longer than MAX_PASSAGE_CHARS (no report's is; text without
    full stops is) cut after its last ； or ， within the limit, so the work on a passage stays bounded."""
    out = []
    while end - start > MAX_PASSAGE_CHARS:
        cut = max(text.rfind(";", start, start + MAX_PASSAGE_CHARS), text.rfind(",", start, start + MAX_PASSAGE_CHARS))
        cut = cut + 1 if cut > start else start + MAX_PASSAGE_CHARS
        out.append(Passage(start, cut, text[start:cut]))
        start = cut
    out.append(Passage(start, end, text[start:end]))
    return out


def _left_of(passage: Passage, q: Quantity, previous_end: int) -> str:
    """The clause before the number: back to a clause break or the previous quantity."""
    lo = max(previous_end, passage.start)
    left = passage.text[lo - passage.start : q.start - passage.start]
    # 各乡镇（街道）共收到…: a remark in brackets is left out, not taken for a clause break.
    while BRACKETED.search(left):
        left = BRACKETED.sub("", left)
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(left)), default=0)
    return left[cut:]


def _right_of(passage: Passage, q: Quantity) -> str:
    right = passage.text[q.end - passage.start :]
    m = _CLAUSE_BREAK.search(right)
    return right[: m.start()] if m else right


def _section_titles(doc: Document, flow_at: int) -> str:
    at = doc.flow_to_norm(flow_at)
    return " ".join(s.heading.title for s in doc.all_sections() if s.heading and s.start <= at < s.end)


# ---------------------------------------------------------------------------------------------
# Subjects and lexicon entries


def _prefix_ok(prefix: str, doc: Document, cfg: ClaimsConfig) -> bool:
    """Whether the words before the lexicon's words leave the reporting body as the subject."""
    agency = doc.meta.agency
    if agency:
        prefix = prefix.replace(agency, "")
    # "2023年共收到申请40件" in a 2024 report speaks of another year.
    if any(doc.meta.year is None or int(y) != doc.meta.year for y in _YEAR.findall(prefix)):
        return False
    return cfg.subject_prefix.fullmatch(prefix) is not None


Subject = Literal["stated", "narrow"]


def _subject_of(doc: Document, cfg: ClaimsConfig, left: str) -> Subject | None:
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


@dataclass(frozen=True)
class _Clause:
    """A number's clause and what the clauses before it in its sentence said."""

    left: str
    right: str
    unit_class: str
    topic: str | None  # the key of the total stated before: its parts may follow
    section_titles: Callable[[], str]  # asked only when an entry needs them
    previous_table: str | None = None  # the table the number before described


def _fits(doc: Document, cfg: ClaimsConfig, entry: LexiconEntry, clause: _Clause) -> bool:
    """The clause has the entry's words, none of its exclusions, and a subject it allows; a
    qualifier is also met when the number before described the same table ("因政府信息公开申请
    引发的行政复议36起、行政诉讼9起") or the section's title says it."""
    m = entry.left.search(clause.left)
    if m is None:
        return False
    if entry.right is not None and not entry.right.search(clause.right):
        return False
    if entry.not_ is not None and entry.not_.search(clause.left):
        return False
    if not entry.topic and not _prefix_ok(clause.left[: m.start()], doc, cfg):
        return False
    if entry.qualifier is None or entry.table == clause.previous_table or entry.qualifier.search(clause.left):
        return True
    return entry.section is not None and entry.section.search(clause.section_titles()) is not None


def _entry_for(doc: Document, cfg: ClaimsConfig, clause: _Clause) -> LexiconEntry | None:
    """The first lexicon entry the clause around a number fits."""
    entries = _entries_of(cfg.lexicon, doc.profile, clause.unit_class, clause.topic)
    return next((e for e in entries if _fits(doc, cfg, e, clause)), None)


# The lexicon's entries for a profile and a class of unit, and, for a part, that follow its total
# (the key of the total stated before), in the lexicon's order: a clause is tried against these
# only. Keyed by the lexicon's identity (the lexicon itself is not hashed).
_ENTRIES: dict[tuple[int, str, str, str | None], tuple[tuple[LexiconEntry, ...], tuple[LexiconEntry, ...]]] = {}


def _entries_of(
    lexicon: tuple[LexiconEntry, ...], profile: str, units: str, topic: str | None
) -> tuple[LexiconEntry, ...]:
    key = (id(lexicon), profile, units, topic)
    known = _ENTRIES.get(key)
    if known is None or known[0] is not lexicon:
        applies = tuple(
            e for e in lexicon if profile in e.profiles and e.units == units and (not e.topic or topic in e.topic)
        )
        known = (lexicon, applies)
        _ENTRIES[key] = known
    return known[1]


def entry_for_phrase(doc: Document, phrase: str) -> LexiconEntry | None:
    """The lexicon entry a phrase names ("门户网站主动公开的信息"), as if it stood before a count."""
    return _entry_for(doc, claims_config(), _Clause(phrase, "", "count", None, lambda: ""))


# ---------------------------------------------------------------------------------------------
# Claims


@dataclass
class _Sentence:
    """What the numbers before in the sentence (up to ；) said, which the next one inherits."""

    topic: str | None = None
    previous_table: str | None = None
    narrowed: bool = False  # "各乡镇共收到申请126件，办结126件": the 办结 has the same narrower subject

    def follow(self, doc: Document, cfg: ClaimsConfig, claim: Claim) -> None:
        """Drop an entry the sentence's narrower subject rules out, and carry its table and topic."""
        subject = _subject_of(doc, cfg, claim.left)
        if subject is not None:
            self.narrowed = subject == "narrow"
        if claim.entry is not None and self.narrowed and not claim.entry.topic:
            claim.entry = None
        self.previous_table = claim.entry.table if claim.entry else None
        if claim.entry is not None and not claim.entry.topic:
            self.topic = claim.entry.key


def _claims_of(doc: Document, cfg: ClaimsConfig, passage: Passage) -> list[Claim]:
    claims = []
    previous_end, sentence = passage.start, _Sentence()
    for q in passage.quantities:
        if ";" in passage.text[previous_end - passage.start : q.start - passage.start]:
            sentence = _Sentence()  # a new sentence starts its own subject
        claim = Claim(q, passage, _left_of(passage, q, previous_end), _right_of(passage, q))
        clause = _Clause(
            claim.left,
            claim.right,
            q.unit_class,
            sentence.topic,
            partial(_section_titles, doc, q.start),
            sentence.previous_table,
        )
        claim.entry = _entry_for(doc, cfg, clause)
        sentence.follow(doc, cfg, claim)
        claims.append(claim)
        previous_end = q.end
    return claims


def narrative(doc: Document) -> Narrative:
    """The passages, quantities and claims of a document, computed once."""
    cached: Narrative | None = doc.__dict__.get("_narrative")
    if cached is not None:
        return cached
    cfg = claims_config()
    number = number_regex(cfg)
    passages = _passages(doc)
    claims = []
    for passage in passages:
        passage.quantities = find_quantities(passage.text, passage.start, cfg, number)
        claims.extend(_claims_of(doc, cfg, passage))
    result = Narrative(passages, claims)
    doc.__dict__["_narrative"] = result
    return result


# ---------------------------------------------------------------------------------------------
# What the tables say


def table_for(doc: Document, slot: str) -> StatTable | None:
    """The statistics table of a slot (二, 三, 四, 统计表) as read, if the report has it."""
    return next((t for t in doc.stat_tables if t.slot == slot), None)


ValueState = Literal["number", "unread", "absent"]


@dataclass(frozen=True)
class TableValue:
    """A reading of the table: its value, or why there is none."""

    reading: Reading
    value: Decimal | None  # set exactly when state is "number"
    cells: tuple[Cell, ...]
    state: ValueState  # number; unread (ambiguous glued digits); absent (a cell not in this table, or no number)


def table_value(table: StatTable, reading: Reading) -> TableValue:
    """The sum a reading names (cells and constants), or the first cell that has no number."""
    total = Decimal(0)
    cells: list[Cell] = []
    for term in reading.terms:
        if term.ref is None:
            total += term.sign * (term.constant or 0)
            continue
        cell = table.cell(term.ref.row, term.ref.col)
        if cell is None:
            return TableValue(reading, None, tuple(cells), "absent")
        cells.append(cell)
        if cell.state == CellState.UNREAD:
            return TableValue(reading, None, tuple(cells), "unread")
        if cell.number is None:
            return TableValue(reading, None, tuple(cells), "absent")
        total += term.sign * cell.number
    return TableValue(reading, total, tuple(cells), "number")
