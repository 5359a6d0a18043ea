"""Compiled regular expressions kept from one run of the command line to the next.

Python compiles a pattern in pure Python (parse, then code generation) and cannot keep a compiled
pattern across processes; a run of ``xxgk check`` compiles some 650 patterns (rules, table
layouts, the claims lexicon, the parsers' own), about a third of the start-up. This module keeps
what the compiler produces — the pattern's code as a list of integers, its flags and its groups —
in the user's cache folder, and while installed (only by the command line, for one run) it serves
``re.compile`` from there through ``_sre.compile``, the call the standard compiler itself ends with.

That call is an internal of CPython, so everything is guarded:

- the file is named by the exact Python version and the regex engine's ``_sre.MAGIC`` and sizes,
  and carries a checksum; a damaged, truncated or foreign file is ignored (and replaced);
- an entry is looked up by the pattern's exact text and flags, and ``_sre.compile`` validates the
  code it is given; an entry it refuses is compiled again the standard way;
- before it installs itself, the hook compiles a probe pattern both ways and compares the
  results (``re.Pattern`` equality compares the code); on any difference, or on a Python it was
  not written for, nothing is installed and ``re`` works as ever.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import contextlib
import marshal
import re
import sys
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

from checker.spec.resources import cache_folder, write_whole

# What the standard compiler hands to _sre.compile: final flags, code, groups - 1, group index by
# name, group names by index. The code is kept as the bytes of an array of the engine's code words:
# read back in one piece, and made a list only for a pattern the run compiles.
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
Key = tuple[str, int]

# The Python versions whose re._compiler.compile this module mirrors (checked against the probe too).
SUPPORTED = ((3, 11), (3, 12), (3, 13))
_HEADER = b"xxgk-regex-cache 2\n"
# Patterns kept at most: a batch can compile patterns built from report text, which must not grow
# the file without bound; past this, the file keeps what the last run used.
MAX_ENTRIES = 5000
_PROBE = (r"(?P<year>\d{4})年(?:度)?\w+|(?i:abc)\b(?P=year)?", re.MULTILINE)
# The array type whose items are the engine's code words (None: nothing is installed).
_CODE = next((t for t in "IL" if array(t).itemsize == _sre.CODESIZE), None)


def _identity() -> str:
    engine = (sys.version, _sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, marshal.version)
    return "\0".join(map(str, engine))


def cache_file(folder: Path) -> Path:
    return folder / f"regex-{zlib.crc32(_identity().encode('utf-8')):08x}.bin"


def build(pattern: str, flags: int) -> Entry:
    """What ``re._compiler.compile`` computes before its last call, step by step as it does."""
    parsed = _parser.parse(pattern, flags)
    code = array(_CODE or "I", _compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def from_entry(pattern: str, entry: Entry) -> re.Pattern[str]:
    final_flags, code, groups, groupindex, indexgroup = entry
    words = array(_CODE or "I")
    words.frombytes(code)
    compiled: re.Pattern[str] = _sre.compile(pattern, final_flags, words.tolist(), groups, dict(groupindex), indexgroup)
    return compiled


def read_entries(file: Path) -> dict[Key, Entry]:
    """The entries of a cache file; empty when it is missing, damaged or written by another
    Python (its name already says which, the header and checksum catch the rest)."""
    try:
        data = file.read_bytes()
    except OSError:
        return {}
    body = data[len(_HEADER) + 4 :]
    if not data.startswith(_HEADER) or data[len(_HEADER) : len(_HEADER) + 4] != _checksum(body):
        return {}
    try:
        entries = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _checksum(body: bytes) -> bytes:
    return zlib.adler32(body).to_bytes(4, "big")


def write_entries(file: Path, entries: dict[Key, Entry]) -> None:
    """A cache that cannot be written is no error: the next run compiles again."""
    try:
        body = marshal.dumps(entries)
    except ValueError:
        return
    write_whole(file, _HEADER + _checksum(body) + body)


class RegexCache:
    """Stands in for ``re._compiler.compile`` while installed."""

    def __init__(self, file: Path, entries: dict[Key, Entry]):
        self.file = file
        self.entries = entries
        self.used: set[Key] = set()
        self.new: dict[Key, Entry] = {}
        self.standard = _compiler.compile
        self.recording = True

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        if type(pattern) is not str or not isinstance(flags, int) or flags & re.DEBUG:
            return self.standard(pattern, flags)
        key = (pattern, int(flags))  # a RegexFlag as its plain value, as re.compile passes it
        entry = self.entries.get(key)
        if entry is not None:
            try:
                compiled = from_entry(pattern, entry)
            except Exception:  # noqa: BLE001 — an entry the engine refuses is compiled anew
                self.entries.pop(key, None)
            else:
                self.used.add(key)
                return compiled
        entry = build(pattern, key[1])  # a bad pattern raises re.error here, as re.compile does
        if self.recording and len(self.new) < MAX_ENTRIES:  # a long run keeps no more than the file would
            self.new[key] = entry
        return from_entry(pattern, entry)

    def save(self) -> None:
        """Keep what this run compiled anew (nothing is written when there is nothing new)."""
        if not self.new:
            return
        kept = {**self.entries, **self.new}
        if len(kept) > MAX_ENTRIES:
            kept = {k: v for k, v in kept.items() if k in self.used or k in self.new}
            kept = dict(list(kept.items())[:MAX_ENTRIES])
        write_entries(self.file, kept)
        self.entries, self.new = kept, {}


_installed: RegexCache | None = None


def install() -> RegexCache | None:
    """Serve ``re.compile`` from the cache for the rest of this process; None (and ``re``
    untouched) without a cache folder, on a Python this was not written for, or when the probe
    compiles differently."""
    global _installed
    if _installed is not None:
        return _installed
    folder = cache_folder()
    if folder is None or sys.version_info[:2] not in SUPPORTED or _CODE is None or not _agrees():
        return None
    file = cache_file(folder)
    _installed = RegexCache(file, read_entries(file))
    _compiler.compile = _installed.compile
    return _installed


def stop_recording() -> None:
    """Serve what is kept but keep nothing more this run: called once the first report is
    checked. By then the rules' and vocabularies' patterns, some compiled only when first used,
    are all compiled; what comes after is mostly made from a report's own text (the set of its
    characters to normalise), different in every report, which would only fill the file."""
    if _installed is not None:
        _installed.recording = False


@contextlib.contextmanager
def installed() -> Iterator[RegexCache | None]:
    """`install` for a run; what it compiled anew is kept when it ends (however it ends)."""
    cache = install()
    try:
        yield cache
    finally:
        if cache is not None:
            cache.save()


def uninstall() -> None:
    """``re`` as it was (for tests; a run just ends)."""
    global _installed
    if _installed is not None:
        _compiler.compile = _installed.standard
        _installed = None


def _agrees() -> bool:
    pattern, flags = _PROBE
    try:
        return bool(from_entry(pattern, build(pattern, flags)) == _compiler.compile(pattern, flags))
    except Exception:  # noqa: BLE001 — internals that changed: the standard compiler only
        return False
