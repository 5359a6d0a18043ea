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
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc


@dataclass
class View:
    """A derived text with, for each character, the index of its source character."""

    text: str
    origin: list[int] = field(repr=False)  # len(text) + 1 entries; last one is the end

    def orig(self, i: int) -> int:
        return self.origin[min(max(i, 0), len(self.origin) - 1)]

    def original(self, source: str, start: int, end: int) -> str:
        """What the report wrote for text[start:end] (source is the original text): the quote a
        reader can search for, in the report's own script and punctuation."""
        if end <= start:
            return ""
        return source[self.orig(start) : self.orig(end - 1) + 1].strip()


_EXTRA = {"\r": "", "\f": "\n", "\v": "\n", "\u2028": "\n", "\u2029": "\n", "\u00a0": " ", "\ufeff": ""}
# CJK Unified Ideographs (Extension A and the main block): NFKC leaves each as it is.
_IDEOGRAPH_FIRST, _IDEOGRAPH_LAST = "\u3400", "\u9fff"
# The characters normalise looks at: all but ASCII (\r apart) and those ideographs.
_NORMALISABLE = re.compile(rf"[^\x00-\x0c\x0e-\x7f{_IDEOGRAPH_FIRST}-{_IDEOGRAPH_LAST}]")
# Traditional characters that GB2312 also holds, mapped to their simplified form anyway: in a
# report they are traditional (關於, 之後, 徵求). Others GB2312 holds stay: 乾 (乾县), 吒, 榘, 醣…
_TRADITIONAL_IN_GB2312 = frozenset("於後徵夥麽摺菸")
# A pinyin gloss a mirror site put after a character ("報(bào)告"): a tone-marked syllable in brackets.
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\((?=[a-zü]*[āáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜ])[a-zāáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜü]{1,6}\)")


@cache
def to_simplified() -> opencc.OpenCC:
    """OpenCC's traditional-to-simplified converter, built once (and imported then: most reports
    need it for no character)."""
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def _simplified(ch: str) -> str:
    """The simplified form of a traditional hanzi; the character itself when it has none, when it
    is a simplified character too (GB2312 holds it), or when its conversion is not one character."""
    if ch not in _TRADITIONAL_IN_GB2312:
        try:
            ch.encode("gb2312")
            return ch
        except UnicodeEncodeError:
            pass
    s: str = to_simplified().convert(ch)
    return s if len(s) == 1 else ch


# A text with this many traditional characters is a traditional text: it is converted by words,
# which also resolves the characters whose form depends on the word (反覆 -> 反复, 乾淨 -> 干净).
_TRADITIONAL_TEXT = 20


def _all_simplified(text: str) -> bool:
    """GB2312 holds every character and none is one of the traditional ones it also holds: no
    character changes (told in C, without looking at each distinct character)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return not any(ch in text for ch in _TRADITIONAL_IN_GB2312)


def simplified(text: str) -> str:
    """The text with traditional hanzi in simplified form, one character for one."""
    if _all_simplified(text):
        return text
    # Each distinct character looked up once: a report uses a few thousand, many times each.
    changes = {ch: s for ch in set(text) if _IDEOGRAPH_FIRST <= ch <= _IDEOGRAPH_LAST and (s := _simplified(ch)) != ch}
    if not changes:
        return text
    if sum(text.count(ch) for ch in changes) >= _TRADITIONAL_TEXT:
        whole: str = to_simplified().convert(text)
        if len(whole) == len(text):
            return whole
    return text.translate({ord(ch): s for ch, s in changes.items()})


@lru_cache(maxsize=8192)
def _norm_char(ch: str) -> str:
    if ch in _EXTRA:
        return _EXTRA[ch]
    # NFKC turns some brackets into sequences (e.g. "⑴" -> "(1)"): the origins repeat the index.
    return unicodedata.normalize("NFKC", ch)


def normalise(text: str) -> View:
    """NFKC per character (full-width letters, digits, brackets, colons become ASCII), traditional
    hanzi in their simplified form (a 繁体 mirror reads like the report it copies; one character
    for one, so offsets stay put), and pinyin glosses of mirror sites left out."""
    source = simplified(text)
    # Each distinct character that may change normalised once: ASCII but \r stays as it is, and
    # so do the unified ideographs (no decomposition), most of a report's characters.
    forms = {ch: _norm_char(ch) for ch in set(_NORMALISABLE.findall(source))}
    resized = [ch for ch, n in forms.items() if len(n) != 1]  # \r and the BOM go, ⑴ becomes (1)
    origin: list[int] = []
    done = 0
    if resized:
        for m in re.finditer("[" + re.escape("".join(resized)) + "]", source):
            i = m.start()
            origin.extend(range(done, i))
            origin.extend([i] * len(forms[m.group()]))
            done = i + 1
    origin.extend(range(done, len(source)))
    origin.append(len(text))
    # The few characters that change replaced where they stand: faster than translating every one.
    changed = "".join(sorted(ch for ch, n in forms.items() if n != ch))  # sorted: the same pattern, compiled once
    normalised = re.sub(f"[{re.escape(changed)}]", lambda m: forms[m.group()], source) if changed else source
    return _drop_glosses(View(normalised, origin))


def _drop_glosses(view: View) -> View:
    text = view.text
    spans = [m.span() for m in _GLOSS.finditer(text)] if "(" in text else []
    if not spans:
        return view
    keep = bytearray(b"\x01") * len(text)
    for a, b in spans:
        keep[a:b] = bytes(b - a)
    return _kept(view, keep)


_DROPPED = re.compile(rb"\x00+")


def _kept(view: View, keep: bytearray) -> View:
    """The view without the characters whose keep byte is 0, copied a stretch at a time (few are
    dropped: a space, a line break)."""
    text, origin = view.text, view.origin
    pieces: list[str] = []
    origins: list[int] = []
    done = 0
    for m in _DROPPED.finditer(keep):
        pieces.append(text[done : m.start()])
        origins += origin[done : m.start()]
        done = m.end()
    pieces.append(text[done:])
    origins += origin[done:]  # with the last entry, the end
    return View("".join(pieces), origins)


_CJKISH_CLASS = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》〈〉【】〔〕…—]"
_WRAP_END = re.compile(r"[。！？；:：]\s*$")
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\(\s*[一二三四五六七八九十\d]+\s*\)|\d+[.、])")
# A whole run of spaces with Chinese before it or after it. It opens with a space and looks behind
# after it (so `re` skips to the spaces); the run is taken whole (*+: \u3000 is Chinese too, a
# shorter run must not pass for one followed by Chinese).
_SPACES_BY_CJK = re.compile(
    rf"[ \t\u3000](?<![ \t\u3000]{{2}})(?:(?<={_CJKISH_CLASS}[ \t\u3000])[ \t\u3000]*|[ \t\u3000]*+(?={_CJKISH_CLASS}))"
)

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
    for m in _SPACES_BY_CJK.finditer(text):
        a, b = m.span()
        if not (a and b < len(text) and text[a - 1].isdigit() and text[b].isdigit()):
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
    return _kept(view, keep)


class LineIndex:
    """Line and column (1-based) of an index into the original text."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_col(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1
