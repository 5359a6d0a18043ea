"""Chinese numerals, every reading the checker needs in one place.

- ``chinese_number``: a quantity in the narrative, positional (一百零五, 三万五千) or digit by
  digit (二〇二四); None when the text is not a numeral.
- ``marker_number``: the number of a heading or list marker (三、 （十二） 4.) or of a count
  (分为六个部分): small, lenient, 0 when there is none.
- ``year_digits``: a year written digit by digit (二〇二一, with ○ or a letter O for zero) as
  Arabic digits.
- ``date_number``: one part of a date (year, month or day) in any of these spellings.
- ``chinese_numeral``: the other way, for messages (3 → 三).
- ``ITEM_MARKER``: how an item opens (一、 (三) 2. （四）), at the start of a heading or a table's row label.
"""

from __future__ import annotations

import re

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


_CN_BIG = {"万": 10_000, "亿": 100_000_000}


CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"

# The digits of a marker: 一 to 十 (two and zero are never written 两 or 零 there).
_MARKER_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# Year digits: 〇 and 零 are zero, and so are the circle ○ and the letter O that stand for 〇 in
# typed text.
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九○O", "0012345678900")
ITEM_MARKER = re.compile(r"^[(（]?[一二三四五六七八九十\d]{1,2}[)）.、．]")

_YEAR = re.compile(r"[〇零一二三四五六七八九○O\d]{4}")

_ONES = "一二三四五六七八九十"


def chinese_number(text: str) -> int | None:
    """一百三十一 → 131, 两千零五 → 2005, 十二 → 12, 三万五千 → 35000; None if not a numeral."""
    if not text or any(ch not in CN_NUMERAL for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:  # 二〇二四: digit by digit
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            total = (total + section + digit) * _CN_BIG[ch]
            section = digit = 0
    return total + section + digit


def marker_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23, （三） → 3; Arabic digits pass through; 0 when not a number.

    Markers count from one to a few dozen: only tens and ones are read (十 once), and a run of
    digits without 十 is read by its first digit."""
    text = re.sub(r"[\s()、.]", "", text)
    if text.isdigit():
        return int(text)
    if not text:
        return 0
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_MARKER_DIGITS.get(tens, 1) if tens else 1) * 10 + (_MARKER_DIGITS.get(ones, 0) if ones else 0)
    return _MARKER_DIGITS.get(text[0], 0)


def year_digits(text: str) -> str:
    """二〇二一 → '2021', 二○二O → '2020'; Arabic digits are kept, other characters too."""
    return text.translate(_YEAR_DIGITS)


def date_number(text: str) -> int:
    """A year, month or day: 2021, 二〇二一 (four digits), 12, 十二, 三十一; 0 when not a number."""
    if _YEAR.fullmatch(text):
        text = year_digits(text)
    if text.isdigit():
        return int(text)
    return marker_number(text)


def chinese_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, up to 19; other numbers in Arabic digits (enumerations 一是…十九是
    rarely run further)."""
    if 1 <= n <= 10:
        return _ONES[n - 1]
    if 10 < n < 20:
        return "十" + _ONES[n - 11]
    return str(n)
