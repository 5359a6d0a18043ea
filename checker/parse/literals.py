"""The literal texts a regular expression cannot match without: a cheap test that a text holds no
match, so that a pattern rule skips the scan of a report that lacks all of them (most reports name
no gambling brand, no web page's menu). Read from the pattern's parse tree; exact by construction:
whenever the pattern matches somewhere in a text, the text contains one of the literals."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

# re's own parser (as in checker/spec/regex_guard.py): the pattern read as `re` reads it.
from re import _constants as _c
from re import _parser
from typing import Any

# A requirement: the texts of which one at least stands in every text the pattern matches in;
# None: the pattern needs no literal text (it may match with any of its characters variable).
Requirement = frozenset[str] | None
# More alternatives than this cost more to look for than the scan they would save.
MAX_ALTERNATIVES = 48
# Up to this many texts are looked for one by one (str.find is faster than an alternation up to
# about as many, and nothing is compiled).
FEW = 6
# How many positions a regex scan passes over in the time of one match tried at a position.
NEAR_COST = 4
# The characters other than ASCII letters that IGNORECASE matches to ASCII letters (İ ı to i,
# ſ to s, the Kelvin sign to k), which lower() does not turn into them: a text with one of them is
# scanned whatever it holds.
_FOLDED_TO_ASCII = "\u0130\u0131\u017f\u212a"


@lru_cache(maxsize=256)
def _tree(pattern: str, flags: int) -> Any:
    """The pattern as `re` parses it (read once for both questions asked of it below)."""
    return _parser.parse(pattern, flags)


@lru_cache(maxsize=1024)
def required_texts(pattern: str, flags: int = re.MULTILINE) -> tuple[Requirement, bool]:
    """Texts of which a text holds one at least if `pattern` matches anywhere in it, and whether
    they are to be looked for in the text in lower case (a pattern under IGNORECASE: its ASCII
    letters are required in lower case). A text that holds another (188bet, bet) is left out."""
    tree = _tree(pattern, flags | re.UNICODE)  # the flags parse() would set: one tree per pattern
    fold = bool(tree.state.flags & re.IGNORECASE)
    needed = _sequence(tree.data, tree.state.flags, fold)
    if needed is not None:
        needed = frozenset(t for t in needed if not any(u != t and u in t for u in needed))
    return needed, fold


@lru_cache(maxsize=1024)
def _finder(pattern: str, flags: int) -> Callable[[str], bool] | None:
    """A test that a text holds one of the pattern's required texts (None: there are none): one is
    looked for with `in`, a few one by one (str.find is fastest), more in one scan of their
    alternation (literals first, which `re` skips through)."""
    needed, fold = required_texts(pattern, flags)
    if needed is None:
        return None
    texts = tuple(sorted(needed))
    if len(texts) > FEW:
        alternation = re.compile("|".join(map(re.escape, texts)))

        def holds(text: str) -> bool:
            return alternation.search(text) is not None

    elif len(texts) == 1:
        (only,) = texts

        def holds(text: str) -> bool:
            return only in text

    else:

        def holds(text: str) -> bool:
            return any(t in text for t in texts)

    if not fold:
        return holds

    def holds_folded(text: str) -> bool:
        # the text lowered, unless it has a character lower() does not fold to its ASCII letter
        return any(c in text for c in _FOLDED_TO_ASCII) or holds(_lower(text))

    return holds_folded


def may_match(pattern: str, text: str, flags: int = re.MULTILINE) -> bool:
    """False only when `pattern` (compiled with `flags`) cannot match in `text`."""
    holds = _finder(pattern, flags)
    return holds is None or holds(text)


@lru_cache(maxsize=4)
def _lower(text: str) -> str:
    return text.lower()


def _usable(char: int, flags: int, fold: bool) -> str | None:
    """The character as it is looked for, or None when it cannot be: under IGNORECASE a cased
    letter matches its other cases too, which only an ASCII letter in a lowered text allows for;
    in a lowered text, a letter that lower() changes is gone."""
    c = chr(char)
    if not flags & re.IGNORECASE:
        return c if not fold or c.lower() == c else None
    if c.lower() == c == c.upper():
        return c
    return c.lower() if fold and c.isascii() and c.isalpha() else None


def _better(a: Requirement, b: Requirement) -> Requirement:
    """The stricter of two requirements a text must both meet: longer texts, then fewer."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda r: (min(map(len, r)), -len(r)))


def _sequence(items: Sequence[tuple[Any, Any]], flags: int, fold: bool) -> Requirement:
    """Every item of a sequence must match: any one's requirement holds, consecutive literal
    characters making one text; the strictest is kept."""
    best: Requirement = None
    run: list[str] = []
    for op, av in items:
        char = _usable(av, flags, fold) if op is _c.LITERAL else None
        if char is not None:
            run.append(char)
            continue
        if run:
            best = _better(best, frozenset(["".join(run)]))
            run = []
        best = _better(best, _item(op, av, flags, fold))
    if run:
        best = _better(best, frozenset(["".join(run)]))
    return best


def _item(op: Any, av: Any, flags: int, fold: bool) -> Requirement:
    if op is _c.SUBPATTERN:
        _group, add, remove, body = av
        return _sequence(body.data, (flags | add) & ~remove, fold)
    if op is _c.BRANCH:
        return _branches(av[1], flags, fold)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, body = av
        return _sequence(body.data, flags, fold) if low >= 1 else None
    if op is _c.ATOMIC_GROUP:
        return _sequence(av.data, flags, fold)
    if op is _c.ASSERT:
        # a lookahead or lookbehind that must hold looks at the text too
        return _sequence(av[1].data, flags, fold)
    if op is _c.IN:
        return _char_set(av, flags, fold)
    return None


def _branches(branches: Sequence[Any], flags: int, fold: bool) -> Requirement:
    """One of the alternatives matches: the union of their requirements, if each has one."""
    texts: set[str] = set()
    for branch in branches:
        needed = _sequence(branch.data, flags, fold)
        if needed is None:
            return None
        texts |= needed
    return frozenset(texts) if len(texts) <= MAX_ALTERNATIVES else None


def _char_set(members: Sequence[tuple[Any, Any]], flags: int, fold: bool) -> Requirement:
    """A class of listed characters ([:：]) requires one of them; ranges, categories and negations
    require nothing checkable."""
    chars = []
    for op, av in members:
        char = _usable(av, flags, fold) if op is _c.LITERAL else None
        if char is None:
            return None
        chars.append(char)
    return frozenset(chars) if chars else None


@lru_cache(maxsize=256)
def _anchors(pattern: str, flags: int) -> tuple[tuple[str, int], ...]:
    """The literal runs of a pattern's top-level sequence (each stands inside every match), each
    with its reach: the most characters a match can hold before it. Runs after an unbounded part
    are left out; none for a pattern that begins with a literal (`re` finds its starts itself)."""
    tree = _tree(pattern, flags | re.UNICODE)  # the flags parse() would set: one tree per pattern
    if tree.state.flags & re.IGNORECASE or not tree.data or tree.data[0][0] is _c.LITERAL:
        return ()
    runs: list[tuple[str, int]] = []
    run: list[str] = []
    reach = 0  # the widest the items before the current one can be
    for op, av in [*tree.data, (None, None)]:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            runs.append(("".join(run), reach))
            reach += len(run)
            run = []
        if op is not None:
            reach += _parser.SubPattern(tree.state, [(op, av)]).getwidth()[1]
        if reach >= _c.MAXREPEAT:
            break
    return tuple(runs)


def finditer_near(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` gives, tried only at the starts from which a match can
    reach the rarest literal run the pattern holds (at most its reach before it): a pattern that
    begins with a long lazy class (a name before 2023年…统计表) or optional words (您?当前…位置)
    is tried at every position otherwise. Falls back on finditer when the pattern has no such
    run, or when trying around each occurrence would cost more than the scan."""
    runs = _anchors(pattern.pattern, pattern.flags)
    if not runs:
        yield from pattern.finditer(text)
        return
    anchor, reach = min(runs, key=lambda r: text.count(r[0]))
    if text.count(anchor) * (reach + 1) * NEAR_COST > len(text):
        yield from pattern.finditer(text)
        return
    pos = tried = 0
    at = text.find(anchor)
    while at >= 0:
        # a match that holds this occurrence starts in [at - reach, at]
        for start in range(max(pos, tried, at - reach), at + 1):
            m = pattern.match(text, start)
            if m:
                yield m
                pos = m.end()
                break
        tried = max(tried, at + 1)
        at = text.find(anchor, max(pos, at + 1))
