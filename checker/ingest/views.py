"""Decoding report bytes and the normalised views rules match against.

Every view keeps, for each of its characters, the index of the character of the original
text it came from, so a match in a view is reported at its place in the file.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
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
    out = unicodedata.normalize("NFKC", ch)
    # NFKC turns some brackets and spaces into sequences with spaces (e.g. "⑴" -> "(1)"); fine.
    return out


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


def _hard_wrapped(lines: list[str]) -> bool:
    """Text cut into lines of one width (PDF text), as opposed to a line per paragraph."""
    from collections import Counter

    widths = [len(ln.strip()) for ln in lines if len(ln.strip()) >= 15]
    if len(widths) < 10:
        return False
    common, _ = Counter(widths).most_common(1)[0]
    near = sum(1 for w in widths if abs(w - common) <= 3)
    return near >= 0.4 * len(widths)


def flow(view: View) -> View:
    """The running text: hard line wraps inside paragraphs and spaces around CJK removed.

    PDF text wraps paragraphs at the page width ("统计期\\n限"); phrase rules match
    across such wraps here, while the structure parser works on the lines of ``view``.
    """
    text = view.text
    keep = bytearray(b"\x01") * len(text)
    lines = text.split("\n")
    pos = 0
    wrapped = _hard_wrapped(lines)
    for k, line in enumerate(lines[:-1]):
        if not wrapped:
            break
        end = pos + len(line)
        stripped = line.strip()
        nxt = lines[k + 1]
        if (
            len(stripped) >= 20
            and not _WRAP_END.search(stripped)
            and nxt.strip()
            and not _HEADING_START.match(nxt)
            and "|" not in stripped
        ):
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
    for m in re.finditer(r"[ \t\u3000]+", text):
        a, b = m.start(), m.end()
        left = text[a - 1] if a else ""
        right = text[b] if b < len(text) else ""
        if (left and _CJKISH.match(left)) or (right and _CJKISH.match(right)):
            if not (left.isdigit() and right.isdigit()):
                for j in range(a, b):
                    keep[j] = 0
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
