"""Kind `pattern`: text that must not appear (web residue, markup, placeholders, spam, miscitations)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from checker.ingest.views import View
from checker.model.document import Document
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


# A match over several lines (a page's menu) is quoted on one line.
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def _excepted(entry: dict[str, Any], text: str) -> list[tuple[int, int]]:
    """The spans of the entry's `unless_regex` patterns: a match inside one is not a finding (the []
    of a page's "字体:[ ]" font switch is not a template slot)."""
    unless = entry.get("unless_regex", [])
    return [m.span() for pattern in unless for m in _compiled(pattern).finditer(text)]


def _original(source: str, view: View, start: int, end: int) -> str:
    if end <= start:
        return ""
    return source[view.orig(start) : view.orig(end - 1) + 1].strip()


@kind(
    "pattern",
    params={
        "patterns": Param(list, required=True),
        "scope": Param(str, default="flow"),
        "limit": Param(int, default=10),
    },
)
def check_patterns(doc: Document, rule: Rule, ctx: Context) -> None:
    """Each match of each pattern is a finding; `years: [from, to]` limits a pattern to report years,
    `unless_regex: [regex, ...]` drops the matches that lie inside a match of one of them."""
    view = doc.flow if rule.params["scope"] == "flow" else doc.norm
    text = view.text
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []  # one place, one finding: the first pattern that matches it
    reported = 0
    for entry in rule.params["patterns"]:
        if not _applies(entry, doc.meta.year):
            continue
        excepted = _excepted(entry, text)
        for m in _compiled(entry["regex"]).finditer(text):
            found = m.group(0)
            if not found.strip() or found in seen:
                continue
            if any(a <= m.start() and m.end() <= b for a, b in excepted):
                continue
            start = m.start() + (len(found) - len(found.lstrip()))
            end = m.start() + len(found.rstrip())
            if any(start < b and a < end for a, b in spans):
                continue
            seen.add(found)
            spans.append((start, end))
            quoted = _LINE_BREAKS.sub(" / ", _original(doc.text, view, start, end))  # as the report wrote it
            kwargs = dict(
                key=f"{entry.get('label', entry['regex'])}:{found.strip()}",
                evidence={"text": found},
                text=quoted[:60],
                label=entry.get("label", ""),
            )
            if rule.params["scope"] == "flow":
                ctx.report(flow_at=start, flow_end=end, **kwargs)
            else:
                ctx.report(at=start, end=end, **kwargs)
            reported += 1
            if reported >= rule.params["limit"]:
                return
