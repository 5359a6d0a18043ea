"""The stage across documents, around the run: the plan told what the manifest says of each
file and asked for digests; after the run, the rules across documents add their findings to the
reports they concern.

    plan = prepare(plan, manifest, previous)   # before app.run
    results = app.run(plan, ...)
    results = finish(plan, results, manifest, previous is not None)
"""

from __future__ import annotations

import os
import traceback
from dataclasses import replace
from pathlib import Path

from checker.app import Plan
from checker.cross.batch import Batch, CrossContext, build_batch
from checker.cross.digest import digest_of
from checker.cross.manifest import Manifest, ManifestRow, read_manifest
from checker.cross.store import DigestStore
from checker.errors import UsageError
from checker.ingest.pipeline import Overrides
from checker.model.document import Document
from checker.model.findings import Finding, sort_key
from checker.model.result import DocumentInfo, DocumentResult
from checker.policy.policy import Policy, apply_policy
from checker.rules.context import document_id
from checker.rules.registry import KINDS
from checker.rules.rule import RuleSet


def with_manifest_files(paths: tuple[str, ...], manifest: Manifest | None) -> tuple[str, ...]:
    """The paths to check and the manifest's files that none of them holds."""
    if manifest is None:
        return paths
    given = [os.path.abspath(p) for p in paths]
    extra = []
    for row in manifest.rows:
        if row.exists() and not any(row.key == g or row.key.startswith(g.rstrip(os.sep) + os.sep) for g in given):
            extra.append(str(row.path))
    return paths + tuple(dict.fromkeys(extra))


def open_manifest(path: str | None) -> Manifest | None:
    return read_manifest(Path(path)) if path else None


def prepare(the_plan: Plan, manifest: Manifest | None, previous_file: str | None) -> Plan:
    """Every job asked for its digest, with what the manifest says as a fallback; the --previous
    report as a last job, checked under the first job's rules."""
    previous = Path(previous_file) if previous_file else None
    if previous is not None and len(the_plan.jobs) != 1:
        raise UsageError(
            "--previous 只用于检查一份报告；批量检查时同一机关相邻年度的报告自动配对 / "
            "--previous is for checking one report; in a batch, consecutive years are paired automatically"
        )
    if previous is not None and not previous.is_file():
        raise UsageError(f"--previous 给出的文件不存在：{previous} / --previous: no such file: {previous}")
    jobs = []
    seen: set[str] = set()
    for job in the_plan.jobs:
        if job.name in seen or os.path.abspath(job.name) in seen:
            continue  # a manifest file also under a directory given
        seen.add(os.path.abspath(job.name))
        row = manifest.row_for(job.name) if manifest else None
        overrides = job.overrides
        if row is not None:
            overrides = replace(
                overrides, fallback=Overrides(year=row.year, agency=row.agency, published=row.published)
            )
        jobs.append(replace(job, overrides=overrides, digest=True))
    if previous is not None:
        first = jobs[0]
        jobs.append(replace(first, path=previous, name=str(previous), overrides=Overrides(), keep_text=False))
    return Plan(jobs, the_plan.rulesets, DigestStore())


def _with_row(result: DocumentResult, row: ManifestRow | None) -> DocumentResult:
    if row is None or result.info is None:
        return result
    return replace(result, info=replace(result.info, level=row.level, parent=row.parent, url=row.url))


def _missing(manifest: Manifest, results: list[DocumentResult]) -> list[tuple[DocumentResult, ManifestRow]]:
    """The manifest's rows that no checked file answers, as results holding what the row says."""
    checked = {os.path.abspath(r.path) for r in results}
    out = []
    for row in manifest.rows:
        if row.path is not None and row.key in checked:
            continue
        info = DocumentInfo(
            year=row.year,
            agency=row.agency,
            published=str(row.published) if row.published else None,
            level=row.level,
            parent=row.parent,
            url=row.url,
        )
        label = str(row.path) if row.path else f"{manifest.path}#{row.line}"  # no file: the row
        out.append((DocumentResult(label, [], info, document_id=f"{row.agency}/{row.year}"), row))
    return out


def finish(
    the_plan: Plan, results: list[DocumentResult], manifest: Manifest | None, has_previous: bool
) -> list[DocumentResult]:
    """The results with the findings of the rules across documents; without the --previous
    report; with a result for each agency of the manifest that has no report."""
    results = list(results)
    previous = results.pop() if has_previous else None
    jobs = the_plan.jobs[: len(results)]
    rulesets = [the_plan.rulesets[j.rules] for j in jobs]
    if manifest is not None:
        results = [_with_row(r, manifest.row_for(r.path)) for r in results]
    missing = _missing(manifest, results) if manifest else []
    all_rules = the_plan.all_rules() if the_plan.rulesets else RuleSet()
    batch = build_batch(results, rulesets, manifest, previous, all_rules, missing, the_plan.digests)
    check_batch(batch, all_rules)
    if the_plan.digests is not None:
        the_plan.digests.close()
    shown = [e.result for e in batch.shown()]
    for result in shown:
        result.digest = None  # read; the reporters need not carry it
    return shown


def check_batch(batch: Batch, all_rules: RuleSet) -> None:
    """Run every rule across documents over the batch; each finding is kept when the report's
    own rule set has the rule and its policy selects it."""
    internal = all_rules.find("I101")
    for rule in all_rules.rules:
        if KINDS[rule.kind].scope != "batch":
            continue
        ctx = CrossContext(rule, internal)
        try:
            KINDS[rule.kind].check(batch, rule, ctx)
        except Exception as exc:  # a rule that breaks says so on each report, the run goes on
            reason = f"{exc.__class__.__name__}: {exc}"
            ctx.findings.clear()
            for entry in batch.shown():
                ctx.cannot_judge(entry, "crash", reason, reason, {"trace": traceback.format_exc(limit=3)})
        for index, found in ctx.findings.items():
            entry = batch.entries[index]
            codes = {r.code for r in entry.rules.rules}
            kept = [f for f in found if f.code in codes or entry.missing]
            if entry.hidden or not kept:
                continue
            added = apply_policy(kept, entry.result.policy)
            entry.result.findings = sorted([*entry.result.findings, *added], key=sort_key)


def check_alone(doc: Document, rules: RuleSet, policy: Policy, previous: Document | None = None) -> list[Finding]:
    """The findings of the rules across documents on one document (a batch of one: a foreign
    place, Y104), with last year's report when given (Y101–Y103, Y107), for the API."""

    def result_of(d: Document) -> DocumentResult:
        result = DocumentResult(d.path, [], DocumentInfo.of(d, keep_text=False), policy, document_id(d))
        result.digest = digest_of(d)
        return result

    current = result_of(doc)
    last = result_of(previous) if previous is not None else None
    check_batch(build_batch([current], [rules], None, last, rules), rules)
    return current.findings
