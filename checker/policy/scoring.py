"""A score per report, from its findings, under a scoring scheme (YAML data, not code).

The default scheme is rules/vocabulary/scoring.yaml: full marks less a penalty per finding,
by severity or by the rule's own entry, each rule's deduction capped. A province's scheme
(`--scoring FILE`, its 考核评分细则) is read over the default: the keys it gives replace the
default's, the others stay. Pure: findings in, a number out; the reporters only show it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.model.findings import SEVERITIES, Finding
from checker.spec.loader import FileKind, Problems, load_yaml
from checker.spec.resources import vocabulary_dir

SCORING_FILE = FileKind(
    "评分方案", "scoring scheme", "评分方案无效", "invalid scoring scheme", "（请检查 --scoring 的路径）"
)
_KEYS = ("full", "severity", "max-per-rule", "codes")


@dataclass(frozen=True)
class Penalty:
    per_finding: float | None  # None: by the finding's severity
    cap: float | None  # None: the scheme's max-per-rule


@dataclass(frozen=True)
class Scoring:
    full: float = 100.0
    severity: Mapping[str, float] = field(default_factory=lambda: {"error": 5.0, "warning": 2.0, "info": 0.0})
    max_per_rule: float | None = None
    codes: Mapping[str, Penalty] = field(default_factory=dict)

    def _entry(self, code: str) -> Penalty | None:
        """The entry of the code itself, else of its longest prefix."""
        for length in range(len(code), 0, -1):
            if code[:length] in self.codes:
                return self.codes[code[:length]]
        return None

    def deduction(self, code: str, findings: list[Finding]) -> float:
        entry = self._entry(code)
        per = entry.per_finding if entry and entry.per_finding is not None else None
        total = sum(per if per is not None else self.severity.get(f.severity, 0.0) for f in findings)
        cap = entry.cap if entry and entry.cap is not None else self.max_per_rule
        return min(total, cap) if cap is not None else total

    def describe(self, code: str, severity: str, lang: str) -> str:
        """What one rule costs a report under this scheme, in words (for `xxgk explain`)."""
        entry = self._entry(code)
        per = entry.per_finding if entry and entry.per_finding is not None else self.severity.get(severity, 0.0)
        cap = entry.cap if entry and entry.cap is not None else self.max_per_rule
        if per == 0:
            return "not scored" if lang == "en" else "不扣分"
        if lang == "en":
            return (
                f"{per:g} per finding"
                + (f", at most {cap:g} per report" if cap is not None else "")
                + f" (of {self.full:g})"
            )
        return (
            f"每处扣 {per:g} 分"
            + (f"，每份报告至多扣 {cap:g} 分" if cap is not None else "")
            + f"（满分 {self.full:g}）"
        )

    def score(self, findings: Iterable[Finding]) -> float:
        by_code: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            by_code[f.code].append(f)
        deducted = sum(self.deduction(code, fs) for code, fs in by_code.items())
        return max(0.0, self.full - deducted)


def _number(problems: Problems, node: Any, key: Any, context: str) -> float:
    value = node[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        problems.fail(node, f"{context} 须是非负数", f"{context} must be a non-negative number", key)
    return float(value)


def _penalty(problems: Problems, codes: Mapping[Any, Any], code: Any) -> Penalty:
    value = codes[code]
    if isinstance(value, dict):
        entry = problems.mapping(value, f"codes.{code}", optional=("penalty", "max"))
        per = _number(problems, entry, "penalty", f"codes.{code}.penalty") if "penalty" in entry else None
        cap = _number(problems, entry, "max", f"codes.{code}.max") if "max" in entry else None
        return Penalty(per, cap)
    return Penalty(_number(problems, codes, code, f"codes.{code}"), None)


def _read(path: Path, base: Scoring) -> Scoring:
    data = load_yaml(path, SCORING_FILE)
    problems = Problems(path, SCORING_FILE)
    top = problems.mapping(data if data is not None else {}, "评分方案 / scheme", optional=_KEYS)
    full = _number(problems, top, "full", "full") if "full" in top else base.full
    severity = dict(base.severity)
    if "severity" in top:
        given = problems.mapping(top["severity"], "severity", optional=SEVERITIES)
        severity.update({s: _number(problems, given, s, f"severity.{s}") for s in given})
    cap = base.max_per_rule
    if "max-per-rule" in top:
        cap = None if top["max-per-rule"] is None else _number(problems, top, "max-per-rule", "max-per-rule")
    codes = dict(base.codes)
    if "codes" in top:
        given_codes = problems.mapping(top["codes"], "codes", optional=top["codes"] or ())
        codes.update({str(code): _penalty(problems, given_codes, code) for code in given_codes})
    return Scoring(full, severity, cap, codes)


def default_scheme_path() -> Path:
    return vocabulary_dir() / "scoring.yaml"


def load_scoring(path: Path | None = None) -> Scoring:
    """The default scheme, with a province's file read over it when given."""
    scheme = _read(default_scheme_path(), Scoring())
    return _read(path, scheme) if path is not None else scheme
