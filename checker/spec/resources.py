"""Where the shipped rule and grammar files live.

Installed, they are inside the package (``checker/_data/rules``, ``checker/_data/grammars``); in a
source checkout they are the top-level ``rules/`` and ``grammars/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def rules_dir() -> Path:
    """The shipped rule files (one per category)."""
    return data_dir("rules")


def vocabulary_dir() -> Path:
    """The vocabularies the parsers read: sections, structure, metadata, table layouts, lexicon."""
    return data_dir("rules") / "vocabulary"


def grammar_text(filename: str) -> str:
    return (data_dir("grammars") / filename).read_text(encoding="utf-8")


def cache_folder() -> Path | None:
    """The user's cache folder for xxgk (made on first use), where what a run builds from the
    shipped grammars and rule files is kept for the next run; None when there is none, or when
    another user owns it or may write it: its files are read with pickle."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "xxgk"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        stat = base.stat()
    except (OSError, RuntimeError):  # no home, a read-only one
        return None
    getuid = getattr(os, "getuid", None)
    if getuid is not None and (stat.st_uid != getuid() or stat.st_mode & 0o022):
        return None
    return base


def write_whole(file: Path, data: bytes) -> bool:
    """A cache file written whole or not at all (other runs and workers read it meanwhile); a
    file that cannot be written is no error (False): the next run makes it again."""
    part = file.with_name(f"{file.name}.{os.getpid()}")
    try:
        part.write_bytes(data)
        os.replace(part, file)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink()
        return False
    return True


def grammar_cache(filename: str) -> str | bool:
    """Where lark keeps the parse tables it builds from a grammar, so that a run loads them instead
    of building them again (some 40 ms of every start for the three grammars); lark checks the
    file was made from the same grammar, options and lark version, and rebuilds it otherwise. Not
    lark's own choice (a file in the shared temporary folder): lark reads it with pickle, so it
    lives in the user's private cache folder. False (no cache) without one."""
    base = cache_folder()
    if base is None:
        return False
    digest = hashlib.sha256(grammar_text(filename).encode("utf-8")).hexdigest()[:16]
    return str(base / f"{Path(filename).stem}-{digest}.lark")


def is_shipped(path: Path) -> bool:
    """A file of the shipped rules and vocabularies (not a user's rule or config file)."""
    try:
        return path.resolve().is_relative_to(rules_dir().resolve())
    except OSError:
        return False


@cache
def code_stamp() -> str:
    """Which code this is: every source file of the package by path, size and time of change, so
    that what one version or an edited checkout built is never read back by another."""
    stamps: list[str] = []
    _stamp_folder(str(_PACKAGE), stamps)
    return "\n".join(sorted(stamps))


def _stamp_folder(folder: str, stamps: list[str]) -> None:
    with os.scandir(folder) as entries:  # os.scandir, not Path.rglob: this runs on every start
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                _stamp_folder(entry.path, stamps)
            elif entry.name.endswith(".py"):
                stat = entry.stat()
                stamps.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
