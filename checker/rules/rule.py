"""A rule as loaded from YAML (a code, a kind, severities, messages, params) and a set of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.policy.policy import EXACT, match_length


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: dict[str, str]  # profile -> severity
    profiles: tuple[str, ...]
    summary: dict[str, str]
    doc: dict[str, dict[str, str]]  # what, why, fail, pass, fix[, options] -> {zh, en}
    messages: dict[str, dict[str, str]]
    params: dict[str, Any]
    source: str

    def severity_in(self, profile: str) -> str:
        return self.severity.get(profile, self.severity["default"])

    def message(self, variant: str, lang: str, values: dict[str, Any]) -> str:
        template = self.messages.get(variant) or self.messages["default"]
        local = {k: (v[lang] if isinstance(v, dict) and lang in v else v) for k, v in values.items()}
        try:
            return template[lang].format(**local)
        except (KeyError, IndexError, ValueError) as exc:
            return f"{template[lang]} [{exc.__class__.__name__}: {exc}]"


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}

    def find(self, selector: str) -> Rule | None:
        """The rule a selector names exactly (code or name, any case); None for a prefix or no match."""
        return next((r for r in self.rules if match_length(selector, r.code, r.name) == EXACT), None)
