"""The lines of a report as the structure reader sees them, and the kinds of line whose numbering
markers do not open headings: the page numbers of a text copy, a table of contents flattened into
one line, the row labels of a statistics table of one cell per line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lark import Token

from checker.spec.layouts import table_config

# A document-sharing site's text copy numbers its pages "1、 2、 3、", one page a line: every line
# of the text opens with the next number and runs far longer than any list item.
_PAGE_MARK = re.compile(r"\s*(\d{1,3})、")
PAGE_LINE_CHARS = 300
# A table of contents flattened into one line: entries joined by commas, each opening with a
# numbering marker, the top-level ones among them.
_CONTENTS_SEP = set(",，")
CONTENTS_ENTRIES = 4
CONTENTS_TOP = 2


def start_of(tok: Token) -> int:
    """A token's offset in the text (lark types it as optional; every token here has one)."""
    assert tok.start_pos is not None
    return tok.start_pos


def end_of(tok: Token) -> int:
    assert tok.end_pos is not None
    return tok.end_pos


@dataclass
class Line:
    start: int  # offset of the line in the text
    text: str
    marks: list[Token]  # the MARKn tokens in it
    head: Token | None  # PIPE_ROW or MD_PREFIX, when the line starts with one


def drop_page_marks(lines: list[Line]) -> None:
    """Page numbers of a text copy ("1、 …", "2、…", one page a line) are not list markers."""
    full = [ln for ln in lines if ln.text.strip()]
    if len(full) < 2 or any(len(ln.text) < PAGE_LINE_CHARS for ln in full[:-1]):
        return
    numbers = [_PAGE_MARK.match(ln.text) for ln in full]
    if not all(m and int(m.group(1)) == k for k, m in enumerate(numbers, 1)):
        return
    for ln in full:
        ln.marks = [t for t in ln.marks if start_of(t) - ln.start >= len(ln.text) - len(ln.text.lstrip()) + 1]


def char_before(text: str, i: int) -> str:
    """The last character before i that is not a space, "" when there is none: text[:i].rstrip()[-1:]
    without copying the line (a flattened report is one line, with many markers)."""
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return text[j] if j >= 0 else ""


def contents_line(line: Line) -> bool:
    """A table of contents flattened into one line ("一、概述,(一)…,二、…,(一)…,"): its entries,
    joined by commas, are the headings listed, not headings."""
    text = line.text
    lead = len(text) - len(text.lstrip())
    entries = [
        t
        for t in line.marks
        if start_of(t) - line.start == lead or char_before(text, start_of(t) - line.start) in _CONTENTS_SEP
    ]
    top = [t for t in entries if t.type.endswith("1")]
    return len(entries) >= CONTENTS_ENTRIES and len(top) >= CONTENTS_TOP


# Table 三 groups its result rows under a label of its own, not a row of the layouts.
_GROUP_LABELS = ("三、本年度办理结果",)


@cache
def _row_labels() -> frozenset[str]:
    """The labels of the statistics tables' rows that open with a numbering marker, spaces
    removed: whole, and each part of a two-level label ("（三）不予公开 1.属于国家秘密"), as a
    table of one cell per line splits them."""
    labels = [row.label for layout in table_config().layouts.values() for row in layout.rows]
    parts = {p for label in (*labels, *_GROUP_LABELS) for p in (label, *label.split())}
    return frozenset(_bare(p) for p in parts if re.match(r"[（(]?[一二三四五六七八九十\d]{1,2}[、.)）]", p))


_HALF = str.maketrans("（），：；", "(),:;")


def _bare(text: str) -> str:
    return re.sub(r"\s", "", text).translate(_HALF)


def row_label(rest: str) -> bool:
    """A line inside a table that is one of its row labels ("一、本年新收政府信息公开申请数量"):
    a cell, not a heading, in a table of one cell per line."""
    labels = _row_labels()
    cell = "".join(rest.split("|", 1)[0].split())  # str.split() and \s: the same spaces
    return len(cell) <= _longest(labels) and cell.translate(_HALF) in labels


@cache
def _longest(labels: frozenset[str]) -> int:
    """The longest label: a longer cell is none (and is not translated, a line of a whole report)."""
    return max(map(len, labels), default=0)
