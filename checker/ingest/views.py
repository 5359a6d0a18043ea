"""The normalised views of a report's text that parsers and rules match against.

Every view keeps, for each of its characters, the index of the character of the original
text it came from, so a match in a view is reported at its place in the file.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass
class View:
    """A derived text with, for each character, the index of its source character."""

    text: str
    origin: list[int] = field(repr=False)  # len(text) + 1 entries; last one is the end

    def orig(self, i: int) -> int:
        return self.origin[min(max(i, 0), len(self.origin) - 1)]


_EXTRA = {"\r": "", "\f": "\n", "\v": "\n", "\u2028": "\n", "\u2029": "\n", "\u00a0": " ", "\ufeff": ""}


@lru_cache(maxsize=8192)
def _norm_char(ch: str) -> str:
    if ch in _EXTRA:
        return _EXTRA[ch]
    # NFKC turns some brackets into sequences (e.g. "⑴" -> "(1)"): the origins repeat the index.
    return unicodedata.normalize("NFKC", ch)


def normalise(text: str) -> View:
    """NFKC per character (full-width letters, digits, brackets, colons become ASCII)."""
    parts: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch < "\x80" and ch != "\r":
            parts.append(ch)
            origin.append(i)
            continue
        n = _norm_char(ch)
        parts.append(n)
        origin.extend([i] * len(n))
    origin.append(len(text))
    return View("".join(parts), origin)


_CJKISH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》〈〉【】〔〕…—]")
_WRAP_END = re.compile(r"[。！？；:：]\s*$")
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\(\s*[一二三四五六七八九十\d]+\s*\)|\d+[.、])")
_SPACES = re.compile(r"[ \t\u3000]+")

# Hard wrapping is told by line widths: of the lines at least _MEASURED long (shorter ones end
# paragraphs or are headings), at least _MIN_MEASURED lines, and _SAME_WIDTH_SHARE of them within
# _WIDTH_SLACK characters of the commonest width (full-width and half-width characters differ).
_MEASURED = 15
_MIN_MEASURED = 10
_WIDTH_SLACK = 3
_SAME_WIDTH_SHARE = 0.4
# A line shorter than this ends its paragraph even in wrapped text (a heading, a date, a signature).
_MIN_WRAPPED_LINE = 20


def _hard_wrapped(lines: list[str]) -> bool:
    """Text cut into lines of one width (PDF text), as opposed to a line per paragraph."""
    widths = [len(ln.strip()) for ln in lines if len(ln.strip()) >= _MEASURED]
    if len(widths) < _MIN_MEASURED:
        return False
    common, _ = Counter(widths).most_common(1)[0]
    near = sum(1 for w in widths if abs(w - common) <= _WIDTH_SLACK)
    return near >= _SAME_WIDTH_SHARE * len(widths)


def _wraps(line: str, following: str) -> bool:
    """The line break after `line` is a wrap inside a paragraph: a long line that does not end a
    sentence, followed by text that is not a heading; table rows are never joined."""
    stripped = line.strip()
    return (
        len(stripped) >= _MIN_WRAPPED_LINE
        and not _WRAP_END.search(stripped)
        and bool(following.strip())
        and not _HEADING_START.match(following)
        and "|" not in stripped
    )


def _drop_wraps(text: str, keep: bytearray) -> None:
    """Mark the line breaks of wrapped paragraphs, and the spaces around them, as dropped."""
    lines = text.split("\n")
    if not _hard_wrapped(lines):
        return
    pos = 0
    for k, line in enumerate(lines[:-1]):
        end = pos + len(line)  # the line break
        if _wraps(line, lines[k + 1]):
            j = end - 1
            while j >= pos and text[j] in " \t":
                keep[j] = 0
                j -= 1
            keep[end] = 0
            j = end + 1
            while j < len(text) and text[j] in " \t":
                keep[j] = 0
                j += 1
        pos = end + 1


def _drop_cjk_spaces(text: str, keep: bytearray) -> None:
    """Mark spaces next to Chinese as dropped ("共 收到" is "共收到"), except between two digits."""
    for m in _SPACES.finditer(text):
        a, b = m.start(), m.end()
        left = text[a - 1] if a else ""
        right = text[b] if b < len(text) else ""
        if (left and _CJKISH.match(left)) or (right and _CJKISH.match(right)):
            if not (left.isdigit() and right.isdigit()):
                keep[a:b] = bytes(b - a)


def flow(view: View) -> View:
    """The running text: hard line wraps inside paragraphs and spaces around CJK removed.

    PDF text wraps paragraphs at the page width ("统计期\\n限"); phrase rules match
    across such wraps here, while the structure parser works on the lines of ``view``.
    """
    text = view.text
    keep = bytearray(b"\x01") * len(text)
    _drop_wraps(text, keep)
    _drop_cjk_spaces(text, keep)
    chars = [ch for ch, k in zip(text, keep) if k]
    origin = [view.origin[i] for i, k in enumerate(keep) if k]
    origin.append(view.origin[-1])
    return View("".join(chars), origin)


class LineIndex:
    """Line and column (1-based) of an index into the original text."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_col(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1
