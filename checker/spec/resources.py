"""Where the shipped rule and grammar files live.

Installed, they are inside the package (``checker/_data/rules``, ``checker/_data/grammars``); in a
source checkout they are the top-level ``rules/`` and ``grammars/``.
"""

from __future__ import annotations

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
