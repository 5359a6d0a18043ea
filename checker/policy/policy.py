"""Which findings count: select/ignore, per-file ignores, severity overrides, baselines, fail-on.
Pure functions: the callers read the files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from functools import lru_cache

from checker.model.findings import SEVERITY_RANK, Finding


@dataclass(frozen=True)
class Policy:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # selector -> severity
    fail_on: str = "error"
    exit_zero: bool = False
    # (glob, selectors): globs relative to the config's directory, '/'-separated
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # What per-file-ignores switch off for the file at hand (see for_file): absolute, no select
    # or longest match brings such a rule back.
    file_ignore: tuple[str, ...] = ()

    def for_file(self, relative_path: str) -> Policy:
        """This policy for one file: per-file-ignores whose glob matches the file's path (a glob
        without '/' matches the file name in any directory; '*' crosses directories)."""
        name = relative_path.rsplit("/", 1)[-1]
        matched = tuple(
            s
            for glob, selectors in self.per_file_ignores
            if fnmatchcase(relative_path, glob) or ("/" not in glob and fnmatchcase(name, glob))
            for s in selectors
        )
        return replace(self, file_ignore=matched)


# match_length of a selector that names the rule itself (its code or its name).
EXACT = 100


def match_length(selector: str, code: str, name: str) -> int:
    """How specifically a selector names a rule: EXACT for its code or name (any case), the
    prefix's length + 1 for a code prefix ("H1"), 1 for ALL, 0 when it does not name it.

    The one place selectors are matched: select/ignore, severity, per-file-ignores, the checks of
    the config and the command line, and `RuleSet.find` (EXACT only) all use it."""
    s = selector.strip()
    if not s:
        return 0
    if s.lower() == name.lower() or s.upper() == code:
        return EXACT
    if s.upper() == "ALL":
        return 1
    if code.startswith(s.upper()):
        return len(s) + 1
    return 0


def matches_any(selector: str, rules: Iterable[tuple[str, str]]) -> bool:
    """Whether a selector names at least one of these (code, name) pairs."""
    return any(match_length(selector, code, name) for code, name in rules)


def is_enabled(policy: Policy, code: str, name: str) -> bool:
    # tuple(): a caller of the API may have built its policy with lists
    return _enabled(
        tuple(policy.file_ignore), tuple(policy.select), tuple(policy.extend_select), tuple(policy.ignore), code, name
    )


# Asked for every rule on every report and for every finding, always with the same few selectors.
@lru_cache(maxsize=4096)
def _enabled(
    file_ignore: tuple[str, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    code: str,
    name: str,
) -> bool:
    if any(match_length(s, code, name) for s in file_ignore):
        return False
    best_on = max((match_length(s, code, name) for s in (*(select or ("ALL",)), *extend_select)), default=0)
    best_off = max((match_length(s, code, name) for s in ignore), default=0)
    return best_on > 0 and best_on > best_off


def severity_for(policy: Policy, finding: Finding) -> str:
    best, severity = 0, finding.severity
    for selector, value in policy.severity.items():
        length = match_length(selector, finding.code, finding.name)
        if length > best:
            best, severity = length, value
    return severity


def apply_policy(findings: list[Finding], policy: Policy) -> list[Finding]:
    out = []
    for f in findings:
        if not is_enabled(policy, f.code, f.name):
            continue
        sev = severity_for(policy, f)
        out.append(f if sev == f.severity else f.with_severity(sev))
    return out


def fails(finding: Finding, policy: Policy) -> bool:
    """Whether this finding makes the run exit 1 (--fail-on, --exit-zero); reporters that mark
    failures (JUnit) mark exactly these, so that a run exiting 0 shows no failure."""
    return not policy.exit_zero and SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[policy.fail_on]


def exit_code(findings: list[Finding], policy: Policy) -> int:
    return 1 if any(fails(f, policy) for f in findings) else 0


def apply_baseline(findings: list[Finding], known: Iterable[str]) -> tuple[list[Finding], set[str]]:
    """Findings not in the baseline, and the baseline fingerprints that matched a finding."""
    known = set(known)
    kept = [f for f in findings if f.fingerprint not in known]
    return kept, {f.fingerprint for f in findings} & known
