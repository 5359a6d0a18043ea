"""Text made from a structured document (docx, html, pdf), line by line, with where each part came from.

The checker reads text; a reader for another format writes the text in the forms the text
pipeline reads (a paragraph a line, a heading on a line of its own, a table as pipe rows) and
records, for each line and each table cell, a place the author can find again in the original:
"第12段", "表2 第3行第4列", "第3页第5行".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.errors import UnreadableInput
from checker.ingest.decode import MAX_BYTES
from checker.model.document import SourceMap

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’（）《》，。：；！？、]")
# A pipe inside a cell would split it; U+00A6 survives NFKC as itself, unlike the full-width ｜.
_PIPE = str.maketrans({"|": "¦", "\n": " ", "\r": " ", "\t": " "})


def join_wrapped(parts: list[str]) -> str:
    """Lines of one cell or paragraph as one: Chinese joins without a space, other text with one."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(part[0])):
            out += " "
        out += part
    return out


def cell_text(text: str | None) -> str:
    return " ".join((text or "").translate(_PIPE).split())


@dataclass
class Sourced:
    """The text of a converted document, its source map, and what the document was."""

    text: str
    sources: SourceMap
    encoding: str  # the format, e.g. "docx", "html (gbk)", "pdf"
    pages: list[int]  # indices into text where a new page starts (pdf)


class SourcedText:
    """Builds the text and its source map line by line."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._spans: list[tuple[tuple[int, str], ...]] = []
        self._size = 0
        self._page_lines: list[int] = []

    def __len__(self) -> int:
        return len(self._lines)

    def _append(self, line: str, spans: tuple[tuple[int, str], ...]) -> None:
        self._size += len(line) + 1
        if self._size > MAX_BYTES:
            raise UnreadableInput(
                f"文档文字过多（超过 {MAX_BYTES // 1024 // 1024} MB 文本），不像一份年度报告",
                f"the document holds more than {MAX_BYTES // 1024 // 1024} MB of text: not an annual report",
            )
        self._lines.append(line)
        self._spans.append(spans)

    def line(self, text: str, source: str) -> None:
        """One paragraph; line breaks inside it become lines with the same source."""
        for part in text.split("\n"):
            part = part.strip()
            if part:
                self._append(part, ((0, source),))

    def row(self, cells: list[tuple[str, str]]) -> None:
        """A table row as a pipe row, each cell with its source."""
        line, spans = "|", []
        for text, source in cells:
            spans.append((len(line), source))
            line += " " + cell_text(text) + " |"
        if cells:
            self._append(line, tuple(spans))

    def count(self, fragment: str) -> int:
        return sum(line.count(fragment) for line in self._lines)

    def new_page(self) -> None:
        self._page_lines.append(len(self._lines))

    def build(self, encoding: str, empty_zh: str, empty_en: str) -> Sourced:
        if not any(ln.strip(" |") for ln in self._lines):
            raise UnreadableInput(empty_zh, empty_en)
        text = "\n".join(self._lines) + "\n"
        starts, pos = [], 0
        for ln in self._lines:
            starts.append(pos)
            pos += len(ln) + 1
        pages = sorted({starts[k] for k in self._page_lines if k < len(starts)})
        return Sourced(text, SourceMap(list(self._spans)), encoding, pages)
