"""The data files that shape parsing (structure.yaml, sections.yaml), validated and compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.spec.loader import VOCABULARY_FILE, Problems, built, load_yaml
from checker.spec.resources import vocabulary_dir


@dataclass(frozen=True)
class SectionSpec:
    key: str
    canonical: str
    variants: tuple[re.Pattern[str], ...]
    loose: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Item2007:
    key: str
    item: str
    required: bool
    groups: tuple[tuple[str, ...], ...]
    patterns: tuple[re.Pattern[str], ...] = ()  # any one of them covers the item

    def covered_by(self, text: str) -> bool:
        """Every word group has a word in the text, or one of the patterns matches."""
        if self.patterns:
            return any(p.search(text) for p in self.patterns)
        return all(any(word in text for word in group) for group in self.groups)


@dataclass(frozen=True)
class StructureConfig:
    archive_field: re.Pattern[str]
    archive_end: re.Pattern[str]
    archive_note: re.Pattern[str]
    page_numbers: tuple[re.Pattern[str], ...]
    table_anchors: tuple[re.Pattern[str], ...]
    prose: re.Pattern[str]
    sections: tuple[SectionSpec, ...]
    items_2007: tuple[Item2007, ...]
    strict_title: re.Pattern[str]  # a unified heading in its accepted wording
    signature_date: re.Pattern[str]
    signature_agency_chars: int  # the longest agency line of a signature
    # a preamble's sentence listing the parts ("全文包括概述,…,复议、诉讼情况,…"): it covers none of them
    parts_listing: re.Pattern[str] | None = None


class VocabularyProblems(Problems):
    """A malformed vocabulary file: one line naming the file, the line and what is wrong."""

    def __init__(self, path: Path):
        super().__init__(path, VOCABULARY_FILE)

    def items(self, node: Any, where: Any, name: str) -> list[Any]:
        if not isinstance(node, list) or not node:
            self.fail(where, f"{name} 须是非空列表", f"{name} must be a non-empty list")
        return node

    def text(self, node: Any, where: Any, name: str) -> str:
        if not isinstance(node, str) or not node:
            self.fail(where, f"{name} 须是非空字符串", f"{name} must be a non-empty string")
        return node

    def pattern(self, pattern: Any, where: Any, name: str) -> re.Pattern[str]:
        self.text(pattern, where, name)
        try:
            return re.compile(pattern)
        except re.error as exc:
            self.fail(
                where,
                f"{name} 的正则表达式无效 {pattern!r}：{exc}",
                f"{name}: invalid regular expression {pattern!r}: {exc}",
            )
        raise AssertionError

    def regexes(self, node: Any, where: Any, name: str) -> tuple[re.Pattern[str], ...]:
        return tuple(self.pattern(p, where, name) for p in self.items(node, where, name))


def _section(p: VocabularyProblems, node: Any) -> SectionSpec:
    p.mapping(node, "unified", ("key", "canonical", "variants"), ("loose",))
    key = p.text(node["key"], node, "key")
    loose = p.regexes(node["loose"], node, f"{key}: loose") if "loose" in node else ()
    return SectionSpec(key, p.text(node["canonical"], node, "canonical"), p.regexes(node["variants"], node, key), loose)


def _item(p: VocabularyProblems, node: Any) -> Item2007:
    p.mapping(node, "items_2007", ("key", "item"), ("required", "all", "patterns"))
    if not isinstance(node.get("required", True), bool):
        p.fail(node, "required 须为 true 或 false", "required must be true or false")
    if ("all" in node) == ("patterns" in node):
        p.fail(node, "须有 all 或 patterns 之一", "needs exactly one of all and patterns")
    patterns = p.regexes(node["patterns"], node, "patterns") if "patterns" in node else ()
    groups = p.items(node["all"], node, "all") if "all" in node else []
    for group in groups:
        if not isinstance(group, list) or not group or not all(isinstance(w, str) and w for w in group):
            p.fail(node, "all 的每一组须是非空的词列表", "each group of all must be a non-empty list of words")
    return Item2007(
        p.text(node["key"], node, "key"),
        p.text(node["item"], node, "item"),
        node.get("required", True),
        tuple(tuple(g) for g in groups),
        patterns,
    )


def _structure(
    path: Path, sections: tuple[SectionSpec, ...], items: tuple[Item2007, ...], listing: re.Pattern[str] | None
) -> StructureConfig:
    p = VocabularyProblems(path)
    st = p.mapping(load_yaml(path), path.name, ("archive", "page_number", "table_anchor", "prose", "signature"))
    archive = p.mapping(st["archive"], "archive", ("field", "end", "note_line"))
    signature = p.mapping(st["signature"], "signature", ("date", "agency_max_chars"))
    if not isinstance(signature["agency_max_chars"], int) or signature["agency_max_chars"] < 0:
        p.fail(signature, "agency_max_chars 须是非负整数", "agency_max_chars must be a non-negative integer")
    strict = "|".join(f"(?:{v.pattern})" for s in sections for v in s.variants)
    return StructureConfig(
        archive_field=p.pattern(archive["field"], archive, "archive.field"),
        archive_end=p.pattern(archive["end"], archive, "archive.end"),
        archive_note=p.pattern(archive["note_line"], archive, "archive.note_line"),
        page_numbers=p.regexes(st["page_number"], st, "page_number"),
        table_anchors=p.regexes(st["table_anchor"], st, "table_anchor"),
        prose=p.pattern(st["prose"], st, "prose"),
        sections=sections,
        items_2007=items,
        strict_title=re.compile(strict),
        signature_date=p.pattern(signature["date"], signature, "signature.date"),
        signature_agency_chars=signature["agency_max_chars"],
        parts_listing=listing,
    )


def load_structure(base: Path) -> StructureConfig:
    """structure.yaml and sections.yaml of a vocabulary folder; UsageError (file:line) when malformed."""
    path = base / "sections.yaml"
    p = VocabularyProblems(path)
    se = p.mapping(load_yaml(path), path.name, ("unified", "items_2007"), ("parts_listing",))
    sections = tuple(_section(p, node) for node in p.items(se["unified"], se, "unified"))
    items = tuple(_item(p, node) for node in p.items(se["items_2007"], se, "items_2007"))
    listing = p.pattern(se["parts_listing"], se, "parts_listing") if "parts_listing" in se else None
    return _structure(base / "structure.yaml", sections, items, listing)


@cache
def structure_config() -> StructureConfig:
    """The shipped sections and structure vocabularies, validated: built once and then read back
    from the cache folder."""
    base = vocabulary_dir()
    return built(
        base / "sections.yaml", VOCABULARY_FILE, lambda: load_structure(base), depends_on=(base / "structure.yaml",)
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
