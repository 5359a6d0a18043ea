"""Kind `enumeration`: 一是、二是、三是 … counted within each paragraph-level section."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.model.document import Document
from checker.parse.numerals import chinese_numeral, marker_number
from checker.rules.kinds.base import Param, kind

if TYPE_CHECKING:
    from checker.rules.context import Context
    from checker.rules.rule import Rule


@kind("enumeration", params={"marker_regex": Param(str, required=True)}, messages=("default", "repeat", "nested"))
def check_enumeration(doc: Document, rule: Rule, ctx: Context) -> None:
    marker = re.compile(rule.params["marker_regex"])
    text = doc.norm.text
    for lo, hi in doc.prose_spans():
        # A stack of open enumerations: a 一是 inside an open one starts a nested one, and
        # a number that continues an outer one closes the inner ones.
        stack: list[dict] = []
        for m in marker.finditer(text, lo, hi):
            if doc.in_table(m.start()):
                continue
            n = marker_number(m.group(1))
            if n == 1:
                stack.append({"expected": 2, "used": {1}})
                continue
            if stack and stack[-1]["expected"] == n:
                stack[-1]["expected"] += 1
                stack[-1]["used"].add(n)
                continue
            outer = next((k for k in range(len(stack) - 2, -1, -1) if stack[k]["expected"] == n), None)
            if outer is not None:
                inner_used = set().union(*(level["used"] for level in stack[outer + 1 :]))
                del stack[outer + 1 :]
                stack[-1]["expected"] += 1
                stack[-1]["used"].add(n)
                if n in inner_used:
                    _report(ctx, m, text, "nested", n, n)
                continue
            expected = stack[-1]["expected"] if stack else 1
            _report(ctx, m, text, "repeat" if n < expected else "default", n, expected)
            if not stack:
                stack.append({"expected": n + 1, "used": {n}})
            else:
                stack[-1]["expected"] = max(expected, n + 1)
                stack[-1]["used"].add(n)


def _report(ctx: Context, m: re.Match[str], text: str, variant: str, n: int, expected: int) -> None:
    missing = "、".join(f"{chinese_numeral(k)}是" for k in range(expected, n)) if n > expected else ""
    ctx.report(
        at=m.start(),
        end=m.end(),
        # Whitespace left out: a PDF wraps lines in other places than the text file does.
        key=f"enum:{chinese_numeral(n)}:{''.join(text[m.end() : m.end() + 24].split())[:8]}",
        variant=variant,
        evidence={"found": m.group(0), "expected": f"{chinese_numeral(expected)}是"},
        found=m.group(0),
        expected=f"{chinese_numeral(expected)}是",
        missing=missing,
    )


@kind("not_assessable", messages=("default", "crash"))
def check_not_assessable(doc: Document, rule: Rule, ctx: Context) -> None:
    """Reported by the other kinds when they cannot judge; nothing to check on its own."""


@kind("unparsed_input", messages=("default",))
def check_unparsed(doc: Document, rule: Rule, ctx: Context) -> None:
    """Reported by the reader when a file is not a readable report."""
    if doc.structure_problem:
        ctx.report(key="structure", reason=doc.structure_problem)
