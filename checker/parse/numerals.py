"""Chinese numerals as numbers: 二十九, 一百零五, 两千零五, 〇/零 digits."""

from __future__ import annotations

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
