"""`--format sarif`: SARIF 2.1.0 for code scanning and other CI systems.

One run; `tool.driver.rules` lists the rules that have results, with their documentation;
each result carries ruleId/ruleIndex, level, the message, the document as a physical location
(a region only where the finding has a line) and `partialFingerprints` with the finding's
fingerprint, which never depends on line numbers, so a finding keeps its identity across edits.
Columns count Unicode code points, as the checker's do. --statistics adds nothing: SARIF
viewers count results themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.model.findings import Finding, Location
from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, default_rule, localized, relative_path, span

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "xxgkFingerprint/v1"
HELP_LABELS = {
    "zh": {
        "what": "查什么",
        "why": "依据",
        "fix": "如何修改",
        "fail": "错误示例",
        "pass": "正确示例",
        "options": "选项",
    },
    "en": {
        "what": "What",
        "why": "Why",
        "fix": "How to fix",
        "fail": "Failing example",
        "pass": "Passing example",
        "options": "Options",
    },
}


def rule_descriptor(code: str, name: str, severity: str, lang: str) -> dict[str, Any]:
    rule = default_rule(code)
    if rule is None:  # a user's rule from --rules: all we know is in the finding
        return {
            "id": code,
            "name": name,
            "shortDescription": {"text": name},
            "defaultConfiguration": {"level": LEVEL[severity]},
        }
    doc = rule.doc
    help_text = "\n".join(
        f"{label}: {localized(doc[key], lang)}" for key, label in HELP_LABELS[lang].items() if key in doc
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": localized(rule.summary, lang)},
        "fullDescription": {"text": localized(doc.get("what"), lang) or localized(rule.summary, lang)},
        "help": {"text": help_text or localized(rule.summary, lang)},
        "defaultConfiguration": {"level": LEVEL[rule.severity["default"]]},
        "properties": {"profiles": list(rule.profiles)},
    }


def artifact_location(path: str) -> dict[str, str]:
    relative = relative_path(path)
    if Path(relative).is_absolute():  # outside the working directory
        return {"uri": Path(relative).as_uri()}
    return {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}


def region(location: Location) -> dict[str, int] | None:
    return span(location, ("startLine", "startColumn", "endLine", "endColumn")) or None


def result_object(finding: Finding, path: str, rule_index: int, lang: str) -> dict[str, Any]:
    loc = finding.location
    physical: dict[str, Any] = {"artifactLocation": artifact_location(path)}
    place = region(loc)
    if place:
        physical["region"] = place
    sarif_location: dict[str, Any] = {"physicalLocation": physical}
    if loc.source:
        sarif_location["message"] = {"text": loc.source}
    properties = {
        key: getattr(loc, key)
        for key in ("section", "table", "row", "column_key", "source")
        if getattr(loc, key) is not None
    }
    if finding.excerpt:
        properties["excerpt"] = finding.excerpt
    if finding.evidence:
        properties["evidence"] = dict(finding.evidence)
    out = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.text(lang)},
        "locations": [sarif_location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if properties:
        out["properties"] = properties
    return out


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    first_seen: dict[str, tuple[str, str]] = {}
    for r in results:
        for f in r.findings:
            first_seen.setdefault(f.code, (f.name, f.severity))
    codes = sorted(first_seen)
    index = {code: i for i, code in enumerate(codes)}
    sarif_results = [result_object(f, r.path, index[f.code], options.lang) for r in results for f in r.findings]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "xxgk",
                        "version": __version__,
                        "rules": [rule_descriptor(code, *first_seen[code], options.lang) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2, default=str) + "\n"
