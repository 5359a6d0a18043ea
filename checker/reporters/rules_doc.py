"""The rules' own documentation: `xxgk rules` (table, json, md) and `xxgk explain CODE`."""

from __future__ import annotations

import io
import json

from checker.policy.scoring import load_scoring
from checker.reporters import localized
from checker.rules.rule import Rule, RuleSet

LABELS = {
    "zh": ("查什么", "依据", "错误示例", "正确示例", "选项", "严重程度", "适用格式"),
    "en": ("What", "Why", "Failing example", "Passing example", "Options", "Severity", "Profiles"),
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
    for col in TABLE_HEADS[lang]:
        table.add_column(col)
    for r in rules.rules:
        table.add_row(r.code, r.name, severity_words(r, lang), applies_to(r, lang), r.summary[lang])
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=color).print(table)
    return buffer.getvalue()


# The years each profile applies to, as an author knows them (the profile's name is the format's year).
PROFILE_YEARS = {
    "zh": {"2007": "2018年及以前", "2019": "2019、2020年度", "2021": "2021年及以后"},
    "en": {"2007": "2018 and earlier", "2019": "2019 and 2020", "2021": "2021 onwards"},
}
SEVERITY_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
# The columns of `xxgk rules` as a table (for people; md and json keep the catalog's English keys).
TABLE_HEADS = {
    "zh": ("代码", "名称", "严重程度", "适用于", "检查什么"),
    "en": ("code", "name", "severity", "applies to", "summary"),
}
# The author's sections of an explanation, in the order they are read.
SECTIONS = {
    "zh": (("what", "查什么"), ("why", "为什么"), ("fix", "如何修改"), ("fail", "错误示例"), ("pass", "正确示例")),
    "en": (
        ("what", "What"),
        ("why", "Why"),
        ("fix", "How to fix"),
        ("fail", "Failing example"),
        ("pass", "Passing example"),
    ),
}
HEADS = {"zh": ("严重程度", "适用于", "评分（默认方案）"), "en": ("Severity", "Applies to", "Score (default scheme)")}
DEVELOPER_HEADS = {"zh": ("规则名", "规则文件中的选项"), "en": ("Rule name", "Options in a rules file")}


def severity_words(rule: Rule, lang: str) -> str:
    """ "错误", or "错误（2019、2020年度的年报为警告）" where the report's format changes it."""
    words, years = SEVERITY_WORDS[lang], PROFILE_YEARS[lang]
    default = words[rule.severity["default"]]
    extra = [(years[p], words[s]) for p, s in rule.severity.items() if p != "default"]
    if not extra:
        return default
    if lang == "en":
        return f"{default} ({'; '.join(f'{s} for {y} reports' for y, s in extra)})"
    return f"{default}（{'；'.join(f'{y}的年报为{s}' for y, s in extra)}）"


def applies_to(rule: Rule, lang: str) -> str:
    if set(rule.profiles) >= set(PROFILE_YEARS[lang]):
        return "reports of every year" if lang == "en" else "所有年度的年报"
    years = [PROFILE_YEARS[lang][p] for p in rule.profiles]
    return f"reports for {' and '.join(years)}" if lang == "en" else "、".join(years) + "的年报"


def explanation(rule: Rule, lang: str, developer: bool = False) -> str:
    """One rule's documentation as an author reads it: what it checks, why, how to fix, examples;
    with developer=True also the rule's name and how a rules file tunes it."""
    colon = ": " if lang == "en" else "："
    severity_head, applies_head, score_head = HEADS[lang]
    out = [f"{rule.code} {rule.summary[lang]}", ""]
    out.append(f"{severity_head}{colon}{severity_words(rule, lang)}")
    out.append(f"{applies_head}{colon}{applies_to(rule, lang)}")
    out.append(f"{score_head}{colon}{load_scoring().describe(rule.code, rule.severity['default'], lang)}")
    out.append("")
    for key, label in SECTIONS[lang]:
        out.append(f"{label}{colon.rstrip()}\n  {localized(rule.doc[key], lang)}")
    if developer:
        name_head, options_head = DEVELOPER_HEADS[lang]
        out.append(f"{name_head}{colon}{rule.name} (kind {rule.kind})")
        if "options" in rule.doc:
            out.append(f"{options_head}{colon.rstrip()}\n  {localized(rule.doc['options'], lang)}")
    return "\n".join(out) + "\n"
