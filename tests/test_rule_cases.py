"""Data-driven rule cases: one YAML file per rule under tests/cases/<CODE>.yaml.

A case file looks like::

    code: H104
    cases:
      - name: XX placeholder in title
        text: |                  # the whole report text, or:
          XX局2024年政府信息公开工作年度报告
        base: clean2021          # a report from tests/cases/bases/<name>.txt ...
        replace: {old: new}      # ... with these replacements (each `old` must occur)
        remove: [text, ...]      # ... with these pieces deleted (each must occur)
        append: text             # ... with this text added at the end
        year: 2024               # optional overrides: year, profile, agency, published
        published: 2025-02-20
        expect: 1                # number of findings of this code (0 = passes)
        contains: ["XX"]         # substrings of the joined Chinese messages
        not_contains: ["…"]      # substrings that must not appear in them
        severity: error          # the severity every finding must have
        at: {line: 7, column: 28}  # where the finding is (see below)
        xfail: "reason"          # a known checker bug: the case fails now (strict)
        previous:                # last year's report, for the rules across years (Y):
          base: tables2021       # built like the case's own text (text, base, replace,
          replace: {…}           # remove, append); checked as with --previous

Only the rule under test runs (``select=(code,)``), so each case checks one rule.

``at:`` pins the Location of the findings, as ``xxgk check --format json`` reports it for the
case's text saved as a .txt file: the 1-based line of the built text (after base/replace/remove/
append) and the 1-based column in characters. One mapping when the case expects one finding, or
a list with one mapping per finding (in any order). ``{line: null, column: null}`` pins that a
finding has no place in the text (a document-level finding such as a missing section).
Every rule with cases has at least one case with ``at:`` (each position counted by hand).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import Run, write

from checker.api import check_text, default_rules
from checker.model.findings import Finding

CASES_DIR = Path(__file__).parent / "cases"
BASES_DIR = CASES_DIR / "bases"

# Rules that need more than a text and last year's (Y105, Y106: a region's manifest, see
# test_region.py) or that no text input can trigger on its own (I101 is reported by other rules,
# I102 by the reader: see test_cli.py). The Y rules with case files are still run by their cases.
NOT_CASE_TESTED_PREFIXES = ("Y105", "Y106", "I101", "I102")

CASE_KEYS = {
    "name",
    "text",
    "base",
    "replace",
    "remove",
    "append",
    "year",
    "profile",
    "agency",
    "published",
    "expect",
    "contains",
    "not_contains",
    "severity",
    "at",
    "xfail",
    "previous",
}

Position = tuple[int | None, int | None]


def _bases() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(BASES_DIR.glob("*.txt"))}


def _case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and "code" in data and "cases" in data, f"{path.name}: needs code: and cases:"
    assert path.stem == data["code"], f"{path.name} declares code {data['code']}"
    return data


def build_text(case: dict, bases: dict[str, str]) -> str:
    if "text" in case:
        assert "base" not in case, "a case has either text: or base:, not both"
        text = case["text"]
    else:
        assert case.get("base") in bases, f"unknown base {case.get('base')!r}; have {sorted(bases)}"
        text = bases[case["base"]]
    for old, new in (case.get("replace") or {}).items():
        assert old in text, f"replace: {old!r} does not occur in the text"
        text = text.replace(old, new)
    for piece in case.get("remove") or []:
        assert piece in text, f"remove: {piece!r} does not occur in the text"
        text = text.replace(piece, "")
    if case.get("append"):
        text = text + case["append"]
    return text


def _positions_of(case: dict) -> list[Position]:
    """The `at:` of a case as (line, column) pairs, one per expected finding."""
    at = case["at"]
    pins = [at] if isinstance(at, dict) else at
    assert isinstance(pins, list) and pins, f"at: must be a mapping or a non-empty list of them, not {at!r}"
    for pin in pins:
        assert isinstance(pin, dict) and set(pin) == {"line", "column"}, f"at: needs line and column, got {pin!r}"
        assert all(v is None or (isinstance(v, int) and v >= 1) for v in pin.values()), f"at: 1-based, got {pin!r}"
    assert len(pins) == case["expect"], f"at: gives {len(pins)} position(s) for {case['expect']} finding(s)"
    return _sorted([(pin["line"], pin["column"]) for pin in pins])


def _sorted(positions: list[Position]) -> list[Position]:
    return sorted(positions, key=lambda p: (p[0] or 0, p[1] or 0))


def _found_positions(findings: list[Finding]) -> list[Position]:
    return _sorted([(f.location.line, f.location.column) for f in findings])


def _published(case: dict) -> dt.date | None:
    published = case.get("published")  # YAML reads an unquoted 2025-02-20 as a date already
    return dt.date.fromisoformat(published) if isinstance(published, str) else published


def _params() -> list:
    out = []
    for path in _case_files():
        data = _load(path)
        for case in data["cases"]:
            marks = []
            if case.get("xfail"):
                marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
            out.append(pytest.param(data["code"], case, id=f"{data['code']}-{case['name']}", marks=marks))
    return out


@pytest.fixture(scope="module")
def bases() -> dict[str, str]:
    return _bases()


@pytest.mark.parametrize(("code", "case"), _params())
def test_rule_case(code: str, case: dict, bases: dict[str, str]) -> None:
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"unknown keys in case: {sorted(unknown)}"
    text = build_text(case, bases)
    findings = check_text(
        text,
        year=case.get("year"),
        profile=case.get("profile"),
        agency=case.get("agency"),
        published=_published(case),
        select=(code,),
        previous=build_text(case["previous"], bases) if "previous" in case else None,
    )
    assert all(f.code == code for f in findings), [f.code for f in findings]
    messages = "\n".join(f.message for f in findings)
    assert len(findings) == case["expect"], (
        f"expected {case['expect']} {code} finding(s), got {len(findings)}:\n{messages}"
    )
    for needle in case.get("contains") or []:
        assert needle in messages, f"{needle!r} not in messages:\n{messages}"
    for needle in case.get("not_contains") or []:
        assert needle not in messages, f"{needle!r} unexpectedly in messages:\n{messages}"
    if case.get("severity"):
        assert {f.severity for f in findings} == {case["severity"]}, [f.severity for f in findings]
    if "at" in case:
        assert _found_positions(findings) == _positions_of(case), messages


def _pinned_params() -> list:
    return [p for p in _params() if "at" in p.values[1] and not p.marks]


@pytest.mark.parametrize(("code", "case"), _pinned_params())
def test_pinned_location_is_what_the_command_line_reports(
    code: str, case: dict, bases: dict[str, str], tmp_path: Path, xxgk: Callable[..., Run]
) -> None:
    """`at:` means the line and column of `xxgk check --format json` on the text saved as a file,
    not only of check_text(): the file path goes through decoding and the reader too."""
    path = write(tmp_path / "report.txt", build_text(case, bases))
    options: list[object] = ["--format", "json", "--select", code]
    if "previous" in case:
        options += ["--previous", write(tmp_path / "previous.txt", build_text(case["previous"], bases))]
    for key in ("year", "profile", "agency", "published"):
        if case.get(key) is not None:
            options += [f"--{key}", case[key]]
    run = xxgk("check", *options, path)
    assert run.code in (0, 1), run.err
    (document,) = run.json()["documents"]
    found = _sorted([(f["location"]["line"], f["location"]["column"]) for f in document["findings"]])
    assert found == _positions_of(case)


def _case_tested_codes() -> list[str]:
    return [r.code for r in default_rules().rules if not r.code.startswith(NOT_CASE_TESTED_PREFIXES)]


@pytest.mark.parametrize("code", _case_tested_codes())
def test_every_rule_has_failing_and_passing_cases(code: str) -> None:
    path = CASES_DIR / f"{code}.yaml"
    assert path.exists(), f"no case file tests/cases/{code}.yaml"
    cases = _load(path)["cases"]
    counted = [c for c in cases if not c.get("xfail")]
    assert any(c["expect"] >= 1 for c in counted), f"{code}: no (non-xfail) case where the rule fires"
    assert any(c["expect"] == 0 for c in counted), f"{code}: no (non-xfail) case where the rule stays silent"


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.stem)
def test_every_rule_with_cases_pins_a_location(path: Path) -> None:
    """Counts and messages alone let a finding drift to the wrong line; one `at:` per rule stops it."""
    cases = [c for c in _load(path)["cases"] if not c.get("xfail")]
    assert any("at" in c and c["expect"] >= 1 for c in cases), f"{path.name}: no (non-xfail) firing case with at:"


def test_case_files_name_known_rules() -> None:
    known = {r.code for r in default_rules().rules}
    for path in _case_files():
        assert path.stem in known, f"{path.name} is for a rule the rule set does not have"


# Skeletons for the narrative rules that deliberately have no statistics tables: T101 reports
# the missing tables there (a T101 case says so); every other rule must stay silent on them.
BASES_WITHOUT_TABLES = ("clean2019", "clean2021")


@pytest.mark.parametrize("name", sorted(p.stem for p in BASES_DIR.glob("*.txt")))
def test_bases_are_clean(name: str) -> None:
    """The report skeletons the cases vary have no finding of any case-tested rule."""
    codes = tuple(_case_tested_codes())
    findings = check_text(_bases()[name], select=codes)
    if name in BASES_WITHOUT_TABLES:
        findings = [f for f in findings if f.code != "T101"]
    assert findings == [], f"base {name}: " + "; ".join(f"{f.code} {f.message}" for f in findings)


def test_case_names_are_unique() -> None:
    for path in _case_files():
        names = [c["name"] for c in _load(path)["cases"]]
        assert len(names) == len(set(names)), f"{path.name}: duplicate case names"
