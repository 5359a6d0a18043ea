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
        xfail: "reason"          # a known checker bug: the case fails now (strict)

Only the rule under test runs (``select=(code,)``), so each case checks one rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from checker.api import check_text, default_rules

CASES_DIR = Path(__file__).parent / "cases"
BASES_DIR = CASES_DIR / "bases"

# Rules that are not implemented yet (cross-year) or that no text input can trigger on its
# own (I101 is reported by other rules, I102 by the reader: see test_cli.py).
NOT_CASE_TESTED_PREFIXES = ("Y", "I101", "I102")

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
    "xfail",
}


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


def _params():
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
    published = case.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    findings = check_text(
        text,
        year=case.get("year"),
        profile=case.get("profile"),
        agency=case.get("agency"),
        published=published,
        select=(code,),
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
