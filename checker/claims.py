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
from functools import cache
from pathlib import Path
from typing import Any

from .identity import IdentityError, Ref, Term, parse_sum
from .model import Cell, Document, StatTable
from .profiles import PROFILES
from .resources import rules_dir
from .tablespec import SLOTS, table_config
from .yamlio import FileProblems, load_yaml

UNIT_CLASSES = ("count", "people", "money", "percent")


class ClaimsProblems(FileProblems):
    what = ("数据文件无效", "invalid data file")


@dataclass(frozen=True)
class Reading:
    """One acceptable table reading of a claim: a sum of cells of one table."""

    text: str
    terms: tuple[Term, ...]

    def refs(self) -> list[Ref]:
        return [t.ref for t in self.terms if t.ref is not None]


@dataclass(frozen=True)
class LexiconEntry:
    key: str
    profiles: tuple[str, ...]
    left: re.Pattern
    right: re.Pattern | None
    not_: re.Pattern | None
    qualifier: re.Pattern | None  # must be in the clause, unless the section's title says it
    section: re.Pattern | None
    topic: tuple[str, ...]  # keys of totals this entry is a part of; empty: a total itself
    units: str
    table: str
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class AbsenceEntry:
    key: str
    regex: re.Pattern
    topic: re.Pattern | None
    profiles: tuple[str, ...]
    table: str
    readings: tuple[Reading, ...]
    what: dict[str, str]


@dataclass(frozen=True)
class ClaimsConfig:
    units: dict[str, str]  # unit word -> class
    unit_regex: str
    approximate: dict[str, tuple[re.Pattern | None, re.Pattern | None]]
    not_before: re.Pattern
    not_after: re.Pattern
    subject_prefix: re.Pattern
    whole_marker: re.Pattern
    part_marker: re.Pattern
    other_part: re.Pattern
    open_end: re.Pattern
    dimensions: tuple[re.Pattern, ...]
    other_dimension: re.Pattern
    entity_units: frozenset[str]
    other_totals: tuple[tuple[str, Reading], ...]
    stop: re.Pattern
    named_whole: re.Pattern
    share: re.Pattern
    lexicon: tuple[LexiconEntry, ...]
    absence: tuple[AbsenceEntry, ...]
    absence_restricted: re.Pattern


def _regex(p: ClaimsProblems, node: Any, value: Any) -> re.Pattern:
    if not isinstance(value, str):
        p.fail(node, "应为正则表达式字符串", "expected a regular expression string")
    try:
        return re.compile(value)
    except re.error as exc:
        p.fail(node, f"正则表达式无效 {value!r}：{exc}", f"invalid regular expression {value!r}: {exc}")


def _readings(p: ClaimsProblems, node: Any, table: str, cells: Any) -> tuple[Reading, ...]:
    if not isinstance(cells, list) or not cells:
        p.fail(node, "cells 应为非空列表", "cells must be a non-empty list")
    layouts = [lay for lay in table_config().layouts.values() if lay.slot == table]
    out = []
    for text in cells:
        try:
            terms = parse_sum(str(text))
        except IdentityError as exc:
            p.fail(node, f"单元格表达式无效“{text}”：{exc}", f"invalid cell expression '{text}': {exc}")
        for term in terms:
            if term.ref is None:
                continue
            if not any(lay.row(term.ref.row) and term.ref.col in lay.columns_of(term.ref.row) for lay in layouts):
                p.fail(node, f"表{table}的任何格式都没有单元格 {term.ref.row}:{term.ref.col}", f"no layout of table {table} has the cell {term.ref.row}:{term.ref.col}")
        out.append(Reading(str(text), terms))
    return tuple(out)


def _table_reading(p: ClaimsProblems, node: Any, text: str) -> tuple[str, Reading]:
    """'三:total:total' → table 三 and its reading."""
    table, _, cells = text.partition(":")
    if table not in SLOTS:
        p.fail(node, f"“{text}”应以表名开头（{'、'.join(SLOTS)}）", f"'{text}' must start with a table ({', '.join(SLOTS)})")
    return table, _readings(p, node, table, [cells])[0]


def _profiles(p: ClaimsProblems, node: Any) -> tuple[str, ...]:
    profiles = tuple(str(x) for x in node.get("profiles", PROFILES))
    for prof in profiles:
        if prof not in PROFILES:
            p.fail(node, f"未知格式“{prof}”", f"unknown profile '{prof}'")
    return profiles


def _table(p: ClaimsProblems, node: Any) -> str:
    table = str(node.get("table", ""))
    if table not in SLOTS:
        p.fail(node, f"table 应为 {'、'.join(SLOTS)} 之一", f"table must be one of {', '.join(SLOTS)}")
    return table


@cache
def claims_config() -> ClaimsConfig:
    return load_claims(rules_dir() / "claims.yaml")


def load_claims(path: Path) -> ClaimsConfig:
    """rules/claims.yaml, validated: a bad pattern or cell is a UsageError naming file and line."""
    data = load_yaml(path)
    p = ClaimsProblems(path)
    required = ("units", "approximate", "not_quantity_before", "not_quantity_after", "subject_prefix", "breakdown", "percentage", "absence", "absence_restricted", "lexicon")
    missing = [k for k in required if not isinstance(data, dict) or k not in data]
    if missing:
        p.fail(data, f"缺少 {', '.join(missing)}", f"missing {', '.join(missing)}")
    for node in (*data["lexicon"], *data["absence"]):
        for key in ("key", "table", "cells", *(("left",) if node in data["lexicon"] else ("regex", "what"))):
            if key not in node:
                p.fail(node, f"缺少 {key}", f"missing {key}")
    units: dict[str, str] = {}
    for cls, words in data["units"].items():
        if cls not in UNIT_CLASSES:
            p.fail(data["units"], f"未知单位类别“{cls}”", f"unknown unit class '{cls}'")
        for w in words:
            units[str(w)] = cls
    # Longest first: 人次 before 人, 万元 before 元.
    unit_regex = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    approximate = {}
    for name, spec in data["approximate"].items():
        if name not in ("over", "near", "about"):
            p.fail(data["approximate"], f"未知约数类别“{name}”", f"unknown approximation '{name}'")
        approximate[name] = (
            _regex(p, spec, spec["before"]) if "before" in spec else None,
            _regex(p, spec, spec["after"]) if "after" in spec else None,
        )
    lexicon = []
    keys = set()
    for node in data["lexicon"]:
        key = str(node["key"])
        if key in keys:
            p.fail(node, f"重复的键“{key}”", f"duplicate key '{key}'")
        keys.add(key)
        unit_class = str(node.get("units", "count"))
        if unit_class not in UNIT_CLASSES:
            p.fail(node, f"未知单位类别“{unit_class}”", f"unknown unit class '{unit_class}'")
        table = _table(p, node)
        lexicon.append(
            LexiconEntry(
                key=key,
                profiles=_profiles(p, node),
                left=_regex(p, node, node["left"]),
                right=_regex(p, node, node["right"]) if "right" in node else None,
                not_=_regex(p, node, node["not"]) if "not" in node else None,
                qualifier=_regex(p, node, node["qualifier"]) if "qualifier" in node else None,
                section=_regex(p, node, node["section"]) if "section" in node else None,
                topic=tuple(str(t) for t in node.get("topic", ())),
                units=unit_class,
                table=table,
                readings=_readings(p, node, table, node.get("cells")),
            )
        )
    for entry in lexicon:
        for t in entry.topic:
            if t not in keys:
                p.fail(data["lexicon"], f"“{entry.key}”的 topic “{t}”不是词表中的键", f"topic '{t}' of '{entry.key}' is not a lexicon key")
    absence = []
    for node in data["absence"]:
        table = _table(p, node)
        absence.append(
            AbsenceEntry(
                key=str(node["key"]),
                regex=_regex(p, node, node["regex"]),
                topic=_regex(p, node, node["topic"]) if "topic" in node else None,
                profiles=_profiles(p, node),
                table=table,
                readings=_readings(p, node, table, node.get("cells")),
                what=dict(node["what"]),
            )
        )
    bd = data["breakdown"]
    return ClaimsConfig(
        units=units,
        unit_regex=unit_regex,
        approximate=approximate,
        not_before=_regex(p, data, data["not_quantity_before"]),
        not_after=_regex(p, data, data["not_quantity_after"]),
        subject_prefix=_regex(p, data, data["subject_prefix"]),
        whole_marker=_regex(p, bd, bd["whole"]),
        part_marker=_regex(p, bd, bd["part"]),
        other_part=_regex(p, bd, bd["other_part"]),
        open_end=_regex(p, bd, bd["open_end"]),
        dimensions=tuple(_regex(p, bd, d) for d in bd["dimensions"]),
        other_dimension=_regex(p, bd, bd["other_dimension"]),
        entity_units=frozenset(str(u) for u in bd["entity_units"]),
        other_totals=tuple(_table_reading(p, bd, str(t)) for t in bd["other_totals"]),
        stop=_regex(p, bd, bd["stop"]),
        named_whole=_regex(p, bd, bd["named_whole"]),
        share=_regex(p, data["percentage"], data["percentage"]["share"]),
        lexicon=tuple(lexicon),
        absence=tuple(absence),
        absence_restricted=_regex(p, data, data["absence_restricted"]),
    )


# ---------------------------------------------------------------------------------------------
# Numbers

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


def chinese_number(text: str) -> int | None:
    """一百三十一 → 131, 两千零五 → 2005, 十二 → 12, 三万五千 → 35000; None if not a numeral."""
    if not text or any(ch not in CN_NUMERAL for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:  # 二〇二四: digit by digit
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            total = (total + section + digit) * _CN_BIG[ch]
            section = digit = 0
    return total + section + digit


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    unit_class: str
    approx: str | None  # over, near, about
    start: int  # flow offsets: the number (with its approximation words) …
    end: int  # … to the end of the unit
    number_start: int
    text: str
    decimals: int  # digits after the point, for percentages

    def admits(self, actual: Decimal) -> bool:
        """Whether a table value can be what this (possibly approximate) quantity says."""
        n = self.value
        if self.approx is None:
            return actual == n
        digits = str(int(n)) if n == int(n) else ""
        zeros = len(digits) - len(digits.rstrip("0")) if digits and n else 0
        scale = Decimal(10) ** max(zeros, 1)
        if self.approx == "over":
            return n <= actual < n + scale
        if self.approx == "near":
            return n - scale < actual <= n
        return abs(actual - n) < scale


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


def _number_regex(cfg: ClaimsConfig) -> re.Pattern:
    return re.compile(
        r"(?P<num>\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?|[" + CN_NUMERAL + r"]+)"
        r"\s*(?P<after>余|多)?\s*(?P<unit>" + cfg.unit_regex + r")"
    )


def _quantities(text: str, base: int, cfg: ClaimsConfig, number: re.Pattern) -> list[Quantity]:
    out = []
    for m in number.finditer(text):
        raw = m.group("num")
        if raw[0].isdigit():
            # A number glued to a longer run of digits or letters is part of a code, not a count.
            if m.start() > 0 and (text[m.start() - 1].isalnum() and text[m.start() - 1].isascii() or text[m.start() - 1] in ".-/"):
                continue
            value = Decimal(raw.replace(",", ""))
        else:
            # 数万件, 上百条, 几十次 are not counts; a numeral starts with a digit or 十.
            if raw[0] in "百千万亿" or (m.start() > 0 and text[m.start() - 1] in "几数上成好"):
                continue
            cn = chinese_number(raw)
            if cn is None:
                continue
            value = Decimal(cn)
        before, after = text[max(0, m.start() - 12):m.start()], text[m.end():m.end() + 6]
        if cfg.not_before.search(before) or cfg.not_after.search(after):
            continue
        unit = m.group("unit")
        approx, start = None, m.start()
        if m.group("after"):
            approx = "over"
        for name, (pre, post) in cfg.approximate.items():
            if pre is not None:
                pm = pre.search(before)
                if pm:
                    approx, start = name, m.start() - (len(before) - pm.start())
                    break
            if post is not None and post.search(after) and approx is None:
                approx = name
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        out.append(Quantity(value, unit, cfg.units[unit], approx, base + start, base + m.end(), base + m.start(), text[start:m.end()], decimals))
    return out


def _left_of(passage: Passage, q: Quantity, previous_end: int) -> str:
    """The clause before the number: back to a clause break or the previous quantity."""
    lo = max(previous_end, passage.start)
    left = passage.text[lo - passage.start:q.start - passage.start]
    # 各乡镇（街道）共收到…: a remark in brackets is left out, not taken for a clause break.
    while _BRACKETED.search(left):
        left = _BRACKETED.sub("", left)
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(left)), default=0)
    return left[cut:]


def _right_of(passage: Passage, q: Quantity) -> str:
    right = passage.text[q.end - passage.start:]
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


def _entry_for(doc: Document, cfg: ClaimsConfig, left: str, right: str, unit_class: str, topic: str | None, section_titles, previous_table: str | None = None) -> LexiconEntry | None:
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
    number = _number_regex(cfg)
    text = doc.flow.text
    passages, claims = [], []
    for lo, hi in prose_flow_spans(doc):
        pos = lo
        for m in _PASSAGE_END.finditer(text, lo, hi):
            passages.append(Passage(pos, m.end(), text[pos:m.end()]))
            pos = m.end()
        if pos < hi and text[pos:hi].strip():
            passages.append(Passage(pos, hi, text[pos:hi]))
    for passage in passages:
        passage.quantities = _quantities(passage.text, passage.start, cfg, number)
        previous_end, topic, previous_table, narrowed = passage.start, None, None, False
        for q in passage.quantities:
            if ";" in passage.text[previous_end - passage.start:q.start - passage.start]:
                topic = previous_table = None  # a new sentence starts its own subject
                narrowed = False
            claim = Claim(q, passage, _left_of(passage, q, previous_end), _right_of(passage, q))
            claim.entry = _entry_for(doc, cfg, claim.left, claim.right, q.unit_class, topic, lambda q=q: _section_titles(doc, q.start), previous_table)
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


_QUOTE_BREAK = re.compile(r"[,;()]")


def _clause_start(text: str, pos: int, lo: int) -> int:
    starts = [m.end() for m in _QUOTE_BREAK.finditer(text, lo, pos)]
    return starts[-1] if starts else lo


def _clause_end(text: str, pos: int) -> int:
    m = _QUOTE_BREAK.search(text, pos)
    return m.start() if m else len(text)


def quote(passage: Passage, start: int, end: int) -> str:
    """The clauses a span stands in, from the clause of its start (with the one before when
    that is short) to the clause of its end; a long span keeps only its first and last clause."""
    text = passage.text
    s, e = start - passage.start, end - passage.start
    a = _clause_start(text, s, 0)
    if s - a < 8 and a > 0:
        a = _clause_start(text, a - 1, 0)
    b = _clause_end(text, e)
    if b - a > 90:
        first_end = _clause_end(text, max(s, a) + 1)
        last_start = _clause_start(text, e - 1, 0)
        if first_end < last_start:
            return f"{text[a:first_end].strip()}…{text[last_start:b].strip()}"
    return text[a:b].strip().rstrip("。")


# ---------------------------------------------------------------------------------------------
# Breakdowns: a total and its parts


@dataclass
class Breakdown:
    passage: Passage
    parts: list[Quantity]
    whole: bool  # the text says the parts are the whole (分别为, 包括, or a part named 其他…)
    head: Quantity | None = None  # the total stated before the marker …
    named: str | None = None  # … or the total named but not stated: 在“门户网站主动公开的信息”中
    marker_at: int = 0

    @property
    def parts_sum(self) -> Decimal:
        return sum((q.value for q in self.parts), Decimal(0))


def _gap(passage: Passage, a: int, b: int) -> str:
    return passage.text[a - passage.start:b - passage.start]


def _parts_after(passage: Passage, claims_by_q: dict[int, Claim], quantities: list[Quantity], start_index: int, cfg: ClaimsConfig, across_sentences: bool, head_unit: str | None) -> tuple[list[Quantity], bool]:
    """The parts of a list that starts at quantities[start_index], and whether the text says
    they are the whole (a part named 其他…, and no 等 after the last one)."""
    parts: list[Quantity] = []
    other = False
    previous_end = quantities[start_index].start
    for i in range(start_index, len(quantities)):
        q = quantities[i]
        gap = _gap(passage, previous_end, q.start)
        if parts and not across_sentences and ";" in gap:
            break
        if q.unit_class != "count":
            previous_end = q.end
            continue
        if head_unit is not None and q.unit != head_unit and (q.unit in cfg.entity_units or sum(1 for x in parts if x.unit == head_unit) >= 2):
            break  # "解读12篇，其中图解6篇、视频3篇、文字3篇，回应关切15次": the list has ended
        left = claims_by_q[q.start].left
        if parts and cfg.stop.search(left):
            break
        dimension = next((k for k, d in enumerate(cfg.dimensions) if d.search(left)), None)
        if not parts:
            first_dimension = dimension
        elif dimension is not None and first_dimension is not None and dimension != first_dimension:
            break
        nxt = quantities[i + 1] if i + 1 < len(quantities) else None
        if parts and nxt is not None and (cfg.part_marker.search(_gap(passage, q.end, nxt.start)) or cfg.whole_marker.search(_gap(passage, q.end, nxt.start))):
            break  # a new total with parts of its own
        parts.append(q)
        other = other or bool(cfg.other_part.search(left.removeprefix("其中")))
        previous_end = q.end
    if parts and cfg.open_end.search(_gap(passage, parts[-1].end, passage.end)):
        other = False
    return parts, other


def _same_kind(head: Quantity, parts: list[Quantity]) -> bool:
    """Parts count what their total counts: most of them in its unit ("热点31次，其中发布会4次，
    解读稿件18篇，回应16次" mixes 篇 in; "信息620余条，其中行政许可3152件次…处罚决定214件" counts
    other things)."""
    return 2 * sum(1 for q in parts if q.unit == head.unit) >= len(parts)


def breakdowns(doc: Document) -> list[Breakdown]:
    cached = doc.__dict__.get("_breakdowns")
    if cached is not None:
        return cached
    cfg = claims_config()
    story = narrative(doc)
    claims_by_q = {c.quantity.start: c for c in story.claims}
    out: list[Breakdown] = []
    previous: Passage | None = None
    for passage in story.passages:
        qs = passage.quantities
        counts = [q for q in qs if q.unit_class == "count"]
        # 其中… opening a passage: the parts of the total that closed the previous one.
        previous_counts = [q for q in previous.quantities if q.unit_class == "count"] if previous is not None else []
        # 其中 after a full stop belongs to the previous sentence's total only when it has one.
        if counts and len(previous_counts) == 1 and re.match(r"\s*(?:其中|含)", passage.text):
            head = previous.quantities[-1]
            tail = _gap(previous, head.end, previous.end)
            if head.unit_class == "count" and len(tail) <= 2:
                parts, other = _parts_after(passage, claims_by_q, qs, qs.index(counts[0]), cfg, False, head.unit)
                if parts and _same_kind(head, parts):
                    out.append(Breakdown(passage, parts, other, head=head, marker_at=passage.start))
        for i, head in enumerate(qs[:-1]):
            if head.unit_class != "count":
                continue
            gap = _gap(passage, head.end, qs[i + 1].start)
            whole = cfg.whole_marker.search(gap)
            part = cfg.part_marker.search(gap)
            marker = whole or part
            if marker is None or cfg.stop.search(gap[: marker.start()]) or ";" in gap[: marker.start()]:
                continue
            parts, other = _parts_after(passage, claims_by_q, qs, i + 1, cfg, False, head.unit)
            if parts and _same_kind(head, parts):
                open_list = cfg.open_end.search(_gap(passage, parts[-1].end, passage.end)) is not None
                out.append(Breakdown(passage, parts, (bool(whole) and not open_list) or other, head=head, marker_at=head.end + marker.start()))
        for m in cfg.named_whole.finditer(passage.text):
            at = passage.start + m.end()
            first = next((k for k, q in enumerate(qs) if q.start >= at), None)
            if first is None or _gap(passage, at, qs[first].start).count(",") > 0:
                continue
            parts, _ = _parts_after(passage, claims_by_q, qs, first, cfg, True, None)
            if len(parts) >= 2:
                out.append(Breakdown(passage, parts, False, named=m.group(1), marker_at=passage.start + m.start()))
        previous = passage
    doc.__dict__["_breakdowns"] = out
    return out


def entry_for_phrase(doc: Document, phrase: str) -> LexiconEntry | None:
    """The lexicon entry a phrase names ("门户网站主动公开的信息"), as if it stood before a count."""
    return _entry_for(doc, claims_config(), phrase, "", "count", None, lambda: "")
