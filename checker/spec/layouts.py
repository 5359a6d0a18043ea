"""Table layouts and identities from rules/vocabulary/layouts.yaml, validated on load."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from checker.parse.identity import Identity, IdentityError, Instance, bind, parse_expression
from checker.spec.loader import LAYOUT_FILE, Problems, built, load_yaml
from checker.spec.profiles import PROFILES
from checker.spec.resources import vocabulary_dir

SLOTS = ("二", "三", "四", "统计表")
SLOT_NAMES = {"二": "表二", "三": "表三", "四": "表四", "统计表": "统计表"}

# Bound identities a layout keeps (per identity and optional rows found) before starting afresh:
# real tables show a handful of sets of optional rows; odd ones cannot grow the cache without end.
MAX_BOUND = 1024


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
    # Instances of identities bound to these rows, by identity and the optional rows found: every
    # table read and every identity rule asks again, with the same rows (see `instances`).
    _bound: dict[tuple[int, frozenset[str]], tuple[Identity, tuple[Instance, ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Read back from the cache (`built`): bound identities keyed anew by this copy's identities."""
        state["_bound"] = {(id(i), opt): (i, bound) for (_, opt), (i, bound) in state.get("_bound", {}).items()}
        self.__dict__.update(state)

    @cached_property
    def _by_key(self) -> dict[str, RowSpec]:
        return {r.key: r for r in reversed(self.rows)}  # the first row of a key, as a scan finds it

    @cached_property
    def _columns(self) -> dict[str, tuple[str, ...]]:
        return {key: tuple(c.key for c in spec.columns) for key, spec in self._by_key.items()}

    def row(self, key: str) -> RowSpec | None:
        return self._by_key.get(key)

    def present(self, found: Collection[str]) -> Callable[[str], bool]:
        """For binding identities: a row counts when it was found or is required (a required row
        that is missing leaves its identities unknown; an optional one absent is not summed)."""

        def counts(key: str) -> bool:
            row = self.row(key)
            return key in found or not (row and row.optional)

        return counts

    def columns_of(self, row: str) -> tuple[str, ...]:
        return self._columns.get(row, ())

    def instances(self, identity: Identity, found: Collection[str] | None = None) -> tuple[Instance, ...]:
        """The identity bound to this layout, given the rows found in a table (None: every row
        counts): `bind` with `present(found)`, computed once per identity and optional rows found."""
        optional = frozenset(r.key for r in self.rows if r.optional and (found is None or r.key in found))
        key = (id(identity), optional)
        hit = self._bound.get(key)
        if hit is None:  # the identity is kept with its instances, so its id is never reused meanwhile
            everything = [r.key for r in self.rows]
            hit = (identity, tuple(bind(identity, everything, self.columns_of, self.present(optional))))
            if len(self._bound) >= MAX_BOUND:
                self._bound.clear()
            self._bound[key] = hit
        return hit[1]

    def cells_name(self, refs: Sequence[tuple[str, str]]) -> list[str]:
        """How messages name a sum of (row, column) cells: each by its row's name, with the column's
        label when the row has several; a sum over every row of one block in one column by the block
        ("（三）不予公开（各项之和）·总计" rather than eight names)."""
        rows = [self.row(r) for r, _ in refs]
        heads = {r.label.split(" ")[0] for r in rows if r is not None and " " in r.label}
        if len(refs) > 1 and len(heads) == 1 and all(rows) and len({c for _, c in refs}) == 1:
            return [f"{heads.pop()}（各项之和）·{self._column_label(rows[0], refs[0][1])}"]
        names = []
        for spec, (row, col) in zip(rows, refs):
            if spec is not None and len(spec.columns) == 1:
                names.append(spec.name)
            else:
                names.append(f"{spec.name if spec else row}·{self._column_label(spec, col)}")
        return names

    @staticmethod
    def _column_label(row: RowSpec | None, col: str) -> str:
        return next((c.label for c in row.columns if c.key == col), col) if row else col


@dataclass(frozen=True)
class TableConfig:
    blank: frozenset[str]
    not_numbers: frozenset[str]
    units: frozenset[str]
    starts: dict[str, tuple[re.Pattern, ...]]
    profiles: dict[str, dict[str, tuple[str, ...]]]
    required: dict[str, tuple[str, ...]]
    layouts: dict[str, Layout]
    # A converter's column names (数据1, 列2) in place of a lost header: the line is no row.
    placeholder_columns: re.Pattern | None = None


# Kept for the tests that build one for parse_identities.
LayoutProblems = functools.partial(Problems, kind=LAYOUT_FILE)

_TOP_KEYS = ("blank", "not_numbers", "units", "starts", "profiles", "required", "placeholder_columns")
_ROW_PARTS = ("rows", "other_rows", "tail_rows")
_LAYOUT_KEYS = ("title", "format", "detect", "sequence", "identities", "columns", *_ROW_PARTS, "blocks")
_BLOCK_KEYS = ("caption", "columns", "rows")
_ROW_KEYS = ("key", "label", "match", "optional", "short", "money")
_COLUMN_KEYS = ("key", "label", "signed", "money", "match")
_IDENTITY_KEYS = ("id", "name", "expr", "tables")


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


def binds_on(identity: Identity, layout: Layout) -> bool:
    """Whether the identity names rows and columns the layout has."""
    return bool(layout.instances(identity))


def parse_identities(p: Problems, nodes: Any, tables: tuple[str, ...]) -> tuple[Identity, ...]:
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
        p.mapping(node, f"identity {node['id']}", optional=_IDENTITY_KEYS)
    return tuple(out)


def _flag(p: Problems, node: Any, key: str) -> bool:
    """A yes/no key (optional: true); absent is no."""
    value = node.get(key, False)
    if not isinstance(value, bool):
        p.fail(node, f"{key} 须为 true 或 false", f"{key} must be true or false", key)
    return value


def _text(p: Problems, node: Any, key: str, default: str) -> str:
    value = node.get(key, default)
    if not isinstance(value, str):
        p.fail(node, f"{key} 须是字符串", f"{key} must be a string", key)
    return value


def _columns(p: Problems, nodes: Any, where: Any) -> tuple[ColSpec, ...]:
    if not isinstance(nodes, list) or not nodes:
        p.fail(where, "columns 须是非空列表", "columns must be a non-empty list")
    out = []
    for c in nodes:
        if not isinstance(c, dict) or not isinstance(c.get("key"), str) or not isinstance(c.get("label"), str):
            p.fail(c, "每列须有 key 与 label", "each column needs a key and a label")
        p.mapping(c, f"column {c['key']}", optional=_COLUMN_KEYS)
        if "match" in c:  # documents the header; columns are read by position
            p.regex(c, c["match"], key="match")
        out.append(ColSpec(c["key"], c["label"], _flag(p, c, "signed"), _flag(p, c, "money")))
    return tuple(out)


def _row(p: Problems, r: Any, columns: tuple[ColSpec, ...], sequence: bool) -> RowSpec:
    if not isinstance(r, dict) or not isinstance(r.get("key"), str) or not isinstance(r.get("label"), str):
        p.fail(r, "每行须有 key 与 label", "each row needs a key and a label")
    if not sequence and "match" not in r:
        p.fail(
            r,
            f"行 {r['key']} 缺少 match（在标签中查找的正则表达式）",
            f"row {r['key']} has no match (the regular expression found in its label)",
        )
    p.mapping(r, f"row {r['key']}", optional=_ROW_KEYS)
    match = p.regex(r, r["match"]) if "match" in r else None
    if _flag(p, r, "money"):
        columns = tuple(ColSpec(c.key, c.label, c.signed, True) for c in columns)
    return RowSpec(r["key"], r["label"], match, columns, _flag(p, r, "optional"), _text(p, r, "short", ""))


def _rows(p: Problems, nodes: Any, columns: tuple[ColSpec, ...], sequence: bool) -> list[RowSpec]:
    if not isinstance(nodes, list):
        p.fail(nodes, "rows 须是列表", "rows must be a list")
    return [_row(p, r, columns, sequence) for r in nodes]


def _layout_rows(p: Problems, key: str, node: Any, sequence: bool) -> list[RowSpec]:
    """The rows of a layout: of each block under its own columns, or of the parts under the layout's."""
    rows: list[RowSpec] = []
    if "blocks" in node:
        if not isinstance(node["blocks"], list):
            p.fail(node, f"布局 {key} 的 blocks 须是列表", f"layout {key}: blocks must be a list", "blocks")
        for block in node["blocks"]:
            p.mapping(block, f"layout {key} block", required=("columns", "rows"), optional=_BLOCK_KEYS)
            rows += _rows(p, block.get("rows"), _columns(p, block.get("columns"), block), sequence)
    else:
        columns = _columns(p, node.get("columns"), node)
        for part in _ROW_PARTS:
            if part in node:
                rows += _rows(p, node[part], columns, sequence)
    keys = [r.key for r in rows]
    if not rows or len(set(keys)) != len(keys):
        p.fail(node, f"布局 {key} 的行须非空且 key 不重复", f"layout {key}: rows must be non-empty with unique keys")
    return rows


def _layout(p: Problems, key: str, node: Any) -> Layout:
    if not isinstance(node, dict):
        p.fail(node, f"布局 {key} 须是映射", f"layout {key} must be a mapping")
    slot = str(node.get("table"))
    if slot not in SLOTS:
        p.fail(
            node,
            f"布局 {key} 的 table 须为 {'、'.join(SLOTS)} 之一",
            f"layout {key}: table must be one of {', '.join(SLOTS)}",
        )
    p.mapping(node, f"layout {key}", required=("table",), optional=_LAYOUT_KEYS)
    sequence = _flag(p, node, "sequence")
    rows = _layout_rows(p, key, node, sequence)
    detect = node.get("detect", [])
    if not isinstance(detect, list):
        p.fail(node, f"布局 {key} 的 detect 须是列表", f"layout {key}: detect must be a list", "detect")
    identities = parse_identities(p, node.get("identities"), (key,))
    layout = Layout(
        key,
        slot,
        _text(p, node, "title", key),
        _text(p, node, "format", "any"),
        tuple(p.regex(node, d) for d in detect),
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


def _words(p: Problems, data: Any, key: str) -> frozenset[str]:
    """A list of words (blank, not_numbers, units)."""
    value = data.get(key, [])
    if not isinstance(value, list):
        p.fail(data, f"{key} 须是列表", f"{key} must be a list", key)
    return frozenset(str(v) for v in value)


def _slot_mapping(p: Problems, data: Any, key: Any) -> dict[str, list[Any]]:
    """A mapping of table (二, 三, 四, 统计表) to a list."""
    node = data.get(key) or {}
    if not isinstance(node, dict):
        p.fail(data, f"{key} 须是映射", f"{key} must be a mapping", key)
    for slot, value in node.items():
        if str(slot) not in SLOTS:
            p.fail(node, f"{key} 中的表 {slot} 不存在", f"{key}: unknown table {slot}", slot)
        if not isinstance(value, list):
            p.fail(node, f"{key}.{slot} 须是列表", f"{key}.{slot} must be a list", slot)
    return {str(slot): value for slot, value in node.items()}


def _profile_mapping(p: Problems, data: Any, key: str) -> Mapping[Any, Any]:
    """A mapping of profile (2007, 2019, 2021) to what it says."""
    node = data.get(key) or {}
    if not isinstance(node, dict):
        p.fail(data, f"{key} 须是映射", f"{key} must be a mapping", key)
    for prof in node:
        if str(prof) not in PROFILES:
            p.fail(node, f"未知的配置 {prof}", f"unknown profile {prof}", prof)
    return node


def _profiles(p: Problems, data: Any, layouts: dict[str, Layout]) -> dict[str, dict[str, tuple[str, ...]]]:
    """profiles: which layouts each table may take, per profile; every layout named must exist."""
    profiles: dict[str, dict[str, tuple[str, ...]]] = {}
    node = _profile_mapping(p, data, "profiles")
    for prof, slots in node.items():
        profiles[str(prof)] = {}
        for slot, keys in _slot_mapping(p, node, prof).items():
            for k in keys:
                if k not in layouts:
                    p.fail(slots, f"布局 {k} 未定义", f"layout {k} is not defined", slot)
            profiles[str(prof)][slot] = tuple(keys)
    return profiles


def _required(p: Problems, data: Any) -> dict[str, tuple[str, ...]]:
    """required: the tables each profile requires."""
    required = {}
    node = _profile_mapping(p, data, "required")
    for prof, slots in node.items():
        if not isinstance(slots, list) or any(str(s) not in SLOTS for s in slots):
            p.fail(
                node,
                f"required.{prof} 须是表名（{'、'.join(SLOTS)}）的列表",
                f"required.{prof} must be a list of tables ({', '.join(SLOTS)})",
                prof,
            )
        required[str(prof)] = tuple(str(s) for s in slots)
    return required


@cache
def table_config() -> TableConfig:
    """The shipped layouts, validated (identities parsed and bound), then read back from the cache."""
    return built(vocabulary_dir() / "layouts.yaml", LAYOUT_FILE, _table_config)


def _table_config() -> TableConfig:
    path = vocabulary_dir() / "layouts.yaml"
    data = load_yaml(path, LAYOUT_FILE)
    p = Problems(path, LAYOUT_FILE)
    if not isinstance(data, dict) or not isinstance(data.get("layouts"), dict):
        p.fail(data, "文件须含 layouts 映射", "the file needs a 'layouts' mapping")
    p.mapping(data, "layouts.yaml", required=("layouts",), optional=_TOP_KEYS)
    layouts = {str(k): _layout(p, str(k), v) for k, v in data["layouts"].items()}
    starts = {
        slot: tuple(p.regex(data["starts"], x, key=slot) for x in pats)
        for slot, pats in _slot_mapping(p, data, "starts").items()
    }
    return TableConfig(
        _words(p, data, "blank"),
        _words(p, data, "not_numbers"),
        _words(p, data, "units"),
        starts,
        _profiles(p, data, layouts),
        _required(p, data),
        layouts,
        p.regex(data, data["placeholder_columns"], key="placeholder_columns")
        if "placeholder_columns" in data
        else None,
    )
