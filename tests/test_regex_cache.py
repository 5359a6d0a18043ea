"""The compiled-pattern cache of the command line (checker.spec.regex_cache) and what `xxgk`
imports before it is installed: a pattern served from the cache is the pattern `re` compiles
(re.Pattern equality compares the compiled code), and a damaged or foreign cache is ignored."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path
from re import _compiler  # type: ignore[attr-defined]

import pytest
from conftest import corpus_file

from checker.spec import regex_cache

# Named groups, back-references, look-arounds, CJK classes, inline and global flags, verbose
# mode, a conditional, atomic and possessive forms, a case-folded class.
PATTERNS = [
    (r"(?P<year>\d{4})年(?:度)?(?P<agency>[一-龥]{2,20}?)(?:政府)?信息公开", 0),
    (r"(?<=[\u3400-\u9fff])\((?=[a-zü]*[āáǎà])[a-zāáǎàü]{1,6}\)", 0),
    (r"^(?:第[一二三四五六七八九十]+[章节]|[一二三四五六七八九十]+、)\s*", re.MULTILINE),
    (r"(['\"])(.*?)\1", re.DOTALL),
    (r"(?i:table)\s+(\d+)(?(1)\.|,)", 0),
    (r"(?>\d+)年|\d++月", 0),
    (r"[a-zß]+", re.IGNORECASE),
    (
        r"""
        (?P<n> \d+ )   # a number
        \s* (?:件|条)   # counted
    """,
        re.VERBOSE,
    ),
    ("总计|合计|小计", 0),
]


SAMPLE = "2023年度某县人民政府信息公开 12 件 'a' Table 3. TABLE 4, 合计 STRASSE"


def found(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(SAMPLE)]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    regex_cache.uninstall()  # a test that ran `main()` in this process installed it, with its cache folder
    yield tmp_path / "xxgk"
    regex_cache.uninstall()


def standard(pattern: str, flags: int) -> re.Pattern[str]:
    compiled: re.Pattern[str] = (regex_cache._installed.standard if regex_cache._installed else _compiler.compile)(
        pattern, flags
    )
    return compiled


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_pattern_built_from_its_entry_is_the_pattern_re_compiles(pattern: str, flags: int) -> None:
    rebuilt = regex_cache.from_entry(pattern, regex_cache.build(pattern, flags))
    fresh = standard(pattern, flags)
    assert rebuilt == fresh
    assert found(rebuilt) == found(fresh)
    assert (rebuilt.flags, rebuilt.groups, rebuilt.groupindex) == (fresh.flags, fresh.groups, fresh.groupindex)


def test_patterns_compiled_in_one_run_are_served_in_the_next(cache_home: Path) -> None:
    first = regex_cache.install()
    assert first is not None and _compiler.compile == first.compile
    for pattern, flags in PATTERNS:
        first.compile(pattern, flags)
    keys = {(pattern, int(flags)) for pattern, flags in PATTERNS}
    assert keys <= set(first.new) and not keys & first.used  # (anything else the process compiles goes there too)
    first.save()
    (file,) = cache_home.glob("regex-*.bin")
    regex_cache.uninstall()
    assert _compiler.compile != first.compile  # re as it was

    second = regex_cache.install()
    assert second is not None
    for pattern, flags in PATTERNS:
        served = second.compile(pattern, flags)
        assert served == standard(pattern, flags)
        assert found(served) == found(standard(pattern, flags))
    assert keys <= second.used and not keys & set(second.new)
    written = file.stat().st_mtime_ns
    second.new.clear()  # whatever else this test process compiled meanwhile
    second.save()  # nothing new: nothing written
    assert file.stat().st_mtime_ns == written


def test_a_bad_pattern_raises_as_re_compile_does(cache_home: Path) -> None:
    cache = regex_cache.install()
    assert cache is not None
    with pytest.raises(re.error):
        re.compile("(unclosed[", 0)
    assert ("(unclosed[", 0) not in cache.new


def _saved(cache_home: Path) -> Path:
    cache = regex_cache.install()
    assert cache is not None
    for pattern, flags in PATTERNS:
        cache.compile(pattern, flags)
    cache.save()
    regex_cache.uninstall()
    (file,) = cache_home.glob("regex-*.bin")
    return file


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-10] + bytes(b ^ 0xFF for b in data[-10:]),  # bytes changed: the checksum says so
        lambda data: b"another-program\n" + data[len(regex_cache._HEADER) :],  # not ours
        lambda data: b"",
    ],
)
def test_a_damaged_cache_file_is_ignored_and_replaced(cache_home: Path, damage) -> None:  # type: ignore[no-untyped-def]
    file = _saved(cache_home)
    file.write_bytes(damage(file.read_bytes()))
    assert regex_cache.read_entries(file) == {}
    cache = regex_cache.install()
    assert cache is not None
    for pattern, flags in PATTERNS:
        assert cache.compile(pattern, flags) == standard(pattern, flags)
    keys = {(pattern, int(flags)) for pattern, flags in PATTERNS}
    assert keys <= set(cache.new)
    cache.save()
    assert keys <= set(regex_cache.read_entries(file))


def test_an_entry_the_engine_refuses_is_compiled_anew(cache_home: Path) -> None:
    pattern, flags = PATTERNS[0]
    file = regex_cache.cache_file(cache_home)
    cache_home.mkdir(parents=True, exist_ok=True)
    final_flags, code, groups, groupindex, indexgroup = regex_cache.build(pattern, flags)
    # a well-formed file (checksum right) whose code is not valid engine code
    invalid = array("I", [99999]).tobytes() + code
    regex_cache.write_entries(file, {(pattern, flags): (final_flags, invalid, groups, groupindex, indexgroup)})
    cache = regex_cache.install()
    assert cache is not None
    assert cache.compile(pattern, flags) == standard(pattern, flags)
    assert (pattern, flags) in cache.new


def test_another_pythons_cache_is_another_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ours = regex_cache.cache_file(tmp_path)
    monkeypatch.setattr(sys, "version", "3.99.0 (another build)")
    assert regex_cache.cache_file(tmp_path) != ours


def test_nothing_is_installed_when_the_probe_compiles_differently(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _compiler.compile
    real_build = regex_cache.build

    def changed(pattern: str, flags: int) -> regex_cache.Entry:
        final_flags, code, groups, groupindex, indexgroup = real_build(pattern, flags)
        return final_flags | re.IGNORECASE, code, groups, groupindex, indexgroup

    monkeypatch.setattr(regex_cache, "build", changed)
    assert regex_cache.install() is None
    assert _compiler.compile == before


def test_nothing_is_installed_on_a_python_it_was_not_written_for(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_cache, "SUPPORTED", ())
    assert regex_cache.install() is None


def test_the_file_stays_bounded(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_cache, "MAX_ENTRIES", 5)
    cache = regex_cache.install()
    assert cache is not None
    for i in range(4):
        cache.compile(f"first{i}", 0)
    cache.save()
    regex_cache.uninstall()
    cache = regex_cache.install()
    assert cache is not None
    cache.compile("first0", 0)
    for i in range(3):
        cache.compile(f"second{i}", 0)
    cache.save()
    kept = regex_cache.read_entries(cache.file)
    assert sorted(p for p, _ in kept if p.startswith(("first", "second"))) == [
        "first0",
        "second0",
        "second1",
        "second2",
    ]


def _run(args: list[str], cache_home: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=cache_home, NO_COLOR="1")
    code = "import sys; from checker.cli_process import entry; sys.argv = ['xxgk', *sys.argv[1:]]; entry()"
    return subprocess.run([sys.executable, "-c", code, *args, *extra], capture_output=True, text=True, env=env)


def test_a_check_reports_the_same_with_a_cold_a_warm_and_no_cache(tmp_path: Path) -> None:
    report = str(corpus_file("014_pingtan_syq_2020.txt"))
    args = ["check", "--format", "json", report]
    cold = _run(args, str(tmp_path))
    assert list((tmp_path / "xxgk").glob("regex-*.bin"))
    warm = _run(args, str(tmp_path))
    (tmp_path / "shared").mkdir(mode=0o777)
    (tmp_path / "shared").chmod(0o777)
    (tmp_path / "shared" / "xxgk").mkdir(mode=0o777)
    (tmp_path / "shared" / "xxgk").chmod(0o777)  # a folder others may write: no cache at all
    none = _run(args, str(tmp_path / "shared"))
    assert not list((tmp_path / "shared" / "xxgk").iterdir())
    assert cold.returncode == warm.returncode == none.returncode == 1, cold.stderr
    assert json.loads(cold.stdout)["documents"][0]["findings"]  # a real check, with findings
    assert cold.stdout == warm.stdout == none.stdout


def test_the_command_line_imports_the_checking_machinery_only_when_it_checks() -> None:
    code = (
        "import sys, checker.cli; print(' '.join(m for m in ("
        "'checker.annotate', 'checker.ingest.pipeline', 'checker.rules.ruleset', 'checker.app', "
        "'concurrent.futures', 'multiprocessing', 'yaml', 'pathspec', 'lark', 'rich') if m in sys.modules))"
    )
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert imported.split() == []


def test_a_check_of_one_file_imports_no_worker_pool_nor_exclusion_patterns(tmp_path: Path) -> None:
    report = str(corpus_file("014_pingtan_syq_2020.txt"))
    code = (
        "import sys; from checker import cli_process; sys.argv = ['xxgk', 'check', '--format', 'json', sys.argv[1]]\n"
        "try:\n    cli_process.entry()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(m for m in ('concurrent.futures', 'multiprocessing', 'pathspec', 'yaml')"
        " if m in sys.modules), file=sys.stderr)"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    subprocess.run([sys.executable, "-c", code, report], capture_output=True, text=True, env=env)  # cache filled
    done = subprocess.run([sys.executable, "-c", code, report], capture_output=True, text=True, env=env)
    assert done.stderr.split() == []


@pytest.mark.parametrize("args", [["check", "--format", "json", "REPORT"], ["check", "--select", "NOPE", "REPORT"]])
def test_the_collector_paused_for_the_start_up_of_a_check_runs_again(args: list[str]) -> None:
    report = str(corpus_file("014_pingtan_syq_2020.txt"))
    code = (
        "import gc, sys; from checker import cli_process; sys.argv = ['xxgk', *sys.argv[1:]]\n"
        "try:\n    cli_process.entry()\nexcept SystemExit:\n    pass\n"
        "print(gc.isenabled(), file=sys.stderr)"
    )
    argv = [report if a == "REPORT" else a for a in args]
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert done.stderr.splitlines()[-1] == "True"


def test_only_the_program_sets_its_start_up_aside_not_main_run_in_process() -> None:
    report = str(corpus_file("014_pingtan_syq_2020.txt"))
    frozen = {}
    for call in ("cli_process.entry", "cli.main"):
        code = (
            "import gc, sys; from checker import cli, cli_process; sys.argv = ['xxgk', 'check', sys.argv[1]]\n"
            f"try:\n    {call}()\nexcept SystemExit:\n    pass\n"
            "print(gc.get_freeze_count(), file=sys.stderr)"
        )
        done = subprocess.run([sys.executable, "-c", code, report], capture_output=True, text=True)
        frozen[call] = int(done.stderr.splitlines()[-1])
    assert frozen["cli.main"] == 0 < frozen["cli_process.entry"]


def test_a_cache_that_cannot_be_written_is_no_error(cache_home: Path) -> None:
    cache = regex_cache.install()
    assert cache is not None
    cache.compile("nowhere to go", 0)
    cache.file = cache_home / "missing-folder" / "regex.bin"
    cache.save()
    assert not (cache_home / "missing-folder").exists()


def test_once_the_first_report_is_checked_new_patterns_are_served_but_not_kept(cache_home: Path) -> None:
    cache = regex_cache.install()
    assert cache is not None
    cache.new.clear()
    regex_cache.stop_recording()
    pattern, flags = PATTERNS[0]
    served = cache.compile(pattern, flags)
    assert served == standard(pattern, flags) and found(served) == found(standard(pattern, flags))
    assert not cache.new
    cache.save()
    assert not list(cache_home.glob("regex-*.bin"))  # nothing new was kept: nothing written


def test_patterns_made_from_a_later_reports_text_do_not_fill_the_cache(tmp_path: Path) -> None:
    """A batch: the second report holds a character no rule names (Ｑ, normalised to Q), which the
    reader's pattern of a report's own characters to normalise contains; the cache keeps the start-up's and
    the first report's patterns, not that one."""
    first = tmp_path / "reports" / "a.txt"
    first.parent.mkdir()
    first.write_bytes(corpus_file("018_pingtan_syq_2024.txt").read_bytes())
    (tmp_path / "reports" / "b.txt").write_text(first.read_text(encoding="utf-8") + "\nＱ\n", encoding="utf-8")
    done = _run(["check", "-j", "1", "--format", "json", str(tmp_path / "reports")], str(tmp_path))
    assert len(json.loads(done.stdout)["documents"]) == 2, done.stderr
    (file,) = (tmp_path / "xxgk").glob("regex-*.bin")
    kept = regex_cache.read_entries(file)
    assert len(kept) > 300  # the start-up's and the first report's
    assert not [pattern for pattern, _ in kept if "Ｑ" in pattern or "\\Ｑ" in pattern]
    # the same report alone is a first report: its pattern is kept (the test can fail)
    _run(["check", "--format", "json", str(tmp_path / "reports" / "b.txt")], str(tmp_path))
    assert [pattern for pattern, _ in regex_cache.read_entries(file) if "Ｑ" in pattern]


def test_a_long_run_keeps_in_memory_no_more_new_patterns_than_the_file_holds(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_cache, "MAX_ENTRIES", 5)
    cache = regex_cache.install()
    assert cache is not None
    cache.new.clear()
    for i in range(20):
        assert cache.compile(f"upload{i}", 0).match(f"upload{i}")  # served all the same
    assert len(cache.new) == 5


def test_the_server_runs_without_the_pattern_cache(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker import cli_process

    seen = []
    monkeypatch.setattr(sys, "argv", ["xxgk", "serve"])
    cli_process.run(lambda: seen.append(regex_cache._installed))
    monkeypatch.setattr(sys, "argv", ["xxgk", "rules"])
    cli_process.run(lambda: seen.append(regex_cache._installed))
    assert seen[0] is None and seen[1] is not None
