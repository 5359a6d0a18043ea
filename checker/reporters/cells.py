"""Text from a report made safe for a spreadsheet cell (CSV, xlsx).

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
