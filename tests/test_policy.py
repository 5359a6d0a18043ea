"""checker.policy: which findings count (select/ignore, severity overrides, exit code)."""

from __future__ import annotations

import pytest

from checker.api import default_rules
from checker.model.findings import Finding
from checker.policy.policy import (
    EXACT,
    Policy,
    apply_policy,
    exit_code,
    fails,
    is_enabled,
    match_length,
    matches_any,
    severity_for,
)


def finding(code: str, name: str, severity: str) -> Finding:
    return Finding(code=code, name=name, severity=severity, message="消息", message_en="message", key=code)


H101 = finding("H101", "web-residue", "warning")
H104 = finding("H104", "placeholder-left", "error")
H105 = finding("H105", "missing-attachment", "warning")
H108 = finding("H108", "unbalanced-brackets", "info")
S101 = finding("S101", "missing-section", "error")
X105 = finding("X105", "enumeration-broken", "info")
ALL = [H101, H104, H105, H108, S101, X105]


def enabled(policy: Policy) -> list[str]:
    return [f.code for f in ALL if is_enabled(policy, f.code, f.name)]


def test_default_policy_enables_everything():
    assert enabled(Policy()) == ["H101", "H104", "H105", "H108", "S101", "X105"]


@pytest.mark.parametrize(
    ("select", "expected"),
    [
        (("H",), ["H101", "H104", "H105", "H108"]),
        (("H1",), ["H101", "H104", "H105", "H108"]),
        (("H10",), ["H101", "H104", "H105", "H108"]),
        (("H105",), ["H105"]),
        (("h105",), ["H105"]),
        (("missing-attachment",), ["H105"]),
        (("Missing-Attachment",), ["H105"]),
        (("S", "X105"), ["S101", "X105"]),
        (("ALL",), ["H101", "H104", "H105", "H108", "S101", "X105"]),
        (("all",), ["H101", "H104", "H105", "H108", "S101", "X105"]),
        (("Z",), []),
        (("missing",), []),  # a name must match whole, not as a prefix
    ],
)
def test_select_by_prefix_code_or_name(select, expected):
    assert enabled(Policy(select=select)) == expected


def test_ignore_removes_rules():
    assert enabled(Policy(ignore=("H",))) == ["S101", "X105"]
    assert enabled(Policy(ignore=("web-residue", "X105"))) == ["H104", "H105", "H108", "S101"]


def test_longest_match_wins_between_select_and_ignore():
    # ignore H105 is more specific than select H1
    assert enabled(Policy(select=("H1",), ignore=("H105",))) == ["H101", "H104", "H108"]
    # select H105 is more specific than ignore H1
    assert enabled(Policy(select=("H105",), ignore=("H1",))) == ["H105"]
    # ignore H10 beats select H
    assert enabled(Policy(select=("H",), ignore=("H10",))) == []
    # a name counts as an exact code
    assert enabled(Policy(select=("missing-attachment",), ignore=("H",))) == ["H105"]
    # ALL is the least specific selector of all
    assert enabled(Policy(select=("ALL",), ignore=("S",))) == ["H101", "H104", "H105", "H108", "X105"]


def test_same_selector_in_select_and_ignore_is_ignored():
    assert enabled(Policy(select=("H105",), ignore=("H105",))) == []


def test_extend_select_adds_to_select_and_default():
    assert enabled(Policy(select=("S",), extend_select=("H105",))) == ["H105", "S101"]
    assert enabled(Policy(extend_select=("H105",))) == ["H101", "H104", "H105", "H108", "S101", "X105"]
    assert enabled(Policy(extend_select=("H105",), ignore=("H",))) == ["H105", "S101", "X105"]


def test_apply_policy_filters_findings():
    out = apply_policy(ALL, Policy(select=("H",), ignore=("H108",)))
    assert [f.code for f in out] == ["H101", "H104", "H105"]


def test_apply_policy_severity_overrides_longest_match():
    policy = Policy(severity={"H": "info", "H105": "error", "X": "warning"})
    out = {f.code: f.severity for f in apply_policy(ALL, policy)}
    assert out == {"H101": "info", "H104": "info", "H105": "error", "H108": "info", "S101": "error", "X105": "warning"}
    assert severity_for(Policy(severity={"missing-section": "warning"}), S101) == "warning"
    # the original finding is not changed
    assert H105.severity == "warning"


def test_apply_policy_keeps_findings_whose_severity_is_unchanged():
    out = apply_policy([H101], Policy(severity={"H101": "warning"}))
    assert out[0] is H101


@pytest.mark.parametrize(
    ("findings", "fail_on", "expected"),
    [
        ([], "error", 0),
        ([], "info", 0),
        ([H101], "error", 0),
        ([H101], "warning", 1),
        ([H101], "info", 1),
        ([H108], "warning", 0),
        ([H108], "info", 1),
        ([H104], "error", 1),
        ([H108, H101, H104], "error", 1),
    ],
)
def test_exit_code_follows_fail_on(findings, fail_on, expected):
    assert exit_code(findings, Policy(fail_on=fail_on)) == expected


def test_exit_zero_overrides_fail_on():
    assert exit_code([H104], Policy(exit_zero=True)) == 0
    assert exit_code([H108], Policy(fail_on="info", exit_zero=True)) == 0


def test_exit_code_uses_overridden_severity():
    policy = Policy(severity={"H104": "info"})
    assert exit_code(apply_policy([H104], policy), policy) == 0


# -- per-file ignores and baselines ------------------------------------------------------------

from checker.policy.policy import apply_baseline  # noqa: E402

PER_FILE = Policy(per_file_ignores=(("archive/**", ("H",)), ("draft-*.txt", ("H104",)), ("2024/*.md", ("S101",))))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("archive/2019/r.txt", ("H",)),
        ("current/draft-2.txt", ("H104",)),  # no '/' in the glob: the file name, in any directory
        ("draft-2.txt", ("H104",)),
        ("2024/r.md", ("S101",)),
        ("other/2024/r.md", ()),  # a glob with '/' is matched from the config's directory
        ("current/final.txt", ()),
    ],
)
def test_per_file_ignores_choose_by_glob(path, expected):
    assert PER_FILE.for_file(path).file_ignore == expected


def test_per_file_ignores_win_over_any_select():
    policy = Policy(select=("H104",), extend_select=("placeholder-left",), per_file_ignores=(("*.txt", ("H",)),))
    assert enabled(policy.for_file("r.txt")) == []
    assert enabled(policy.for_file("r.md")) == ["H104"]


def test_apply_baseline_hides_listed_fingerprints_and_says_which_matched():
    kept, matched = apply_baseline(ALL, {H101.fingerprint, S101.fingerprint, "0" * 16})
    assert [f.code for f in kept] == ["H104", "H105", "H108", "X105"]
    assert matched == {H101.fingerprint, S101.fingerprint}


# -- one selector matcher for select/ignore, severity, config checks and `xxgk explain` ---------


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("H101", EXACT),
        ("h101", EXACT),
        ("web-residue", EXACT),
        ("WEB-RESIDUE", EXACT),
        (" H101 ", EXACT),
        ("H10", 4),
        ("H", 2),
        ("ALL", 1),
        ("all", 1),
        ("H102", 0),
        ("web", 0),  # names match whole, never by prefix
        ("", 0),
    ],
)
def test_match_length(selector, expected):
    assert match_length(selector, "H101", "web-residue") == expected


def test_ruleset_find_and_the_config_check_use_the_same_matcher():
    rules = default_rules()
    assert rules.find("h101").code == "H101"
    assert rules.find("web-residue").code == "H101"
    assert rules.find("H10") is None  # a prefix selects rules but explains none
    pairs = [(r.code, r.name) for r in rules.rules]
    assert matches_any("H10", pairs) and matches_any("missing-section", pairs)
    assert not matches_any("Q9", pairs) and not matches_any("H1011", pairs)


def test_fails_is_what_makes_the_exit_code():
    assert [fails(f, Policy()) for f in (H101, H104, H108)] == [False, True, False]
    assert [fails(f, Policy(fail_on="warning")) for f in (H101, H104, H108)] == [True, True, False]
    assert not any(fails(f, Policy(fail_on="info", exit_zero=True)) for f in ALL)


def test_a_policy_built_with_lists_through_the_api_selects_as_with_tuples() -> None:
    listed = Policy(select=["H1"], ignore=["H105"])  # type: ignore[arg-type]
    assert is_enabled(listed, "H101", "web-residue")
    assert not is_enabled(listed, "H105", "missing-attachment")
    assert not is_enabled(listed, "S101", "sections")
