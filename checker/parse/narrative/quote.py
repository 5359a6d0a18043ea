"""The words of the report a finding quotes: the clauses around a number, within its passage."""

from __future__ import annotations

import re

from checker.parse.narrative.claims import Passage

_QUOTE_BREAK = re.compile(r"[,;()]")
# A clause this short before the span ("其中" or "共收到") says little alone: the one before it is quoted too.
SHORT_LEAD = 8
# A quote longer than this keeps its first and last clause, joined by …, so a message stays readable.
LONG_QUOTE = 90


def _clause_start(text: str, pos: int, lo: int) -> int:
    starts = [m.end() for m in _QUOTE_BREAK.finditer(text, lo, pos)]
    return starts[-1] if starts else lo


def _clause_end(text: str, pos: int) -> int:
    m = _QUOTE_BREAK.search(text, pos)
    return m.start() if m else len(text)


def quote(passage: Passage, start: int, end: int) -> str:
    """The clauses a span (flow offsets) stands in, from the clause of its start (with the one
    before when that is short) to the clause of its end; a long span keeps only its first and
    last clause."""
    text = passage.text
    s, e = start - passage.start, end - passage.start
    a = _clause_start(text, s, 0)
    if s - a < SHORT_LEAD and a > 0:
        a = _clause_start(text, a - 1, 0)
    b = _clause_end(text, e)
    if b - a > LONG_QUOTE:
        first_end = _clause_end(text, max(s, a) + 1)
        last_start = _clause_start(text, e - 1, 0)
        if first_end < last_start:
            return f"{text[a:first_end].strip()}…{text[last_start:b].strip()}"
    return text[a:b].strip().rstrip("。")
