"""Where the shipped rule and grammar files live.

Installed, they are the packages ``checker.rules`` and ``checker.grammars``; in a source
checkout (tests run against it) they are the top-level ``rules/`` and ``grammars/``.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    try:
        found = Path(str(resources.files(f"checker.{name}")))
        if found.is_dir() and any(found.iterdir()):
            return found
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / name


def rules_dir() -> Path:
    return data_dir("rules")


def grammar_text(filename: str) -> str:
    return (data_dir("grammars") / filename).read_text(encoding="utf-8")
