"""Check a set of paths: collect the files, read each, run the rules, apply the policy."""

from __future__ import annotations

import copyreg
import re
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from checker.errors import UnreadableInput, UsageError
from checker.ingest.decode import MAX_BYTES
from checker.ingest.pipeline import REPORT_SUFFIXES, Overrides, read_document
from checker.model.document import Document
from checker.model.findings import Finding, Location
from checker.model.result import DocumentResult
from checker.policy.policy import Policy, apply_baseline, apply_policy
from checker.policy.settings import (
    CommandLine,
    SettingsFinder,
    check_selectors,
    merge,
    relative_to_config,
)
from checker.rules.engine import check_document, document_id
from checker.rules.ruleset import RuleSet, load_ruleset

# Project files that sit beside reports; checked only when named explicitly.
_NOT_REPORTS = re.compile(r"^(README|CHANGELOG|CHANGES|LICENSE|CONTRIBUTING|INDEX|SOURCE)(\.|$)", re.I)


def collect(paths: list[str]) -> list[Path]:
    """Files to check: given files as they are, directories searched for report files."""
    out: list[Path] = []
    for raw in paths:
        if raw == "-":
            out.append(Path("-"))
            continue
        p = Path(raw)
        if not p.exists():
            raise UsageError(f"路径不存在：{raw}（请检查拼写） / path does not exist: {raw}")
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in REPORT_SUFFIXES
                and not _NOT_REPORTS.match(f.name)
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise UsageError(
                    f"目录中没有可检查的报告文件（{', '.join(sorted(REPORT_SUFFIXES))}）：{raw} / no report files in directory: {raw}"
                )
            out.extend(found)
        else:
            out.append(p)
    return out


def unparsed(path: str, rules: RuleSet, reason_zh: str, reason_en: str) -> Finding:
    rule = rules.find("I102")
    return Finding(
        code="I102",
        name=rule.name if rule else "unparsed-input",
        severity=rule.severity_in("2021") if rule else "error",
        message=rule.message("default", "zh", {"reason": reason_zh}) if rule else reason_zh,
        message_en=rule.message("default", "en", {"reason": reason_en}) if rule else reason_en,
        location=Location(),
        evidence=MappingProxyType({"reason": reason_en}),
        key="unparsed",
        document_id=Path(path).name,
    )


def _unreadable(finding: Finding, policy: Policy) -> list[Finding]:
    """An unreadable file is never a silent pass: --select does not hide it, only --ignore I102."""
    return apply_policy([finding], replace(policy, select=(), extend_select=()))


class TooLarge(UnreadableInput):
    pass


def load_document(path: Path, overrides: Overrides) -> tuple[str, Document]:
    """Read one path into the document model. UnreadableInput: not a report (I102);
    UsageError: the file cannot be opened at all (exit 2)."""
    label = "<stdin>" if str(path) == "-" else str(path)
    try:
        size = 0 if str(path) == "-" else path.stat().st_size
        if size > MAX_BYTES:
            size_mb = size // 1024 // 1024
            raise TooLarge(
                f"文件过大（{size_mb} MB，上限 {MAX_BYTES // 1024 // 1024} MB）", f"file too large ({size_mb} MB)"
            )
        data = sys.stdin.buffer.read(MAX_BYTES + 1) if str(path) == "-" else path.read_bytes()
    except PermissionError:
        raise UsageError(f"无权读取文件：{label}（请检查文件权限） / permission denied: {label}")
    except IsADirectoryError:
        raise UsageError(f"这是目录而不是文件：{label} / is a directory: {label}")
    except OSError as exc:
        raise UsageError(f"无法读取文件：{label}（{exc.strerror}） / cannot read {label}: {exc.strerror}")
    doc = read_document(Path("-.txt") if str(path) == "-" else path, overrides, data=data)
    doc.path = label
    return label, doc


def check_path(path: Path, rules: RuleSet, policy: Policy, overrides: Overrides) -> DocumentResult:
    label = "<stdin>" if str(path) == "-" else str(path)
    try:
        label, doc = load_document(path, overrides)
    except UnreadableInput as exc:
        finding = unparsed(label, rules, exc.reason_zh, exc.reason_en)
        return DocumentResult(label, _unreadable(finding, policy), policy=policy, document_id=finding.document_id)
    return DocumentResult(
        label, apply_policy(check_document(doc, rules, policy), policy), doc, policy, document_id(doc)
    )


@dataclass(frozen=True)
class Job:
    """One file to check, with the rules, policy and overrides its config and the command line give."""

    path: Path
    rules: RuleSet
    policy: Policy
    overrides: Overrides


def plan(files: list[Path], finder: SettingsFinder, cmd: CommandLine, overrides: Overrides) -> list[Job]:
    """Each file under its own config: the nearest one upward, or --config for all."""
    rulesets: dict[tuple[Path, ...], RuleSet] = {}
    checked: set[Path | None] = set()
    jobs = []
    for path in files:
        settings = finder.for_path(path)
        extra = settings.rules + cmd.rules
        if extra not in rulesets:
            rulesets[extra] = load_ruleset(extra)
        rules = rulesets[extra]
        if settings.source not in checked:
            check_selectors(settings, [(r.code, r.name) for r in rules.rules])
            checked.add(settings.source)
        policy = merge(settings, cmd)
        if str(path) != "-":
            policy = policy.for_file(relative_to_config(path, settings))
        profile = cmd.profile or settings.profile or "auto"
        jobs.append(Job(path, rules, policy, replace(overrides, profile=profile)))
    return jobs


def _run_job(job: Job) -> DocumentResult:
    return check_path(job.path, job.rules, job.policy, job.overrides)


def _mapping_proxy(values: dict) -> MappingProxyType:
    return MappingProxyType(values)


# Findings keep their evidence in read-only mappings, which pickle cannot send between processes.
copyreg.pickle(MappingProxyType, lambda m: (_mapping_proxy, (dict(m),)))


def run_jobs(jobs: list[Job], workers: int = 1, advance: Callable[[], None] | None = None) -> list[DocumentResult]:
    """Check every job, in parallel processes when there are several files and workers; the
    results are in the order of the jobs. `advance` is called once per finished file."""
    advance = advance or (lambda: None)
    if workers <= 1 or len(jobs) <= 1 or any(str(j.path) == "-" for j in jobs):
        results = []
        for job in jobs:
            results.append(_run_job(job))
            advance()
        return results
    # The first file is checked here, so that forked workers inherit the compiled grammars and
    # layouts instead of each building them again.
    first = _run_job(jobs[0])
    advance()
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs) - 1)) as pool:
        futures = [pool.submit(_run_job, job) for job in jobs[1:]]
        for future in as_completed(futures):
            future.result()  # the first failure (an unreadable path: exit 2) ends the run
            advance()
        return [first, *(f.result() for f in futures)]


def hide_known(results: list[DocumentResult], fingerprints: set[str]) -> list[DocumentResult]:
    """The results without the findings a baseline lists; each remembers what was hidden."""
    out = []
    for r in results:
        kept, matched = apply_baseline(r.findings, fingerprints)
        out.append(replace(r, findings=kept, baselined=frozenset(matched)))
    return out
