"""The literals a pattern cannot match without (checker/rules/kinds/literals.py): what is read from
a pattern, and that a text said to hold none of them holds no match, for every pattern of the
rule set on the corpus, the wild corpus and the rule cases' texts."""

from __future__ import annotations

import re

import pytest
import yaml

from checker.api import default_rules
from checker.rules.kinds.literals import may_match, required_texts
from tests.conftest import SHARED_CORPUS, TESTS


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        ("您?(?:当前|现在)?(?:所在)?的?位置\\s*[:：][^\\n。]{0,80}", {"位置"}),
        ("(?:打印|列印)(?:本页|此页|本文)|关闭(?:窗口|本页|视窗)", {"打印", "列印", "关闭"}),
        ("字体\\s*[:：]", {"字体"}),
        # the longest literal of a sequence, a lookahead's too
        ("x(?=yz)", {"yz"}),
        ("[:：]\\d+", {":", "："}),
        ("a{2,}b?", {"a"}),
        # a text that holds another is left out
        ("188bet|bet|1xbet", {"bet"}),
    ],
)
def test_the_literals_every_match_holds(pattern: str, texts: set[str]) -> None:
    assert required_texts(pattern) == (frozenset(texts), False)


@pytest.mark.parametrize(
    "pattern",
    ["a|", "a?", "[^x]", "\\d+", ".", "(?<!x)", "(?i:ab)", "a*"],
)
def test_a_pattern_that_needs_no_literal_has_none(pattern: str) -> None:
    assert required_texts(pattern)[0] is None
    assert may_match(pattern, "")


def test_under_ignorecase_ascii_letters_are_looked_for_in_lower_case() -> None:
    assert required_texts("(?i)BET|vwin") == (frozenset({"bet", "vwin"}), True)
    assert may_match("(?i)bet", "某某BeT365")
    assert not may_match("(?i)bet", "某某局")
    # a case-sensitive capital cannot be looked for in a lowered text
    assert required_texts("(?i)(?-i:X)") == (None, True)


@pytest.mark.parametrize("text", ["ſbobet", "\u212aaiyun", "ıı", "İİ"])
def test_characters_ignorecase_folds_to_ascii_letters_are_scanned(text: str) -> None:
    # ſ matches s, the Kelvin sign k, ı and İ match i under re.IGNORECASE; lower() keeps ſ and ı
    assert may_match("(?i)sbobet|kaiyun|ii", text)
    assert re.search("(?i)sbobet|kaiyun|ii", text)


def _case_texts() -> list[str]:
    """The strings the rule cases put into their reports."""
    out: list[str] = []
    for path in sorted((TESTS / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            for key in ("append", "text"):
                if isinstance(case.get(key), str):
                    out.append(case[key])
            for old, new in (case.get("replace") or {}).items():
                out += [str(old), str(new)]
    return out


def _texts() -> list[str]:
    files = sorted((TESTS / "wild").glob("*.txt"))
    if SHARED_CORPUS.is_dir():
        files += sorted(SHARED_CORPUS.rglob("*.txt"))
    return [f.read_text(encoding="utf-8", errors="replace") for f in files] + _case_texts()


def _rule_patterns() -> list[str]:
    return [
        entry["regex"] for rule in default_rules().rules if rule.kind == "pattern" for entry in rule.params["patterns"]
    ]


def test_a_text_said_to_hold_no_literal_holds_no_match() -> None:
    texts = _texts()
    patterns = _rule_patterns()
    assert len(texts) > 300 and len(patterns) > 50
    skipped = 0
    for pattern in patterns:
        compiled = re.compile(pattern, re.MULTILINE)
        for text in texts:
            if not may_match(pattern, text):
                skipped += 1
                assert compiled.search(text) is None, (pattern, text[:80])
    # the test means something: most pairs are skipped
    assert skipped > len(texts) * len(patterns) // 2


def test_every_rule_pattern_but_a_few_has_literals() -> None:
    without = [p for p in _rule_patterns() if required_texts(p)[0] is None]
    assert len(without) <= 3, without


def test_the_read_texts_of_rule_patterns_are_matched_where_the_pattern_matches() -> None:
    # each required text stands in each match of its pattern on a string made to match
    for pattern, sample in [
        ("威廉希尔|(?<!中)华体会|新葡京", "这是华体会官网"),
        ("(?i)(?<![a-z])(?:365bet|bet\\d+|vwin)", "访问 BET365 领奖"),
    ]:
        assert re.search(pattern, sample)
        assert may_match(pattern, sample)
