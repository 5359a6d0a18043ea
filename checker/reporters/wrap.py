"""Lines of styled text that fit a terminal: broken where Unicode allows a line break (UAX #14,
by uniseg: between Chinese characters, never before "，" or after "“"), measured in display
columns (a Chinese character takes two), each line under its indent."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from uniseg.linebreak import line_break_units

# Narrower than this, the text gets this many columns anyway (a line may then pass the width).
MIN_COLUMNS = 10


def _units(plain: str, room: int) -> list[str]:
    """The breakable units of the text; one wider than a whole line is cut character by character."""
    out: list[str] = []
    for unit in line_break_units(plain):
        if cell_len(unit.rstrip()) > room:
            out.extend(unit)
        else:
            out.append(unit)
    return out


def _breaks(plain: str, room: int, hang_room: int) -> list[int]:
    """Offsets where a new line starts: greedy, a unit goes on the line while its visible part fits
    (spaces at a line's end hang outside it)."""
    breaks: list[int] = []
    pos = line_start = 0
    used = 0
    for unit in _units(plain, min(room, hang_room)):
        limit = room if not breaks else hang_room
        if pos > line_start and used + cell_len(unit.rstrip()) > limit:
            breaks.append(pos)
            line_start, used = pos, 0
        used += cell_len(unit)
        pos += len(unit)
    return breaks


def wrap(text: Text, width: int, indent: int, hang: int = 0) -> list[Text]:
    """The text as lines of at most `width` columns: the first under `indent` spaces, the others
    under `indent + hang` (so that they line up after a mark such as "│ ")."""
    room = max(width - indent, MIN_COLUMNS)
    hang_room = max(width - indent - hang, MIN_COLUMNS)
    lines = text.divide(_breaks(text.plain, room, hang_room)) if text.plain else [text]
    out = []
    for k, line in enumerate(lines):
        line.rstrip()
        pad = " " * (indent + (hang if k else 0))
        out.append(Text(pad) + line)
    return out
