"""The documents of one run as the rules across documents see them, paired with last year's.

A report is paired with the report of the same agency (rules/vocabulary/agencies.yaml) for the
year before: the one given with --previous, or the one in the batch. A report expects a pair
when --previous was given, when the batch holds an earlier report of its agency, or when the
manifest lists its agency for the year before; where that report is absent or unreadable, the
rules that need it say so (I101)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from types import MappingProxyType
from typing import Any

from checker.cross.agencies import AgencyNames, agency_names, same_key
from checker.cross.manifest import Manifest, ManifestRow
from checker.model.digest import Digest
from checker.model.findings import Finding, Location
from checker.model.result import DocumentResult
from checker.rules.rule import Rule, RuleSet


@dataclass
class Entry:
    index: int
    result: DocumentResult
    rules: RuleSet
    row: ManifestRow | None = None
    agency_key: str | None = None
    hidden: bool = False  # the --previous report: compared with, never reported
    missing: bool = False  # a manifest row without a report: its result holds only what the manifest says

    @property
    def digest(self) -> Digest | None:
        return self.result.digest

    @property
    def year(self) -> int | None:
        return self.result.info.year if self.result.info else (self.row.year if self.row else None)

    @property
    def agency(self) -> str | None:
        return self.result.info.agency if self.result.info else (self.row.agency if self.row else None)

    @property
    def profile(self) -> str:
        return (self.result.info.profile if self.result.info else None) or "2021"

    @property
    def label(self) -> str:
        return self.result.path

    @property
    def name(self) -> str:
        """The file's name, as a message names the other report."""
        return PurePath(self.result.path).name


@dataclass(frozen=True)
class Previous:
    """Last year's report of an entry, or why it cannot be had."""

    entry: Entry | None
    reason_zh: str = ""
    reason_en: str = ""


@dataclass
class Batch:
    entries: list[Entry]
    names: AgencyNames
    manifest: Manifest | None = None
    previous: dict[int, Previous] = field(default_factory=dict)  # entries that expect last year's
    # entries by every suffix of their agency key, for of_agency; built on first use
    _by_suffix: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    # entries already told that last year's report is lacking: one I101 says it for every Y rule
    lack_noted: set[int] = field(default_factory=set)

    def shown(self) -> list[Entry]:
        return [e for e in self.entries if not e.hidden]

    def same_agency(self, a: Entry, b: Entry) -> bool:
        return same_key(self.names, a.agency_key, b.agency_key)

    def of_agency(self, entry: Entry) -> list[Entry]:
        """The other entries of the entry's agency, in batch order. Two keys of one agency are
        equal or one ends the other (same_key), so only entries whose key shares a suffix with
        this one are compared: a batch of thousands is not compared pair by pair."""
        if not self._by_suffix:
            for e in self.entries:
                for i in range(len(e.agency_key or "")):
                    self._by_suffix.setdefault((e.agency_key or "")[i:], []).append(e)
        key = entry.agency_key or ""
        near = {e.index: e for e in self._by_suffix.get(key, [])}  # keys that end with this one
        for i in range(1, len(key)):
            near.update((e.index, e) for e in self._by_suffix.get(key[i:], []) if e.agency_key == key[i:])
        return [e for _, e in sorted(near.items()) if e is not entry and self.same_agency(e, entry)]


def _unreadable(entry: Entry) -> bool:
    return entry.missing or entry.result.info is None or entry.digest is None


def _pair_given(batch: Batch, current: Entry, given: Entry) -> None:
    if _unreadable(given):
        batch.previous[current.index] = Previous(
            None, "--previous 给出的上年报告无法读取", "the --previous report is unreadable"
        )
    elif current.year is not None and given.year is not None and given.year != current.year - 1:
        batch.previous[current.index] = Previous(
            None,
            f"--previous 给出的报告是{given.year}年度的，不是{current.year - 1}年度",
            f"the --previous report is of {given.year}, not {current.year - 1}",
        )
    else:
        batch.previous[current.index] = Previous(given)


def _pair_in_batch(batch: Batch, current: Entry) -> None:
    year = current.year
    if year is None or current.agency_key is None:
        return
    same = batch.of_agency(current)
    last = [e for e in same if e.year == year - 1]
    readable = [e for e in last if not _unreadable(e)]
    if readable:
        batch.previous[current.index] = Previous(readable[0])
    elif last:
        batch.previous[current.index] = _lacking(last[0], year)
    elif _listed(batch, current, year - 1) or any(e.year is not None and e.year < year for e in same):
        batch.previous[current.index] = Previous(
            None,
            f"本批中没有{current.agency}{year - 1}年度的报告",
            f"the batch has no {year - 1} report of {current.agency}",
        )


def _lacking(last: Entry, year: int) -> Previous:
    if last.missing:
        return Previous(None, f"清单所列{year - 1}年度报告没有文件", f"the manifest's {year - 1} report has no file")
    return Previous(None, f"上年报告 {last.label} 无法读取", f"last year's report {last.label} is unreadable")


def _listed(batch: Batch, current: Entry, year: int) -> bool:
    """Whether the manifest lists the agency for that year."""
    if batch.manifest is None:
        return False
    names = batch.names
    return any(r.year == year and same_key(names, names.key(r.agency), current.agency_key) for r in batch.manifest.rows)


def build_batch(
    results: list[DocumentResult],
    rulesets: list[RuleSet],
    manifest: Manifest | None = None,
    previous: DocumentResult | None = None,
    previous_rules: RuleSet | None = None,
    missing: Sequence[tuple[DocumentResult, ManifestRow]] = (),
) -> Batch:
    """The batch of a run's results (each with its rule set), the manifest's rows without a
    report (with the run's rules), and each report's last year's report."""
    names = agency_names()
    entries = []
    for i, (result, rules) in enumerate(zip(results, rulesets)):
        row = manifest.row_for(result.path) if manifest else None
        entries.append(Entry(i, result, rules, row))
    for result, row in missing:
        entries.append(Entry(len(entries), result, previous_rules or RuleSet(), row, missing=True))
    given = None
    if previous is not None:
        given = Entry(len(entries), previous, previous_rules or RuleSet(), hidden=True)
        entries.append(given)
    for e in entries:
        e.agency_key = names.key(e.agency or (e.row.agency if e.row else None))
    batch = Batch(entries, names, manifest)
    for e in batch.shown():
        if given is not None:
            _pair_given(batch, e, given)
        else:
            _pair_in_batch(batch, e)
    return batch


class CrossContext:
    """What a rule across documents reports through: a finding for one entry of the batch."""

    def __init__(self, rule: Rule, internal: Rule | None):
        self.rule = rule
        self.internal = internal
        self.findings: dict[int, list[Finding]] = {}

    def report(
        self,
        entry: Entry,
        *,
        key: str,
        location: Location | None = None,
        excerpt: str | None = None,
        variant: str = "default",
        evidence: dict[str, Any] | None = None,
        as_rule: Rule | None = None,
        **values: Any,
    ) -> None:
        rule = as_rule or self.rule
        values.setdefault("section", (location.section if location else None) or "")
        finding = Finding(
            code=rule.code,
            name=rule.name,
            severity=rule.severity_in(entry.profile),
            message=rule.message(variant, "zh", values),
            message_en=rule.message(variant, "en", values),
            location=location or Location(),
            evidence=MappingProxyType(dict(evidence or {})),
            excerpt=excerpt,
            key=key,
            document_id=entry.result.document_id,
        )
        self.findings.setdefault(entry.index, []).append(finding)

    def cannot_judge(
        self, entry: Entry, key: str, reason_zh: str, reason_en: str, evidence: dict[str, Any] | None = None
    ) -> None:
        """This rule could not judge this report (I101), instead of passing silently."""
        if self.internal is None:
            return
        self.report(
            entry,
            key=f"{self.rule.code}:{key}",
            as_rule=self.internal,
            evidence={"rule": self.rule.code, "reason": reason_en, **(evidence or {})},
            rule=self.rule.code,
            reason={"zh": reason_zh, "en": reason_en},
        )
