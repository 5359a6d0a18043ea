"""Kinds that hold the narrative to the tables and to itself: `claim_table` (X101), `breakdown`
(X102), `percentage` (X103), `absence_claim` (X104). What the text says is read by
checker/claims.py with the lexicon of rules/claims.yaml."""

from __future__ import annotations

import re
from decimal import Decimal

from checker.parse.narrative.breakdowns import Breakdown, breakdowns
from checker.parse.narrative.claims import (
    Passage,
    cell_names,
    entry_for_phrase,
    narrative,
    table_for,
    table_value,
)
from checker.parse.narrative.quote import quote
from checker.rules.kinds.base import kind
from checker.spec.layouts import SLOT_NAMES
from checker.spec.lexicon import claims_config


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"


@kind("claim_table", messages=("default",))
def check_claim_table(doc, rule, ctx):
    seen: dict[str, int] = {}
    unread: list[str] = []
    for claim in narrative(doc).claims:
        entry = claim.entry
        if entry is None:
            continue
        table = table_for(doc, entry.table)
        if table is None:
            continue
        values = [table_value(table, r) for r in entry.readings]
        numbers = [v for v in values if v.state == "number"]
        q = claim.quantity
        if not numbers:
            if any(v.state == "unread" for v in values):
                unread.append(f"“{q.text}”（{cell_names(table, entry.readings[0])}）")
            continue
        if any(q.admits(v.value) for v in numbers):
            continue
        first = numbers[0]
        n = seen[entry.key] = seen.get(entry.key, 0) + 1
        ctx.report(
            flow_at=q.start,
            flow_end=q.end,
            key=f"{entry.key}#{n}",
            evidence={
                "claimed": _fmt(q.value),
                "approximate": q.approx,
                "actual": _fmt(first.value),
                "cells": first.reading.text,
                "table": table.slot,
                "lexicon": entry.key,
            },
            quote=quote(claim.passage, q.start, q.end),
            claimed=q.text,
            table=SLOT_NAMES[table.slot],
            cells=cell_names(table, first.reading),
            actual=_fmt(first.value),
        )
    if unread:
        ctx.cannot_judge(
            "unread",
            f"文中数字{'、'.join(unread)}对应的表格单元格数字粘连、有多种读法，无法比较",
            f"{len(unread)} number(s) of the text map to table cells whose glued digits have several readings",
        )


def _unit(b: Breakdown) -> str:
    units = {q.unit for q in b.parts} | ({b.head.unit} if b.head else set())
    return units.pop() if len(units) == 1 else ""


@kind("breakdown", messages=("default", "unequal", "named"))
def check_breakdown(doc, rule, ctx):
    for k, b in enumerate(breakdowns(doc)):
        total = b.parts_sum
        parts = "+".join(_fmt(q.value) for q in b.parts)
        last = b.parts[-1]
        if b.named is not None:
            reference = _named_total(doc, b)
            if reference is None or total <= reference[0]:
                continue
            value, source = reference
            ctx.report(
                flow_at=b.marker_at,
                flow_end=last.end,
                key=f"named:{b.named}",
                variant="named",
                evidence={
                    "parts": [_fmt(q.value) for q in b.parts],
                    "sum": _fmt(total),
                    "total": _fmt(value),
                    "source": source,
                },
                named=b.named,
                parts=parts,
                sum=_fmt(total),
                total=_fmt(value),
                unit=_unit(b),
                source=source,
            )
            continue
        head = b.head
        if any(q.approx for q in b.parts) or _another_total(doc, total):
            continue
        earlier = _earlier_totals(b)
        if _exceeds(head, total) and not _fits_earlier_total(b, total, earlier) and not _cross_cutting(doc, b):
            variant = "default"
        elif b.whole and len(b.parts) >= 2 and not head.admits(total) and not earlier:
            variant = "unequal"
        else:
            continue
        ctx.report(
            flow_at=head.start,
            flow_end=last.end,
            key=f"{head.text}:{len(b.parts)}",
            variant=variant,
            evidence={
                "total": _fmt(head.value),
                "parts": [_fmt(q.value) for q in b.parts],
                "sum": _fmt(total),
                "whole": b.whole,
            },
            quote=quote(b.passage, head.start, last.end),
            total=head.text,
            parts=parts,
            sum=_fmt(total),
            unit=_unit(b),
        )


def _exceeds(head, total: Decimal) -> bool:
    """Parts above anything the (possibly approximate) total can be."""
    return total > head.value if head.approx in (None, "near") else not head.admits(total) and total > head.value


def _cross_cutting(doc, b: Breakdown) -> bool:
    """Parts of two dimensions ("856条，其中规范性文件3条，通过网站公开712条，通过微信公开144条",
    "326条，其中通过门户网站公开326条，通过政务微信公开205条"): one part is the whole, or
    leaving out one or two parts of another dimension makes the rest add up to the total."""
    cfg = claims_config()
    values = [q.value for q in b.parts]
    head = b.head.value
    if head in values:
        return True
    lefts = {c.quantity.start: c.left for c in narrative(doc).claims}
    other = [cfg.other_dimension.search(lefts[q.start]) is not None for q in b.parts]
    total, n = sum(values, Decimal(0)), len(values)
    for i in range(n):
        if other[i] and total - values[i] == head:
            return True
        for j in range(i + 1, n):
            if other[i] and other[j] and total - values[i] - values[j] == head:
                return True
    return False


def _another_total(doc, total: Decimal) -> bool:
    """Parts that add up to another total of the tables ("收到申请50件，其中予以公开23件…"
    adds up to the 51 results, 新收 + 上年结转)."""
    for slot, reading in claims_config().other_totals:
        table = table_for(doc, slot)
        if table is not None:
            v = table_value(table, reading)
            if v.state == "number" and v.value == total:
                return True
    return False


def _earlier_totals(b: Breakdown) -> list:
    """Counts before the total in its sentence (up to ；): 其中 may belong to any of them."""
    text = b.passage.text
    return [
        q
        for q in b.passage.quantities
        if q.unit_class == "count"
        and q.start < b.head.start
        and ";" not in text[q.end - b.passage.start : b.head.start - b.passage.start]
    ]


def _fits_earlier_total(b: Breakdown, total: Decimal, earlier: list) -> bool:
    """Parts that exceed the number before 其中 but fit an earlier total of the sentence, or all
    of them together ("申请50件，上年结转4件，其中自然人43件…" counts the 54) are not reported."""
    if any(q.value >= total for q in earlier):
        return True
    return bool(earlier) and sum((q.value for q in earlier), b.head.value) == total


def _named_total(doc, b: Breakdown) -> tuple[Decimal, str] | None:
    """The total a phrase names: its table cell, or else the number the text gives it elsewhere."""
    entry = entry_for_phrase(doc, b.named)
    if entry is None:
        return None
    table = table_for(doc, entry.table)
    if table is not None:
        for reading in entry.readings:
            v = table_value(table, reading)
            if v.state == "number":
                return v.value, f"{SLOT_NAMES[table.slot]}{cell_names(table, reading)}"
    for claim in narrative(doc).claims:
        if claim.entry is entry and claim.quantity.approx is None:
            return claim.quantity.value, f"文中“{claim.quantity.text}”"
    return None


@kind("percentage", messages=("default",))
def check_percentage(doc, rule, ctx):
    cfg = claims_config()
    story = narrative(doc)
    by_start = {c.quantity.start: c for c in story.claims}
    for b in breakdowns(doc):
        if b.head is None or b.head.approx or _earlier_totals(b):
            continue  # an approximate total, or one of several: no share can be computed
        base = b.head.value
        if base == 0:
            continue
        qs = b.passage.quantities
        for part in b.parts:
            i = qs.index(part)
            pct = qs[i + 1] if i + 1 < len(qs) else None
            if pct is None or pct.unit_class != "percent" or pct.approx is not None:
                continue
            left = by_start[pct.start].left
            if not cfg.share.search(left) or _gap_has_count(qs, i, pct):
                continue
            if part.value > base:
                continue  # not a share of this total
            actual = part.value / base * 100
            step = Decimal(10) ** -pct.decimals
            # Rounded or cut to the stated precision: 45.098% may be written 45.1% or 45.09%.
            if abs(actual - pct.value) <= step / 2 + Decimal("1e-9") or (actual // step) * step == pct.value:
                continue
            ctx.report(
                flow_at=part.start,
                flow_end=pct.end,
                key=f"{part.text}:{pct.text}",
                evidence={
                    "part": _fmt(part.value),
                    "base": _fmt(base),
                    "stated": _fmt(pct.value),
                    "computed": f"{actual:.2f}",
                },
                quote=quote(b.passage, part.start, pct.end),
                part=part.text,
                base=b.head.text,
                stated=pct.text,
                computed=f"{actual:.{max(pct.decimals, 1)}f}%",
            )


def _gap_has_count(qs, i, pct) -> bool:
    return any(q.unit_class == "count" and qs[i].end <= q.start < pct.start for q in qs)


@kind("absence_claim", messages=("default",))
def check_absence(doc, rule, ctx):
    cfg = claims_config()
    story = narrative(doc)
    for passage in story.passages:
        found: dict[int, list] = {}
        for entry in cfg.absence:
            if doc.profile not in entry.profiles:
                continue
            table = table_for(doc, entry.table)
            if table is None:
                continue
            for m in entry.regex.finditer(passage.text):
                at = passage.start + m.start()
                if not _is_claim_of_none(passage, m, at) or _restricted(doc, cfg, passage, m):
                    continue
                if entry.topic is not None and not _about(passage, m.start(), entry.topic):
                    continue
                for reading in entry.readings:
                    v = table_value(table, reading)
                    if v.state == "number" and v.value > 0:
                        found.setdefault(at, []).append((entry, table, reading, v.value, m))
        for at, hits in found.items():
            end = max(passage.start + h[4].end() for h in hits)
            described = "，".join(f"{SLOT_NAMES[t.slot]}{cell_names(t, r)}为{_fmt(v)}" for _, t, r, v, _ in hits)
            described_en = ", ".join(f"{e.what['en']} = {_fmt(v)}" for e, _, _, v, _ in hits)
            ctx.report(
                flow_at=at,
                flow_end=end,
                key=f"{'+'.join(sorted({h[0].key for h in hits}))}@{_ordinal(found, at)}",
                evidence={"claims": sorted({h[0].key for h in hits}), "cells": {h[2].text: _fmt(h[3]) for h in hits}},
                quote=quote(passage, at, end),
                claim=passage.text[at - passage.start : end - passage.start],
                cells={"zh": described, "en": described_en},
            )


def _restricted(doc, cfg, passage: Passage, m: re.Match) -> bool:
    """The claim's clause, or the one before it, limits it to part of the year's cases or to
    another year."""
    before = passage.text[: m.start()]
    breaks = [k for k, ch in enumerate(before) if ch in ",;:"]
    scope = before[breaks[-2] + 1 if len(breaks) >= 2 else 0 :]
    if cfg.absence_restricted.search(scope):
        return True
    clause = before[breaks[-1] + 1 if breaks else 0 :]
    return any(doc.meta.year is None or int(y) != doc.meta.year for y in re.findall(r"(\d{4})年", clause))


def _ordinal(found: dict, at: int) -> int:
    return sorted(found).index(at) + 1


_CLAUSE = re.compile(r"[,;:]")


def _is_claim_of_none(passage: Passage, m: re.Match, at: int) -> bool:
    """未发生…行政复议 is a claim of none only when no count follows it in its clause
    ("未予公开…申请行政复议3件" says the opposite)."""
    rest = passage.text[m.end() :]
    stop = _CLAUSE.search(rest)
    clause_end = passage.start + m.end() + (stop.start() if stop else len(rest))
    return not any(at <= q.start < clause_end and q.unit_class == "count" for q in passage.quantities)


def _about(passage: Passage, pos: int, topic: re.Pattern) -> bool:
    """Whether the nearest of 行政复议 / 行政诉讼 before pos is the topic."""
    before = passage.text[:pos]
    mentions = [(mm.start(), mm.group(0)) for mm in re.finditer(r"行政复议|行政诉讼", before)]
    return bool(mentions) and bool(topic.search(mentions[-1][1]))
