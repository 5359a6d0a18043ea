"""Quantities of the running text: a number (Arabic or Chinese) with its unit and approximation words.

`number_regex` builds the pattern of a number and its unit from the lexicon; `find_quantities`
reads the quantities of one passage, leaving out numbers that are part of a code (文号 2024-15号)
or not a count at all (数万件, 上百条).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from checker.ingest.limits import MAX_NUMBER_DIGITS
from checker.parse.numerals import CN_NUMERAL, chinese_number
from checker.spec.lexicon import ClaimsConfig

# How much text around a number its lexicon words may take: 将近/不超过 before it, 以上/左右 after
# the unit. Longer windows would let a word of the previous clause qualify the number.
LOOK_BEHIND = 12
LOOK_AFTER = 6
# A digit glued to one of these is part of a code, a date or a ratio (2024-15, 1/3, v2.1), not a count.
_CODE_NEIGHBOURS = ".-/"
# 数万件, 上百条, 几十次: a numeral after these words is an order of magnitude, not a count.
_VAGUE_BEFORE = "几数上成好"
# A Chinese numeral starts with a digit or 十; one that starts with a bare 百/千/万/亿 is vague too.
_BARE_MAGNITUDES = "百千万亿"


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    unit_class: str
    approx: str | None  # over, near, about
    start: int  # flow offsets: the number (with its approximation words) …
    end: int  # … to the end of the unit
    number_start: int
    text: str
    decimals: int  # digits after the point, for percentages

    def admits(self, actual: Decimal) -> bool:
        """Whether a table value can be what this (possibly approximate) quantity says: an
        approximate number allows 10 to the power of its trailing zeros (at least 10) of slack."""
        n = self.value
        if self.approx is None:
            return actual == n
        scale = Decimal(10) ** max(_trailing_zeros(n), 1)
        if self.approx == "over":
            return n <= actual < n + scale
        if self.approx == "near":
            return n - scale < actual <= n
        return abs(actual - n) < scale


def _trailing_zeros(n: Decimal) -> int:
    """3000 → 3, 120 → 1; 0 for zero and for numbers with a fraction."""
    if n != int(n) or not n:
        return 0
    digits = str(int(n))
    return len(digits) - len(digits.rstrip("0"))


def number_regex(cfg: ClaimsConfig) -> re.Pattern[str]:
    """A number (1,856 / 3119 / 45.1 / 一百三十一), an optional 余/多, and a unit of the lexicon."""
    return _number_regex(cfg.unit_regex)


@lru_cache(maxsize=4)
def _number_regex(units: str) -> re.Pattern[str]:
    # \d{1,3}(?:,\d{3})+(?![\d.]) | \d+(?:\.\d+)? | [numerals]+, written to open with the class of
    # its first character (the lookbehind picks the branch it began): `re` then skips to the
    # places a number can start instead of trying the pattern at every character.
    cn = CN_NUMERAL
    return re.compile(
        rf"(?P<num>[\d{cn}](?:(?<=\d)(?:\d{{0,2}}(?:,\d{{3}})+(?![\d.])|\d*(?:\.\d+)?)|(?<=[{cn}])[{cn}]*))"
        r"\s*(?P<after>余|多)?\s*(?P<unit>" + units + r")"
    )


def _value(text: str, m: re.Match[str]) -> Decimal | None:
    """The number a match stands for, or None when it is part of a code or not a count."""
    raw = m.group("num")
    previous = text[m.start() - 1] if m.start() > 0 else ""
    if raw[0].isdigit():
        if len(raw) > MAX_NUMBER_DIGITS + 8:  # no count has so many digits: a code, or garbage
            return None
        if previous and (previous.isalnum() and previous.isascii() or previous in _CODE_NEIGHBOURS):
            return None
        return Decimal(raw.replace(",", ""))
    if raw[0] in _BARE_MAGNITUDES or (previous and previous in _VAGUE_BEFORE):
        return None
    cn = chinese_number(raw)
    return None if cn is None else Decimal(cn)


def _approximation(cfg: ClaimsConfig, m: re.Match[str], before: str, after: str) -> tuple[str | None, int]:
    """The approximation the words around a number make (over, near, about, or None), and where
    the quantity starts: at a word before the number (将近3000条) when there is one."""
    approx, start = ("over" if m.group("after") else None), m.start()
    for name, (pre, post) in cfg.approximate.items():
        if pre is not None:
            pm = pre.search(before)
            if pm:
                return name, m.start() - (len(before) - pm.start())
        if post is not None and post.search(after) and approx is None:
            approx = name
    return approx, start


def find_quantities(text: str, base: int, cfg: ClaimsConfig, number: re.Pattern[str]) -> list[Quantity]:
    """The quantities of `text`, which starts at flow offset `base`; `number` is `number_regex(cfg)`."""
    out = []
    for m in number.finditer(text):
        value = _value(text, m)
        if value is None:
            continue
        before, after = text[max(0, m.start() - LOOK_BEHIND) : m.start()], text[m.end() : m.end() + LOOK_AFTER]
        if cfg.not_before.search(before) or cfg.not_after.search(after):
            continue
        approx, start = _approximation(cfg, m, before, after)
        raw, unit = m.group("num"), m.group("unit")
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        out.append(
            Quantity(
                value=value,
                unit=unit,
                unit_class=cfg.units[unit],
                approx=approx,
                start=base + start,
                end=base + m.end(),
                number_start=base + m.start(),
                text=text[start : m.end()],
                decimals=decimals,
            )
        )
    return out
