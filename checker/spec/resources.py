"""Where the shipped rule and grammar files live.

Installed, they are inside the package (``checker/_data/rules``, ``checker/_data/grammars``); in a
source checkout they are the top-level ``rules/`` and ``grammars/``.
"""

from __future__ import annotations

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


def grammar_cache(filename: str) -> str | bool:
    """Where lark keeps the parse tables it builds from a grammar, so that a run loads them instead
    of building them again (some 40 ms of every start for the three grammars); lark checks the
    file was made from the same grammar, options and lark version, and rebuilds it otherwise. Not
    lark's own choice (a file in the shared temporary folder): lark reads it with pickle, so it
    lives in the user's cache folder, which no one else may write. False (no cache) without one."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "xxgk"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        stat = base.stat()
    except (OSError, RuntimeError):  # no home, a read-only one
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is not None and (stat.st_uid != getuid() or stat.st_mode & 0o022):
        return False  # a folder another user owns or may write: its files are not to be unpickled
    digest = hashlib.sha256(grammar_text(filename).encode("utf-8")).hexdigest()[:16]
    return str(base / f"{Path(filename).stem}-{digest}.lark")
