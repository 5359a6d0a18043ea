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
from checker.spec.loader import LEXICON_FILE, Problems, built, load_yaml
from checker.spec.profiles import PROFILES
from checker.spec.regex_guard import RepeatedAlternatives
from checker.spec.resources import vocabulary_dir

UNIT_CLASSES = ("count", "people", "money", "percent")


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
    # Readings that count only when the sentence says the number includes them ("54件（含上年结转4件）").
    inclusive_when: re.Pattern | None = None
    inclusive_readings: tuple[Reading, ...] = ()

    def readings_for(self, sentence: str) -> tuple[Reading, ...]:
        """The readings a claim in this sentence may mean."""
        if self.inclusive_when is not None and self.inclusive_when.search(sentence):
            return self.readings + self.inclusive_readings
        return self.readings


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
    subject_prefix: RepeatedAlternatives
    whole_marker: re.Pattern
    part_marker: re.Pattern
    other_part: re.Pattern
    open_end: re.Pattern
    dimensions: tuple[re.Pattern, ...]
    other_dimension: re.Pattern
    continues: re.Pattern
    channel: re.Pattern
    entity_units: frozenset[str]
    other_totals: tuple[tuple[str, Reading], ...]
    stop: re.Pattern
    change: re.Pattern
    named_whole: re.Pattern
    share: re.Pattern
    lexicon: tuple[LexiconEntry, ...]
    absence: tuple[AbsenceEntry, ...]
    absence_restricted: re.Pattern


_TOP_KEYS = (
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
_BREAKDOWN_KEYS = (
    "whole",
    "part",
    "other_part",
    "open_end",
    "dimensions",
    "other_dimension",
    "channel",
    "continues",
    "entity_units",
    "other_totals",
    "stop",
    "change",
    "named_whole",
)
_APPROXIMATIONS = ("over", "near", "about")
_LEXICON_KEYS = ("key", "left", "table", "cells")
_LEXICON_OPTIONAL = ("profiles", "right", "not", "qualifier", "section", "topic", "units", "inclusive")
_ABSENCE_KEYS = ("key", "regex", "table", "cells", "what")
_ABSENCE_OPTIONAL = ("topic", "profiles")


def _optional_regex(p: Problems, node: Any, key: str) -> re.Pattern[str] | None:
    return p.regex(node, node[key]) if key in node else None


def _list(p: Problems, node: Any, key: str, context: str) -> list[Any]:
    value = node[key]
    if not isinstance(value, list):
        p.fail(node, f"{context}.{key} 须是列表", f"{context}.{key} must be a list", key)
    return value


def _readings(p: Problems, node: Any, table: str, cells: Any) -> tuple[Reading, ...]:
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


def _table_reading(p: Problems, node: Any, text: str) -> tuple[str, Reading]:
    """'三:total:total' → table 三 and its reading."""
    table, _, cells = text.partition(":")
    if table not in SLOTS:
        p.fail(
            node,
            f"“{text}”应以表名开头（{'、'.join(SLOTS)}）",
            f"'{text}' must start with a table ({', '.join(SLOTS)})",
        )
    return table, _readings(p, node, table, [cells])[0]


def _profiles(p: Problems, node: Any) -> tuple[str, ...]:
    profiles = node.get("profiles", PROFILES)
    if not isinstance(profiles, (list, tuple)):
        p.fail(node, "profiles 须是列表", "profiles must be a list", "profiles")
    for prof in profiles:
        if str(prof) not in PROFILES:
            p.fail(node, f"未知格式“{prof}”", f"unknown profile '{prof}'")
    return tuple(str(x) for x in profiles)


def _table(p: Problems, node: Any) -> str:
    table = str(node.get("table", ""))
    if table not in SLOTS:
        p.fail(node, f"table 应为 {'、'.join(SLOTS)} 之一", f"table must be one of {', '.join(SLOTS)}")
    return table


@cache
def claims_config() -> ClaimsConfig:
    """The shipped lexicon, validated (its cells against the table layouts): built once and then
    read back from the user's cache folder."""
    path = vocabulary_dir() / "lexicon.yaml"
    return built(path, LEXICON_FILE, lambda: load_claims(path), depends_on=(vocabulary_dir() / "layouts.yaml",))


def _units(p: Problems, data: Any) -> dict[str, str]:
    """units: unit word → its class (count, people, money, percent)."""
    node = p.mapping(data["units"], "units", optional=UNIT_CLASSES)
    units: dict[str, str] = {}
    for cls in node:
        for w in _list(p, node, cls, "units"):
            units[str(w)] = cls
    return units


def _approximate(p: Problems, data: Any) -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """approximate: per kind of approximation, the words before and after a number."""
    node = data["approximate"]
    if not isinstance(node, dict):
        p.fail(data, "approximate 须是映射", "approximate must be a mapping", "approximate")
    approximate = {}
    for name, spec in node.items():
        if name not in _APPROXIMATIONS:
            p.fail(node, f"未知约数类别“{name}”", f"unknown approximation '{name}'", name)
        p.mapping(spec, f"approximate.{name}", optional=("before", "after"))
        approximate[name] = (_optional_regex(p, spec, "before"), _optional_regex(p, spec, "after"))
    return approximate


def _lexicon_entry(p: Problems, node: Any) -> LexiconEntry:
    p.mapping(node, "lexicon", required=_LEXICON_KEYS, optional=_LEXICON_OPTIONAL)
    unit_class = str(node.get("units", "count"))
    if unit_class not in UNIT_CLASSES:
        p.fail(node, f"未知单位类别“{unit_class}”", f"unknown unit class '{unit_class}'")
    table = _table(p, node)
    topic = node.get("topic", ())
    if not isinstance(topic, (list, tuple)):
        p.fail(node, "topic 须是列表", "topic must be a list", "topic")
    return LexiconEntry(
        key=str(node["key"]),
        profiles=_profiles(p, node),
        left=p.regex(node, node["left"]),
        right=_optional_regex(p, node, "right"),
        not_=_optional_regex(p, node, "not"),
        qualifier=_optional_regex(p, node, "qualifier"),
        section=_optional_regex(p, node, "section"),
        topic=tuple(str(t) for t in topic),
        units=unit_class,
        table=table,
        readings=_readings(p, node, table, node.get("cells")),
        **_inclusive(p, node, table),
    )


def _inclusive(p: Problems, node: Any, table: str) -> dict[str, Any]:
    """inclusive: {when: regex, cells: [...]}: readings that need the sentence to say so."""
    spec = node.get("inclusive")
    if spec is None:
        return {}
    p.mapping(spec, "inclusive", required=("when", "cells"))
    return {
        "inclusive_when": p.regex(spec, spec["when"]),
        "inclusive_readings": _readings(p, spec, table, spec["cells"]),
    }


def _lexicon(p: Problems, data: Any) -> tuple[LexiconEntry, ...]:
    """lexicon: the phrasings of the narrative and the cells they describe; keys unique, topics known."""
    nodes = _list(p, data, "lexicon", "lexicon.yaml")
    lexicon = []
    keys: set[str] = set()
    for node in nodes:
        entry = _lexicon_entry(p, node)
        if entry.key in keys:
            p.fail(node, f"重复的键“{entry.key}”", f"duplicate key '{entry.key}'")
        keys.add(entry.key)
        lexicon.append(entry)
    for entry in lexicon:
        for t in entry.topic:
            if t not in keys:
                p.fail(
                    nodes,
                    f"“{entry.key}”的 topic “{t}”不是词表中的键",
                    f"topic '{t}' of '{entry.key}' is not a lexicon key",
                )
    return tuple(lexicon)


def _absence_entry(p: Problems, node: Any) -> AbsenceEntry:
    p.mapping(node, "absence", required=_ABSENCE_KEYS, optional=_ABSENCE_OPTIONAL)
    what = node["what"]
    if not isinstance(what, dict) or not all(isinstance(what.get(lang), str) for lang in ("zh", "en")):
        p.fail(node, "what 须有 zh 与 en", "what needs zh and en", "what")
    table = _table(p, node)
    return AbsenceEntry(
        key=str(node["key"]),
        regex=p.regex(node, node["regex"]),
        topic=_optional_regex(p, node, "topic"),
        profiles=_profiles(p, node),
        table=table,
        readings=_readings(p, node, table, node.get("cells")),
        what=dict(what),
    )


def _repetition(p: Problems, node: Any, key: str) -> RepeatedAlternatives:
    """A `(?:word|word…)*` pattern whose words may overlap (共有 / 共 + 有): matched by
    RepeatedAlternatives, in linear time, instead of by re's backtracking."""
    pattern = node[key]
    try:
        re.compile(pattern)
        found = RepeatedAlternatives.of(pattern)
    except (re.error, TypeError) as exc:
        p.fail(node, f"{key} 正则表达式无效：{exc}", f"{key}: invalid regular expression: {exc}", key)
    if found is None:
        p.fail(node, f"{key} 须写成 (?:词|词…)* 的形式", f"{key} must have the form (?:word|word…)*", key)
    return found


def load_claims(path: Path) -> ClaimsConfig:
    """rules/vocabulary/lexicon.yaml, validated: a bad key, pattern or cell is a UsageError naming file and line."""
    data = load_yaml(path, LEXICON_FILE)
    p = Problems(path, LEXICON_FILE)
    p.mapping(data, "lexicon.yaml", required=_TOP_KEYS)
    units = _units(p, data)
    # Longest first: 人次 before 人, 万元 before 元.
    unit_regex = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    approximate = _approximate(p, data)
    lexicon = _lexicon(p, data)
    absence = tuple(_absence_entry(p, node) for node in _list(p, data, "absence", "lexicon.yaml"))
    bd = p.mapping(data["breakdown"], "breakdown", required=_BREAKDOWN_KEYS)
    percentage = p.mapping(data["percentage"], "percentage", required=("share",))
    return ClaimsConfig(
        units=units,
        unit_regex=unit_regex,
        approximate=approximate,
        not_before=p.regex(data, data["not_quantity_before"], key="not_quantity_before"),
        not_after=p.regex(data, data["not_quantity_after"], key="not_quantity_after"),
        subject_prefix=_repetition(p, data, "subject_prefix"),
        whole_marker=p.regex(bd, bd["whole"], key="whole"),
        part_marker=p.regex(bd, bd["part"], key="part"),
        other_part=p.regex(bd, bd["other_part"], key="other_part"),
        open_end=p.regex(bd, bd["open_end"], key="open_end"),
        dimensions=tuple(p.regex(bd, d, key="dimensions") for d in _list(p, bd, "dimensions", "breakdown")),
        other_dimension=p.regex(bd, bd["other_dimension"], key="other_dimension"),
        channel=p.regex(bd, bd["channel"], key="channel"),
        continues=p.regex(bd, bd["continues"], key="continues"),
        entity_units=frozenset(str(u) for u in _list(p, bd, "entity_units", "breakdown")),
        other_totals=tuple(_table_reading(p, bd, str(t)) for t in _list(p, bd, "other_totals", "breakdown")),
        stop=p.regex(bd, bd["stop"], key="stop"),
        change=p.regex(bd, bd["change"], key="change"),
        named_whole=p.regex(bd, bd["named_whole"], key="named_whole"),
        share=p.regex(percentage, percentage["share"], key="share"),
        lexicon=lexicon,
        absence=absence,
        absence_restricted=p.regex(data, data["absence_restricted"], key="absence_restricted"),
    )
