"""Word's automatic numbering: the "一、" / "（一）" / "1." that Word draws before a paragraph.

python-docx gives a paragraph's text without its number: the number lives in numbering.xml and
is counted at display time. A paragraph is numbered when it has a w:numPr, directly or through
its style (and the styles it is based on). w:numId names a list (w:num), which points to an
abstract list (w:abstractNum) holding up to nine levels; each level has a start value, a number
format (w:numFmt), a text with placeholders (w:lvlText "%1、", "（%2）", "%1.%2") and when it
restarts (w:lvlRestart; by default whenever a higher level advances). Lists sharing one
abstract list continue one count; a list that overrides a level's start (w:lvlOverride/
w:startOverride: Word's "restart numbering") restarts that count where it is first used, and
the count goes on from there whichever list the next paragraphs use (as LibreOffice imports
Word's files; checked on LibreOffice 7.4 with the cases of tests/test_docx_reader.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
LEVELS = 9

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _counting(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """一, 十, 十一, 二十, 一百零一: Chinese counting up to 9999 (beyond: the digits)."""
    if n <= 0 or n > 9999:
        return "".join(digits[int(d)] for d in str(n))
    out, zero = "", False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0] if digits is not _DIGITS else "零"
            zero = False
        if not (power == 1 and d == 1 and not out and digits is _DIGITS):  # 十一, not 一十一
            out += digits[d]
        out += units[power - 1] if power else ""
    return out


def _enclosed(first: int, last: int, fallback: str) -> Callable[[int], str]:
    """①…⑳, ⑴…⒇, ⒈…⒛: one character for 1..last-first+1, the fallback pattern beyond."""

    def fmt(n: int) -> str:
        return chr(first + n - 1) if 1 <= n <= last - first + 1 else fallback.format(n)

    return fmt


def _cycle(chars: str) -> Callable[[int], str]:
    return lambda n: chars[(n - 1) % len(chars)] if n > 0 else str(n)


def _letters(upper: bool) -> Callable[[int], str]:
    """A … Z, AA … ZZ, AAA: Word repeats the letter."""

    def fmt(n: int) -> str:
        if n <= 0:
            return str(n)
        letter = chr(ord("A" if upper else "a") + (n - 1) % 26)
        return letter * ((n - 1) // 26 + 1)

    return fmt


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, numeral in zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    ):
        while n >= value:
            out, n = out + numeral, n - value
    return out


# w:numFmt values; a format missing here is drawn as decimal, as Word does for one it lacks.
FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
    "decimalFullWidth2": lambda n: str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
    "decimalEnclosedCircle": _enclosed(0x2460, 0x2473, "{}"),
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 0x2473, "{}"),
    "decimalEnclosedParen": _enclosed(0x2474, 0x2487, "({})"),
    "decimalEnclosedFullstop": _enclosed(0x2488, 0x249B, "{}."),
    "ideographEnclosedCircle": _enclosed(0x3220, 0x3229, "({})"),  # ㈠ … ㈩
    "chineseCounting": _counting,
    "chineseCountingThousand": _counting,
    "japaneseCounting": _counting,
    "taiwaneseCounting": _counting,
    "taiwaneseCountingThousand": _counting,
    "ideographDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "japaneseDigitalTenThousand": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: _counting(n, _LEGAL, "拾佰仟"),
    "ideographLegalTraditional": lambda n: _counting(n, _LEGAL_TRADITIONAL, "拾佰仟"),
    "ideographTraditional": _cycle(_STEMS),
    "ideographZodiac": _cycle(_BRANCHES),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letters(True),
    "lowerLetter": _letters(False),
    "none": lambda n: "",
}
_CLOSE = set("、.．)）:：]】」>》 ")


def _val(el: Element | None, default: str | None = None) -> str | None:
    return el.get(W + "val", default) if el is not None else default


def _int(el: Element | None, default: int | None) -> int | None:
    try:
        return int(_val(el)) if el is not None else default  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: restart after a level above this 1-based one; 0 never
    legal: bool = False  # w:isLgl: every number drawn in decimal
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to

    @classmethod
    def read(cls, lvl: Element) -> Level:
        fmt = lvl.find(W + "numFmt")
        if fmt is None:  # Word 2010's custom formats: mc:Choice holds "custom", mc:Fallback a standard one
            fmt = lvl.find(f"{MC}AlternateContent/{MC}Fallback/{W}numFmt")
        return cls(
            start=_int(lvl.find(W + "start"), 1) or 0,
            fmt=_val(fmt, "decimal") or "decimal",
            text=_val(lvl.find(W + "lvlText"), "") or "",
            restart=_int(lvl.find(W + "lvlRestart"), None),
            legal=lvl.find(W + "isLgl") is not None and _val(lvl.find(W + "isLgl"), "1") not in ("0", "false"),
            style=_val(lvl.find(W + "pStyle")),
        )


@dataclass
class _List:
    """A w:num: its abstract list's levels with this list's overrides."""

    abstract: str
    levels: list[Level]
    restarts: set[int]  # levels whose start this list overrides: they restart where the list is first used


@dataclass
class _Style:
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None


@dataclass
class Numbering:
    """The numbering and paragraph styles of a document, and the counts so far (in document order)."""

    lists: dict[str, _List] = field(default_factory=dict)
    styles: dict[str, _Style] = field(default_factory=dict)
    default_style: str | None = None
    counts: dict[str, list[int | None]] = field(default_factory=dict)  # by abstract list
    restarted: set[tuple[str, int]] = field(default_factory=set)  # (list, level) overrides applied

    @classmethod
    def read(cls, numbering: Element | None, styles: Element | None) -> Numbering:
        self = cls()
        if styles is not None:
            self._read_styles(styles)
        if numbering is not None:
            self._read_lists(numbering)
        return self

    def _read_styles(self, styles: Element) -> None:
        raw: dict[str, tuple[str | None, _Style]] = {}
        for s in styles.iterchildren(W + "style"):
            sid = s.get(W + "styleId")
            if sid is None or s.get(W + "type", "paragraph") not in ("paragraph", "numbering"):
                continue
            if s.get(W + "default") in ("1", "true") and s.get(W + "type", "paragraph") == "paragraph":
                self.default_style = sid
            ppr = s.find(W + "pPr")
            num = ppr.find(W + "numPr") if ppr is not None else None
            own = _Style(
                num_id=_val(num.find(W + "numId")) if num is not None else None,
                ilvl=_int(num.find(W + "ilvl"), None) if num is not None else None,
                outline=_int(ppr.find(W + "outlineLvl"), None) if ppr is not None else None,
            )
            raw[sid] = (_val(s.find(W + "basedOn")), own)
        for sid in raw:
            merged, seen, at = _Style(), set(), sid
            while at in raw and at not in seen:  # the style, then the styles it is based on
                seen.add(at)
                parent, own = raw[at]
                merged.num_id = merged.num_id if merged.num_id is not None else own.num_id
                merged.ilvl = merged.ilvl if merged.ilvl is not None else own.ilvl
                merged.outline = merged.outline if merged.outline is not None else own.outline
                at = parent  # type: ignore[assignment]
            self.styles[sid] = merged

    def _read_lists(self, numbering: Element) -> None:
        abstracts: dict[str, Element] = {
            a.get(W + "abstractNumId", ""): a for a in numbering.iterchildren(W + "abstractNum")
        }
        nums = {n.get(W + "numId", ""): n for n in numbering.iterchildren(W + "num")}
        for num_id, num in nums.items():
            abstract_id = _val(num.find(W + "abstractNumId")) or ""
            abstract = self._follow_style_link(abstracts.get(abstract_id), abstracts, nums)
            if abstract is None:
                continue
            levels = [Level() for _ in range(LEVELS)]
            for lvl in abstract.iterchildren(W + "lvl"):
                i = _int_ilvl(lvl)
                if i is not None:
                    levels[i] = Level.read(lvl)
            restarts: set[int] = set()
            for override in num.iterchildren(W + "lvlOverride"):
                i = _int_ilvl(override)
                if i is None:
                    continue
                if (lvl := override.find(W + "lvl")) is not None:
                    levels[i] = Level.read(lvl)
                    restarts.add(i)
                if (start := _int(override.find(W + "startOverride"), None)) is not None:
                    levels[i].start = start
                    restarts.add(i)
            self.lists[num_id] = _List(abstract.get(W + "abstractNumId", abstract_id), levels, restarts)

    def _follow_style_link(
        self, abstract: Element | None, abstracts: dict[str, Element], nums: dict[str, Element]
    ) -> Element | None:
        """An abstract list that only says "use numbering style X" (w:numStyleLink): the list X names."""
        link = _val(abstract.find(W + "numStyleLink")) if abstract is not None else None
        if link is None:
            return abstract
        num_id = self.styles.get(link, _Style()).num_id
        num = nums.get(num_id or "")
        target = abstracts.get(_val(num.find(W + "abstractNumId")) or "") if num is not None else None
        return target if target is not None and target.find(W + "numStyleLink") is None else abstract

    def style_of(self, p: Element) -> str | None:
        return _val(p.find(f"{W}pPr/{W}pStyle")) or self.default_style

    def outline_level(self, p: Element) -> int | None:
        """The paragraph's outline level (0 = level 1), direct or from its style."""
        direct = _int(p.find(f"{W}pPr/{W}outlineLvl"), None)
        if direct is not None:
            return direct if direct < LEVELS else None
        level = self.styles.get(self.style_of(p) or "", _Style()).outline
        return level if level is not None and level < LEVELS else None

    def _list_and_level(self, p: Element) -> tuple[str, int] | None:
        style_id = self.style_of(p)
        style = self.styles.get(style_id or "", _Style())
        direct = p.find(f"{W}pPr/{W}numPr")
        num_id = _val(direct.find(W + "numId")) if direct is not None else None
        ilvl = _int(direct.find(W + "ilvl"), None) if direct is not None else None
        num_id = num_id if num_id is not None else style.num_id
        if num_id is None or num_id == "0" or num_id not in self.lists:
            return None
        if ilvl is None:
            ilvl = style.ilvl
        if ilvl is None:  # the level that names this paragraph's style, else the first
            levels = self.lists[num_id].levels
            ilvl = next((i for i, lv in enumerate(levels) if lv.style and lv.style == style_id), 0)
        return num_id, max(0, min(ilvl, LEVELS - 1))

    def label(self, p: Element) -> str:
        """The number Word draws before this paragraph, counted; "" when it has none (or a bullet)."""
        found = self._list_and_level(p)
        if found is None:
            return ""
        num_id, ilvl = found
        lst = self.lists[num_id]
        counts = self.counts.setdefault(lst.abstract, [None] * LEVELS)
        override = ilvl in lst.restarts and (num_id, ilvl) not in self.restarted
        if override:
            self.restarted.add((num_id, ilvl))
        if override or counts[ilvl] is None:
            counts[ilvl] = lst.levels[ilvl].start
        else:
            counts[ilvl] += 1  # type: ignore[operator]
        for deeper in range(ilvl + 1, LEVELS):
            after = lst.levels[deeper].restart  # restart under levels above this 1-based one
            if ilvl < (deeper if after is None else after):
                counts[deeper] = None
        level = lst.levels[ilvl]
        if level.fmt == "bullet":
            return ""
        return _draw(level, lst.levels, counts)


def _int_ilvl(el: Element) -> int | None:
    try:
        i = int(el.get(W + "ilvl", ""))
    except ValueError:
        return None
    return i if 0 <= i < LEVELS else None


def _draw(level: Level, levels: list[Level], counts: list[int | None]) -> str:
    """lvlText with each %n replaced by level n's count in level n's format (decimal when isLgl)."""
    out, text, i = [], level.text, 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
            n = int(text[i + 1]) - 1
            value = counts[n] if counts[n] is not None else levels[n].start
            fmt = "decimal" if level.legal else levels[n].fmt
            out.append(FORMATS.get(fmt, str)(value or 0) if fmt != "bullet" else "")
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def joined(label: str, text: str) -> str:
    """The number before the paragraph's text: Word puts a tab (or space) between them; a number
    that ends in its own punctuation ("一、", "（一）", "1.") is read straight on."""
    if not label or not text.strip():  # an empty numbered paragraph shows a lone number: not text
        return text
    return label + ("" if label[-1] in _CLOSE or not text else " ") + text.lstrip()
