"""What a run builds from the shipped grammars and YAML files is kept in the user's cache folder
(checker.spec.resources.cache_folder): lark's parse tables and the parsed YAML. What is loaded
from there is what would be built afresh; a folder others may write is not used; a user's rule
file is never taken from it."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
import yaml
from lark import Lark

from checker.spec import loader
from checker.spec.resources import grammar_cache, grammar_text, rules_dir

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


def test_a_shipped_file_is_parsed_once_and_read_back_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = rules_dir() / "hygiene.yaml"
    monkeypatch.setattr(loader, "_CACHE", {})
    first = loader.load_yaml(path)
    (kept,) = (tmp_path / "xxgk").glob("yaml-*.pickle")
    monkeypatch.setattr(loader, "_CACHE", {})
    monkeypatch.setattr(loader, "_parse", lambda *_: pytest.fail("parsed again instead of read back"))
    again = loader.load_yaml(path)
    assert again == first == yaml.safe_load(path.read_text(encoding="utf-8"))
    assert again.key_lines == first.key_lines and again["rules"].item_lines == first["rules"].item_lines
    assert kept.is_file()


def test_a_damaged_snapshot_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = rules_dir() / "input.yaml"
    monkeypatch.setattr(loader, "_CACHE", {})
    expected = loader.load_yaml(path)
    (kept,) = (tmp_path / "xxgk").glob("yaml-*.pickle")
    kept.write_bytes(b"not a pickle")
    monkeypatch.setattr(loader, "_CACHE", {})
    assert loader.load_yaml(path) == expected


def test_a_users_rule_file_is_always_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    mine = tmp_path / "mine.yaml"
    mine.write_text("rules: []\n", encoding="utf-8")
    assert loader.load_yaml(mine) == {"rules": []}
    assert not list((tmp_path / "cache").rglob("yaml-*"))
