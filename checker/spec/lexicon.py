"""The lexicon of the narrative (rules/vocabulary/lexicon.yaml), validated on load: units,
approximation words, subjects, breakdown markers, and which table cells each phrasing describes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.parse.identity import IdentityError, Ref, Term, parse_sum
from checker.spec.layouts import SLOTS, table_config
from checker.spec.loader import FileProblems, load_yaml
from checker.spec.profiles import PROFILES
from checker.spec.resources import vocabulary_dir

UNIT_CLASSES = ("count", "people", "money", "percent")


class ClaimsProblems(FileProblems):
    what = ("数据文件无效", "invalid data file")


@dataclass(frozen=True)
class Reading:
    """One acceptable table reading of a claim: a sum of cells of one table."""

    text: str
    terms: tuple[Term, ...]

    def refs(self) -> list[Ref]:
        return [t.ref for t in self.terms if t.ref is not None]


@dataclass(frozen=True)
class LexiconEntry:
    key: str
    profiles: tuple[str, ...]
    left: re.Pattern
    right: re.Pattern | None
    not_: re.Pattern | None
    qualifier: re.Pattern | None  # must be in the clause, unless the section's title says it
    section: re.Pattern | None
    topic: tuple[str, ...]  # keys of totals this entry is a part of; empty: a total itself
    units: str
    table: str
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class AbsenceEntry:
    key: str
    regex: re.Pattern
    topic: re.Pattern | None
    profiles: tuple[str, ...]
    table: str
    readings: tuple[Reading, ...]
    what: dict[str, str]


@dataclass(frozen=True)
class ClaimsConfig:
    units: dict[str, str]  # unit word -> class
    unit_regex: str
    approximate: dict[str, tuple[re.Pattern | None, re.Pattern | None]]
    not_before: re.Pattern
    not_after: re.Pattern
    subject_prefix: re.Pattern
    whole_marker: re.Pattern
    part_marker: re.Pattern
    other_part: re.Pattern
    open_end: re.Pattern
    dimensions: tuple[re.Pattern, ...]
    other_dimension: re.Pattern
    entity_units: frozenset[str]
    other_totals: tuple[tuple[str, Reading], ...]
    stop: re.Pattern
    named_whole: re.Pattern
    share: re.Pattern
    lexicon: tuple[LexiconEntry, ...]
    absence: tuple[AbsenceEntry, ...]
    absence_restricted: re.Pattern


def _regex(p: ClaimsProblems, node: Any, value: Any) -> re.Pattern:
    if not isinstance(value, str):
        p.fail(node, "应为正则表达式字符串", "expected a regular expression string")
    try:
        return re.compile(value)
    except re.error as exc:
        p.fail(node, f"正则表达式无效 {value!r}：{exc}", f"invalid regular expression {value!r}: {exc}")


def _readings(p: ClaimsProblems, node: Any, table: str, cells: Any) -> tuple[Reading, ...]:
    if not isinstance(cells, list) or not cells:
        p.fail(node, "cells 应为非空列表", "cells must be a non-empty list")
    layouts = [lay for lay in table_config().layouts.values() if lay.slot == table]
    out = []
    for text in cells:
        try:
            terms = parse_sum(str(text))
        except IdentityError as exc:
            p.fail(node, f"单元格表达式无效“{text}”：{exc}", f"invalid cell expression '{text}': {exc}")
        for term in terms:
            if term.ref is None:
                continue
            if not any(lay.row(term.ref.row) and term.ref.col in lay.columns_of(term.ref.row) for lay in layouts):
                p.fail(
                    node,
                    f"表{table}的任何格式都没有单元格 {term.ref.row}:{term.ref.col}",
                    f"no layout of table {table} has the cell {term.ref.row}:{term.ref.col}",
                )
        out.append(Reading(str(text), terms))
    return tuple(out)


def _table_reading(p: ClaimsProblems, node: Any, text: str) -> tuple[str, Reading]:
    """'三:total:total' → table 三 and its reading."""
    table, _, cells = text.partition(":")
    if table not in SLOTS:
        p.fail(
            node,
            f"“{text}”应以表名开头（{'、'.join(SLOTS)}）",
            f"'{text}' must start with a table ({', '.join(SLOTS)})",
        )
    return table, _readings(p, node, table, [cells])[0]


def _profiles(p: ClaimsProblems, node: Any) -> tuple[str, ...]:
    profiles = tuple(str(x) for x in node.get("profiles", PROFILES))
    for prof in profiles:
        if prof not in PROFILES:
            p.fail(node, f"未知格式“{prof}”", f"unknown profile '{prof}'")
    return profiles


def _table(p: ClaimsProblems, node: Any) -> str:
    table = str(node.get("table", ""))
    if table not in SLOTS:
        p.fail(node, f"table 应为 {'、'.join(SLOTS)} 之一", f"table must be one of {', '.join(SLOTS)}")
    return table


@cache
def claims_config() -> ClaimsConfig:
    return load_claims(vocabulary_dir() / "lexicon.yaml")


def load_claims(path: Path) -> ClaimsConfig:
    """rules/claims.yaml, validated: a bad pattern or cell is a UsageError naming file and line."""
    data = load_yaml(path)
    p = ClaimsProblems(path)
    required = (
        "units",
        "approximate",
        "not_quantity_before",
        "not_quantity_after",
        "subject_prefix",
        "breakdown",
        "percentage",
        "absence",
        "absence_restricted",
        "lexicon",
    )
    missing = [k for k in required if not isinstance(data, dict) or k not in data]
    if missing:
        p.fail(data, f"缺少 {', '.join(missing)}", f"missing {', '.join(missing)}")
    for node in (*data["lexicon"], *data["absence"]):
        for key in ("key", "table", "cells", *(("left",) if node in data["lexicon"] else ("regex", "what"))):
            if key not in node:
                p.fail(node, f"缺少 {key}", f"missing {key}")
    units: dict[str, str] = {}
    for cls, words in data["units"].items():
        if cls not in UNIT_CLASSES:
            p.fail(data["units"], f"未知单位类别“{cls}”", f"unknown unit class '{cls}'")
        for w in words:
            units[str(w)] = cls
    # Longest first: 人次 before 人, 万元 before 元.
    unit_regex = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    approximate = {}
    for name, spec in data["approximate"].items():
        if name not in ("over", "near", "about"):
            p.fail(data["approximate"], f"未知约数类别“{name}”", f"unknown approximation '{name}'")
        approximate[name] = (
            _regex(p, spec, spec["before"]) if "before" in spec else None,
            _regex(p, spec, spec["after"]) if "after" in spec else None,
        )
    lexicon = []
    keys = set()
    for node in data["lexicon"]:
        key = str(node["key"])
        if key in keys:
            p.fail(node, f"重复的键“{key}”", f"duplicate key '{key}'")
        keys.add(key)
        unit_class = str(node.get("units", "count"))
        if unit_class not in UNIT_CLASSES:
            p.fail(node, f"未知单位类别“{unit_class}”", f"unknown unit class '{unit_class}'")
        table = _table(p, node)
        lexicon.append(
            LexiconEntry(
                key=key,
                profiles=_profiles(p, node),
                left=_regex(p, node, node["left"]),
                right=_regex(p, node, node["right"]) if "right" in node else None,
                not_=_regex(p, node, node["not"]) if "not" in node else None,
                qualifier=_regex(p, node, node["qualifier"]) if "qualifier" in node else None,
                section=_regex(p, node, node["section"]) if "section" in node else None,
                topic=tuple(str(t) for t in node.get("topic", ())),
                units=unit_class,
                table=table,
                readings=_readings(p, node, table, node.get("cells")),
            )
        )
    for entry in lexicon:
        for t in entry.topic:
            if t not in keys:
                p.fail(
                    data["lexicon"],
                    f"“{entry.key}”的 topic “{t}”不是词表中的键",
                    f"topic '{t}' of '{entry.key}' is not a lexicon key",
                )
    absence = []
    for node in data["absence"]:
        table = _table(p, node)
        absence.append(
            AbsenceEntry(
                key=str(node["key"]),
                regex=_regex(p, node, node["regex"]),
                topic=_regex(p, node, node["topic"]) if "topic" in node else None,
                profiles=_profiles(p, node),
                table=table,
                readings=_readings(p, node, table, node.get("cells")),
                what=dict(node["what"]),
            )
        )
    bd = data["breakdown"]
    return ClaimsConfig(
        units=units,
        unit_regex=unit_regex,
        approximate=approximate,
        not_before=_regex(p, data, data["not_quantity_before"]),
        not_after=_regex(p, data, data["not_quantity_after"]),
        subject_prefix=_regex(p, data, data["subject_prefix"]),
        whole_marker=_regex(p, bd, bd["whole"]),
        part_marker=_regex(p, bd, bd["part"]),
        other_part=_regex(p, bd, bd["other_part"]),
        open_end=_regex(p, bd, bd["open_end"]),
        dimensions=tuple(_regex(p, bd, d) for d in bd["dimensions"]),
        other_dimension=_regex(p, bd, bd["other_dimension"]),
        entity_units=frozenset(str(u) for u in bd["entity_units"]),
        other_totals=tuple(_table_reading(p, bd, str(t)) for t in bd["other_totals"]),
        stop=_regex(p, bd, bd["stop"]),
        named_whole=_regex(p, bd, bd["named_whole"]),
        share=_regex(p, data["percentage"], data["percentage"]["share"]),
        lexicon=tuple(lexicon),
        absence=tuple(absence),
        absence_restricted=_regex(p, data, data["absence_restricted"]),
    )
