"""Kinds over the statistics tables read by checker/tables.py: presence (T101), rows (T102),
cells (T103, T104), identities (T105, T106) and layout version (F101)."""

from __future__ import annotations

import re
from decimal import Decimal

from checker.model.tables import StatTable
from checker.parse.identity import Identity, Instance, bind, evaluate
from checker.rules.kinds.base import Param, kind
from checker.spec.layouts import (
    SLOT_NAMES,
    Layout,
    binds_on,
    parse_identity,
    table_config,
)

LIST_LIMIT = 6
READING_PROBLEMS = {
    "ambiguous": ("数字粘连，可有多种拆分", "digits run together and can be split in more than one way"),
    "no_reading": (
        "数字粘连，没有一种拆分能满足本表的恒等式",
        "digits run together and no split satisfies the table's identities",
    ),
    "too_many_readings": ("数字粘连，可能的拆分过多", "digits run together with too many possible splits"),
    "too_many": ("数值个数多于列数", "more values than columns"),
}


def _table_name(table: StatTable) -> str:
    return SLOT_NAMES.get(table.slot, table.slot)


def _layout(table: StatTable) -> Layout:
    return table_config().layouts[table.layout]


_REMARK = re.compile(r"[（(][^（）()]{7,}[）)]")


def _row_label(table: StatTable, key: str) -> str:
    """The row's label without its long remarks: （二）部分公开, not the whole instruction."""
    spec = _layout(table).row(key)
    return _REMARK.sub("", spec.name) if spec else key


def _col_label(table: StatTable, row: str, col: str) -> str:
    spec = _layout(table).row(row)
    for c in spec.columns if spec else ():
        if c.key == col:
            return c.label
    return col


def _listing(items: list[str], sep: str = "、") -> str:
    shown = sep.join(items[:LIST_LIMIT])
    return shown + (f"等{len(items)}项" if len(items) > LIST_LIMIT else "")


def _listing_en(items: list[str]) -> str:
    shown = "; ".join(items[:LIST_LIMIT])
    return shown + (f" and {len(items) - LIST_LIMIT} more" if len(items) > LIST_LIMIT else "")


def _section_span(doc, slot: str) -> tuple[int, int] | None:
    for s in doc.sections:
        if s.key == slot and s.heading:
            return s.start, s.end
    return None


@kind("table_missing", params={"references_regex": Param(str, default="")}, messages=("default", "referenced"))
def check_table_missing(doc, rule, ctx):
    if doc.table_problem:
        ctx.cannot_judge(
            "read",
            f"读取统计表时出错：{doc.table_problem}",
            f"reading the statistics tables failed: {doc.table_problem}",
        )
        return
    found = {t.slot for t in doc.stat_tables}
    for slot in table_config().required.get(doc.profile, ()):
        if slot in found:
            continue
        span = _section_span(doc, slot)
        if slot in doc.tables_announced or (span and any(span[0] <= r.start < span[1] for r in doc.tables)):
            ctx.cannot_judge(
                f"table:{slot}",
                f"有表格像是{SLOT_NAMES[slot]}，但未能读出其中任何一行",
                f"a table looks like table {slot} but none of its rows could be read",
            )
            continue
        ctx.report(
            at=span[0] if span else 0,
            end=None,
            key=f"table:{slot}",
            table=SLOT_NAMES[slot],
            title=_required_title(doc.profile, slot),
        )
    pattern = rule.params["references_regex"]
    if pattern and "统计表" not in found and not table_config().required.get(doc.profile):
        m = re.search(pattern, doc.norm.text)
        if m:
            ctx.report(at=m.start(), end=m.end(), key="reference", variant="referenced", text=m.group(0))


def _required_title(profile: str, slot: str) -> str:
    cfg = table_config()
    keys = cfg.profiles.get(profile, {}).get(slot, ())
    return cfg.layouts[keys[0]].title.split("（")[0] if keys else slot


@kind("table_rows", messages=("default", "short"))
def check_table_rows(doc, rule, ctx):
    for table in doc.stat_tables:
        if table.missing:
            labels = [_row_label(table, k) for k in table.missing]
            ctx.report(
                at=table.start,
                key=f"{table.slot}:missing",
                table=_table_name(table),
                count=len(labels),
                rows=_listing(labels),
                evidence={"rows": table.missing},
            )
        for row in table.rows.values():
            if row.problem == "short":
                ctx.report(
                    at=row.start,
                    end=row.end,
                    key=f"{table.slot}:{row.key}:short",
                    variant="short",
                    table=_table_name(table),
                    row=_row_label(table, row.key),
                    expected=len(row.cells),
                    evidence={"row": row.key},
                )


@kind("table_cells", messages=("default", "negative", "decimal"))
def check_table_cells(doc, rule, ctx):
    for table in doc.stat_tables:
        unread = []
        for row in table.rows.values():
            if row.problem and row.problem != "short":
                zh, en = READING_PROBLEMS.get(row.problem, (row.problem, row.problem))
                readings = f"，可能的读法：{'；'.join(row.readings[:3])}" if row.readings else ""
                unread.append(
                    (f"“{_row_label(table, row.key)}”行“{row.raw}”{zh}{readings}", f"row '{row.key}' ({row.raw}): {en}")
                )
                continue
            for cell in row.cells.values():
                if cell.state != "invalid":
                    continue
                variant = "default"
                if cell.value is not None and cell.value < 0:
                    variant = "negative"
                elif cell.value is not None:
                    variant = "decimal"
                ctx.report(
                    at=cell.start,
                    end=cell.end,
                    key=f"{table.slot}:{row.key}:{cell.col}",
                    variant=variant,
                    table=_table_name(table),
                    row=_row_label(table, row.key),
                    column=_col_label(table, row.key, cell.col),
                    value=cell.raw,
                    evidence={"row": row.key, "column": cell.col, "value": cell.raw},
                )
        if unread:
            ctx.cannot_judge(
                f"{table.slot}:unread",
                f"{_table_name(table)}有{len(unread)}行无法确定各单元格的值：" + "；".join(z for z, _ in unread[:4]),
                f"{_table_name(table)}: {len(unread)} row(s) could not be read: " + "; ".join(e for _, e in unread[:4]),
                evidence={"rows": [z for z, _ in unread]},
            )


@kind("blank_cells")
def check_blank_cells(doc, rule, ctx):
    for table in doc.stat_tables:
        blanks = [(row, cell) for row in table.rows.values() for cell in row.cells.values() if cell.state == "blank"]
        if not blanks:
            continue
        rows = []
        for row, _ in blanks:
            if _row_label(table, row.key) not in rows:
                rows.append(_row_label(table, row.key))
        first = blanks[0][1]
        ctx.report(
            at=first.start,
            key=f"{table.slot}:blank",
            table=_table_name(table),
            count=len(blanks),
            rows=_listing(rows),
            evidence={"cells": [f"{r.key}:{c.col}" for r, c in blanks]},
        )


def _identities_for(rule, table: StatTable) -> list:
    layout = _layout(table)
    relations = tuple(rule.params["relations"])
    out = (
        [i for i in layout.identities if i.expression.relation in relations] if rule.params["layout_identities"] else []
    )
    for ident in _extra_identities(rule):
        if layout.key in ident.tables or table.slot in ident.tables:
            out.append(ident)
    return out


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    return text


def _side(table: StatTable, inst: Instance, side: list, value_of) -> tuple[str, str, list[str]]:
    """How one side of an identity reads: its cells (zh), (en), and the non-zero terms."""
    names_zh, names_en, terms = [], [], []
    for sign, ref, constant in side:
        if ref is None:
            terms.append(("-" if sign < 0 else "") + _fmt(constant))
            continue
        label = _cell_name(table, inst, ref.row, ref.col)
        names_zh.append(label)
        names_en.append(f"{ref.row}:{ref.col}")
        v = value_of(ref)
        if v:
            terms.append(f"{'−' if sign < 0 else ''}{label} {_fmt(v)}")
    if len(names_zh) > 3:
        return "各项之和", "the sum of the items", terms
    return "＋".join(names_zh), " + ".join(names_en), terms


def _cell_name(table: StatTable, inst: Instance, row: str, col: str) -> str:
    """A cell named the way a reviewer would say it; the bound dimension is said once elsewhere."""
    row_label, col_label = _row_label(table, row), _col_label(table, row, col)
    if "$r" in inst.binding and "$c" not in inst.binding:
        return col_label
    if "$c" in inst.binding or len(_layout(table).columns_of(row)) == 1:
        return row_label
    return f"{row_label}·{col_label}"


@kind(
    "table_identity",
    params={
        "relations": Param(list, default=["=", "=="]),
        "layout_identities": Param(bool, default=False),
        "identities": Param(list, default=[]),
    },
    validate=lambda params: _validate_identity_params(params),
)
def check_table_identity(doc, rule, ctx):
    for table in doc.stat_tables:
        layout = _layout(table)
        present = layout.present(set(table.rows))
        unknown: list[str] = []
        for ident in _identities_for(rule, table):
            for inst in bind(ident, [r.key for r in layout.rows], layout.columns_of, present):
                value_of = _values(table)
                outcome = evaluate(inst, value_of)
                if outcome.status == "unknown":
                    unknown.append(_why_unknown(table, inst, outcome.unknown))
                    continue
                if outcome.status == "holds":
                    continue
                _report_failure(ctx, table, inst, outcome, value_of)
        if unknown:
            reasons = sorted(set(unknown), key=unknown.index)
            ctx.cannot_judge(
                f"{table.slot}:cells",
                f"{_table_name(table)}有{len(unknown)}处恒等式因单元格空白、缺失或未能读取而无法核对（{_listing(reasons, '；')}）",
                f"{_table_name(table)}: {len(unknown)} identity check(s) need cells that are blank, missing or unread",
                evidence={"unknown": reasons},
            )


_EXTRA: dict[str, list] = {}


def _parse_extra(nodes: list) -> list[Identity]:
    """The identities a rules file adds: parsed like the layouts' own, and each must name a
    table and rows and columns that table has (a typo is an error, not a silent pass)."""
    out = []
    for node in nodes:
        ident = parse_identity(node, ())
        if not ident.tables:
            raise ValueError(
                (
                    f"恒等式 {ident.id} 须用 tables 指明适用的表（二、三、四、统计表或布局名）",
                    f"identity {ident.id} needs tables: (二, 三, 四, 统计表 or a layout key)",
                )
            )
        layouts = [
            lay for lay in table_config().layouts.values() if lay.key in ident.tables or lay.slot in ident.tables
        ]
        if not layouts:
            raise ValueError(
                (
                    f"恒等式 {ident.id} 的 tables 不是已知的表或布局：{'、'.join(ident.tables)}",
                    f"identity {ident.id}: unknown tables {', '.join(ident.tables)}",
                )
            )
        if not any(binds_on(ident, lay) for lay in layouts):
            raise ValueError(
                (
                    f"恒等式 {ident.id} 引用的行或列在这些表中不存在（行列键见 xxgk extract）",
                    f"identity {ident.id} refers to rows or columns these tables do not have (see xxgk extract for the keys)",
                )
            )
        out.append(ident)
    return out


def _validate_identity_params(params: dict) -> None:
    _parse_extra(params["identities"])


def _extra_identities(rule) -> list:
    """Identities a rules file adds (a supervisor's own), parsed once per rule."""
    if not rule.params["identities"]:
        return []
    if rule.source not in _EXTRA:
        _EXTRA[rule.source] = _parse_extra(rule.params["identities"])
    return _EXTRA[rule.source]


def _values(table: StatTable):
    def value_of(ref):
        cell = table.cell(ref.row, ref.col)
        return cell.value if cell is not None and cell.state == "number" else None

    return value_of


def _why_unknown(table: StatTable, inst: Instance, refs) -> str:
    ref = refs[0]
    cell = table.cell(ref.row, ref.col)
    state = {"blank": "空白", "unread": "未能读取", "invalid": "非数字"}.get(cell.state, "缺失") if cell else "缺失"
    return f"{_row_label(table, ref.row)}·{_col_label(table, ref.row, ref.col)}{state}"


def _report_failure(ctx, table: StatTable, inst: Instance, outcome, value_of) -> None:
    lhs_zh, lhs_en, lhs_terms = _side(table, inst, inst.lhs, value_of)
    rhs_zh, rhs_en, rhs_terms = _side(table, inst, inst.rhs, value_of)
    where_zh = where_en = ""
    if "$c" in inst.binding and any(len(_layout(table).columns_of(ref.row)) > 1 for ref in inst.cells):
        col = inst.binding["$c"]
        first_row = inst.cells[0].row
        where_zh, where_en = f"“{_col_label(table, first_row, col)}”列", f"column {col}"
    if "$r" in inst.binding:
        row = inst.binding["$r"]
        where_zh, where_en = f"“{_row_label(table, row)}”行", f"row {row}"
    first = table.cell(inst.cells[0].row, inst.cells[0].col)
    at, end = (first.start, first.end) if first else (table.start, None)
    parts = [t for t in rhs_terms if t]
    breakdown = "＋".join(parts) if parts else "各项均为0"
    if parts and len(parts) < len(inst.rhs):
        breakdown += "，其余各项为0"
    if len(inst.rhs) == 1:
        breakdown = ""
    ctx.report(
        at=at,
        end=end if end and end > at else None,
        key=f"{table.slot}:{inst.key}",
        table=_table_name(table),
        where={"zh": where_zh, "en": where_en},
        identity=inst.identity.name,
        lhs={"zh": lhs_zh, "en": lhs_en},
        rhs={"zh": rhs_zh, "en": rhs_en},
        reported=_fmt(outcome.lhs),
        computed=_fmt(outcome.rhs),
        breakdown={"zh": f"（{breakdown}）" if breakdown else "", "en": f" ({breakdown})" if breakdown else ""},
        relation=inst.identity.expression.relation,
        evidence={
            "identity": inst.identity.id,
            "expression": inst.identity.expression.text,
            "binding": dict(inst.binding),
            "lhs": _fmt(outcome.lhs),
            "rhs": _fmt(outcome.rhs),
            "cells": {f"{r.row}:{r.col}": (_fmt(value_of(r)) if value_of(r) is not None else None) for r in inst.cells},
        },
    )


@kind("layout_version", messages=("default", "old_table"))
def check_layout_version(doc, rule, ctx):
    cfg = table_config()
    for table in doc.stat_tables:
        if table.slot == "统计表" and doc.profile != "2007":
            ctx.report(
                at=table.start, key="old-table", variant="old_table", year=doc.meta.year or "", profile=doc.profile
            )
            continue
        if table.expected_layout:
            used, own = cfg.layouts[table.layout], cfg.layouts[table.expected_layout]
            ctx.report(
                at=table.start,
                key=f"{table.slot}:layout",
                table=_table_name(table),
                used=used.title,
                expected=own.title,
                year=doc.meta.year or "",
                evidence={"used": used.key, "expected": own.key},
            )
