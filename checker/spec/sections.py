"""The data files that shape parsing (structure.yaml, sections.yaml), compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from checker.errors import UsageError
from checker.spec.loader import load_yaml
from checker.spec.resources import vocabulary_dir


@dataclass(frozen=True)
class SectionSpec:
    key: str
    canonical: str
    variants: tuple[re.Pattern, ...]
    loose: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class Item2007:
    key: str
    item: str
    required: bool
    groups: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class StructureConfig:
    archive_field: re.Pattern
    archive_end: re.Pattern
    archive_note: re.Pattern
    page_numbers: tuple[re.Pattern, ...]
    table_anchors: tuple[re.Pattern, ...]
    prose: re.Pattern
    sections: tuple[SectionSpec, ...]
    items_2007: tuple[Item2007, ...]
    strict_title: re.Pattern  # a unified heading in its accepted wording


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"{where}: 正则表达式无效 {pattern!r}: {exc} / invalid regular expression")


@cache
def structure_config() -> StructureConfig:
    base = vocabulary_dir()
    st = load_yaml(base / "structure.yaml")
    se = load_yaml(base / "sections.yaml")
    where_st, where_se = str(base / "structure.yaml"), str(base / "sections.yaml")
    sections = tuple(
        SectionSpec(
            key=s["key"],
            canonical=s["canonical"],
            variants=tuple(_compile(p, f"{where_se}:{s.line}") for p in s.get("variants", [])),
            loose=tuple(_compile(p, f"{where_se}:{s.line}") for p in s.get("loose", [])),
        )
        for s in se["unified"]
    )
    items = tuple(
        Item2007(i["key"], i["item"], bool(i.get("required", True)), tuple(tuple(g) for g in i["all"]))
        for i in se["items_2007"]
    )
    strict = "|".join(f"(?:{p.pattern})" for s in sections for p in s.variants)
    return StructureConfig(
        archive_field=_compile(st["archive"]["field"], where_st),
        archive_end=_compile(st["archive"]["end"], where_st),
        archive_note=_compile(st["archive"]["note_line"], where_st),
        page_numbers=tuple(_compile(p, where_st) for p in st["page_number"]),
        table_anchors=tuple(_compile(p, where_st) for p in st["table_anchor"]),
        prose=_compile(st["prose"], where_st),
        sections=sections,
        items_2007=items,
        strict_title=re.compile(strict),
    )


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def match_section(title: str, cfg: StructureConfig) -> tuple[SectionSpec, bool] | None:
    """Which unified section a heading title names, and whether in an accepted wording."""
    t = compact(title).rstrip("。:;,，")
    for spec in cfg.sections:
        if any(p.fullmatch(t) for p in spec.variants):
            return spec, True
    for spec in cfg.sections:
        if any(p.fullmatch(t) or p.match(t) for p in spec.variants):
            return spec, True
    for spec in cfg.sections:
        if any(p.search(t) for p in spec.loose):
            return spec, False
    return None
