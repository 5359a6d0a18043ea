"""Regular expressions that cannot backtrack without bound.

Python's `re` backtracks: a pattern that can match the same text in many ways — a quantifier
inside a quantifier (`(\\d+)+`), or a repeated alternation whose branches overlap
(`(?:共有?|有)*`) — takes time exponential in the length of a text it fails on. Report text is
anyone's input, so:

- `backtracking_risk(pattern)` finds those shapes in the parsed pattern; user rule files whose
  patterns have them are refused (exit 2) with the reason, and a test holds every built-in
  pattern to the same standard;
- `RepeatedAlternatives` matches a whole text against `(?:A|B|…)*` by dynamic programming over
  positions (which positions a run of alternatives can reach), in time linear in the text,
  instead of letting `re` try every way of cutting it: the lexicon's subject prefix is such a
  repetition, with overlapping words by design.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# re's own parser: the same one that compiles the pattern, so the shapes seen are the real ones.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, NoReturn, Protocol

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)} - {None}
_UNBOUNDED = sre.MAXREPEAT


def _items(sub: Any) -> list[tuple[Any, Any]]:
    return list(sub.data if hasattr(sub, "data") else sub)


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-patterns directly under one node."""
    if op in _REPEATS:
        return [av[2]]
    if op is sre.SUBPATTERN:
        return [av[-1]]
    if op is sre.BRANCH:
        return list(av[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return [av]
    if op is sre.GROUPREF_EXISTS:
        return [a for a in av[1:] if a is not None]
    return []


def _unbounded_repeats(sub: Any) -> list[Any]:
    """The bodies of the quantifiers without an upper bound anywhere in a sub-pattern."""
    out = []
    for op, av in _items(sub):
        if op in _REPEATS and av[1] == _UNBOUNDED:
            out.append(av[2])
        for child in _children(op, av):
            out += _unbounded_repeats(child)
    return out


@dataclass
class _CharSet:
    """The characters some atoms can match: code points, ranges, or anything (a category, `.`, a negation)."""

    points: set[int]
    ranges: list[tuple[int, int]]
    anything: bool = False

    def has(self, point: int) -> bool:
        return self.anything or point in self.points or any(lo <= point <= hi for lo, hi in self.ranges)


def _add_class(out: _CharSet, av: Any) -> None:
    for op, value in av:
        if op is sre.LITERAL:
            out.points.add(value)
        elif op is sre.RANGE:
            out.ranges.append(value)
        else:  # a category (\d, \s), a negated class: taken to match anything
            out.anything = True


def _chars(sub: Any, out: _CharSet) -> _CharSet:
    """Every character any atom of a sub-pattern can match."""
    for op, av in _items(sub):
        if op is sre.LITERAL:
            out.points.add(av)
        elif op is sre.IN:
            _add_class(out, av)
        elif op in (sre.ANY, sre.NOT_LITERAL, sre.CATEGORY):
            out.anything = True
        for child in _children(op, av):
            _chars(child, out)
    return out


def _delimited(body: Any, inner: _CharSet) -> bool:
    """Whether a repeated body has a required part none of whose first characters the inner
    quantifiers can match (`(-[a-z]+)*`): then each repetition is cut in one place only."""
    for op, av in _items(body):
        if op in (sre.LITERAL, sre.IN, sre.BRANCH, sre.SUBPATTERN):
            first = _first_chars([(op, av)])
            if first is not None and not any(isinstance(f, tuple) for f in first):
                if not any(inner.has(c) for c in first):
                    return True
    return False


def _first_chars(sub: Any) -> set[Any] | None:
    """The characters (or classes) a sub-pattern can start with; None when it may match empty
    text or starts with something this simple view does not follow (then it is taken to overlap)."""
    items = _items(sub)
    if not items:
        return None
    op, av = items[0]
    if op is sre.LITERAL:
        return {av}
    if op is sre.SUBPATTERN:
        return _first_chars(av[-1])
    if op is sre.BRANCH:
        out: set[Any] = set()
        for alt in av[1]:
            first = _first_chars(alt)
            if first is None:
                return None
            out |= first
        return out
    if op in _REPEATS and av[0] >= 1:
        return _first_chars(av[2])
    if op is sre.IN:
        return {("class", repr(av))}
    return None


def _overlapping_branches(sub: Any) -> bool:
    """Whether a repeated sub-pattern is an alternation two of whose branches can start alike
    (or one of which can match nothing), so that a run of them can be cut in several ways."""
    items = _items(sub)
    while len(items) == 1 and items[0][0] is sre.SUBPATTERN:
        items = _items(items[0][1][-1])
    if len(items) != 1 or items[0][0] is not sre.BRANCH:
        return False
    seen: set[Any] = set()
    for alt in items[0][1][1]:
        first = _first_chars(alt)
        if first is None or first & seen or any(isinstance(f, tuple) for f in first):
            return True
        seen |= first
    return False


def _risk(sub: Any) -> str | None:
    for op, av in _items(sub):
        if op in _REPEATS and av[1] == _UNBOUNDED:
            body = av[2]
            inner = _unbounded_repeats(body)
            if inner:
                chars = _CharSet(set(), [])
                for each in inner:
                    _chars(each, chars)
                if not _delimited(body, chars):
                    return "nested"
            if _overlapping_branches(body):
                return "overlap"
        for child in _children(op, av):
            found = _risk(child)
            if found:
                return found
    return None


RISKS = {
    "nested": (
        "量词里又有量词（如 (\\d+)+），遇到不匹配的长文本会回溯很久；请改写为不嵌套的形式",
        "a quantifier inside a quantifier (like (\\d+)+) backtracks for a very long time on a long text it fails on; rewrite it without nesting",
    ),
    "overlap": (
        "重复的多选分支开头相同或可为空（如 (?:共有?|有)*），遇到不匹配的长文本会回溯很久；请让各分支开头不同",
        "a repeated alternation whose branches start alike or can be empty (like (?:ab?|b)*) backtracks for a very long time; make the branches start differently",
    ),
}


def backtracking_risk(pattern: str) -> str | None:
    """ "nested", "overlap" or None: whether the pattern has a shape that can backtrack
    exponentially (see RISKS for what each means)."""
    return _risk(sre_parse.parse(pattern))


@dataclass(frozen=True)
class RepeatedAlternatives:
    """`(?:UNIT)*` matched against a whole text without exponential backtracking: the text
    matches when it can be cut into pieces each matching UNIT in full. Each piece is at most
    `width` characters (UNIT's longest match), so the work is linear in the text."""

    pattern: str
    unit: re.Pattern[str]
    width: int

    @classmethod
    def of(cls, pattern: str) -> RepeatedAlternatives | None:
        """The matcher for a pattern of the form `(?:UNIT)*` whose UNIT has a bounded width; None otherwise."""
        items = _items(sre_parse.parse(pattern))
        if (
            not (pattern.startswith("(") and pattern.endswith(")*"))
            or len(items) != 1
            or items[0][0] is not sre.MAX_REPEAT
        ):
            return None
        low, high, body = items[0][1]
        width = body.getwidth()[1]
        if low != 0 or high != _UNBOUNDED or width >= _UNBOUNDED:
            return None
        return cls(pattern, re.compile(pattern[:-1]), width)

    def fullmatch(self, text: str) -> str | None:
        """The text when it matches in full (like re's fullmatch, a value that is not None), else None."""
        reached = [False] * (len(text) + 1)
        reached[0] = True
        for start in range(len(text)):
            if not reached[start]:
                continue
            for end in range(start + 1, min(len(text), start + self.width) + 1):
                if not reached[end] and self.unit.fullmatch(text, start, end):
                    reached[end] = True
        return text if reached[len(text)] else None


class _Fails(Protocol):
    def fail(self, node: Any, message_zh: str, message_en: str, key: Any = None) -> NoReturn: ...


def refuse_backtracking(problems: _Fails, node: Any, pattern: str, key: Any = None, code: str = "") -> None:
    """Fail at the pattern's line when it can backtrack without bound (see RISKS)."""
    risk = backtracking_risk(pattern)
    if risk:
        zh, en = RISKS[risk]
        who = f"{code} 的" if code else ""
        problems.fail(
            node,
            f"{who}正则表达式 {pattern!r} 不安全：{zh}",
            f"{code + ': ' if code else ''}unsafe regular expression {pattern!r}: {en}",
            key,
        )
