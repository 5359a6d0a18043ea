"""Whether a report's text stops mid-way: a copy cut off after a few kilobytes, the opening of a
web page, a page lost from a PDF. The parts after the cut are then not missing from the report,
they are missing from the text, and no rule can say whether the report has them.

A text is taken as cut only on evidence in its last line, never from what it lacks: it stops in
the middle of a sentence (a clause that runs on, a cut word or number), on a heading with nothing
under it, or inside a statistics table whose rows stop early. A text that ends as reports end
(a signature date, a full stop, a complete table, a short line such as an agency's name or a
page's links) is not cut, whatever it lacks: what it lacks is then a defect the rules report.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from checker.model.document import Truncation
from checker.parse.numerals import ITEM_MARKER
from checker.spec.layouts import table_config
from checker.spec.sections import structure_config

if TYPE_CHECKING:  # the document model imports this module when a rule first asks
    from checker.model.document import Document, Heading, TableRegion
    from checker.model.tables import StatTable

# A date among the last lines is the signature that closes a report (or a page's date below it).
CLOSING_LINES = 3
# What ends a sentence or a label, possibly inside closing quotes and brackets ("…。”", "(无)").
SENTENCE_CLOSERS = set("。！？!?….:：")
CLOSING_MARKS = "”\"’'」』）)】]》>"
OPENERS = set("(（《“【[<")  # a text cannot end on one
RUNS_ON = set("，,、；;")  # nor on a pause: the clause, or the list, goes on
SENTENCE_END = re.compile(r"[。！？!?；;]")
SHORT_ANSWERS = ("无", "暂无", "没有", "略")
DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
# A clause that runs on: a pause inside the last sentence.
PAUSE = re.compile(r"[，,、]")
# How a paragraph of running text opens (an enumeration "三是…", a connective), as a page's links
# ("扫一扫在手机打开当前页面") or a name do not: such a paragraph left without its end is cut.
PROSE_START = re.compile(r"(?:[一二三四五六七八九十]是|其[中次]|同时|此外|另外|首先|最后)")
TAIL_QUOTED = 20
LABEL_MAX_CHARS = 30  # a caption, a header or a row label cut short, not a line of text
FOLLOWED = ("二", "三")  # the tables after which the unified format goes on
_FILLER = re.compile(r"^[\s|\-—:]*$")  # lines of a table's rules and empty cells
# A template's slot on a line of its own (【此处填写：发布日期】): a report not filled in yet, not cut
# short; the slot is H104's.
TEMPLATE_SLOT = re.compile(r"【[^【】\n]*】")


def detect_truncation(doc: Document) -> Truncation | None:
    """Where and why the text stops mid-way, or None."""
    lines = _content_lines(doc)
    if not lines:
        return None
    if ends_signed(doc):
        return None
    start, end, text = lines[-1]
    tail = text[-TAIL_QUOTED:]
    heading = _heading_at_end(doc, start)
    if CAPTION_CUT.match(text.strip(" |")):
        return Truncation(end, "table", tail)  # a table's caption begun, then nothing
    if ITEM_MARKER.fullmatch(text):
        return Truncation(end, "heading", tail)  # a heading's number, then nothing: "(三)"
    region = _table_at_end(doc, lines)
    if region is not None:
        if not _table_cut(doc, region, start, text):
            return None
        # a row label cut short may have been read as a heading ("二、上年结转政府信息"): it is not one
        return Truncation(end, "table", tail, heading=heading.start if heading else None, table=region.start)
    if heading is not None:
        return Truncation(end, "heading", tail, heading=heading.start)
    if _mid_sentence(doc, start, end):
        return Truncation(end, "sentence", tail)
    if _only_the_first_section(doc):
        return Truncation(end, "opening", tail)
    return None


def ends_signed(doc: Document) -> bool:
    """A date among the last lines: the signature that closes a report."""
    date = structure_config().signature_date
    return any(date.match(text) for _, _, text in _content_lines(doc)[-CLOSING_LINES:])


def _only_the_first_section(doc: Document) -> bool:
    """A text of the unified format that ends, unsigned, inside its first section 一、总体情况,
    before any table: the opening of a report (the first screen of a page), not a report. The
    format's other five sections and three tables are what a report is; none is written first."""
    headed = [s for s in doc.sections if s.heading]
    if doc.profile not in ("2019", "2021") or [s.key for s in headed] != ["一"]:
        return False
    # a page's chrome above the report ("字号: | 打印") may look like a table: only one in the text counts
    tables_in_text = [r for r in doc.tables if r.start >= headed[0].start]
    return not tables_in_text and not doc.tables_announced and not doc.stat_tables


def _content_lines(doc: Document) -> list[tuple[int, int, str]]:
    """The last CLOSING_LINES lines with text (all that is asked of the end of a text), as
    (start, end, stripped text), page numbers and table rules left out; read back from the end."""
    pages = structure_config().page_numbers
    text = doc.norm.text
    out: list[tuple[int, int, str]] = []
    end = len(text)
    while len(out) < CLOSING_LINES:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        stripped = line.strip()
        if stripped and not _FILLER.match(stripped) and not any(p.match(stripped) for p in pages):
            at = start + line.index(stripped[0])
            out.append((at, at + len(stripped), stripped))
        if start == 0:
            break
        end = start - 1
    out.reverse()
    return out


def _table_at_end(doc: Document, lines: list[tuple[int, int, str]]) -> TableRegion | None:
    """The table region the last line is in, or the one just above it when the last line is a
    row label cut short ("6.属于四类过程性信": too short a label to be recognised as a row)."""
    end = lines[-1][1]
    region = next((r for r in doc.tables if r.start < end <= r.end + 1), None)
    if region is None and len(lines) > 1 and ITEM_MARKER.match(lines[-1][2]):
        before = lines[-2][1]
        region = next((r for r in doc.tables if r.start < before <= r.end + 1), None)
    return region


def _table_cut(doc: Document, region: TableRegion, start: int, text: str) -> bool:
    """The text ends inside a statistics table that stops early: rows of its layout after the
    last one read are absent, the last row read has too few values, or the last line is a caption,
    header or label with no value after it. A table read whole, the last thing in a report (old
    reports append their 统计表), is an ending."""
    tables = [t for t in doc.stat_tables if t.start <= region.end and t.end >= region.start]
    label = _table_label(text)
    if not tables:  # a caption or header cells with no row after them
        return label and len(text) <= LABEL_MAX_CHARS and not SENTENCE_END.search(text)
    table = max(tables, key=lambda t: t.start)
    beyond = rows_beyond(table)
    # Tables 二 and 三 are followed by more of the report; a text that ends with the last table
    # lacking only its last row may be a whole report with a row left out (T102), not a cut one.
    if beyond and (table.slot in FOLLOWED or len(beyond) > 1):
        return True
    rows = sorted(table.rows.values(), key=lambda r: r.start)
    if rows and rows[-1].problem == "short":
        return True
    return label and not any(r.start <= start <= r.end for r in rows)


# Table 二's captions ("第二十条第（一）项") cut within their first words: "第", "第二", "第二十条".
CAPTION_CUT = re.compile(r"^第(?:二(?:十(?:条第?)?)?)?$")


def _table_label(text: str) -> bool:
    """A caption, a header cell or a row label with no value after it: a table's own words."""
    if re.search(r"\d", ITEM_MARKER.sub("", text)):
        return False
    words = re.sub(r"[\s|]", "", text)
    return bool(
        ITEM_MARKER.match(text)
        or "|" in text
        or any(p.search(text) for p in structure_config().table_anchors)
        or (len(words) >= 2 and any(words in label for label in _layout_words()))
    )


@cache
def _layout_words() -> frozenset[str]:
    """The row and column labels of every layout, spaces removed."""
    out = set()
    for layout in table_config().layouts.values():
        for row in layout.rows:
            out.add(re.sub(r"\s", "", row.label))
            out.update(re.sub(r"\s", "", c.label) for c in row.columns)
    return frozenset(out)


def rows_beyond(table: StatTable) -> list[str]:
    """The required rows of the table's layout that come after the last row read: where a cut
    table stops."""
    order = [r.key for r in table_config().layouts[table.layout].rows]
    read = [order.index(k) for k in table.rows if k in order]
    last = max(read, default=-1)
    return [k for k in table.missing if k in order and order.index(k) > last]


def _heading_at_end(doc: Document, line_start: int) -> Heading | None:
    """A heading on the last line with no text after it (a list item that ends its sentence,
    "2、严格按照……及时公开信息。", is text)."""
    text = doc.norm.text
    if text.rstrip().rstrip(CLOSING_MARKS)[-1:] in SENTENCE_CLOSERS:
        return None
    found = None
    for h in _headings(doc):
        if h.start >= line_start and not re.search(r"\w", text[h.end :]):
            if found is None or h.start > found.start:
                found = h
    return found


def _mid_sentence(doc: Document, start: int, end: int) -> bool:
    """The last line stops inside a sentence of running text."""
    line = doc.norm.text[start:end].rstrip("| ")
    if not line or TEMPLATE_SLOT.fullmatch(line.strip()):
        return False
    core = line.rstrip(CLOSING_MARKS)
    if core and core[-1] in SENTENCE_CLOSERS:
        return False
    if line[-1] in OPENERS or line[-1] in RUNS_ON:
        return True
    tail, after = _last_sentence(doc, start, end, line)
    if not tail or (DATE.search(tail[-TAIL_QUOTED:]) and tail.endswith("日")):
        return False
    if PAUSE.search(tail):
        return True
    if tail.startswith(SHORT_ANSWERS) or ":" in tail:
        return False  # "无。" without its full stop; a label ("附件:", "下一篇:")
    if after:
        return True  # the first words under a heading ("为", "综合20"), or right after a full stop ("…服务。在推")
    return bool(PROSE_START.match(tail))


def _last_sentence(doc: Document, start: int, end: int, line: str) -> tuple[str, bool]:
    """The words after the last heading or sentence end of the last line, and whether they
    follow one directly (a sentence begun, not a name or a page link after a gap)."""
    heads = [h.end for h in _headings(doc) if start <= h.end <= end]
    if not heads and _body_starts(doc, start):
        heads = [start]
    ends = [start + m.end() for m in SENTENCE_END.finditer(line)]
    cut_from = max(heads + ends, default=start)
    text = doc.norm.text
    after = bool(heads) and cut_from == max(heads)
    after = after or (bool(ends) and cut_from == max(ends) and cut_from < end and not text[cut_from].isspace())
    return text[cut_from:end].strip(" |"), after


def _headings(doc: Document) -> list[Heading]:
    return [s.heading for s in doc.all_sections() if s.heading is not None]


def _body_starts(doc: Document, start: int) -> bool:
    """The line is the first under a heading on the line before."""
    before = len(doc.norm.text[:start].rstrip())
    return any(h.end == before for h in _headings(doc))
