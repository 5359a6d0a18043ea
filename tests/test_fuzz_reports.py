"""Property-based fuzzing: real reports, mutated (lines inserted, deleted, duplicated; digits of
table rows replaced; odd Unicode dropped in; numbers blown up), are checked without an exception,
without a rule that crashes (the engine would turn it into I101 with evidence.error), with the
same findings on a second run, and in work bounded by the text's size (function calls counted,
not seconds).

In the suite it tries a few dozen reports (about a minute at most). The longer run:

    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz_reports.py    # 2,000 examples
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from conftest import REPO, corpus_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.api import check_text, default_rules
from checker.model.findings import Finding

settings.register_profile(
    "suite", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# Calls allowed: a fixed allowance and so many per character (real reports take 20-150).
CALLS_FIXED = 2_000_000
CALLS_PER_CHAR = 300

_OWN_REPORTS = [
    REPO / "examples" / "clean_2021.md",
    REPO / "examples" / "defects_2021.md",
    REPO / "examples" / "old_2017_gbk.txt",
    REPO / "tests" / "cases" / "bases" / "tables2019.txt",
    REPO / "tests" / "cases" / "bases" / "clean2007.txt",
]
_CORPUS = ["009_pingtan_syq_2015.txt", "020_huaian_shi_2024.txt", "000_e30985a69ba7359e.txt"]


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


@pytest.fixture(scope="module")
def reports() -> list[str]:
    return [_text(p) for p in _OWN_REPORTS] + [_text(corpus_file(name)) for name in _CORPUS]


# Characters that readers, normalisers and patterns must survive: controls, a BOM, full-width
# and combining marks, surrogate-free astral characters, brackets, numerals of every kind.
_ODD = st.sampled_from(
    list("\x00\x1b\x7f\u200b\u202e\ufeff\ufffd（）()【】《》“”|｜—－-+＋%％.．,，;；:：\t\r")
    + [
        "〇",
        "零",
        "壹",
        "Ⅻ",
        "①",
        "𠀀",
        "é",
        "\u0301",
        "0000年",
        "99999999999999999999999999999",
        "3.14159265358979323846264338327950288%",
    ]
)
_LINE = st.one_of(
    st.text(min_size=0, max_size=40),
    st.sampled_from(
        [
            "一、总体情况",
            "（一）主动公开",
            "| 规章 | 1 | 0 | 5 |",
            "共受理申请5件，其中自然人3件，占60%。",
            "自0000年1月1日起至12月31日止",
            "其中：",
            "（）",
        ]
    ),
)


@st.composite
def mutated(draw: st.DrawFn, bases: list[str]) -> str:
    lines = draw(st.sampled_from(bases)).split("\n")
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "digits", "odd", "swap"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "insert":
            lines.insert(i, draw(_LINE))
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines[i:i] = lines[i : i + draw(st.integers(1, 5))] * draw(st.integers(1, 3))
        elif op == "digits":
            digits = draw(st.text("0123456789", min_size=1, max_size=12))
            lines[i] = "".join(digits if ch.isdigit() else ch for ch in lines[i])
        elif op == "odd":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(_ODD) + lines[i][at:]
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _checked(text: str) -> tuple[list[Finding], int]:
    calls = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call" or event == "c_call":
            calls += 1

    sys.setprofile(profile)
    try:
        findings = check_text(text, rules=default_rules())
    finally:
        sys.setprofile(None)
    return findings, calls


def _key(findings: list[Finding]) -> list[tuple[object, ...]]:
    return [(f.code, f.message, f.location, f.fingerprint) for f in findings]


@given(data=st.data())
@FUZZ
def test_mutated_reports_are_checked_in_bounds(reports: list[str], data: st.DataObject) -> None:
    text = data.draw(mutated(reports))
    first, calls = _checked(text)
    crashes = [f.evidence["error"] for f in first if f.code == "I101" and "error" in f.evidence]
    assert crashes == []
    assert calls <= CALLS_FIXED + CALLS_PER_CHAR * len(text), f"{calls:,} calls for {len(text):,} characters"
    assert _key(check_text(text, rules=default_rules())) == _key(first)
