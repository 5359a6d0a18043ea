"""Kinds for the section structure: required sections, their order, wording, emptiness,
heading numbering, and the number of parts the preamble announces."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from checker.parse.numerals import chinese_numeral, marker_number
from checker.rules.kinds.base import Param, kind
from checker.rules.kinds.cut import (
    beginning_reason,
    begun_at,
    beyond_last,
    cut_section,
    end_unknown,
    is_cut,
    sections_before,
    sections_beyond,
    truncation_reason,
    unified,
)
from checker.spec.sections import compact, structure_config

if TYPE_CHECKING:  # the engine imports the kinds
    from checker.model.document import Document, Heading, Section
    from checker.rules.context import Context
    from checker.rules.rule import Rule


def _items_2007(doc: Document) -> dict[str, bool]:
    """Which 第三十二条 content items the text covers (headings or paragraphs)."""
    text = compact(doc.flow.text)
    listing = structure_config().parts_listing
    if listing is not None:
        text = listing.sub("", text)
    covered: dict[str, bool] = {}
    for item in structure_config().items_2007:
        covered[item.key] = item.covered_by(text)
    return covered


def _items_headed(doc: Document) -> set[str]:
    """The 第三十二条 items a top-level heading names: where the text has got to. (Words
    anywhere do not say it: a preamble lists every part.)"""
    titles = [compact(s.heading.title) for s in doc.sections or [] if s.heading and not is_cut(doc, s)]
    return {item.key for item in structure_config().items_2007 if any(item.covered_by(title) for title in titles)}


@kind("sections_missing")
def check_missing(doc: Document, rule: Rule, ctx: Context) -> None:
    """Each required section absent, except, in a text that stops mid-way, those after the cut,
    and in a text that begins mid-way, those before its start: one I101 for each end says the
    text looks cut there and names them."""
    if doc.profile == "2007":
        beyond, before = _missing_items(doc, ctx)
    else:
        beyond, before = [], _missing_sections(doc, ctx)
    reason = truncation_reason(doc, beyond)
    if reason is not None:
        ctx.cannot_judge("truncated", *reason, evidence={"truncated": doc.truncated.reason if doc.truncated else ""})
    if before:
        ctx.cannot_judge("begun", *beginning_reason(doc, before), evidence={"before": before})


def _missing_items(doc: Document, ctx: Context) -> tuple[list[str], list[str]]:
    """Report the 第三十二条 items not covered; those after the cut and those before the start
    of the text (items, named) are not reported but returned."""
    cfg = structure_config()
    covered = _items_2007(doc)
    missing = [item for item in cfg.items_2007 if item.required and not covered[item.key]]
    order = [item.key for item in cfg.items_2007]
    headed = _items_headed(doc)
    later = beyond_last(order, headed) if end_unknown(doc) else []
    first = min((order.index(k) for k in headed), default=0) if begun_at(doc) else 0
    earlier = order[:first]
    for item in missing:
        if item.key not in later and item.key not in earlier:
            ctx.report(key=f"item:{item.key}", variant="item2007", evidence={"item": item.item}, item=item.item)
    return [i.item for i in missing if i.key in later], [i.item for i in missing if i.key in earlier]


def _missing_sections(doc: Document, ctx: Context) -> list[str]:
    """Report the unified sections absent, but those beyond the cut; return those before the
    start of a text begun mid-way."""
    found = unified(doc)
    before = sections_before(doc)
    outside = set(sections_beyond(doc)) | set(before)
    for spec in structure_config().sections:
        if spec.key not in found and spec.key not in outside:
            ctx.report(
                key=f"section:{spec.key}",
                evidence={"section": spec.key, "heading": f"{spec.key}、{spec.canonical}"},
                heading=f"{spec.key}、{spec.canonical}",
            )
    return before


@kind("section_order")
def check_order(doc: Document, rule: Rule, ctx: Context) -> None:
    sections = [s for s in doc.sections if not is_cut(doc, s)]
    order = [s.key for s in sections if s.key]
    keys = [spec.key for spec in structure_config().sections]
    seen: list[str] = []
    for s in sections:
        if not s.key or s.key in seen or s.heading is None:
            continue
        if seen and keys.index(s.key) < keys.index(seen[-1]):
            ctx.report(
                at=s.start,
                end=s.heading.end,
                key=f"order:{s.key}",
                evidence={"order": order},
                heading=s.label,
                previous=seen[-1],
            )
        seen.append(s.key)


@kind("section_wording")
def check_wording(doc: Document, rule: Rule, ctx: Context) -> None:
    cfg = {spec.key: spec for spec in structure_config().sections}
    for key, (s, h) in unified(doc).items():
        if not s.standard:
            ctx.report(
                at=s.start,
                end=h.end,
                key=f"wording:{key}",
                evidence={"found": h.title, "canonical": cfg[key].canonical},
                found=s.label,
                canonical=f"{key}、{cfg[key].canonical}",
            )


@kind(
    "section_empty",
    params={
        "empty_words": Param(list, required=True),
        "min_chars": Param(int, default=6),
        "sections": Param(list, default=["一", "二", "三", "四", "五"]),
    },
)
def check_empty(doc: Document, rule: Rule, ctx: Context) -> None:
    text = doc.norm.text
    stops_in = cut_section(doc)  # its text may go on beyond the cut
    for key, (s, h) in unified(doc).items():
        if key not in rule.params["sections"] or key == stops_in:
            continue
        body = re.sub(r"[\s。，,.;；:：、]", "", text[s.body_start : s.end])
        if any(t.start < s.end and t.end > s.body_start for t in doc.tables):
            continue
        if len(body) < rule.params["min_chars"] or body in rule.params["empty_words"]:
            ctx.report(
                at=s.start,
                end=h.end,
                key=f"empty:{key}",
                evidence={"body": body},
                heading=s.label,
                body=body or "（空）",
            )


@kind("heading_numbering")
def check_numbering(doc: Document, rule: Rule, ctx: Context) -> None:
    """Siblings with the same numbering style must count 1, 2, 3 … without gaps or repeats.
    "1、2、3.4." is one sequence; a gap is not reported where the missing heading stands glued
    into the running text before ("…等单位 (二)…"), nor where it is a required section that is
    absent (S101 says so: one cause, one finding)."""
    # the numbers before the first heading of a text begun mid-way are before its start
    begun = begun_at(doc)
    absent = _absent_sections(doc) | {chinese_numeral(k) for k in range(1, begun or 1)}

    def check(children: list[Section], parent: Section | None, parent_label: str) -> None:
        # the opening of a text begun mid-way continues lists begun before its start ("(2)…", a060)
        continued = begun is not None and parent is not None and parent is doc.root
        by_style: dict[tuple[int, str], list[Section]] = {}
        for c in children:
            if c.heading and not is_cut(doc, c):
                style = re.sub(r"[\d一二三四五六七八九十]+", "N", c.heading.marker).replace(".", "、")
                by_style.setdefault((c.level, style), []).append(c)
        for group in by_style.values():
            expected = group[0].heading.number if continued and group[0].heading else 1
            before = parent.body_start if parent else 0
            for c in group:
                h = c.heading
                assert h is not None
                skipped = range(expected, h.number)
                if h.number < expected or (
                    skipped
                    and not all(_glued(doc, h.marker, k, before, c.start) for k in skipped)
                    and not (parent is None and all(chinese_numeral(k) in absent for k in skipped))
                ):
                    _report_numbering(ctx, c, h, expected, parent_label)
                    break
                expected, before = h.number + 1, h.end
        for c in children:
            check(c.children, c, c.label)

    check(doc.sections, None, "正文")
    if doc.root:
        check(doc.root.children, doc.root, "前言")


def _absent_sections(doc: Document) -> set[str]:
    """The unified sections S101 reports absent (not those beyond the cut of a cut text: the
    numbers before them are still the text's own)."""
    if doc.profile == "2007":
        return set()
    found = unified(doc)
    outside = set(sections_beyond(doc)) | set(sections_before(doc))
    return {spec.key for spec in structure_config().sections if spec.key not in found} - outside


def _glued(doc: Document, marker: str, number: int, start: int, end: int) -> bool:
    """The heading numbered `number` in the style of `marker` stands inside the running text
    between start and end: flattened text keeps it, but not at the start of a line."""
    digits = re.search(r"[\d一二三四五六七八九十]+", marker)
    if not digits:
        return False
    n = str(number) if digits.group().isdigit() else chinese_numeral(number)
    wanted = re.escape(marker[: digits.start()] + n) + "[、.]" if marker[digits.end() :] in ("、", ".") else None
    pattern = wanted or re.escape(marker[: digits.start()] + n + marker[digits.end() :])
    return re.search(rf"(?<![\d一二三四五六七八九十]){pattern}", doc.norm.text[start:end]) is not None


def _report_numbering(ctx: Context, c: Section, h: Heading, expected: int, parent_label: str) -> None:
    ctx.report(
        at=c.start,
        end=h.end,
        key=f"numbering:{parent_label}:{h.marker}:{h.number}",
        variant="repeat" if h.number < expected else "skip",
        evidence={"found": h.marker, "expected": expected},
        found=h.marker,
        expected=expected,
        parent=parent_label,
    )


_COUNT = re.compile(r"(?:共分?|分为|由|包括|包含)[^。]{0,120}?(?:共|等)?([一二三四五六七八九十\d]{1,2})(?:个)?部分")


@kind("declared_parts")
def check_declared(doc: Document, rule: Rule, ctx: Context) -> None:
    flow = doc.flow.text
    limit = len(flow)
    if doc.sections:
        # only the preamble declares the parts
        limit = bisect.bisect_left(doc.flow.origin, doc.norm.orig(doc.sections[0].start))
    m = _COUNT.search(flow, 0, limit)
    if not m or not doc.sections:
        return
    declared = marker_number(m.group(1))
    actual = len(doc.sections)
    if doc.truncated is not None and declared and declared > actual:
        return  # the parts it lacks are after the cut (the I101 of S101 says so)
    if declared and declared != actual:
        ctx.report(
            flow_at=m.start(),
            flow_end=m.end(),
            key="declared-parts",
            evidence={"declared": declared, "actual": actual},
            declared=declared,
            actual=actual,
        )
