"""Regular expressions that cannot backtrack without bound: the linter, the linear matcher of the
lexicon's subject prefix, and every pattern the checker runs (code, vocabularies, rules) held to
the linter."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import checker
from checker.api import default_rules
from checker.spec.lexicon import claims_config
from checker.spec.regex_guard import RepeatedAlternatives, backtracking_risk


@pytest.mark.parametrize(
    ("pattern", "risk"),
    [
        (r"(\d+)+年", "nested"),
        (r"(?:\s*\d+\s*)*$", "nested"),
        (r"(?:a|aa)*c", "overlap"),
        (r"(?:a|ab)*c", None),  # "ab" is never "a" + "b": one way to cut
        (r"(?:\d{1,2})*x", "overlap"),
        (r"(?:共有?|有)*", "overlap"),
        (r"(?:x?|y)+z", "overlap"),
        (r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", None),  # each repetition starts with "-", which [a-z0-9] never matches
        (r"(?:省|市|县)*政府", None),
        (r"\d+(?:[.,，]\d+)*", None),  # a separator no digit class matches starts each repetition
        (r"\d{4}年\d{1,2}月", None),
        (r"(?:[\u00c0-\u00ef][\u0080-\u00bf]{1,2}){2,}", None),  # the inner quantifier is bounded
        (r"设为首页|加入收藏", None),
    ],
)
def test_backtracking_risk(pattern: str, risk: str | None) -> None:
    assert backtracking_risk(pattern) == risk


_PREFIX_WORDS = [
    "共",
    "有",
    "共有",
    "共计",
    "全年",
    "累计",
    "本年度",
    "本年",
    "度",
    "2023年",
    "的",
    "啊",
    "我局",
    "已",
    "经",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PREFIX_WORDS), max_size=10))
def test_subject_prefix_matches_as_re_does(words: list[str]) -> None:
    """On short texts (where re's backtracking is still quick) the linear matcher agrees with re."""
    matcher = claims_config().subject_prefix
    text = "".join(words)
    assert (matcher.fullmatch(text) is not None) == (re.fullmatch(matcher.pattern, text) is not None)


def test_subject_prefix_is_linear_on_what_made_re_take_minutes() -> None:
    matcher = claims_config().subject_prefix
    assert matcher.fullmatch("共有" * 5000 + "啊") is None
    assert matcher.fullmatch("共有" * 5000) is not None


def test_repeated_alternatives_only_for_a_repetition_of_bounded_words() -> None:
    assert RepeatedAlternatives.of(r"(?:a|bc)*") is not None
    assert RepeatedAlternatives.of(r"(?:a|b+)*") is None  # a word of any length
    assert RepeatedAlternatives.of(r"x(?:a|b)*") is None


def _patterns_in(value: Any, seen: set[int], out: dict[str, str], where: str) -> None:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        out.setdefault(value.pattern, where)
    elif isinstance(value, str):
        pass
    elif isinstance(value, dict):
        for v in value.values():
            _patterns_in(v, seen, out, where)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            _patterns_in(v, seen, out, where)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _patterns_in(getattr(value, f.name), seen, out, f"{where}.{f.name}")


def every_pattern() -> dict[str, str]:
    """Every compiled pattern of the checker's modules and loaded vocabularies, and every
    pattern string of the built-in rules, with where it is."""
    from checker.spec import layouts, metadata, sections

    out: dict[str, str] = {}
    for module in pkgutil.walk_packages(checker.__path__, "checker."):
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if isinstance(value, re.Pattern):
                out.setdefault(value.pattern, f"{module.name}.{name}")
    seen: set[int] = set()
    _patterns_in(claims_config(), seen, out, "lexicon")
    _patterns_in(sections.structure_config(), seen, out, "structure")
    _patterns_in(metadata.meta_config(), seen, out, "metadata")
    _patterns_in(layouts.table_config(), seen, out, "layouts")
    for rule in default_rules().rules:
        strings: dict[str, str] = {}
        _strings_in(dict(rule.params), strings, rule.code)
        out.update({p: w for p, w in strings.items() if p not in out})
    return out


def _strings_in(value: Any, out: dict[str, str], where: str) -> None:
    if isinstance(value, str):
        try:
            re.compile(value)
        except re.error:
            return
        out.setdefault(value, where)
    elif isinstance(value, dict):
        for v in value.values():
            _strings_in(v, out, where)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _strings_in(v, out, where)


def test_no_pattern_of_the_checker_can_backtrack_without_bound() -> None:
    patterns = every_pattern()
    assert len(patterns) > 300  # the walk reached the vocabularies and rules
    risky = {p[:80]: where for p, where in patterns.items() if backtracking_risk(p)}
    assert risky == {}
