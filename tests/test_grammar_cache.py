"""Lark's parse tables are kept in the user's cache folder (checker.spec.resources.grammar_cache):
a parser loaded from there reads as one built afresh, and a folder others may write is not used."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from lark import Lark

from checker.spec.resources import grammar_cache, grammar_text

TEXT = "| 规章 | 0 | 12 |\n行政许可  447228\n1.属于国家秘密 3"


def test_the_cache_is_a_private_folder_of_the_users_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    where = grammar_cache("table.lark")
    assert isinstance(where, str) and Path(where).parent == tmp_path / "xxgk"
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / "xxgk").stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "xxgk").mkdir()
    (tmp_path / "xxgk").chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert grammar_cache("table.lark") is False


def test_a_parser_loaded_from_the_cache_reads_as_one_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    where = grammar_cache("table.lark")
    assert isinstance(where, str)
    built = Lark(grammar_text("table.lark"), parser="lalr", cache=where)
    assert Path(where).is_file()
    loaded = Lark(grammar_text("table.lark"), parser="lalr", cache=where)
    fresh = Lark(grammar_text("table.lark"), parser="lalr")
    assert loaded.parse(TEXT) == built.parse(TEXT) == fresh.parse(TEXT)
    assert sorted(t.name for t in loaded.lexer_conf.terminals) == sorted(t.name for t in fresh.lexer_conf.terminals)
    assert set(loaded.lexer_conf.ignore) == set(fresh.lexer_conf.ignore) == {"__IGNORE_0"}
