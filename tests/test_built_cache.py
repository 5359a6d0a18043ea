"""What is built from the shipped layouts and lexicon (checker.spec.loader.built) is kept in the
user's cache folder and read back equal to what a build makes; a damaged snapshot, one made by
other code or from other files is never read, and a user's file is never kept."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.errors import UsageError
from checker.spec import layouts, lexicon, loader, metadata, sections
from checker.spec.resources import vocabulary_dir


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(loader, "_CACHE", {})
    every = (layouts.table_config, lexicon.claims_config, metadata.meta_config, sections.structure_config)
    for config in every:
        config.cache_clear()
    yield tmp_path / "xxgk"
    for config in every:
        config.cache_clear()


def _fresh_layouts() -> layouts.TableConfig:
    return layouts._table_config()


def test_the_layouts_read_back_are_the_layouts_built(cache_home: Path) -> None:
    first = layouts.table_config()
    (kept,) = cache_home.glob("built-layouts-*.pickle")
    layouts.table_config.cache_clear()
    again = layouts.table_config()
    assert again is not first and again == first == _fresh_layouts()
    assert kept.stat().st_size > 0


def test_bound_identities_read_back_are_keyed_by_their_own_identity(cache_home: Path) -> None:
    layouts.table_config()
    layouts.table_config.cache_clear()
    again = layouts.table_config()
    table = next(lay for lay in again.layouts.values() if lay.identities)
    assert table._bound, "validation binds every identity"
    for (identity_id, _), (identity, _) in table._bound.items():
        assert identity_id == id(identity)
    identity = table.identities[0]
    assert (
        table.instances(identity) is table._bound[(id(identity), frozenset(r.key for r in table.rows if r.optional))][1]
    )
    assert table.instances(identity) == _fresh_layouts().layouts[table.key].instances(identity)


def test_the_lexicon_read_back_is_the_lexicon_built(cache_home: Path) -> None:
    first = lexicon.claims_config()
    assert list(cache_home.glob("built-lexicon-*.pickle"))
    lexicon.claims_config.cache_clear()
    assert lexicon.claims_config() == first == lexicon.load_claims(vocabulary_dir() / "lexicon.yaml")


def test_a_damaged_snapshot_is_built_again(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layouts.table_config()
    (kept,) = cache_home.glob("built-layouts-*.pickle")
    kept.write_bytes(kept.read_bytes()[:100])
    layouts.table_config.cache_clear()
    assert layouts.table_config() == _fresh_layouts()
    assert pickle.loads(kept.read_bytes()) == _fresh_layouts()  # written anew


def test_a_snapshot_made_by_other_code_is_not_read(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layouts.table_config()
    layouts.table_config.cache_clear()
    monkeypatch.setattr(loader, "code_stamp", lambda: "checker/spec/layouts.py:1:1")
    # had the first snapshot been read, no second one would be written
    assert layouts.table_config() == _fresh_layouts()
    assert len(list(cache_home.glob("built-layouts-*.pickle"))) == 2


def test_the_lexicon_snapshot_follows_the_layouts_it_is_checked_against(cache_home: Path) -> None:
    path = vocabulary_dir() / "lexicon.yaml"
    key_files: list[tuple[Path, ...]] = []

    def spy(source: Path, kind: loader.FileKind, build, depends_on=()):  # type: ignore[no-untyped-def]
        key_files.append((source, *depends_on))
        return build()

    with pytest.MonkeyPatch.context() as m:
        m.setattr(lexicon, "built", spy)
        lexicon.claims_config()
    assert key_files == [(path, vocabulary_dir() / "layouts.yaml")]


def test_a_file_that_is_not_shipped_is_never_kept(cache_home: Path, tmp_path: Path) -> None:
    own = tmp_path / "layouts.yaml"
    own.write_text((vocabulary_dir() / "layouts.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    made = loader.built(own, loader.LAYOUT_FILE, lambda: "built")
    assert made == "built"
    assert not list(cache_home.glob("built-*"))


def test_the_metadata_and_structure_vocabularies_read_back_are_those_built(cache_home: Path) -> None:
    built_meta, built_structure = metadata.meta_config(), sections.structure_config()
    assert list(cache_home.glob("built-metadata-*.pickle")) and list(cache_home.glob("built-sections-*.pickle"))
    metadata.meta_config.cache_clear()
    sections.structure_config.cache_clear()
    again_meta, again_structure = metadata.meta_config(), sections.structure_config()
    assert again_meta is not built_meta and again_meta == built_meta
    assert again_structure is not built_structure and again_structure == sections.load_structure(vocabulary_dir())


def test_what_cannot_be_pickled_is_built_every_time_without_error(cache_home: Path) -> None:
    made = loader.built(vocabulary_dir() / "layouts.yaml", loader.LAYOUT_FILE, lambda: lambda: "not picklable")
    assert made() == "not picklable"
    assert not list(cache_home.glob("built-*"))


def test_the_shipped_rules_read_back_are_the_rules_built_and_a_users_rules_still_follow(
    cache_home: Path, tmp_path: Path
) -> None:
    from checker.rules import ruleset

    first = ruleset.load_ruleset()
    assert list(cache_home.glob("built-*.pickle"))
    again = ruleset.load_ruleset()
    assert again.rules == first.rules and again.rules[0] is not first.rules[0]
    shipped = first.rules[0]
    own = tmp_path / "own.yaml"
    own.write_text(
        "rules:\n  - {code: " + shipped.code + ", name: mine, kind: pattern, severity: info,\n"
        "     summary: {zh: 我的, en: mine}, params: {patterns: [{regex: 'x', label: x}]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match=f"rule code {shipped.code} is defined twice"):
        ruleset.load_ruleset([own])


def test_old_snapshots_of_a_file_are_pruned(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_home.mkdir(parents=True)
    for i in range(loader.KEEP_BUILT + 3):
        old = cache_home / f"built-layouts-old{i:02d}.pickle"
        old.write_bytes(b"")
        os.utime(old, ns=(i * 10**9, i * 10**9))
    (cache_home / "built-lexicon-other.pickle").write_bytes(b"")
    layouts.table_config()
    kept = sorted(f.name for f in cache_home.glob("built-layouts-*.pickle"))
    assert len(kept) == loader.KEEP_BUILT
    assert "built-layouts-old00.pickle" not in kept and f"built-layouts-old{loader.KEEP_BUILT + 2:02d}.pickle" in kept
    assert (cache_home / "built-lexicon-other.pickle").exists()  # another file's snapshots are not touched
