"""Report bytes to text: BOMs, declared and detected Chinese encodings, and how much was lost.

`decode_bytes` refuses what is not a text report (too large, empty, a binary document or binary
data), then tries, in order: a BOM, strict UTF-8, UTF-16 without a BOM, UTF-8 with a few broken
bytes, strict GB18030, detection (charset_normalizer), and lossy GB18030 or UTF-8 when the result
still reads as Chinese. Broken bytes become U+FFFD and are counted (H103 reports them).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from checker.errors import UnreadableInput
from checker.ingest.limits import MAX_INPUT_BYTES

MAX_BYTES = MAX_INPUT_BYTES
_MB = 1024 * 1024

# White space, NULs and BOM bytes: a file of nothing else is empty.
_NOTHING = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe\x0c"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# PDF, zip (docx, xlsx) and OLE (doc, wps, xls) headers: a document saved under a text extension.
_DOCUMENT_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")

# Text may hold a few stray control characters (a \x1a from an old editor): one in this many
# characters, and at least this many, before it is taken for binary data.
_CONTROLS_ONE_IN = 200
_CONTROLS_ALLOWED = 2
# Binary data: more control bytes than one in this many in the first _SNIFF_BYTES (unless the
# NULs say UTF-16), or NULs in more than one byte in _NULS_ONE_IN of the whole.
_SNIFF_BYTES = 65536
_CONTROL_BYTES_ONE_IN = 100
_NULS_ONE_IN = 10
# A decoding reads as a Chinese report when this share of its characters is CJK, ASCII or punctuation.
_PLAUSIBLE_SHARE = 0.9
# UTF-8 with a few broken bytes (at most one in this many characters, or this many) is UTF-8
# with damage, kept as it is; as a last resort, broken bytes up to one in _LOSSY_ONE_IN.
_BROKEN_ONE_IN = 500
_BROKEN_ALLOWED = 3
_LOSSY_ONE_IN = 20

_BINARY = ("文件是二进制数据，不是文本报告", "the file is binary data, not a text report")
_EMPTY = ("文件为空", "the file is empty")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # bytes that could not be decoded and became U+FFFD


# Unicode's control characters (category Cc: U+0000-001F, U+007F-009F) but \t \n \v \f \r.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    controls = len(_CONTROLS.findall(text))
    return controls <= max(_CONTROLS_ALLOWED, len(text) // _CONTROLS_ONE_IN)


def _plausible_chinese(text: str) -> bool:
    """True when a decoding yields mostly CJK, ASCII and punctuation, as a real report does."""
    good = 0
    for ch in text:
        o = ord(ch)
        if (
            0x20 <= o < 0x7F
            or ch in "\t\n\r\f"
            or 0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
            or 0x3000 <= o <= 0x303F  # CJK punctuation
            or 0xFF00 <= o <= 0xFFEF  # full-width forms
            or 0x2000 <= o <= 0x206F  # general punctuation: “” — …
        ):
            good += 1
    return good >= _PLAUSIBLE_SHARE * len(text)


def _refuse_not_text(data: bytes) -> None:
    """Too large, empty, or a PDF / Word / zip file: not a text report, whatever its name says."""
    if len(data) > MAX_BYTES:
        raise UnreadableInput(
            f"文件过大（{len(data) // _MB} MB，上限 {MAX_BYTES // _MB} MB）",
            f"file too large ({len(data) // _MB} MB, limit {MAX_BYTES // _MB} MB)",
        )
    if not data.strip(_NOTHING):
        raise UnreadableInput(*_EMPTY)
    if data.startswith(_DOCUMENT_MAGIC):
        raise UnreadableInput(
            "文件是二进制文档（PDF、Word 或压缩包），不是文本；请按其类型的扩展名提交",
            "the file is a binary document (PDF, Word or zip), not text; give it its proper extension",
        )


def _refuse_binary(data: bytes) -> None:
    """Control bytes or NULs throughout: binary data (asked only once UTF-16 was ruled out)."""
    sample = data[:_SNIFF_BYTES]
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    if controls > len(sample) // _CONTROL_BYTES_ONE_IN and sample.count(b"\x00") <= len(sample) // _NULS_ONE_IN:
        raise UnreadableInput(*_BINARY)
    if data.count(b"\x00") > len(data) // _NULS_ONE_IN:
        raise UnreadableInput(*_BINARY)


def _by_bom(data: bytes) -> Decoded | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            return Decoded(text.lstrip("\ufeff"), enc.replace("-sig", "") + " (BOM)", text.count("\ufffd"))
    return None


def _utf8(data: bytes) -> Decoded | None:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


def _utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM (Windows Notepad's "Unicode"), when it reads as Chinese."""
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_chinese(text) and _looks_like_text(text):
            return Decoded(text, enc)
    return None


def _legacy(data: bytes) -> Decoded | None:
    """Damaged UTF-8, GB18030 (GBK, GB2312), another encoding detected, or the lossy decoding
    that loses least and still reads as Chinese."""
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    if bad <= max(_BROKEN_ALLOWED, len(lossy) // _BROKEN_ONE_IN):
        return Decoded(lossy, "utf-8", bad)  # the broken spots become H103
    try:
        return Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported when needed: it is slow to load

    best = from_bytes(data).best()
    if best is not None and _plausible_chinese(str(best)):
        return Decoded(str(best), best.encoding)
    gb = data.decode("gb18030", errors="replace")
    if gb.count("\ufffd") < bad and _plausible_chinese(gb):
        return Decoded(gb, "gb18030", gb.count("\ufffd"))
    if _plausible_chinese(lossy.replace("\ufffd", "")) and bad < len(lossy) // _LOSSY_ONE_IN:
        return Decoded(lossy, "utf-8", bad)
    return None


def decode_bytes(data: bytes) -> Decoded:
    """The text of a report file; raises UnreadableInput (I102) for what is not one."""
    _refuse_not_text(data)
    for attempt in (_by_bom, _utf8, _utf16):
        decoded = attempt(data)
        if decoded is not None:
            return _checked(decoded)
    _refuse_binary(data)
    decoded = _legacy(data)
    if decoded is None:
        raise UnreadableInput(
            "无法识别文件编码（不是 UTF-8、GB18030/GBK 或 UTF-16 文本）",
            "unknown encoding (not UTF-8, GB18030/GBK or UTF-16 text)",
        )
    return _checked(decoded)


def _checked(decoded: Decoded) -> Decoded:
    if not _looks_like_text(decoded.text):
        raise UnreadableInput(*_BINARY)
    if not decoded.text.strip():
        raise UnreadableInput(*_EMPTY)
    return decoded
