"""The rules' own documentation: `xxgk rules` (table, json, md) and `xxgk explain CODE`."""

from __future__ import annotations

import io
import json

from checker.policy.scoring import load_scoring
from checker.reporters import localized
from checker.rules.rule import Rule, RuleSet

LABELS = {
    "zh": ("查什么", "依据", "错误示例", "正确示例", "选项", "严重程度", "适用格式", "评分（默认方案）"),
    "en": (
        "What",
        "Why",
        "Failing example",
        "Passing example",
        "Options",
        "Severity",
        "Profiles",
        "Score (default scheme)",
    ),
}


def severity_text(rule: Rule) -> str:
    """ "error", or "error (2019: warning)" where a profile changes it."""
    extra = [f"{p}: {s}" for p, s in rule.severity.items() if p != "default"]
    return rule.severity["default"] + (f" ({'; '.join(extra)})" if extra else "")


def rules_listing(rules: RuleSet, fmt: str, lang: str, color: bool = False) -> str:
    """Every rule: code, name, severity, profiles, summary, as a table, JSON or Markdown."""
    if fmt == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity,
                "profiles": list(r.profiles),
                "kind": r.kind,
                "summary": r.summary[lang],
            }
            for r in rules.rules
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        head = ["| code | name | severity | profiles | summary |", "|---|---|---|---|---|"]
        body = [
            f"| {r.code} | {r.name} | {severity_text(r)} | {', '.join(r.profiles)} | {r.summary[lang]} |"
            for r in rules.rules
        ]
        return "\n".join(head + body) + "\n"
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("code", "name", "severity", "profiles", "summary"):
        table.add_column(col)
    for r in rules.rules:
        table.add_row(r.code, r.name, severity_text(r), ",".join(r.profiles), r.summary[lang])
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=color).print(table)
    return buffer.getvalue()


def explanation(rule: Rule, lang: str) -> str:
    """One rule's documentation: what it checks, why, failing and passing examples, options."""
    labels = LABELS[lang]
    out = [f"{rule.code} {rule.name}", rule.summary[lang], ""]
    out.append(f"{labels[5]}: {severity_text(rule)}")
    out.append(f"{labels[6]}: {', '.join(rule.profiles)}")
    out.append(f"{labels[7]}: {load_scoring().describe(rule.code, rule.severity['default'], lang)}")
    out.append("")
    for label, key in zip(labels[:5], ("what", "why", "fail", "pass", "options")):
        if key in rule.doc:
            out.append(f"{label}:\n  {localized(rule.doc[key], lang)}")
    return "\n".join(out) + "\n"
