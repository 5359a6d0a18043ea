"""What many test modules share: running `xxgk` in-process, writing report files, and finding the
development corpus in ../shared/corpus (read there, never copied into the project)."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from checker.cli import main

TESTS = Path(__file__).parent
REPO = TESTS.parent
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


def corpus_file(name: str) -> Path:
    """A file of ../shared/corpus by its name (seeds/, real/, excerpts/, pdf/). Without the shared
    folder the tests that need it are skipped, except on CI, where its absence is a failure."""
    found = sorted(SHARED_CORPUS.glob(f"*/{name}")) if SHARED_CORPUS.is_dir() else []
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{name} not found under {SHARED_CORPUS}: CI must have ../shared beside the checkout")
        pytest.skip(f"{name}: ../shared/corpus is not beside this checkout")
    return found[0]


def chromium_executable() -> str:
    """Debian's Chromium for the browser tests (Playwright drives it headless; `.ci/run` installs it).
    Without it the browser tests are skipped, except on CI, where its absence is a failure."""
    import shutil

    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium not found: CI installs Debian's chromium for the browser tests (.ci/run)")
        pytest.skip("chromium is not installed (Debian package chromium)")
    return found


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)

    def codes(self) -> list[str]:
        return sorted(f["code"] for d in self.json()["documents"] for f in d["findings"])

    def codes_by_file(self) -> dict[str, list[str]]:
        return {Path(d["path"]).name: sorted(f["code"] for f in d["findings"]) for d in self.json()["documents"]}


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], stdin: bytes | None = None
) -> Run:
    """`xxgk ARGS…` through checker.cli.main(), the real entry point with its top-level error handling."""
    monkeypatch.setattr(sys, "argv", ["xxgk", *args])
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)  # else the default format is github
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    capsys.readouterr()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return Run(code, out, err)


@pytest.fixture
def xxgk(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """`xxgk ARGS…` in-process, with no options added."""

    def run(*args: object, stdin: bytes | None = None) -> Run:
        return run_main(monkeypatch, capsys, [str(a) for a in args], stdin)

    return run


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path
