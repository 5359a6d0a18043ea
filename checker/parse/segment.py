"""Cut the normalised text into the tokens the structure grammar parses.

Headings are found by their numbering marker at the start of a line, after the end of a
sentence in the middle of a line (archive pages run a whole report on one line), or, for a
top-level heading, anywhere when its title is one of the unified section titles (a table
flattened into a line runs straight into the next heading: "…0003五、存在的主要问题及改进情况").
Statistics tables are recognised by their captions and header cells and kept apart, so
that their row labels (一、本年新收…, （一）予以公开) are not taken for headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token

from checker.model.document import Heading
from checker.spec.sections import StructureConfig, compact

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

MARKER = re.compile(
    r"(?P<h1>[一二三四五六七八九十]{1,3}\s*(?:、|\.(?![\d.])))"
    r"|(?P<h2>\(\s*[一二三四五六七八九十]{1,3}\s*\))"
    r"|(?P<h4>\(\s*\d{1,2}\s*\))"
    r"|(?P<h3>(?<![\d.])(?<!\d:)\d{1,2}\s*[.、](?![\d.]))"
)
SENTENCE_END = "。;!?:"
_MARKDOWN_PREFIX = re.compile(r"(?:#{1,6}\s*|>\s*|[-*+]\s+|\*\*|__)+")
_TITLE_STOP = re.compile(r"[。;!?]|\s{2,}")
_INLINE_TITLE_STOP = re.compile(
    r"[。;!?]|\s{2,}|(?<![\d.])\d{1,2}[.、](?![\d.])|[一二三四五六七八九十]是|\([一二三四五六七八九十\d]{1,2}\)"
)
_YEAR_IN_TITLE = re.compile(r"\d{4}\s*年")
_NOT_TITLE_START = set("，,、。;:!?)）%‰年月日号")


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23; Arabic digits pass through."""
    text = re.sub(r"[\s()、.]", "", text)
    if text.isdigit():
        return int(text)
    if not text:
        return 0
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS.get(text[0], 0)


@dataclass
class Segmented:
    tokens: list[Token]
    headings: dict[int, Heading]  # by token start
    archive: dict[str, str]
    archive_span: tuple[int, int] | None
    pages: list[int]
    tables: list[tuple[int, int]]


def _tok(kind: str, text: str, start: int, end: int) -> Token:
    return Token(kind, text[start:end], start_pos=start, end_pos=end)


def _known_title_end(text: str, pos: int, limit: int, pattern: re.Pattern) -> int | None:
    """End (in text) of a unified section title starting at pos, or None."""
    window = text[pos : min(limit, pos + 60)]
    chars, index = [], []
    for i, ch in enumerate(window):
        if not ch.isspace():
            chars.append(ch)
            index.append(i)
    m = pattern.match("".join(chars))
    if not m or m.end() == 0:
        return None
    return pos + index[m.end() - 1] + 1


def _plain_title_end(text: str, pos: int, limit: int, inline: bool) -> int:
    """A heading's title runs to the end of its sentence; in running text (inline), a year
    or a space after it starts the paragraph ("一、 概述2015年，…")."""
    m = (_INLINE_TITLE_STOP if inline else _TITLE_STOP).search(text, pos + 1, limit)
    end = m.start() if m else limit
    if end - pos > 30:
        cuts = []
        if inline:
            y = _YEAR_IN_TITLE.search(text, pos + 2, end)
            sp = text.find(" ", pos + 2, end)
            cuts = [c for c in ((y.start() if y else -1), sp) if c > pos]
        end = min(cuts) if cuts else min(end, pos + 40)
    while end > pos and text[end - 1] in " \t:,，":
        end -= 1
    return end


def segment(text: str, cfg: StructureConfig) -> Segmented:
    tokens: list[Token] = []
    headings: dict[int, Heading] = {}
    archive: dict[str, str] = {}
    archive_span = None
    pages: list[int] = []
    tables: list[tuple[int, int]] = []

    line_spans = []
    pos = 0
    for line in text.split("\n"):
        line_spans.append((pos, pos + len(line)))
        pos += len(line) + 1

    first = 0
    # The metadata block of a saved page, when the text starts with one.
    for k, (a, b) in enumerate(line_spans[:20]):
        if cfg.archive_end.match(text[a:b]):
            fields = [cfg.archive_field.match(text[x:y]) for x, y in line_spans[:k]]
            if sum(1 for f in fields if f) >= 2:
                for (x, y), f in zip(line_spans[:k], fields):
                    if f:
                        archive[f.group(1)] = f.group(2).strip()
                        tokens.append(_tok("ARCHIVE_FIELD", text, x, y))
                tokens.append(_tok("ARCHIVE_END", text, a, b))
                archive_span = (line_spans[0][0], b)
                first = k + 1
            break

    in_table = False
    pipe_table = False
    table_start = 0

    def open_table(at: int, pipes: bool = False):
        nonlocal in_table, table_start, pipe_table
        if not in_table:
            in_table, table_start, pipe_table = True, at, pipes
        pipe_table = pipe_table or pipes

    def close_table(at: int):
        nonlocal in_table
        if in_table:
            in_table = False
            if at > table_start:
                tables.append((table_start, at))

    def _table_before(a: int, b: int) -> int:
        """If a table starts between a and b, emit the text before it and open the table."""
        anchor = _first_anchor(a, b)
        if anchor is None:
            return a
        if text[a:anchor].strip():
            tokens.append(_tok("TEXT", text, a, anchor))
        open_table(anchor)
        tokens.append(_tok("TABLE", text, anchor, b))
        return b

    def _first_anchor(a: int, b: int) -> int | None:
        found = None
        for pat in cfg.table_anchors:
            m = pat.search(text[a:b])
            if m and (found is None or m.start() < found):
                found = m.start()
        return None if found is None else a + found

    def emit_text(a: int, b: int):
        """Running text from a to b; a table anchor inside it starts a table."""
        while a < b and text[a].isspace():
            a += 1
        if a >= b:
            return
        if in_table:
            if cfg.prose.search(text, a, b) and "|" not in text[a:b]:
                close_table(a)
            else:
                tokens.append(_tok("TABLE", text, a, b))
                return
        if _table_before(a, b) == a:
            tokens.append(_tok("TEXT", text, a, b))

    for a, b in line_spans[first:]:
        line = text[a:b]
        if archive_span and cfg.archive_note.match(line):
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if any(p.match(line) for p in cfg.page_numbers):
            pages.append(a)
            continue
        if "|" in line:
            open_table(a, pipes=True)
            tokens.append(_tok("TABLE", text, a, b))
            continue
        content = a + (len(line) - len(line.lstrip()))
        prefix = _MARKDOWN_PREFIX.match(text, content, b)
        lead = prefix.end() if prefix else content
        cursor = a
        for m in MARKER.finditer(text, lead, b):
            start = m.start()
            if start < cursor:
                continue
            level = int(m.lastgroup[1])
            at_line_start = start == lead
            prev = text[a:start].rstrip()[-1:] if not at_line_start else ""
            after_heading = tokens and tokens[-1].type[0] == "H" and not text[cursor:start].strip()
            if not in_table and not after_heading:
                cursor = _table_before(cursor, start)
            after = m.end()
            while after < b and text[after] in " \t":
                after += 1
            if after >= b or text[after] in _NOT_TITLE_START or (level == 3 and text[after].isdigit()):
                continue
            strict_end = _known_title_end(text, after, b, cfg.strict_title) if level == 1 else None
            if at_line_start or after_heading or (prev and prev in SENTENCE_END):
                # A table of pipe rows ends at the first heading line without pipes; other
                # tables (one cell per line, PDF columns) only at a unified section title.
                if in_table and strict_end is None and not (at_line_start and pipe_table):
                    continue
                title_end = strict_end or _plain_title_end(text, after, b, not at_line_start)
            elif strict_end is not None:
                title_end = strict_end
            else:
                continue
            if title_end <= after:
                continue
            if at_line_start:
                start = content  # the Markdown prefix belongs to the heading
            emit_text(cursor, start)
            close_table(start)
            title = text[after:title_end].strip().rstrip("*_ ")
            tok = _tok(f"H{level}", text, start, title_end)
            headings[start] = Heading(
                level, cn_number(m.group(0)), compact(m.group(0)), title, start, title_end, not at_line_start
            )
            tokens.append(tok)
            cursor = title_end
        emit_text(cursor, b)
    close_table(len(text))
    return Segmented(tokens, headings, archive, archive_span, pages, tables)
