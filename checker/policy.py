"""Which findings count: select/ignore, severity overrides, fail-on. Pure functions."""
from __future__ import annotations

from dataclasses import dataclass, field

from .findings import SEVERITY_RANK, Finding


@dataclass(frozen=True)
class Policy:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # selector -> severity
    fail_on: str = "error"
    exit_zero: bool = False


def _match_length(selector: str, code: str, name: str) -> int:
    """How specifically a selector names a rule: 0 when it does not."""
    s = selector.strip()
    if not s:
        return 0
    if s.lower() == name.lower() or s.upper() == code:
        return 100
    if s.upper() == "ALL":
        return 1
    if code.startswith(s.upper()):
        return len(s) + 1
    return 0


def is_enabled(policy: Policy, code: str, name: str) -> bool:
    chosen = policy.select or ("ALL",)
    best_on = max((_match_length(s, code, name) for s in (*chosen, *policy.extend_select)), default=0)
    best_off = max((_match_length(s, code, name) for s in policy.ignore), default=0)
    return best_on > 0 and best_on > best_off


def severity_for(policy: Policy, finding: Finding) -> str:
    best, severity = 0, finding.severity
    for selector, value in policy.severity.items():
        length = _match_length(selector, finding.code, finding.name)
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


def exit_code(findings: list[Finding], policy: Policy) -> int:
    if policy.exit_zero:
        return 0
    threshold = SEVERITY_RANK[policy.fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in findings) else 0
