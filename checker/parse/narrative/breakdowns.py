"""Breakdowns of the narrative: a total followed by its parts (其中/含/分别为/包括, or a list under a named total)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from checker.model.document import Document
from checker.parse.narrative.claims import Claim, Passage, narrative
from checker.parse.narrative.quantities import Quantity
from checker.spec.lexicon import ClaimsConfig, claims_config


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
    return passage.text[a - passage.start : b - passage.start]


def _parts_after(
    passage: Passage,
    claims_by_q: dict[int, Claim],
    quantities: list[Quantity],
    start_index: int,
    cfg: ClaimsConfig,
    across_sentences: bool,
    head_unit: str | None,
) -> tuple[list[Quantity], bool]:
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
        if (
            head_unit is not None
            and q.unit != head_unit
            and (q.unit in cfg.entity_units or sum(1 for x in parts if x.unit == head_unit) >= 2)
        ):
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
        if (
            parts
            and nxt is not None
            and (
                cfg.part_marker.search(_gap(passage, q.end, nxt.start))
                or cfg.whole_marker.search(_gap(passage, q.end, nxt.start))
            )
        ):
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
                out.append(
                    Breakdown(
                        passage,
                        parts,
                        (bool(whole) and not open_list) or other,
                        head=head,
                        marker_at=head.end + marker.start(),
                    )
                )
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
