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
from dataclasses import dataclass, field

# re's own parser: the same one that compiles the pattern, so the shapes seen are the real ones.
from re import _constants as sre
from re import _parser as sre_parse
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
    """The characters some atoms can match: code points, ranges, classes (\\d, \\s, \\w), or
    anything (`.`, a negation)."""

    points: set[int]
    ranges: list[tuple[int, int]]
    anything: bool = False
    classes: list[re.Pattern[str]] = field(default_factory=list)

    def has(self, point: int) -> bool:
        return (
            self.anything
            or point in self.points
            or any(lo <= point <= hi for lo, hi in self.ranges)
            or any(c.match(chr(point)) for c in self.classes)
        )

    @property
    def empty(self) -> bool:
        return not (self.anything or self.points or self.ranges or self.classes)

    def meets(self, other: _CharSet) -> bool:
        """Whether some character may be in both sets (ranges against classes: taken to meet)."""
        if (self.anything and not other.empty) or (other.anything and not self.empty):
            return True
        if any(other.has(p) for p in self.points) or any(self.has(p) for p in other.points):
            return True
        if (self.classes and (other.classes or other.ranges)) or (other.classes and self.ranges):
            return True
        return any(lo <= o_hi and o_lo <= hi for lo, hi in self.ranges for o_lo, o_hi in other.ranges)


_CLASSES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}


def _add_class(out: _CharSet, av: Any) -> None:
    for op, value in av:
        if op is sre.LITERAL:
            out.points.add(value)
        elif op is sre.RANGE:
            out.ranges.append(value)
        elif op is sre.CATEGORY and value in _CLASSES:
            out.classes.append(re.compile(_CLASSES[value]))
        else:  # a negated class, an unusual category: taken to match anything
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
        if not _item_nullable(op, av):
            first = _first([(op, av)])
            if not first.anything and not first.meets(inner):
                return True
    return False


def _nullable(items: list[tuple[Any, Any]]) -> bool:
    """Whether these items can match empty text."""
    return all(_item_nullable(op, av) for op, av in items)


def _item_nullable(op: Any, av: Any) -> bool:
    if op in _REPEATS:
        return bool(av[0] == 0 or _nullable(_items(av[2])))
    if op is sre.SUBPATTERN:
        return _nullable(_items(av[-1]))
    if op is sre.BRANCH:
        return any(_nullable(_items(alt)) for alt in av[1])
    return op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def _first(items: list[tuple[Any, Any]], out: _CharSet | None = None) -> _CharSet:
    """The characters a match of these items can start with."""
    out = out if out is not None else _CharSet(set(), [])
    for op, av in items:
        if op is sre.LITERAL:
            out.points.add(av)
        elif op is sre.IN:
            _add_class(out, av)
        elif op in _REPEATS:
            _first(_items(av[2]), out)
        elif op is sre.SUBPATTERN:
            _first(_items(av[-1]), out)
        elif op is sre.BRANCH:
            for alt in av[1]:
                _first(_items(alt), out)
        elif op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            out.anything = True
        if not _item_nullable(op, av):
            break
    return out


_PREFIX = 3  # characters of a word compared: 关键字 and 关怀版 both start with 关 but cannot be confused
_MAX_PREFIXES = 4096


def _starts(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The first _PREFIX characters of every text these items can match (shorter ones whole);
    None when that is not a small set of literal strings (classes, categories, too many)."""
    results = {""}
    for op, av in items:
        growing = {r for r in results if len(r) < _PREFIX}
        if not growing:
            break
        pieces = _item_starts(op, av)
        if pieces is None:
            return None
        results = {r for r in results if len(r) >= _PREFIX} | {(r + p)[:_PREFIX] for r in growing for p in pieces}
        if len(results) > _MAX_PREFIXES:
            return None
    return results


def _item_starts(op: Any, av: Any) -> set[str] | None:
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN and all(o is sre.LITERAL for o, _ in av) and len(av) <= _MAX_PREFIXES:
        return {chr(v) for _, v in av}
    if op is sre.SUBPATTERN:
        return _starts(_items(av[-1]))
    if op is sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            found = _starts(_items(alt))
            if found is None:
                return None
            out |= found
        return out
    if op in _REPEATS:
        return _repeat_starts(av)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}
    return None


def _repeat_starts(av: Any) -> set[str] | None:
    """The starts of a quantifier's matches: its body repeated from min to max times (enough to fill _PREFIX)."""
    body = _starts(_items(av[2]))
    if body is None:
        return None
    out, current = set(), {""}
    for count in range(min(av[1], _PREFIX) + 1):
        if count >= av[0]:
            out |= current
        current = {(c + b)[:_PREFIX] for c in current for b in body}
    return out | ({c for c in current if len(c) >= _PREFIX} if av[1] > _PREFIX else set())


def _confusable(tail: list[tuple[Any, Any]], starts: set[str] | None, start: _CharSet) -> bool:
    """Whether text the tail can match could also begin the next repetition (`starts`, `start`):
    compared by their first characters as words where both are words, else character by character."""
    words = _starts(tail)
    if words is None or starts is None:
        return _first(tail).meets(start)
    return any(w and s and (w.startswith(s) or s.startswith(w)) for w in words for s in starts)


def _tail_meets(items: list[tuple[Any, Any]], starts: set[str] | None, start: _CharSet, after_something: bool) -> bool:
    """Whether a repetition's body can end with an optional part (共有? , \\d{1,2}) that could
    start where the next repetition starts: then a run of repetitions can be cut in many ways."""
    for j, (op, av) in enumerate(items):
        if not _nullable(items[j + 1 :]):
            continue
        before = after_something or j > 0
        if before and _nullable(items[j:]) and _confusable(items[j:], starts, start):
            return True
        if op in _REPEATS and av[0] < av[1] and (before or av[0] > 0) and _confusable(_items(av[2]), starts, start):
            return True
        children = list(av[1]) if op is sre.BRANCH else [av[-1]] if op is sre.SUBPATTERN else []
        if any(_tail_meets(_items(child), starts, start, before) for child in children):
            return True
    return False


def _overlapping(body: Any) -> bool:
    """Whether a repeated body can match the same text in several ways: two alternatives that
    start alike (or one that can be empty), or an optional end that the next repetition could
    start with."""
    items = _items(body)
    start = _first(items)
    while len(items) == 1 and items[0][0] is sre.SUBPATTERN:
        items = _items(items[0][1][-1])
    if len(items) == 1 and items[0][0] is sre.BRANCH:
        alts = [_items(alt) for alt in items[0][1][1]]
        if any(_nullable(alt) for alt in alts):
            return True
        for i, alt in enumerate(alts):
            if any(_confusable(alt, _starts(other), _first(other)) for other in alts[i + 1 :]):
                return True
    return _tail_meets(items, _starts(items), start, False)


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
            if _overlapping(body):
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
