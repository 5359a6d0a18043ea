"""Read the section structure of a report with grammars/structure.lark.

The grammar's lexer finds the numbering markers by level, Markdown prefixes, pipe-table rows
and line breaks; the post-lexer here (lark's hook for context, as its Indenter is for Python's
indentation) decides which markers open a heading and where the tables, page numbers and the
archive header are; the LALR parser nests the headings into sections (checker.parse.structure
turns its tree into the document model).

A marker opens a heading at the start of a line, after the end of a sentence in the middle of
a line (archive pages run a whole report on one line), right after another heading, or, for a
top-level heading, anywhere when its title is one of the unified section titles (a table
flattened into a line runs straight into the next heading: "…0003五、存在的主要问题及改进情况").
Statistics tables are recognised by their captions and header cells and kept apart, so that
their row labels (一、本年新收…, （一）予以公开) are not taken for headings. Some lines' markers
open no heading at all (checker.parse.lines): the page numbers of a text copy, a table of contents
flattened into one line, a row label among the cells of a table of one cell per line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, islice

from lark import Lark, Token, Tree
from lark.exceptions import LarkError
from lark.lark import PostLex

from checker.parse.lines import Line, char_before, contents_line, drop_page_marks, end_of, row_label, start_of
from checker.parse.offset_lexer import OffsetLexer
from checker.spec.resources import grammar_cache, grammar_text
from checker.spec.sections import StructureConfig

SENTENCE_END = "。;!?:"
ARCHIVE_LINES = 20  # the archive header of a saved page ends within its first lines
_TITLE_STOP = re.compile(r"[。;!?]|\s{2,}")
_INLINE_TITLE_STOP = re.compile(
    r"[。;!?]|\s{2,}|(?<![\d.])\d{1,2}[.、](?![\d.])|[一二三四五六七八九十]是|\([一二三四五六七八九十\d]{1,2}\)"
)
_YEAR_IN_TITLE = re.compile(r"\d{4}\s*年")
_BLANKS = re.compile(r"[ \t]*")


def _after_blanks(text: str, at: int) -> int:
    """The first offset from at that is not a space or tab (without copying the rest of the line)."""
    m = _BLANKS.match(text, at)
    assert m is not None  # [ \t]* matches everywhere
    return m.end()


def _cell_end(text: str, start: int) -> int:
    """Where the cell that starts at start ends: the next | or the end of the line."""
    end = text.find("|", start)
    return len(text) if end < 0 else end


_NOT_TITLE_START = set("，,、。;:!?)）%‰年月日号")


@dataclass
class Segmented:
    """The parse tree of a report and what the post-lexer found besides its sections."""

    tree: Tree
    archive: dict[str, str] = field(default_factory=dict)
    archive_span: tuple[int, int] | None = None
    pages: list[int] = field(default_factory=list)  # offsets of page-number lines
    tables: list[tuple[int, int]] = field(default_factory=list)
    signature: tuple[int, int] | None = None  # the closing agency and date lines
    problem: str | None = None  # set when the parser failed (a safety net: the grammar accepts every input)


def _title_can_start(text: str, at: int, level: int) -> bool:
    """Not at the end of the line, not punctuation or a unit (二、， 5年), not more digits (1.5)."""
    return at < len(text) and text[at] not in _NOT_TITLE_START and not (level == 3 and text[at].isdigit())


def _known_title_end(text: str, pos: int, limit: int, pattern: re.Pattern[str]) -> int | None:
    """End (in text) of a unified section title starting at pos, or None."""
    window = text[pos : min(limit, pos + 60)]
    m = pattern.match("".join(window.split()))  # the window without its spaces (str.isspace)
    if not m or m.end() == 0:
        return None
    seen = 0  # the window's index of the last character matched: the m.end()-th that is no space
    for i, ch in enumerate(window):
        seen += not ch.isspace()
        if seen == m.end():
            return pos + i + 1
    raise AssertionError("a match longer than the text it matched")


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


@cache
def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One pattern for several: it matches where one of them does, and its search finds the first
    place where one matches (the alternation is tried at each place in turn), in one scan."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


class _Context(PostLex):
    """The post-lexer: one _Reader per text."""

    always_accept = ("WORD", "NL", "PIPE_ROW", "MD_PREFIX")

    def __init__(self, cfg: StructureConfig):
        self.cfg = cfg

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        return _Reader(self.cfg).run(stream)


class _Reader:
    """Decides, line by line, what the lexer's tokens are in context; positions are offsets
    in the text, local ones (in a line) are named so."""

    def __init__(self, cfg: StructureConfig):
        self.cfg = cfg
        self.out: list[Token] = []
        self.archive = False
        self.in_table = False
        self.pipe_table = False  # the open table has pipe rows: a heading line ends it
        self.after_heading = False  # the last block passed on is a heading
        self.whole_lines: set[int] = set()  # the starts of TEXT tokens that fill their line
        self.length = 0

    def run(self, stream: Iterable[Token]) -> Iterator[Token]:
        every = list(self._lines(stream))
        drop_page_marks(every)
        lines = iter(every)
        head = list(islice(lines, ARCHIVE_LINES))
        for line in chain(self._archive(head), lines):
            self._line(line)
            # the last lines of text may turn out to be the signature: held back
            keep = self._tail()
            yield from self.out[:keep]
            del self.out[:keep]
        self._close(self.length)
        self._signature()
        yield from self.out

    def _tail(self) -> int:
        """Where the text lines that could still become the signature start in self.out."""
        texts, k = 0, len(self.out)
        while k > 0 and self.out[k - 1].type in ("TEXT", "PAGE") and texts < 2:
            texts += self.out[k - 1].type == "TEXT"
            k -= 1
        return k

    def _signature(self) -> None:
        """The report's last text lines: a date line, and the agency's line above it."""
        texts = [i for i in range(self._tail(), len(self.out)) if self.out[i].type == "TEXT"]
        if not texts or not self._whole_line(texts[-1]) or not self.cfg.signature_date.match(self.out[texts[-1]]):
            return
        signed = texts[-2:] if len(texts) > 1 and self._agency(texts[-2]) else texts[-1:]
        for i in signed:
            tok = self.out[i]
            self.out[i] = Token("SIGNATURE", str(tok), start_pos=start_of(tok), end_pos=end_of(tok))

    def _agency(self, i: int) -> bool:
        name = str(self.out[i])
        short = len(name) <= self.cfg.signature_agency_chars and "。" not in name
        return short and self._whole_line(i) and not self.cfg.signature_date.match(name)

    def _whole_line(self, i: int) -> bool:
        return start_of(self.out[i]) in self.whole_lines

    def _lines(self, stream: Iterable[Token]) -> Iterator[Line]:
        """The lexer's tokens as lines (a WORD runs on across line breaks)."""
        start, pieces, marks, head = 0, [], [], None
        for tok in stream:
            if tok.type in ("PIPE_ROW", "MD_PREFIX"):
                head = tok
            elif tok.type.startswith("MARK"):
                marks.append(tok)
            value, i = str(tok), 0
            while (j := value.find("\n", i)) >= 0:
                pieces.append(value[i:j])
                yield Line(start, "".join(pieces), marks, head)
                start, pieces, marks, head = start_of(tok) + j + 1, [], [], None
                i = j + 1
            pieces.append(value[i:])
        text = "".join(pieces)
        self.length = start + len(text)
        yield Line(start, text, marks, head)

    def _archive(self, head: list[Line]) -> list[Line]:
        """The metadata block of a saved page, when the text starts with one; the lines after it."""
        cfg = self.cfg
        for k, line in enumerate(head):
            if not cfg.archive_end.match(line.text):
                continue
            fields = [ln for ln in head[:k] if cfg.archive_field.match(ln.text)]
            if len(fields) < 2:
                break
            for ln in fields:
                self._emit("ARCHIVE_FIELD", ln, 0, len(ln.text))
            self._emit("ARCHIVE_END", line, 0, len(line.text))
            self.archive = True
            return head[k + 1 :]
        return head

    def _line(self, line: Line) -> None:
        cfg, text = self.cfg, line.text
        if (self.archive and cfg.archive_note.match(text)) or not text.strip():
            return
        if _any_of(cfg.page_numbers).match(text):
            self.out.append(Token("PAGE", text, start_pos=line.start, end_pos=line.start + len(text)))
            return
        if line.head is not None and line.head.type == "PIPE_ROW":
            self._open(line.start, pipes=True)
            self._emit("TABLE", line, 0, len(text))
            return
        if contents_line(line):
            self._text(line, 0, len(text))
            return
        content = len(text) - len(text.lstrip())
        lead = end_of(line.head) - line.start if line.head is not None else content
        cursor = 0
        for mark in line.marks:
            if start_of(mark) - line.start >= cursor:
                cursor = self._marker(line, mark, cursor, content, lead)
        self._text(line, cursor, len(text))

    def _marker(self, line: Line, mark: Token, cursor: int, content: int, lead: int) -> int:
        """Pass the marker on as a heading if it opens one; the local offset text resumes at."""
        text = line.text
        start, after = start_of(mark) - line.start, end_of(mark) - line.start
        level = int(mark.type[-1])
        at_line_start = start == lead
        after_heading = self.after_heading and not text[cursor:start].strip()
        if not self.in_table and not after_heading:
            cursor = self._table_before(line, cursor, start)
        after = _after_blanks(text, after)
        if not _title_can_start(text, after, level) or (
            self.in_table and row_label(text[start : _cell_end(text, start)])
        ):
            return cursor
        prev = char_before(text, start) if not at_line_start else ""
        opens = at_line_start or after_heading or (bool(prev) and prev in SENTENCE_END)
        title_end = self._title_end(text, level, after, at_line_start, opens)
        if title_end is None or title_end <= after:
            return cursor
        if at_line_start:
            start = content  # the Markdown prefix belongs to the heading
        self._text(line, cursor, start)
        self._close(line.start + start)
        self.out.append(Token(mark.type, mark.value, start_pos=line.start + start, end_pos=end_of(mark)))
        self._emit("TITLE" if at_line_start else "INLINE_TITLE", line, after, title_end)
        self.after_heading = True
        return title_end

    def _title_end(self, text: str, level: int, after: int, at_line_start: bool, opens: bool) -> int | None:
        """Where the title starting at after ends, if the marker before it opens a heading.
        opens: the marker stands where a heading may (line start, after a sentence or heading);
        elsewhere only a unified title makes a heading."""
        cfg = self.cfg
        strict_end = _known_title_end(text, after, len(text), cfg.strict_title) if level == 1 else None
        if not opens:
            return strict_end
        # A table of pipe rows ends at the first heading line without pipes; other tables
        # (one cell per line, PDF columns) only at a unified section title.
        if self.in_table and strict_end is None and not (at_line_start and self.pipe_table):
            return None
        return strict_end or _plain_title_end(text, after, len(text), not at_line_start)

    def _text(self, line: Line, a: int, b: int) -> None:
        """Running text from local a to b; a table anchor inside it starts a table."""
        text = line.text
        a = b - len(text[a:b].lstrip())
        if a >= b:
            return
        if self.in_table:
            if self.cfg.prose.search(text, a, b) and "|" not in text[a:b]:
                self._close(line.start + a)
            else:
                self._emit("TABLE", line, a, b)
                return
        if self._table_before(line, a, b) == a:
            self._emit("TEXT", line, a, b)

    def _table_before(self, line: Line, a: int, b: int) -> int:
        """If a table starts between local a and b, pass on the text before it and open the table."""
        text = line.text
        piece = text[a:b]
        # each pattern on its own: `re` skips to their literals faster than it tries an alternation
        found = [m.start() for m in (p.search(piece) for p in self.cfg.table_anchors) if m]
        if not found:
            return a
        anchor = a + min(found)
        if text[a:anchor].strip():
            self._emit("TEXT", line, a, anchor)
        self._open(line.start + anchor)
        self._emit("TABLE", line, anchor, b)
        return b

    def _open(self, at: int, pipes: bool = False) -> None:
        if not self.in_table:
            self.in_table, self.pipe_table = True, pipes
        self.pipe_table = self.pipe_table or pipes

    def _close(self, at: int) -> None:
        if self.in_table:
            self.in_table = False
            self.out.append(Token("TABLE_END", "", start_pos=at, end_pos=at))

    def _emit(self, kind: str, line: Line, a: int, b: int) -> None:
        self.out.append(Token(kind, line.text[a:b], start_pos=line.start + a, end_pos=line.start + b))
        if kind == "TEXT" and not line.text[:a].strip() and not line.text[b:].strip():
            self.whole_lines.add(line.start + a)
        self.after_heading = False


@cache
def _parser(cfg: StructureConfig) -> Lark:
    return Lark(
        grammar_text("structure.lark"),
        parser="lalr",
        lexer="basic",
        postlex=_Context(cfg),
        cache=grammar_cache("structure.lark"),
        _plugins={"BasicLexer": OffsetLexer},
    )


def segment(text: str, cfg: StructureConfig) -> Segmented:
    """Parse the normalised text of a report."""
    parser = _parser(cfg)
    try:
        tree = parser.parse(text)
        problem = None
    except LarkError as exc:  # the grammar accepts every sequence; this is a safety net
        problem = f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}"
        tree = Tree("start", [Tree("front", list(parser.lex(text)))])
    seg = Segmented(tree, problem=problem)
    _collect(seg, cfg)
    return seg


def _collect(seg: Segmented, cfg: StructureConfig) -> None:
    """The archive fields, page numbers, signature and table spans, from the tokens of the tree
    (read from the tokens, not the nodes, so that they survive the parser's safety net)."""
    table_start = None
    for tok in seg.tree.scan_values(lambda v: isinstance(v, Token)):
        if tok.type == "ARCHIVE_FIELD":
            m = cfg.archive_field.match(tok)
            if m:
                seg.archive[m.group(1)] = m.group(2).strip()
        elif tok.type == "ARCHIVE_END":
            seg.archive_span = (0, end_of(tok))
        elif tok.type == "PAGE":
            seg.pages.append(start_of(tok))
        elif tok.type == "SIGNATURE":
            seg.signature = (seg.signature[0] if seg.signature else start_of(tok), end_of(tok))
        elif tok.type == "TABLE" and table_start is None:
            table_start = start_of(tok)
        elif tok.type == "TABLE_END" and table_start is not None:
            if start_of(tok) > table_start:
                seg.tables.append((table_start, start_of(tok)))
            table_start = None
