"""Kinds that hold the narrative to the tables and to itself: `breakdown` (X102), `percentage`
(X103), `absence_claim` (X104) (and, in claim_table.py, `claim_table`, X101). What the text says is
read by checker/parse/narrative/ with the lexicon of rules/vocabulary/lexicon.yaml."""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, NamedTuple

from checker.parse.literals import may_match
from checker.parse.narrative.breakdowns import Breakdown, breakdowns, cross_cutting
from checker.parse.narrative.claims import (
    Claim,
    Passage,
    entry_for_phrase,
    narrative,
    table_for,
    table_value,
)
from checker.parse.narrative.quantities import Quantity
from checker.parse.narrative.quote import quote
from checker.rules.kinds.base import kind
from checker.spec.layouts import SLOT_NAMES, table_config
from checker.spec.lexicon import AbsenceEntry, ClaimsConfig, Reading, claims_config

if TYPE_CHECKING:
    from checker.model.document import Document
    from checker.model.tables import StatTable
    from checker.rules.context import Context
    from checker.rules.rule import Rule

# A stated share may differ from the computed one by this much beyond half its last digit:
# the computed share is a quotient of Decimals, rounded at their precision.
_SHARE_SLACK = Decimal("1e-9")


def fmt_number(value: Decimal) -> str:
    """A number as the report would write it: 3119, 45.1 (never 3.119E+3, 3119.0 or 45.10)."""
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"


def cell_names(table: StatTable, reading: Reading) -> str:
    """The cells of a reading as the messages name them: 表三“一、本年新收·总计”, each cell by its
    row's name with the column's label when the row has several columns, a sum joined with ＋."""
    layout = table_config().layouts.get(table.layout)
    refs = [(ref.row, ref.col) for ref in reading.refs()]
    names = layout.cells_name(refs) if layout else [f"{r}·{c}" for r, c in refs]
    return "＋".join(f"“{n}”" for n in names)


# ---------------------------------------------------------------------------------------------
# X102: a total and its parts


def _unit(b: Breakdown) -> str:
    units = {q.unit for q in b.parts} | ({b.head.unit} if b.head else set())
    return units.pop() if len(units) == 1 else ""


@kind("breakdown", messages=("default", "unequal", "named"))
def check_breakdown(doc: Document, rule: Rule, ctx: Context) -> None:
    for b in breakdowns(doc):
        if b.named is not None:
            _check_named(doc, ctx, b, b.named)
        elif b.head is not None:
            _check_total(doc, ctx, b, b.head)


def _check_named(doc: Document, ctx: Context, b: Breakdown, named: str) -> None:
    """Parts of a named total that add up to more than it (its table cell, or its number elsewhere)."""
    total = b.parts_sum
    reference = _named_total(doc, named)
    if reference is None or total <= reference[0]:
        return
    value, source = reference
    parts = [fmt_number(q.value) for q in b.parts]
    ctx.report(
        flow_at=b.marker_at,
        flow_end=b.parts[-1].end,
        key=f"named:{named}",
        variant="named",
        evidence={"parts": parts, "sum": fmt_number(total), "total": fmt_number(value), "source": source},
        named=named,
        parts="+".join(parts),
        sum=fmt_number(total),
        total=fmt_number(value),
        unit=_unit(b),
        source=source,
    )


def _check_total(doc: Document, ctx: Context, b: Breakdown, head: Quantity) -> None:
    """Parts above their total ("default"), or parts said to be the whole that are not ("unequal")."""
    total = b.parts_sum
    if any(q.approx for q in b.parts) or _another_total(doc, total):
        return
    earlier = _earlier_totals(b, head)
    if (
        _exceeds(head, total)
        and not (b.inclusive or _fits_earlier_total(head, total, earlier))
        and not cross_cutting(doc, b, head)
    ):
        variant = "default"
    elif b.whole and len(b.parts) >= 2 and not head.admits(total) and not earlier:
        variant = "unequal"
    else:
        return
    last, parts = b.parts[-1], [fmt_number(q.value) for q in b.parts]
    ctx.report(
        flow_at=head.start,
        flow_end=last.end,
        key=f"{head.text}:{len(b.parts)}",
        variant=variant,
        evidence={"total": fmt_number(head.value), "parts": parts, "sum": fmt_number(total), "whole": b.whole},
        quote=quote(b.passage, head.start, last.end),
        total=head.text,
        parts="+".join(parts),
        sum=fmt_number(total),
        unit=_unit(b),
    )


def _exceeds(head: Quantity, total: Decimal) -> bool:
    """Parts above anything the (possibly approximate) total can be."""
    return total > head.value if head.approx in (None, "near") else not head.admits(total) and total > head.value


def _another_total(doc: Document, total: Decimal) -> bool:
    """Parts that add up to another total of the tables ("收到申请50件，其中予以公开23件…"
    adds up to the 51 results, 新收 + 上年结转)."""
    for slot, reading in claims_config().other_totals:
        table = table_for(doc, slot)
        if table is not None and table_value(table, reading).value == total:
            return True
    return False


def _earlier_totals(b: Breakdown, head: Quantity) -> list[Quantity]:
    """Counts before the total in its sentence (up to ；): 其中 may belong to any of them."""
    text = b.passage.text
    return [
        q
        for q in b.passage.quantities
        if q.unit_class == "count"
        and q.start < head.start
        and ";" not in text[q.end - b.passage.start : head.start - b.passage.start]
    ]


def _fits_earlier_total(head: Quantity, total: Decimal, earlier: list[Quantity]) -> bool:
    """Parts that exceed the number before 其中 but fit an earlier total of the sentence, or all
    of them together ("申请50件，上年结转4件，其中自然人43件…" counts the 54) are not reported."""
    if any(q.value >= total for q in earlier):
        return True
    return bool(earlier) and sum((q.value for q in earlier), head.value) == total


def _named_total(doc: Document, named: str) -> tuple[Decimal, str] | None:
    """The total a phrase names: its table cell, or else the number the text gives it elsewhere."""
    entry = entry_for_phrase(doc, named)
    if entry is None:
        return None
    table = table_for(doc, entry.table)
    if table is not None:
        for reading in entry.readings:
            value = table_value(table, reading).value
            if value is not None:
                return value, f"{SLOT_NAMES[table.slot]}{cell_names(table, reading)}"
    for claim in narrative(doc).claims:
        if claim.entry is entry and claim.quantity.approx is None:
            return claim.quantity.value, f"文中“{claim.quantity.text}”"
    return None


# ---------------------------------------------------------------------------------------------
# X103: a part's share of its total


@kind("percentage", messages=("default",))
def check_percentage(doc: Document, rule: Rule, ctx: Context) -> None:
    cfg = claims_config()
    by_start = {c.quantity.start: c for c in narrative(doc).claims}
    for b in breakdowns(doc):
        head = b.head
        if head is None or head.approx or _earlier_totals(b, head) or head.value == 0:
            continue  # an approximate total, one of several, or none: no share can be computed
        for part, pct in _shares(cfg, b, by_start):
            if part.value > head.value:
                continue  # not a share of this total
            actual = part.value / head.value * 100
            if _agrees(actual, pct):
                continue
            ctx.report(
                flow_at=part.start,
                flow_end=pct.end,
                key=f"{part.text}:{pct.text}",
                evidence={
                    "part": fmt_number(part.value),
                    "base": fmt_number(head.value),
                    "stated": fmt_number(pct.value),
                    "computed": f"{actual:.2f}",
                },
                quote=quote(b.passage, part.start, pct.end),
                part=part.text,
                base=head.text,
                stated=pct.text,
                computed=f"{actual:.{max(pct.decimals, 1)}f}%",
            )


def _shares(cfg: ClaimsConfig, b: Breakdown, by_start: dict[int, Claim]) -> list[tuple[Quantity, Quantity]]:
    """Parts followed at once by an exact percentage said to be their share (占…, 比例…)."""
    qs = b.passage.quantities
    out = []
    for part in b.parts:
        i = qs.index(part)
        pct = qs[i + 1] if i + 1 < len(qs) else None
        if pct is None or pct.unit_class != "percent" or pct.approx is not None:
            continue
        if cfg.share.search(by_start[pct.start].left) and not _gap_has_count(qs, i, pct):
            out.append((part, pct))
    return out


def _agrees(actual: Decimal, pct: Quantity) -> bool:
    """Rounded or cut to the stated precision: 45.098% may be written 45.1% or 45.09% (or to 40 decimals)."""
    step = Decimal(10) ** -pct.decimals
    with localcontext(prec=28 + pct.decimals + len(str(int(actual)))):
        return abs(actual - pct.value) <= step / 2 + _SHARE_SLACK or (actual // step) * step == pct.value


def _gap_has_count(qs: list[Quantity], i: int, pct: Quantity) -> bool:
    return any(q.unit_class == "count" and qs[i].end <= q.start < pct.start for q in qs)


# ---------------------------------------------------------------------------------------------
# X104: "no such cases" against a table that counts some


class _Hit(NamedTuple):
    entry: AbsenceEntry
    table: StatTable
    reading: Reading
    value: Decimal
    match: re.Match[str]


@kind("absence_claim", messages=("default",))
def check_absence(doc: Document, rule: Rule, ctx: Context) -> None:
    cfg = claims_config()
    # the entries whose table the report has, and whose words the text may hold: found once
    live = [
        (entry, table)
        for entry in cfg.absence
        if doc.profile in entry.profiles
        and (table := table_for(doc, entry.table)) is not None
        and may_match(entry.regex.pattern, doc.flow.text, entry.regex.flags)
    ]
    for passage in narrative(doc).passages if live else ():
        found = _absence_hits(doc, cfg, passage, live)
        for at, hits in found.items():
            end = max(passage.start + h.match.end() for h in hits)
            described = "，".join(
                f"{SLOT_NAMES[h.table.slot]}{cell_names(h.table, h.reading)}为{fmt_number(h.value)}" for h in hits
            )
            described_en = ", ".join(f"{h.entry.what['en']} = {fmt_number(h.value)}" for h in hits)
            keys = sorted({h.entry.key for h in hits})
            ctx.report(
                flow_at=at,
                flow_end=end,
                key=f"{'+'.join(keys)}@{_ordinal(found, at)}",
                evidence={"claims": keys, "cells": {h.reading.text: fmt_number(h.value) for h in hits}},
                quote=quote(passage, at, end),
                claim=passage.text[at - passage.start : end - passage.start],
                cells={"zh": described, "en": described_en},
            )


def _absence_hits(
    doc: Document, cfg: ClaimsConfig, passage: Passage, entries: list[tuple[AbsenceEntry, StatTable]]
) -> dict[int, list[_Hit]]:
    """Claims of none in the passage whose table cells hold more than 0, by flow offset."""
    found: dict[int, list[_Hit]] = {}
    for entry, table in entries:
        for m in entry.regex.finditer(passage.text):
            at = passage.start + m.start()
            if not _is_claim_of_none(passage, m, at) or _restricted(doc, cfg, passage, m):
                continue
            if entry.topic is not None and not _about(passage, m.start(), entry.topic):
                continue
            for reading in entry.readings:
                value = table_value(table, reading).value
                if value is not None and value > 0:
                    found.setdefault(at, []).append(_Hit(entry, table, reading, value, m))
    return found


def _restricted(doc: Document, cfg: ClaimsConfig, passage: Passage, m: re.Match[str]) -> bool:
    """The claim's clause, or the one before it, limits it to part of the year's cases or to another year."""
    before = passage.text[: m.start()]
    breaks = [k for k, ch in enumerate(before) if ch in ",;:"]
    scope = before[breaks[-2] + 1 if len(breaks) >= 2 else 0 :]
    if cfg.absence_restricted.search(scope):
        return True
    clause = before[breaks[-1] + 1 if breaks else 0 :]
    return any(doc.meta.year is None or int(y) != doc.meta.year for y in re.findall(r"(\d{4})年", clause))


def _ordinal(found: dict[int, list[_Hit]], at: int) -> int:
    return sorted(found).index(at) + 1


_CLAUSE = re.compile(r"[,;:]")


def _is_claim_of_none(passage: Passage, m: re.Match[str], at: int) -> bool:
    """未发生…行政复议 is a claim of none only when no count follows it in its clause
    ("未予公开…申请行政复议3件" says the opposite)."""
    rest = passage.text[m.end() :]
    stop = _CLAUSE.search(rest)
    clause_end = passage.start + m.end() + (stop.start() if stop else len(rest))
    return not any(at <= q.start < clause_end and q.unit_class == "count" for q in passage.quantities)


def _about(passage: Passage, pos: int, topic: re.Pattern[str]) -> bool:
    """Whether the nearest of 行政复议 / 行政诉讼 before pos is the topic."""
    before = passage.text[:pos]
    mentions = [(mm.start(), mm.group(0)) for mm in re.finditer(r"行政复议|行政诉讼", before)]
    return bool(mentions) and bool(topic.search(mentions[-1][1]))
