"""`xxgk explain` speaks to the author of a report: no developer words, severities in Chinese,
every rule says how to fix what it finds, and --lang en is English throughout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.api import default_rules
from checker.errors import UsageError
from checker.reporters.rules_doc import explanation
from checker.rules.ruleset import load_ruleset

RULES = default_rules().rules
CODES = [r.code for r in RULES]

# What only someone who edits the checker knows: file names, YAML keys, parameters, internal names.
DEVELOPER_WORDS = re.compile(
    r"REGULATION|RULES\.md|\.ya?ml|\.lark|params|\bkind\b|[Rr]egex|正则|[Pp]rofile|lexicon|[Ii]dentit|恒等式|"
    r"--[a-z]|\bt[234]_|\{year\}|\bE\d\b|layouts|unless|min_"
)
CJK = re.compile(r"[\u3400-\u9fff]")
# In English text, Chinese may stand only where it is quoted from a report or names a document:
# “…”, 《…》, and document numbers such as 国办公开办函〔2021〕30号.
QUOTED = re.compile(r"“[^”]*”|《[^》]*》|[\u4e00-\u9fff]*〔\d{4}〕\d+号|〔\d{4}〕\d+号")


@pytest.mark.parametrize("code", CODES)
def test_every_rule_says_how_to_fix_in_both_languages(code):
    rule = default_rules().find(code)
    assert rule is not None
    for lang in ("zh", "en"):
        fix = rule.doc["fix"][lang]
        assert len(fix) >= 8, (code, lang, fix)
    assert CJK.search(rule.doc["fix"]["zh"])


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_has_no_developer_words(code, lang):
    rule = default_rules().find(code)
    text = explanation(rule, lang)
    assert not DEVELOPER_WORDS.search(text), (code, lang, DEVELOPER_WORDS.search(text))
    if lang == "zh":
        assert re.search(r"严重程度：(错误|警告|提示)", text)
        assert "如何修改：" in text
    else:
        assert re.search(r"Severity: (error|warning|info)", text)
        assert "How to fix:" in text


@pytest.mark.parametrize("code", CODES)
def test_explain_in_english_is_english(code):
    text = explanation(default_rules().find(code), "en")
    unquoted = QUOTED.sub("", text)
    assert not CJK.search(unquoted), (code, CJK.findall(unquoted)[:10], unquoted)


def test_explain_options_for_whoever_writes_rule_files(xxgk):
    author = xxgk("explain", "T105")
    assert author.code == 0 and "规则文件中的选项" not in author.out and "table-identity" not in author.out
    developer = xxgk("explain", "T105", "--options")
    assert developer.code == 0
    assert "规则名：table-identity" in developer.out and "grammars/identity.lark" in developer.out


def test_explain_severity_by_profile_in_words(xxgk):
    r = xxgk("explain", "T101")
    assert "严重程度：错误（2018年及以前的年报为警告）" in r.out
    en = xxgk("explain", "T101", "--lang", "en")
    assert "Severity: error (warning for 2018 and earlier reports)" in en.out


def test_a_rule_file_without_fix_is_refused(tmp_path: Path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        """rules:
  - code: Z998
    name: local-rule
    kind: pattern
    severity: warning
    summary: {zh: 测试, en: test}
    messages:
      default: {zh: 不会出现, en: never shown}
    doc: {what: a, why: b, fail: c, pass: d}
    params:
      patterns: [{regex: 'zzz', label: z}]
""",
        encoding="utf-8",
    )
    with pytest.raises(UsageError) as exc:
        load_ruleset([extra])
    assert "mine.yaml:" in str(exc.value) and "fix" in str(exc.value)


def test_a_rule_doc_may_give_zh_and_en_separately(tmp_path: Path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        """rules:
  - code: Z997
    name: local-rule
    kind: pattern
    severity: warning
    summary: {zh: 测试, en: test}
    messages:
      default: {zh: 不会出现, en: never shown}
    doc:
      what: {zh: 本地要求, en: a local requirement}
      why: 本省通知
      fail: zzz
      pass: yyy
      fix: {zh: 删去 zzz, en: delete zzz}
    params:
      patterns: [{regex: 'zzz', label: z}]
""",
        encoding="utf-8",
    )
    rule = load_ruleset([extra]).find("Z997")
    assert rule is not None
    assert rule.doc["fix"] == {"zh": "删去 zzz", "en": "delete zzz"}
    assert rule.doc["why"] == {"zh": "本省通知", "en": "本省通知"}
    assert "How to fix:\n  delete zzz" in explanation(rule, "en")
