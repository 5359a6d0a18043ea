"""Decoding report bytes and the normalised views rules match against.

Every view keeps, for each of its characters, the index of the character of the original
text it came from, so a match in a view is reported at its place in the file.
"""
from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

MAX_BYTES = 20 * 1024 * 1024


class UnreadableInput(Exception):
    """The bytes are not a text report (empty, binary, undecodable); becomes I102."""

    def __init__(self, reason_zh: str, reason_en: str):
        super().__init__(reason_en)
        self.reason_zh = reason_zh
        self.reason_en = reason_en


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # bytes that could not be decoded and became U+FFFD


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return controls <= max(2, len(text) // 200)


def _plausible_chinese(text: str) -> bool:
    """True when a decoding yields mostly CJK, ASCII and punctuation, as a real report does."""
    good = 0
    for ch in text:
        o = ord(ch)
        if 0x20 <= o < 0x7F or ch in "\t\n\r\f" or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F:
            good += 1
    return good >= 0.9 * len(text)


def decode_bytes(data: bytes) -> Decoded:
    if len(data) > MAX_BYTES:
        raise UnreadableInput(f"文件过大（{len(data) // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）", f"file too large ({len(data) // 1024 // 1024} MB, limit {MAX_BYTES // 1024 // 1024} MB)")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe\x0c"):
        raise UnreadableInput("文件为空", "the file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            return _checked(Decoded(text.lstrip("\ufeff"), enc.replace("-sig", "") + " (BOM)", text.count("\ufffd")))
    if data[:5] == b"%PDF-" or data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableInput("文件是二进制文档（PDF、Word 或压缩包），不是文本；请按其类型的扩展名提交", "the file is a binary document (PDF, Word or zip), not text; give it its proper extension")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    if len(data) % 2 == 0:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible_chinese(text) and _looks_like_text(text):
                return _checked(Decoded(text, enc))
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    if controls > len(sample) // 100 and sample.count(b"\x00") <= len(sample) // 10:
        raise UnreadableInput("文件是二进制数据，不是文本报告", "the file is binary data, not a text report")
    if data.count(b"\x00") > len(data) // 10:
        raise UnreadableInput("文件是二进制数据，不是文本报告", "the file is binary data, not a text report")
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    if bad <= max(3, len(lossy) // 500):
        # Mostly UTF-8 with a few broken bytes: keep the text, the broken spots become H103.
        return _checked(Decoded(lossy, "utf-8", bad))
    try:
        return _checked(Decoded(data.decode("gb18030"), "gb18030"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and _plausible_chinese(str(best)):
        return _checked(Decoded(str(best), best.encoding))
    gb = data.decode("gb18030", errors="replace")
    if gb.count("\ufffd") < lossy.count("\ufffd") and _plausible_chinese(gb):
        return _checked(Decoded(gb, "gb18030", gb.count("\ufffd")))
    if _plausible_chinese(lossy.replace("\ufffd", "")) and bad < len(lossy) // 20:
        return _checked(Decoded(lossy, "utf-8", bad))
    raise UnreadableInput("无法识别文件编码（不是 UTF-8、GB18030/GBK 或 UTF-16 文本）", "unknown encoding (not UTF-8, GB18030/GBK or UTF-16 text)")


def _checked(decoded: Decoded) -> Decoded:
    if not _looks_like_text(decoded.text):
        raise UnreadableInput("文件是二进制数据，不是文本报告", "the file is binary data, not a text report")
    if not decoded.text.strip():
        raise UnreadableInput("文件为空", "the file is empty")
    return decoded


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
        if len(stripped) >= 20 and not _WRAP_END.search(stripped) and nxt.strip() and not _HEADING_START.match(nxt) and "|" not in stripped:
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
