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
from checker.cross.store import DigestStore
from checker.model.digest import Digest, Sentence, TableDigest
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
    store: DigestStore | None = None  # where the run put its digest, under its job's index
    job: int | None = None

    @property
    def digest(self) -> Digest | None:
        """What the rules across documents read of the report: carried by its result, or read back."""
        if self.result.digest is not None or self.store is None or self.job is None:
            return self.result.digest
        return self.store.get(self.job)

    @property
    def texts(self) -> tuple[str, ...]:
        """The digest's sentences' texts (none without a digest), without their locations."""
        if self.result.digest is not None or self.store is None or self.job is None:
            return tuple(s.text for s in self.result.digest.sentences) if self.result.digest else ()
        return self.store.texts(self.job) or ()

    def table(self, slot: str) -> TableDigest | None:
        """One table of the digest, by slot (二, 三, 四, 统计表)."""
        if self.result.digest is not None or self.store is None or self.job is None:
            return self.result.digest.tables.get(slot) if self.result.digest else None
        return self.store.table(self.job, slot)

    def sentence(self, at: int) -> Sentence:
        """One sentence of the digest, with its location."""
        if self.result.digest is not None or self.store is None or self.job is None:
            assert self.result.digest is not None
            return self.result.digest.sentences[at]
        found = self.store.sentence(self.job, at)
        assert found is not None
        return found

    @property
    def has_digest(self) -> bool:
        """Whether there is a digest, without reading it back."""
        if self.result.digest is not None:
            return True
        return self.store is not None and self.job is not None and self.job in self.store

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
    # by agency key, the entries of each year; the keys by each of their suffixes; each key's keys
    # of the same agency; each key and year's first entry and first readable entry (batch order)
    _years: dict[str, dict[int, list[Entry]]] = field(default_factory=dict, repr=False)
    _by_suffix: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _related: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _firsts: dict[tuple[str, int], tuple[Entry, Entry | None]] = field(default_factory=dict, repr=False)
    # entries already told that last year's report is lacking: one I101 says it for every Y rule
    lack_noted: set[int] = field(default_factory=set)
    listed: dict[tuple[str, int], bool] = field(default_factory=dict, repr=False)  # _listed's answers
    listed_keys: dict[int, set[str | None]] = field(default_factory=dict, repr=False)  # the manifest's, by year

    def shown(self) -> list[Entry]:
        return [e for e in self.entries if not e.hidden]

    def same_agency(self, a: Entry, b: Entry) -> bool:
        return same_key(self.names, a.agency_key, b.agency_key)

    def of_year(self, entry: Entry, year: int) -> tuple[Entry | None, Entry | None]:
        """The first report (in batch order) of the entry's agency for that year, and the first
        readable one. Looked up by agency key and year: a batch holding many reports of one agency
        and year (copies) is not compared report by report."""
        firsts = [self._first(k, year) for k in self.related_keys(entry.agency_key or "")]
        found = [f for f in firsts if f is not None]
        first = min((f[0] for f in found), key=lambda e: e.index, default=None)
        readable = min((f[1] for f in found if f[1] is not None), key=lambda e: e.index, default=None)
        return first, readable

    def earliest_year(self, entry: Entry) -> int | None:
        """The earliest year of a report of the entry's agency in the batch."""
        return min((min(self._years[k]) for k in self.related_keys(entry.agency_key or "")), default=None)

    def _first(self, key: str, year: int) -> tuple[Entry, Entry | None] | None:
        if (key, year) not in self._firsts:
            of_year = self._years[key].get(year)
            if not of_year:
                return None
            self._firsts[key, year] = (of_year[0], next((e for e in of_year if not _unreadable(e)), None))
        return self._firsts[key, year]

    def related_keys(self, key: str) -> list[str]:
        """The batch's agency keys (of reports with a year) that name the agency this key names
        (same_key), this one too. Keys are compared, not reports: many reports of one agency cost
        one comparison, not one for every pair. Two keys of one agency are equal or one ends the
        other, so only keys that end with this one, or that this one ends with, are tried."""
        if not self._years:
            for e in self.entries:
                if e.agency_key is not None and e.year is not None:
                    self._years.setdefault(e.agency_key, {}).setdefault(e.year, []).append(e)
            for k in self._years:
                for i in range(len(k)):
                    self._by_suffix.setdefault(k[i:], []).append(k)
        if key not in self._related:
            near = [*self._by_suffix.get(key, []), *(key[i:] for i in range(1, len(key)) if key[i:] in self._years)]
            self._related[key] = [k for k in near if same_key(self.names, k, key)]
        return self._related[key]


def _unreadable(entry: Entry) -> bool:
    return entry.missing or entry.result.info is None or not entry.has_digest


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
    last, readable = batch.of_year(current, year - 1)
    if readable is not None:
        batch.previous[current.index] = Previous(readable)
    elif last is not None:
        batch.previous[current.index] = _lacking(last, year)
    elif _listed(batch, current, year - 1) or _earlier(batch.earliest_year(current), year):
        batch.previous[current.index] = Previous(
            None,
            f"本批中没有{current.agency}{year - 1}年度的报告",
            f"the batch has no {year - 1} report of {current.agency}",
        )


def _earlier(year: int | None, than: int) -> bool:
    return year is not None and year < than


def _lacking(last: Entry, year: int) -> Previous:
    if last.missing:
        return Previous(None, f"清单所列{year - 1}年度报告没有文件", f"the manifest's {year - 1} report has no file")
    return Previous(None, f"上年报告 {last.label} 无法读取", f"last year's report {last.label} is unreadable")


def _listed(batch: Batch, current: Entry, year: int) -> bool:
    """Whether the manifest lists the agency for that year (asked once per agency key and year)."""
    if batch.manifest is None or current.agency_key is None:
        return False
    asked = (current.agency_key, year)
    if asked not in batch.listed:
        if year not in batch.listed_keys:
            batch.listed_keys[year] = {batch.names.key(r.agency) for r in batch.manifest.rows if r.year == year}
        batch.listed[asked] = any(same_key(batch.names, k, current.agency_key) for k in batch.listed_keys[year])
    return batch.listed[asked]


def build_batch(
    results: list[DocumentResult],
    rulesets: list[RuleSet],
    manifest: Manifest | None = None,
    previous: DocumentResult | None = None,
    previous_rules: RuleSet | None = None,
    missing: Sequence[tuple[DocumentResult, ManifestRow]] = (),
    store: DigestStore | None = None,
) -> Batch:
    """The batch of a run's results (each with its rule set), the manifest's rows without a
    report (with the run's rules), and each report's last year's report. The digests are the
    results' own, or the store's under the result's index (the --previous report's: after the
    results')."""
    names = agency_names()
    entries = []
    for i, (result, rules) in enumerate(zip(results, rulesets)):
        row = manifest.row_for(result.path) if manifest else None
        entries.append(Entry(i, result, rules, row, store=store, job=i))
    for result, row in missing:
        entries.append(Entry(len(entries), result, previous_rules or RuleSet(), row, missing=True))
    given = None
    if previous is not None:
        given = Entry(len(entries), previous, previous_rules or RuleSet(), hidden=True, store=store, job=len(results))
        entries.append(given)
    keys: dict[str | None, str | None] = {}  # a batch names few agencies many times
    for e in entries:
        name = e.agency or (e.row.agency if e.row else None)
        if name not in keys:
            keys[name] = names.key(name)
        e.agency_key = keys[name]
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
