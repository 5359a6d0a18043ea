"""Kind `pattern`: text that must not appear (web residue, markup, placeholders, spam, miscitations)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from checker.model.document import Document
from checker.parse.literals import finditer_near, may_match
from checker.rules.kinds.base import Param, kind

if TYPE_CHECKING:
    from checker.rules.context import Context
    from checker.rules.rule import Rule


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


def _applies(entry: dict[str, Any], year: int | None) -> bool:
    years = entry.get("years")
    if not years:
        return True
    if year is None:
        return False
    low, high = years[0], years[1] if len(years) > 1 else None
    return (low is None or year >= low) and (high is None or year <= high)


# What may lie between two matches that `join` makes one place.
_JOINT = re.compile(r"[ \t_@#*:()\-,]{0,3}")
# A match over several lines (a page's menu) is quoted on one line.
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def _excepted(entry: dict[str, Any], text: str) -> list[tuple[int, int]]:
    """The spans of the entry's `unless_regex` patterns: a match inside one is not a finding (the []
    of a page's "字体:[ ]" font switch is not a template slot)."""
    unless = entry.get("unless_regex", [])
    return [m.span() for pattern in unless for m in _compiled(pattern).finditer(text)]


def _candidates(entry: dict[str, Any], text: str) -> Iterator[tuple[re.Match[str], int]]:
    """The matches of an entry with the number of times their text occurs; with `min_repeats: n`,
    only the texts that occur n times or more (the same odd phrase put in many places)."""
    excepted = _excepted(entry, text)
    matches = list(finditer_near(_compiled(entry["regex"]), text))
    counts = Counter(m.group(0) for m in matches)
    for m in matches:
        if counts[m.group(0)] < entry.get("min_repeats", 1):
            continue
        if not any(a <= m.start() and m.end() <= b for a, b in excepted):
            yield m, counts[m.group(0)]


@dataclass
class _Place:
    """Where one or more matches lie; matches that overlap or touch are one place."""

    start: int
    end: int
    texts: set[str]  # the texts matched there
    order: int  # the first pattern (in the rule's order) that matched there names it
    entry: dict[str, Any]
    count: int


def _matches(entries: list[dict[str, Any]], text: str, year: int | None) -> Iterator[_Place]:
    for order, entry in enumerate(entries):
        if not _applies(entry, year) or not may_match(entry["regex"], text):
            continue
        for m, count in _candidates(entry, text):
            found = m.group(0)
            if found.strip():
                start = m.start() + (len(found) - len(found.lstrip()))
                end = m.start() + len(found.rstrip())
                yield _Place(start, end, {found.strip()}, order, entry, count)


def _joined(text: str, last: _Place, m: _Place, join: bool) -> bool:
    if m.start < last.end:
        return True
    return join and bool(_JOINT.fullmatch(text, last.end, m.start))


def _places(matches: Iterator[_Place], text: str, join: bool) -> list[_Place]:
    """One place, one finding: matches that overlap are one place; with `join`, so are matches
    that touch or lie apart by punctuation only ("百家乐真人娱乐", "申博体育_bob电竞" are one
    injected phrase each)."""
    places: list[_Place] = []
    for m in sorted(matches, key=lambda p: (p.start, p.order)):
        last = places[-1] if places else None
        if last is None or not _joined(text, last, m, join):
            places.append(m)
            continue
        last.end = max(last.end, m.end)
        last.texts |= m.texts
        if m.order < last.order:
            last.order, last.entry, last.count = m.order, m.entry, m.count
    return places


@kind(
    "pattern",
    params={
        "patterns": Param(list, required=True),
        "scope": Param(str, default="flow"),
        "limit": Param(int, default=10),
        "join": Param(bool, default=False),
        "every_place": Param(bool, default=False),
    },
)
def check_patterns(doc: Document, rule: Rule, ctx: Context) -> None:
    """Each match of each pattern is a finding, once per text; `years: [from, to]` limits a pattern
    to report years, `unless_regex: [regex, ...]` drops the matches that lie inside a match of one of
    them, `min_repeats: n` keeps only the texts found n times or more; `join` makes matches that
    touch, or lie apart by a punctuation mark or two, one finding; `every_place` reports the same
    text again at each place (an author fills every slot, not one per distinct text)."""
    view = doc.flow if rule.params["scope"] == "flow" else doc.norm
    seen: Counter[str] = Counter()
    reported = 0
    for place in _places(_matches(rule.params["patterns"], view.text, doc.meta.year), view.text, rule.params["join"]):
        found = view.text[place.start : place.end]
        again = seen[found]
        if all(seen[t] for t in place.texts) and not rule.params["every_place"]:
            continue  # the same words again elsewhere
        seen.update(place.texts | {found})
        quoted = _LINE_BREAKS.sub(" / ", view.original(doc.text, place.start, place.end))  # as the report wrote it
        label = place.entry.get("label", "")
        kwargs = dict(
            # the nth time the same text stands in the report: its place without a line number
            key=f"{label or place.entry['regex']}:{found}" + (f"#{again + 1}" if again else ""),
            evidence={"text": found, "count": place.count},
            text=quoted[:60],
            label=label,
        )
        if rule.params["scope"] == "flow":
            ctx.report(flow_at=place.start, flow_end=place.end, **kwargs)
        else:
            ctx.report(at=place.start, end=place.end, **kwargs)
        reported += 1
        if reported >= rule.params["limit"]:
            return
