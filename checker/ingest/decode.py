"""Report bytes to text: BOMs, declared and detected Chinese encodings, and how much was lost."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from checker.errors import UnreadableInput

MAX_BYTES = 20 * 1024 * 1024


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
        if (
            0x20 <= o < 0x7F
            or ch in "\t\n\r\f"
            or 0x4E00 <= o <= 0x9FFF
            or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF
            or 0x2000 <= o <= 0x206F
        ):
            good += 1
    return good >= 0.9 * len(text)


def decode_bytes(data: bytes) -> Decoded:
    if len(data) > MAX_BYTES:
        raise UnreadableInput(
            f"文件过大（{len(data) // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）",
            f"file too large ({len(data) // 1024 // 1024} MB, limit {MAX_BYTES // 1024 // 1024} MB)",
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe\x0c"):
        raise UnreadableInput("文件为空", "the file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            return _checked(Decoded(text.lstrip("\ufeff"), enc.replace("-sig", "") + " (BOM)", text.count("\ufffd")))
    if data[:5] == b"%PDF-" or data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableInput(
            "文件是二进制文档（PDF、Word 或压缩包），不是文本；请按其类型的扩展名提交",
            "the file is a binary document (PDF, Word or zip), not text; give it its proper extension",
        )
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
    raise UnreadableInput(
        "无法识别文件编码（不是 UTF-8、GB18030/GBK 或 UTF-16 文本）",
        "unknown encoding (not UTF-8, GB18030/GBK or UTF-16 text)",
    )


def _checked(decoded: Decoded) -> Decoded:
    if not _looks_like_text(decoded.text):
        raise UnreadableInput("文件是二进制数据，不是文本报告", "the file is binary data, not a text report")
    if not decoded.text.strip():
        raise UnreadableInput("文件为空", "the file is empty")
    return decoded
