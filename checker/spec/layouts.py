"""Table layouts and identities from rules/tables.yaml, validated on load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from checker.parse.identity import Identity, IdentityError, bind, parse_expression
from checker.spec.loader import FileProblems, load_yaml
from checker.spec.profiles import PROFILES
from checker.spec.resources import vocabulary_dir

SLOTS = ("二", "三", "四", "统计表")
SLOT_NAMES = {"二": "表二", "三": "表三", "四": "表四", "统计表": "统计表"}


@dataclass(frozen=True)
class ColSpec:
    key: str
    label: str
    signed: bool = False  # may be negative (2019 本年增/减)
    money: bool = False  # may have decimals


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    match: re.Pattern | None
    columns: tuple[ColSpec, ...]
    optional: bool = False
    short: str = ""  # a short name for messages: （三）1.国家秘密

    @property
    def name(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class Layout:
    key: str
    slot: str
    title: str
    format: str
    detect: tuple[re.Pattern, ...]
    sequence: bool  # values read in order under a header (table 四), not by row label
    rows: tuple[RowSpec, ...]
    identities: tuple[Identity, ...]

    def row(self, key: str) -> RowSpec | None:
        return next((r for r in self.rows if r.key == key), None)

    def present(self, found: set[str]):
        """For binding identities: a row counts when it was found or is required (a required row
        that is missing leaves its identities unknown; an optional one absent is not summed)."""
        return lambda key: key in found or not (self.row(key) and self.row(key).optional)

    def columns_of(self, row: str) -> tuple[str, ...]:
        spec = self.row(row)
        return tuple(c.key for c in spec.columns) if spec else ()


@dataclass(frozen=True)
class TableConfig:
    blank: frozenset[str]
    not_numbers: frozenset[str]
    units: frozenset[str]
    starts: dict[str, tuple[re.Pattern, ...]]
    profiles: dict[str, dict[str, tuple[str, ...]]]
    required: dict[str, tuple[str, ...]]
    layouts: dict[str, Layout]


class LayoutProblems(FileProblems):
    what = ("表格定义无效", "invalid table layout file")

    def regex(self, node: Any, pattern: Any) -> re.Pattern:
        if not isinstance(pattern, str):
            self.fail(node, f"正则表达式须为字符串：{pattern!r}", f"a regular expression must be a string: {pattern!r}")
        try:
            return re.compile(pattern)
        except re.error as exc:
            self.fail(node, f"正则表达式无效 {pattern!r}：{exc}", f"invalid regular expression {pattern!r}: {exc}")
        raise AssertionError


def parse_identity(node: Any, tables: tuple[str, ...]) -> Identity:
    """One identity from its YAML mapping; ValueError((zh, en)) when it is malformed."""
    if not isinstance(node, dict) or not isinstance(node.get("id"), str) or not isinstance(node.get("expr"), str):
        raise ValueError(("每个恒等式须有 id 与 expr", "each identity needs an id and an expr"))
    name = node.get("name") or node["id"]
    if isinstance(name, str):
        name = {"zh": name, "en": name}
    if not isinstance(name, dict) or not all(isinstance(name.get(k), str) for k in ("zh", "en")):
        raise ValueError((f"恒等式 {node['id']} 的 name 须有 zh 与 en", f"identity {node['id']}: name needs zh and en"))
    try:
        expr = parse_expression(node["expr"])
    except IdentityError as exc:
        raise ValueError(
            (f"恒等式 {node['id']} 的表达式无法解析：{exc}", f"identity {node['id']}: cannot parse expr: {exc}")
        ) from None
    applies = node.get("tables") or tables
    if isinstance(applies, str):
        applies = [applies]
    return Identity(node["id"], {"zh": name["zh"], "en": name["en"]}, expr, tuple(str(t) for t in applies))


def binds_on(identity: Identity, layout: "Layout") -> bool:
    """Whether the identity names rows and columns the layout has."""
    return bool(bind(identity, [r.key for r in layout.rows], layout.columns_of, lambda _row: True))


def parse_identities(p: LayoutProblems, nodes: Any, tables: tuple[str, ...]) -> tuple[Identity, ...]:
    if nodes is None:
        return ()
    if not isinstance(nodes, list):
        p.fail(nodes, "identities 须是列表", "identities must be a list")
    out = []
    for node in nodes:
        try:
            out.append(parse_identity(node, tables))
        except ValueError as exc:
            p.fail(node, *exc.args[0])
    return tuple(out)


def _columns(p: LayoutProblems, nodes: Any, where: Any) -> tuple[ColSpec, ...]:
    if not isinstance(nodes, list) or not nodes:
        p.fail(where, "columns 须是非空列表", "columns must be a non-empty list")
    out = []
    for c in nodes:
        if not isinstance(c, dict) or not isinstance(c.get("key"), str) or not isinstance(c.get("label"), str):
            p.fail(c, "每列须有 key 与 label", "each column needs a key and a label")
        out.append(ColSpec(c["key"], c["label"], bool(c.get("signed")), bool(c.get("money"))))
    return tuple(out)


def _rows(p: LayoutProblems, nodes: Any, columns: tuple[ColSpec, ...], sequence: bool) -> list[RowSpec]:
    if not isinstance(nodes, list):
        p.fail(nodes, "rows 须是列表", "rows must be a list")
    out = []
    for r in nodes:
        if not isinstance(r, dict) or not isinstance(r.get("key"), str) or not isinstance(r.get("label"), str):
            p.fail(r, "每行须有 key 与 label", "each row needs a key and a label")
        if not sequence and "match" not in r:
            p.fail(
                r,
                f"行 {r['key']} 缺少 match（在标签中查找的正则表达式）",
                f"row {r['key']} has no match (the regular expression found in its label)",
            )
        match = p.regex(r, r["match"]) if "match" in r else None
        cols = columns
        if r.get("money"):
            cols = tuple(ColSpec(c.key, c.label, c.signed, True) for c in cols)
        out.append(RowSpec(r["key"], r["label"], match, cols, bool(r.get("optional")), str(r.get("short") or "")))
    return out


def _layout(p: LayoutProblems, key: str, node: Any) -> Layout:
    if not isinstance(node, dict):
        p.fail(node, f"布局 {key} 须是映射", f"layout {key} must be a mapping")
    slot = str(node.get("table"))
    if slot not in SLOTS:
        p.fail(
            node,
            f"布局 {key} 的 table 须为 {'、'.join(SLOTS)} 之一",
            f"layout {key}: table must be one of {', '.join(SLOTS)}",
        )
    sequence = bool(node.get("sequence"))
    rows: list[RowSpec] = []
    if "blocks" in node:
        for block in node["blocks"]:
            rows += _rows(p, block.get("rows"), _columns(p, block.get("columns"), block), sequence)
    else:
        columns = _columns(p, node.get("columns"), node)
        for part in ("rows", "other_rows", "tail_rows"):
            if part in node:
                rows += _rows(p, node[part], columns, sequence)
    keys = [r.key for r in rows]
    if not rows or len(set(keys)) != len(keys):
        p.fail(node, f"布局 {key} 的行须非空且 key 不重复", f"layout {key}: rows must be non-empty with unique keys")
    detect = tuple(p.regex(node, d) for d in node.get("detect", []))
    identities = parse_identities(p, node.get("identities"), (key,))
    layout = Layout(
        key,
        slot,
        str(node.get("title", key)),
        str(node.get("format", "any")),
        detect,
        sequence,
        tuple(rows),
        identities,
    )
    for ident in identities:
        if not binds_on(ident, layout):
            p.fail(
                node,
                f"恒等式 {ident.id} 引用的行或列在布局 {key} 中不存在",
                f"identity {ident.id} refers to rows or columns that layout {key} does not have",
            )
    return layout


@cache
def table_config() -> TableConfig:
    path = vocabulary_dir() / "layouts.yaml"
    data = load_yaml(path)
    p = LayoutProblems(path)
    if not isinstance(data, dict) or not isinstance(data.get("layouts"), dict):
        p.fail(data, "文件须含 layouts 映射", "the file needs a 'layouts' mapping")
    layouts = {str(k): _layout(p, str(k), v) for k, v in data["layouts"].items()}
    starts = {}
    for slot, pats in (data.get("starts") or {}).items():
        if str(slot) not in SLOTS:
            p.fail(data.get("starts"), f"starts 中的表 {slot} 不存在", f"starts: unknown table {slot}")
        starts[str(slot)] = tuple(p.regex(data["starts"], x) for x in pats)
    profiles: dict[str, dict[str, tuple[str, ...]]] = {}
    for prof, slots in (data.get("profiles") or {}).items():
        if str(prof) not in PROFILES:
            p.fail(data["profiles"], f"未知的配置 {prof}", f"unknown profile {prof}")
        profiles[str(prof)] = {}
        for slot, keys in slots.items():
            for k in keys:
                if k not in layouts:
                    p.fail(slots, f"布局 {k} 未定义", f"layout {k} is not defined")
            profiles[str(prof)][str(slot)] = tuple(keys)
    required = {str(k): tuple(str(s) for s in v) for k, v in (data.get("required") or {}).items()}
    return TableConfig(
        frozenset(str(b) for b in data.get("blank", [])),
        frozenset(str(b) for b in data.get("not_numbers", [])),
        frozenset(str(u) for u in data.get("units", [])),
        starts,
        profiles,
        required,
        layouts,
    )
