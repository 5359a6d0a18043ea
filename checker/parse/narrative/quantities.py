"""Quantities of the running text: a number (Arabic or Chinese) with its unit and approximation words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from checker.parse.numerals import CN_NUMERAL, chinese_number
from checker.spec.lexicon import ClaimsConfig


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
        """Whether a table value can be what this (possibly approximate) quantity says."""
        n = self.value
        if self.approx is None:
            return actual == n
        digits = str(int(n)) if n == int(n) else ""
        zeros = len(digits) - len(digits.rstrip("0")) if digits and n else 0
        scale = Decimal(10) ** max(zeros, 1)
        if self.approx == "over":
            return n <= actual < n + scale
        if self.approx == "near":
            return n - scale < actual <= n
        return abs(actual - n) < scale


def number_regex(cfg: ClaimsConfig) -> re.Pattern:
    return re.compile(
        r"(?P<num>\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?|[" + CN_NUMERAL + r"]+)"
        r"\s*(?P<after>余|多)?\s*(?P<unit>" + cfg.unit_regex + r")"
    )


def find_quantities(text: str, base: int, cfg: ClaimsConfig, number: re.Pattern) -> list[Quantity]:
    out = []
    for m in number.finditer(text):
        raw = m.group("num")
        if raw[0].isdigit():
            # A number glued to a longer run of digits or letters is part of a code, not a count.
            if m.start() > 0 and (
                text[m.start() - 1].isalnum() and text[m.start() - 1].isascii() or text[m.start() - 1] in ".-/"
            ):
                continue
            value = Decimal(raw.replace(",", ""))
        else:
            # 数万件, 上百条, 几十次 are not counts; a numeral starts with a digit or 十.
            if raw[0] in "百千万亿" or (m.start() > 0 and text[m.start() - 1] in "几数上成好"):
                continue
            cn = chinese_number(raw)
            if cn is None:
                continue
            value = Decimal(cn)
        before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 6]
        if cfg.not_before.search(before) or cfg.not_after.search(after):
            continue
        unit = m.group("unit")
        approx, start = None, m.start()
        if m.group("after"):
            approx = "over"
        for name, (pre, post) in cfg.approximate.items():
            if pre is not None:
                pm = pre.search(before)
                if pm:
                    approx, start = name, m.start() - (len(before) - pm.start())
                    break
            if post is not None and post.search(after) and approx is None:
                approx = name
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        out.append(
            Quantity(
                value,
                unit,
                cfg.units[unit],
                approx,
                base + start,
                base + m.end(),
                base + m.start(),
                text[start : m.end()],
                decimals,
            )
        )
    return out
