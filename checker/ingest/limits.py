"""The limits that keep reading any input bounded in time and memory by its size.

A report can come from anyone (a batch of downloads, an upload to `xxgk serve`): a file that
exceeds one of these is not read further and becomes I102 with the reason; a configuration,
rule or baseline file that does becomes a one-line usage error (exit 2). Every limit is a count
(bytes, cells, characters, objects, nodes), never a time, so results do not depend on the
machine's load. The README lists them with the hostile inputs they were tried against.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from checker.errors import UnreadableInput

_MB = 1024 * 1024

# Any input file: a report is some tens of KB as text, a few MB as Word or PDF.
MAX_INPUT_BYTES = 20 * _MB
# Configuration, rule and baseline files: YAML or TOML written by hand.
MAX_CONFIG_BYTES = 4 * _MB
# A YAML file's nodes once its aliases are expanded ("billion laughs" is a few lines of aliases
# that expand to billions of nodes); the built-in layouts, the largest, have some thousands.
MAX_YAML_NODES = 200_000

# Word (.docx) packages, from the sizes the zip directory declares, before anything is unpacked.
MAX_UNZIPPED_BYTES = 200 * _MB
# Above this unpacked size, a package that inflates more than MAX_ZIP_RATIO times is a zip bomb:
# Word's XML compresses some 5-20 times.
ZIP_RATIO_FLOOR = 20 * _MB
MAX_ZIP_RATIO = 100

# Grid cells of one document's tables once gridSpan/colspan and vMerge/rowspan are expanded.
MAX_TABLE_CELLS = 200_000

# PDF: pages, and per page the characters, the drawn objects (rects, lines, curves) that tables
# are found from, and the bytes its content streams inflate to.
MAX_PDF_PAGES = 300
MAX_PDF_PAGE_CHARS = 30_000  # a dense page of small print has some 3,000; the corpus's at most 1,300
MAX_PDF_PAGE_STREAM_BYTES = _MB  # inflated; the corpus's largest page has 44 KB
MAX_PDF_PAGE_OBJECTS = 5_000  # the corpus's pages have at most some 180
# Horizontal × vertical rules of a page, which the table search's work grows with (a statistics
# table has some 40 × 12; the corpus's pages at most some hundreds of crossings).
MAX_PDF_GRID_CROSSINGS = 10_000
# Any one stream of a PDF inflated (fonts and images included), and all of them together.
MAX_PDF_STREAM_BYTES = 64 * _MB
MAX_PDF_INFLATED_BYTES = 256 * _MB

# A number in a table or the text with more digits than this is no count a report gives
# (T103 in a table, not a quantity in the text): never converted, however long.
MAX_NUMBER_DIGITS = 18

# A sentence of the running text (the longest in the corpus has some 300 characters); a longer
# run without a full stop is read in pieces of at most this many.
MAX_PASSAGE_CHARS = 1_000

# HTML: element nesting (pages nest some tens deep) and table cells (see MAX_TABLE_CELLS).
MAX_HTML_DEPTH = 256  # libxml2's own former limit; real pages nest some tens deep


def too_large(
    what_zh: str, what_en: str, size: int, limit: int, unit_zh: str = "", unit_en: str = ""
) -> UnreadableInput:
    """I102 for an input over one of the limits, saying which and by how much."""
    return UnreadableInput(
        f"{what_zh}过大（{size:,}{unit_zh}，上限 {limit:,}{unit_zh}），不再读取",
        f"{what_en} over the limit ({size:,}{unit_en}; limit {limit:,}{unit_en}), not read further",
    )


def not_a_file(path: Path) -> tuple[str, str] | None:
    """Why a path cannot be read as a file without blocking or reading forever (a FIFO, a
    device such as /dev/zero, a socket, a directory), or None for a regular file. Symbolic links
    are followed; a link loop is an OSError of the caller's."""
    mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "这是文件夹而不是文件", "it is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "这是命名管道（FIFO）而不是文件，不读取", "it is a named pipe (FIFO), not a file: not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这是设备而不是文件，不读取", "it is a device, not a file: not read"
    return "这不是普通文件（套接字等），不读取", "it is not a regular file (a socket or the like): not read"


def read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit`: UnreadableInput when it is not a regular file or
    is larger (the size is checked again after reading, for a file that grew meanwhile).
    OSError when it cannot be opened."""
    problem = not_a_file(path)
    if problem:
        raise UnreadableInput(*problem)
    size = path.stat().st_size
    if size > limit:
        raise too_large("文件", "the file", size // _MB, limit // _MB, " MB", " MB")
    with open(path, "rb", buffering=0) as fh:  # noqa: PTH123 — an unbuffered descriptor, read once
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise too_large("文件", "the file", len(data) // _MB, limit // _MB, " MB", " MB")
    return data


def display_name(path: str) -> str:
    """A file name as a person can read it: a name that is not UTF-8 (GBK names from Chinese
    Windows shares arrive as lone surrogates) decoded as GB18030 when it is that, else its
    bytes shown as \\xNN; never a string that cannot be written as UTF-8."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        raw = os.fsencode(path)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


class Budget:
    """A count that a reader spends as it goes (grid cells of a document's tables): past the
    limit, the input is I102 instead of being read further."""

    def __init__(self, limit: int, what_zh: str, what_en: str) -> None:
        self.limit, self.spent = limit, 0
        self.what_zh, self.what_en = what_zh, what_en

    def spend(self, count: int = 1) -> None:
        self.spent += count
        if self.spent > self.limit:
            raise too_large(self.what_zh, self.what_en, self.spent, self.limit)


def table_cells() -> Budget:
    return Budget(
        MAX_TABLE_CELLS, "表格展开合并单元格后的格数", "the tables' grid cells once merged cells are expanded"
    )
