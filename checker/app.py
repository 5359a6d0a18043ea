"""Check a set of paths, in named phases:

- plan: the paths (directories searched, exclusions applied) and each file's config → jobs;
- run: each job read and checked, in this process or in worker processes;
- baseline: the findings a baseline lists hidden;
- report: (in the CLI) the results rendered by a reporter.

Worker processes get the rule sets once, when they start, and send back each file's findings with
a small DocumentInfo, never the Document.
"""

from __future__ import annotations

import gc
import os
import re
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from checker.cross.digest import digest_of
from checker.cross.store import DigestStore, packed_apart, unpack
from checker.errors import UnreadableInput, UsageError
from checker.extract import table_records
from checker.ingest.limits import MAX_INPUT_BYTES, display_name, read_limited
from checker.ingest.pipeline import REPORT_SUFFIXES, Overrides, read_document
from checker.model.document import Document
from checker.model.findings import Finding, Location, sort_key
from checker.model.result import DocumentInfo, DocumentResult
from checker.policy.policy import Policy, apply_baseline, apply_policy
from checker.policy.scoring import Scoring
from checker.policy.settings import CommandLine, Settings, SettingsFinder, check_selectors, merge, relative_to_config
from checker.rules.context import document_id
from checker.rules.engine import check_document
from checker.rules.rule import RuleSet
from checker.rules.ruleset import load_ruleset

if TYPE_CHECKING:  # imported where used: a check of one file needs no exclusions
    import pathspec

# Project files that sit beside reports; checked only when named explicitly.
_NOT_REPORTS = re.compile(r"^(README|CHANGELOG|CHANGES|LICENSE|CONTRIBUTING|INDEX|SOURCE)(\.|$)", re.I)
STDIN = "-"
STDIN_LABEL = "<stdin>"

# -- plan: which files, under which config -----------------------------------------------------


@lru_cache(maxsize=64)
def _spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _relative_to(path: Path, base: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(base))).as_posix()


def is_excluded(path: Path, settings: Settings, cmd: CommandLine, is_dir: bool = False) -> bool:
    """Whether exclude / extend-exclude (gitignore patterns) leave this path out. The config's
    patterns are relative to the config's directory, the command line's to the working directory;
    --exclude replaces the config's exclude, which replaces the defaults."""
    suffix = "/" if is_dir else ""
    if cmd.exclude is not None:
        base_patterns: tuple[str, ...] = cmd.exclude
        by_cwd = base_patterns + cmd.extend_exclude
        by_config = settings.extend_exclude
    else:
        by_cwd = cmd.extend_exclude
        by_config = settings.effective_exclude + settings.extend_exclude
    return bool(
        (by_config and _spec(by_config).match_file(relative_to_config(path, settings) + suffix))
        or (by_cwd and _spec(by_cwd).match_file(_relative_to(path, Path.cwd()) + suffix))
    )


@dataclass
class Collected:
    files: list[Path]
    empty: list[str]  # directories named on the command line that hold no report file


def _walk(top: Path, finder: SettingsFinder, cmd: CommandLine) -> list[Path]:
    found = []
    # A sub-folder that cannot be listed is checked as an unreadable input (I102 says why), never skipped.
    for root, dirs, files in os.walk(top, onerror=lambda exc: found.append(Path(exc.filename))):
        here = Path(root)
        settings = finder.for_directory(here)
        dirs[:] = [d for d in dirs if not d.startswith(".") and not is_excluded(here / d, settings, cmd, is_dir=True)]
        for name in files:
            f = here / name
            if (
                f.suffix.lower() in REPORT_SUFFIXES
                and not name.startswith(".")
                and not _NOT_REPORTS.match(name)
                and not is_excluded(f, settings, cmd)
            ):
                found.append(f)
    return sorted(found)


def collect(paths: list[str], finder: SettingsFinder | None = None, cmd: CommandLine | None = None) -> Collected:
    """Files to check: named files as they are (unless --force-exclude and excluded), directories
    searched for report files, without hidden and excluded files and directories."""
    finder = finder or SettingsFinder()
    cmd = cmd or CommandLine()
    out = Collected([], [])
    for raw in paths:
        if raw == STDIN:
            out.files.append(Path(STDIN))
            continue
        p = Path(raw)
        if not p.exists():
            raise UsageError(f"路径不存在：{raw}（请检查拼写） / path does not exist: {raw}")
        if cmd.force_exclude and is_excluded(p, finder.for_path(p), cmd, is_dir=p.is_dir()):
            continue
        if p.is_dir():
            found = _walk(p, finder, cmd)
            if not found:
                out.empty.append(raw)
            out.files.extend(found)
        else:
            out.files.append(p)
    return out


@dataclass(frozen=True)
class Job:
    """One file to check, with the rules, policy and overrides its config and the command line give."""

    path: Path  # "-": standard input
    name: str  # the path findings carry: the file's, --stdin-filename's, or <stdin>
    rules: int  # index into Plan.rulesets: workers get the rule sets once, not with every job
    policy: Policy
    overrides: Overrides
    keep_text: bool = False  # send the text back (for reporters that show it)
    keep_tables: bool = False  # send the tables' cells back (xlsx, html)
    digest: bool = False  # send the digest back (for the rules across documents)


@dataclass
class Plan:
    jobs: list[Job]
    rulesets: list[RuleSet]
    # Where run puts the digests, as they arrive (by job index); None: each result carries its own.
    digests: DigestStore | None = None

    def all_rules(self) -> RuleSet:
        return RuleSet(list({r.code: r for rs in self.rulesets for r in rs.rules}.values()))


def plan(
    files: list[Path],
    finder: SettingsFinder,
    cmd: CommandLine,
    overrides: Overrides,
    stdin_filename: str | None = None,
    keep_text: bool = False,
    keep_tables: bool = False,
) -> Plan:
    """Each file under its own config: the nearest one upward, or --config for all. Standard input
    takes the config, per-file ignores and format of --stdin-filename when given."""
    index: dict[tuple[Path, ...], int] = {}
    rulesets: list[RuleSet] = []
    checked: set[Path | None] = set()
    jobs = []
    for path in files:
        stdin = str(path) == STDIN
        name = (stdin_filename or STDIN_LABEL) if stdin else display_name(str(path))
        named = Path(stdin_filename) if stdin and stdin_filename else None if stdin else path
        settings = finder.for_path(named) if named else finder.for_run()
        if stdin and named and cmd.force_exclude and is_excluded(named, settings, cmd):
            continue
        extra = settings.rules + cmd.rules
        if extra not in index:
            index[extra] = len(rulesets)
            rulesets.append(load_ruleset(extra))
        if settings.source not in checked:
            check_selectors(settings, [(r.code, r.name) for r in rulesets[index[extra]].rules])
            checked.add(settings.source)
        policy = merge(settings, cmd)
        if named:
            policy = policy.for_file(relative_to_config(named, settings))
        profile = cmd.profile or settings.profile or "auto"
        jobs.append(Job(path, name, index[extra], policy, replace(overrides, profile=profile), keep_text, keep_tables))
    return Plan(jobs, rulesets)


# -- run: read and check each file ----------------------------------------------------------------


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
        fix=rule.doc["fix"]["zh"] if rule else "",
        fix_en=rule.doc["fix"]["en"] if rule else "",
    )


def _unreadable(finding: Finding, policy: Policy) -> list[Finding]:
    """An unreadable file is never a silent pass: --select does not hide it, only --ignore I102."""
    return apply_policy([finding], replace(policy, select=(), extend_select=()))


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, bounded; a file that cannot be read (no permission, a link loop, a FIFO
    or device, a folder that cannot be listed) is I102 for that file, and the batch goes on."""
    try:
        if str(path) == STDIN:
            return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if path.is_dir():
            os.listdir(path)  # only an unreadable sub-folder comes here: say why it was not searched
        return read_limited(path, MAX_INPUT_BYTES)
    except PermissionError:
        raise UnreadableInput("无权读取（请检查权限）", "permission denied") from None
    except OSError as exc:
        raise UnreadableInput(f"无法读取（{exc.strerror}）", f"cannot be read ({exc.strerror})") from None


def load_document(path: Path, overrides: Overrides, name: str | None = None) -> tuple[str, Document]:
    """Read one path into the document model; standard input ("-") is read as bytes and, given a
    name (--stdin-filename), read as a file of that name's format. UnreadableInput: not a report
    (I102); UsageError: the file cannot be opened at all (exit 2)."""
    stdin = str(path) == STDIN
    label = name or (STDIN_LABEL if stdin else str(path))
    data = _read_bytes(path)
    as_path = (Path(name) if name else Path("-.txt")) if stdin else path
    doc = read_document(as_path, overrides, data=data)
    doc.path = label
    return label, doc


def check_path(
    path: Path,
    rules: RuleSet,
    policy: Policy,
    overrides: Overrides,
    name: str | None = None,
    keep_text: bool = True,
    keep_tables: bool = False,
    digest: bool = False,
) -> DocumentResult:
    label = name or (STDIN_LABEL if str(path) == STDIN else str(path))
    try:
        label, doc = load_document(path, overrides, name)
    except UnreadableInput as exc:
        finding = unparsed(label, rules, exc.reason_zh, exc.reason_en)
        return DocumentResult(label, _unreadable(finding, policy), policy=policy, document_id=finding.document_id)
    findings = apply_policy(check_document(doc, rules, policy), policy)
    tables = table_records(doc) if keep_tables else None
    info = DocumentInfo.of(doc, keep_text, tables)
    return DocumentResult(label, findings, info, policy, document_id(doc), digest=digest_of(doc) if digest else None)


def check_bytes(
    data: bytes, name: str, rules: RuleSet, policy: Policy, overrides: Overrides
) -> tuple[DocumentResult, Document | None]:
    """A file's bytes (an upload to `xxgk serve`) checked as check_path checks a file of that
    name, with the document read (None when it could not be: I102), for views of it."""
    try:
        doc = read_document(Path(name), overrides, data=data)
    except UnreadableInput as exc:
        finding = unparsed(name, rules, exc.reason_zh, exc.reason_en)
        return DocumentResult(name, _unreadable(finding, policy), policy=policy, document_id=finding.document_id), None
    doc.path = name
    from checker.cross.stage import check_alone  # the rules across documents on this one, as the CLI runs them

    findings = sorted(
        [*apply_policy(check_document(doc, rules, policy), policy), *check_alone(doc, rules, policy)], key=sort_key
    )
    return DocumentResult(name, findings, DocumentInfo.of(doc), policy, document_id(doc)), doc


def check_job(job: Job, rulesets: list[RuleSet]) -> DocumentResult:
    return check_path(
        job.path, rulesets[job.rules], job.policy, job.overrides, job.name, job.keep_text, job.keep_tables, job.digest
    )


# What a worker process knows: the plan's rule sets, given once by the pool's initializer.
_WORKER_RULESETS: list[RuleSet] = []


def _init_worker(rulesets: list[RuleSet]) -> None:
    # Ctrl-C reaches every process of the terminal's group; the parent alone handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import checker.pool  # noqa: F401 — how findings' evidence travels back, in a worker started by spawn too

    _WORKER_RULESETS[:] = rulesets


def _run_in_worker(jobs: list[Job]) -> list[tuple[DocumentResult, bytes | None]]:
    return [packed_apart(check_job(job, _WORKER_RULESETS)) for job in jobs]


def _chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Up to 8 jobs a time: each exchange with a worker costs the parent about what a report's
    findings do, and a few jobs a time still share the last ones out evenly."""
    size = max(1, min(8, len(jobs) // (workers * 4)))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def _arrived(the_plan: Plan, index: int, result: DocumentResult, packed: bytes | None = None) -> DocumentResult:
    """A result as the run keeps it: its digest (packed by a worker, or here) in the plan's
    store, else in the result."""
    store = the_plan.digests
    if store is not None and result.digest is not None:
        result, packed = packed_apart(result)
    if packed is not None:
        if store is not None:
            store.put(index, packed)
        else:
            result.digest = unpack(packed)
    return result


def run(the_plan: Plan, workers: int = 1, advance: Callable[[], None] | None = None) -> list[DocumentResult]:
    """Check every job, in parallel processes when there are several files and workers; the
    results are in the order of the jobs. `advance` is called once per finished file. A failure
    (an unreadable path: exit 2) or Ctrl-C ends the run, and the workers with it."""
    advance = advance or (lambda: None)
    jobs = the_plan.jobs
    results: list[DocumentResult] = []
    if not jobs:
        return results
    # The first file is checked here, so that forked workers inherit the compiled grammars and
    # layouts instead of each building them again.
    results.append(_arrived(the_plan, 0, check_job(jobs[0], the_plan.rulesets)))
    advance()
    # What is loaded by now (rules, layouts, grammars) lives as long as the run: the collector
    # need not go over it again and again, nor copy a forked worker's memory by touching it.
    # (Set aside for good when the caller had already set its start-up aside: `xxgk` ends with the run.)
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        _run_rest(the_plan, workers, advance, results)
    finally:
        if not frozen_before:
            gc.unfreeze()
    return results


def _run_rest(the_plan: Plan, workers: int, advance: Callable[[], None], results: list[DocumentResult]) -> None:
    jobs = the_plan.jobs
    if workers <= 1 or len(jobs) <= 1 or any(str(j.path) == STDIN for j in jobs):
        for index, job in enumerate(jobs[1:], 1):
            results.append(_arrived(the_plan, index, check_job(job, the_plan.rulesets)))
            advance()
        return
    from checker.pool import CtrlC, start, stop  # a check of one file starts no workers

    ctrl_c = CtrlC()
    workers = min(workers, len(jobs) - 1)
    pool, futures = start(_run_in_worker, _chunks(jobs[1:], workers), workers, _init_worker, the_plan.rulesets, ctrl_c)
    futures.reverse()  # taken from the end, in order: a future let go once read holds no packed digests
    try:
        ctrl_c.release()  # a Ctrl-C pressed while the pool started is raised here
        while futures:  # in order; not as_completed: a Ctrl-C as it takes every future's lock leaves some taken
            for result, packed in futures.pop().result():
                results.append(_arrived(the_plan, len(results), result, packed))
                advance()
    except BaseException:
        stop(pool)
        raise
    pool.shutdown()


# -- baseline: hide what is known -----------------------------------------------------------------


def with_scores(results: list[DocumentResult], scoring: Scoring) -> list[DocumentResult]:
    """Each readable report scored on the findings it is reported with (after the baseline)."""
    return [replace(r, score=scoring.score(r.findings)) if r.info is not None else r for r in results]


def hide_known(results: list[DocumentResult], fingerprints: set[str]) -> list[DocumentResult]:
    """The results without the findings a baseline lists; each remembers what was hidden."""
    out = []
    for r in results:
        kept, matched = apply_baseline(r.findings, fingerprints)
        out.append(replace(r, findings=kept, baselined=frozenset(matched)))
    return out
