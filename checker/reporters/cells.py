"""Text from a report made safe for a spreadsheet cell (CSV, xlsx) or a terminal.

A cell that starts with = + - @ (or a tab or carriage return, which some office suites skip
before reading a formula) is run as a formula when the file is opened: an agency named
`=HYPERLINK("http://…","点击")` would become a live link, `=cmd|…` worse. OWASP's advice: prefix
such text with an apostrophe, which spreadsheets show as a text marker, not as part of the value.
"""

from __future__ import annotations

import re

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")


def safe_cell(text: str) -> str:
    """The text as it is, unless a spreadsheet would read it as a formula: then `'` before it.
    A plain number (-3, +1.5%) stays as it is. Full-width ＝＋－＠ are included: some office
    suites normalise them to ASCII on import."""
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


# C0 controls (but tab and line feed), DEL, C1 controls, and the bidirectional overrides that
# reorder what a terminal or editor shows ("Trojan Source").
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(m: re.Match[str]) -> str:
    ch = m.group(0)
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC: seen, never run
    return "\u2421" if code == 0x7F else "\ufffd"  # one symbol for one character: styled spans stay aligned


def printable(text: str) -> str:
    """Text from a report as a terminal may show it: escape sequences (colours, titles, cursor
    moves, hyperlinks) and other control characters become visible symbols, never run."""
    return _CONTROLS.sub(_picture, text)
