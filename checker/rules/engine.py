"""Run the rules of a rule set on a document and collect their findings."""

from __future__ import annotations

import traceback

from checker.model.document import Document
from checker.model.findings import Finding, sort_key
from checker.policy.policy import Policy, is_enabled
from checker.rules.context import Context
from checker.rules.registry import KINDS
from checker.rules.rule import RuleSet


def check_document(doc: Document, ruleset: RuleSet, policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    internal = ruleset.find("I101")
    for rule in ruleset.rules:
        if doc.profile not in rule.profiles or not is_enabled(policy, rule.code, rule.name):
            continue
        if KINDS[rule.kind].scope != "document":  # run across documents, by checker/cross/
            continue
        ctx = Context(doc, rule, internal)
        try:
            KINDS[rule.kind].check(doc, rule, ctx)
        except Exception as exc:  # a rule that breaks must say it could not judge, not crash the run
            if internal is None:
                raise
            reason = f"{exc.__class__.__name__}: {exc}"
            ctx.findings.clear()
            ctx.cannot_judge(
                "crash",
                reason,
                reason,
                variant="crash",
                evidence={"error": reason, "trace": traceback.format_exc(limit=3)},
            )
        findings.extend(ctx.findings)
    findings.sort(key=sort_key)
    return findings
