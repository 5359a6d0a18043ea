"""The literals a pattern cannot match without (checker/parse/literals.py): what is read from
a pattern, and that a text said to hold none of them holds no match, for every pattern of the
rule set on the corpus, the wild corpus and the rule cases' texts."""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from checker.api import default_rules
from checker.parse.literals import _anchors, finditer_near, may_match, required_texts
from checker.spec.metadata import meta_config
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


def test_only_the_folded_characters_match_an_ascii_letter_under_ignorecase_besides_its_cases() -> None:
    from checker.parse.literals import _FOLDED_TO_ASCII

    every = "".join(map(chr, range(0x110000)))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        others = set(re.findall(f"(?i){letter}", every)) - {letter, letter.upper()}
        assert others <= set(_FOLDED_TO_ASCII), (letter, others)


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


@cache
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


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        # a lazy name before a year and a caption, twice, one inside the other's reach
        (
            "(?P<name>[^\\s。,，:]{3,30}?)\\d{4}年度?政府信息公开统计表",
            "某某局2023年政府信息公开统计表某某局2022年度政府信息公开统计表",
        ),
        ("[^,]{2,5}ab", "xxabab,yyyab,ab,zzzzzzab"),
        # overlapping occurrences of the anchor
        ("[a-z]{1,3}aa", "baaaaa caaa"),
        # a lookbehind sees before the start tried
        ("(?<!中)[^,]{1,4}体会", "中华体会,华体会,x华体会"),
        ("x{0,2}[0-9]{2}年", "2023年x12年"),
    ],
)
def test_finditer_near_finds_what_finditer_finds(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    expected = [m.span() for m in compiled.finditer(text)]
    assert expected
    assert [m.span() for m in finditer_near(compiled, text)] == expected


def test_finditer_near_finds_what_finditer_finds_with_the_agency_patterns() -> None:
    cfg = meta_config()
    texts = _texts()
    for pattern in [cfg.caption, cfg.field, *cfg.preamble, *cfg.contact]:
        for text in texts:
            assert [m.span() for m in finditer_near(pattern, text)] == [m.span() for m in pattern.finditer(text)]


# Patterns of rules/hygiene.yaml rewritten to open with the character they need (the lookbehind
# after it): the old form, the new one, and strings on their edges.
REWRITTEN = [
    (
        "(?<![A-Za-z0-9/._@-])(?:XX+|xx+|Xx+)(?![A-Za-z0-9./_@-])",
        "(?:X(?<![A-Za-z0-9/._@-]X)(?:X+|x+)|x(?<![A-Za-z0-9/._@-]x)x+)(?![A-Za-z0-9./_@-])",
    ),
    ("_{3,}|(?<![A-Za-z0-9_])__(?![A-Za-z0-9_])", "_(?:_{2,}|(?<![A-Za-z0-9_]_)_(?![A-Za-z0-9_]))"),
    (
        "(?<![@A-Za-z0-9_./:-])[a-z0-9][a-z0-9-]{2,30}\\.(?:com|net|org|cc|vip|xyz|top|bet|info|biz|co|tv|app|club"
        "|site|online|live|win)(?![A-Za-z0-9_./-])(?=\\s?[\\u4e00-\\u9fff])",
        "[a-z0-9](?<![@A-Za-z0-9_./:-][a-z0-9])[a-z0-9-]{2,30}\\.(?:com|net|org|cc|vip|xyz|top|bet|info|biz|co|tv|app"
        "|club|site|online|live|win)(?![A-Za-z0-9_./-])(?=\\s?[\\u4e00-\\u9fff])",
    ),
    (
        "(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*[\\u4e00-\\u9fff]{1,6}(?:[_#*]|@[:：])",
        "[A-Za-z](?<![A-Za-z0-9][A-Za-z])[A-Za-z0-9]*[\\u4e00-\\u9fff]{1,6}(?:[_#*]|@[:：])",
    ),
]
REWRITTEN += [
    (
        "(?<![\\u4e00-\\u9fff])字[体号]\\s*[:：]\\s*(?:\\[\\s*\\]|【\\s*】)",
        "字(?<![\\u4e00-\\u9fff]字)[体号]\\s*[:：]\\s*(?:\\[\\s*\\]|【\\s*】)",
    ),
    (
        "(?<![\\u4e00-\\u9fff])字[体号]\\s*[:：]\\s*(?=分享|打印|列印|关闭|$)",
        "字(?<![\\u4e00-\\u9fff]字)[体号]\\s*[:：]\\s*(?=分享|打印|列印|关闭|$)",
    ),
]
EDGES = [
    "XX",
    "xXX",
    "aXX",
    "XXx",
    "Xxx局",
    "xx.XX",
    "_XX_",
    "__",
    "a__",
    "__a",
    "___",
    "a___b",
    "_ __ ____",
    "浙江省puroview.com溪下乡",
    "w.abc.com县",
    "abc.com县 @abc.com县 1abc.com 县",
    "xbet体育_ xbet体育_ 9xbet体育@: Abc官网#",
    "字体:[ ] 文字号:【】 字号：分享\n字体:",
]


REWRITTEN_ENUMERATION = (
    "(?<![统唯同单不第之其万专十])([一二三四五六七八九十]{1,2})是(?![否非])",
    "([一二三四五六七八九十](?<![统唯同单不第之其万专十][一二三四五六七八九十])[一二三四五六七八九十]?)是(?![否非])",
)


def test_the_rewritten_enumeration_marker_finds_what_the_old_one_did() -> None:
    old, new = REWRITTEN_ENUMERATION
    assert f"'{new}'" in (TESTS.parent / "rules" / "narrative.yaml").read_text(encoding="utf-8")
    before, after = re.compile(old), re.compile(new)
    edges = ["一是二是十一是", "统一是", "唯一是", "十二是", "第十一是否", "一一是", "三是非", "单一二是", "是一是"]
    found = 0
    for text in [*edges, *_texts()]:
        spans = [(m.span(), m.span(1)) for m in before.finditer(text)]
        assert [(m.span(), m.span(1)) for m in after.finditer(text)] == spans, text[:80]
        found += len(spans)
    assert found >= 100


@pytest.mark.parametrize(("old", "new"), REWRITTEN)
def test_a_rewritten_pattern_matches_what_the_old_one_did(old: str, new: str) -> None:
    rules_text = (TESTS.parent / "rules" / "hygiene.yaml").read_text(encoding="utf-8")
    assert f"'{new}'" in rules_text and f"'{old}'" not in rules_text
    before, after = re.compile(old, re.MULTILINE), re.compile(new, re.MULTILINE)
    found = 0
    for text in [*EDGES, *_texts()]:
        spans = [m.span() for m in before.finditer(text)]
        assert [m.span() for m in after.finditer(text)] == spans, text[:80]
        found += len(spans)
    assert found >= 3


def test_finditer_near_finds_what_finditer_finds_with_the_rule_patterns() -> None:
    texts = _texts() + ["您当前所在的位置:首页 > 公开\n现在位置：x\n位置:y 您的位置:z", "当前位置位置：当前位置:"]
    for pattern in _rule_patterns():
        compiled = re.compile(pattern, re.MULTILINE)
        for text in texts:
            assert [m.span() for m in finditer_near(compiled, text)] == [m.span() for m in compiled.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "runs"),
    [
        # the words before 位置 are at most 6 characters
        ("您?(?:当前|现在)?(?:所在)?的?位置\\s*[:：][^\\n。]{0,80}", (("位置", 6),)),
        ("(?P<name>[^\\s。]{3,30}?)\\d{4}年度?统计表", (("年", 34), ("统计表", 36))),
        # after an unbounded part a run's reach is unknown
        ("x*ab", ()),
        ("[ab]?cde+f", (("cd", 1),)),
        # a pattern that begins with its literal is left to `re`
        ("ab.c", ()),
    ],
)
def test_the_runs_a_match_starts_near(pattern: str, runs: tuple[tuple[str, int], ...]) -> None:
    assert _anchors(pattern, re.UNICODE) == runs
