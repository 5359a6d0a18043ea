"""The wheel built from this checkout works once installed: every package and data file ships.

The rest of the suite imports the checkout itself (pytest's `pythonpath`), where rules/,
rules/vocabulary/ and grammars/ sit at the top. An installed copy finds them inside the package
(checker/_data/…, mapped in pyproject.toml), and a package missing from pyproject's explicit
`packages` list is simply left out of the wheel: neither shows in the other tests. So this module
builds the wheel, installs it into a folder of its own and runs that copy from outside the
checkout.

Slow, and marked `slow` (10-20 s; `pytest -m "not slow"` leaves it out): pip builds the wheel in
an isolated environment, fetching setuptools>=64 from the package index, which is most of the
time; then a fresh interpreter runs `xxgk check` on examples/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, Run
from test_examples import DEFECTS_2021

pytestmark = pytest.mark.slow

# What is not the source of the package: a copy of the checkout without these is what pip
# builds, so that a stale build/ left by an earlier build cannot put a file into the wheel that
# the package list or the package data would leave out.
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "tests", "bench", "examples")


@dataclass(frozen=True)
class Installed:
    site: Path  # the folder `pip install --target` wrote
    outside: Path  # a working directory outside the checkout

    def python(self, *args: str) -> subprocess.CompletedProcess[str]:
        """The test venv's interpreter with only the installed copy on its path, run outside the checkout."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GITHUB_"))}
        env["PYTHONPATH"] = str(self.site)
        return subprocess.run(
            [sys.executable, *args], cwd=self.outside, env=env, capture_output=True, text=True, timeout=120
        )


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    wheels = tmp / "wheels"
    built = _pip("wheel", "--no-deps", "-q", "-w", str(wheels), str(source))
    assert built.returncode == 0, f"pip wheel failed (it needs setuptools>=64 from the index):\n{built.stderr}"
    (wheel,) = wheels.glob("xxgk-*.whl")
    site = tmp / "site"
    done = _pip("install", "--no-deps", "-q", "--target", str(site), str(wheel))
    assert done.returncode == 0, done.stderr
    outside = tmp / "elsewhere"
    outside.mkdir()
    return Installed(site, outside)


def test_the_installed_copy_is_the_one_imported(installed: Installed) -> None:
    """Without this the other tests here could pass on the checkout (an editable install of it is
    in the venv) and prove nothing about the wheel."""
    run = installed.python("-c", "import checker, sys; print(checker.__file__)")
    assert run.returncode == 0, run.stderr
    imported = Path(run.stdout.strip()).resolve()
    assert imported.is_relative_to(installed.site.resolve()), imported
    assert not imported.is_relative_to(REPO.resolve())


def test_every_package_and_data_file_is_installed(installed: Installed) -> None:
    """Names what is missing, where the run below would only fail somewhere."""
    package = installed.site / "checker"
    for init in sorted((REPO / "checker").rglob("__init__.py")):
        relative = init.relative_to(REPO / "checker")
        assert (package / relative).is_file(), f"package checker/{relative.parent} is not in the wheel"
    data = {
        "rules": sorted((REPO / "rules").glob("*.yaml")),
        "rules/vocabulary": sorted((REPO / "rules" / "vocabulary").glob("*.yaml")),
        "grammars": sorted((REPO / "grammars").glob("*.lark")),
    }
    for folder, files in data.items():
        assert files, f"no data files found under {folder}/"
        for path in files:
            shipped = package / "_data" / folder / path.name
            assert shipped.is_file(), f"{folder}/{path.name} is not in the wheel (checker/_data/{folder})"
    page = sorted((REPO / "checker" / "serve" / "static").iterdir())
    assert {p.name for p in page} >= {"index.html", "app.js", "app.css"}
    for path in page:
        assert (package / "serve" / "static" / path.name).is_file(), f"the page of xxgk serve lacks {path.name}"


def _findings_by_file(report: dict) -> dict[str, list[dict]]:
    return {Path(d["path"]).name: d["findings"] for d in report["documents"]}


def test_installed_copy_checks_the_examples_as_the_checkout_does(
    installed: Installed, xxgk: Callable[..., Run]
) -> None:
    """`python -m checker.cli check --format json examples/` from the installed copy exits 1 with the
    findings the checkout gives in-process (tests/test_examples.py pins those: defects_2021 in three
    formats, the other examples clean)."""
    examples = REPO / "examples"
    run = installed.python("-m", "checker.cli", "check", "--format", "json", str(examples))
    assert run.returncode == 1, run.stderr
    shipped = _findings_by_file(json.loads(run.stdout))
    here = xxgk("check", "--format", "json", examples)
    assert here.code == 1, here.err
    assert shipped == _findings_by_file(here.json())
    # what test_examples.py pins, seen from the installed copy (not only equal to a broken checkout)
    codes = {name: dict(Counter(f["code"] for f in found)) for name, found in shipped.items()}
    assert codes == {
        "clean_2021.docx": {},
        "clean_2021.md": {},
        "clean_2021_numbered.docx": {},
        "libreoffice_2021.pdf": {"T105": 1, "X101": 1},
        "defects_2021.html": DEFECTS_2021,
        "defects_2021.md": DEFECTS_2021,
        "defects_2021.pdf": DEFECTS_2021,
        "old_2017_gbk.txt": {},
    }


def test_installed_copy_writes_the_dashboard_and_the_workbook(installed: Installed, tmp_path: Path) -> None:
    """The dashboard's script and style and the scoring scheme are package data: the installed
    copy finds them."""
    page, book = tmp_path / "d.html", tmp_path / "d.xlsx"
    examples = str(REPO / "examples")
    for fmt, out in (("html", page), ("xlsx", book)):
        run = installed.python("-m", "checker.cli", "check", "--format", fmt, "-o", str(out), "--exit-zero", examples)
        assert run.returncode == 0, run.stderr
    html = page.read_text(encoding="utf-8")
    assert "function renderDoc" in html and "table.stat" in html
    assert book.read_bytes()[:2] == b"PK"
