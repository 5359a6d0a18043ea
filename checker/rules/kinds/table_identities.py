"""The table_identity kind (T105 sums, T106 subsets): the identities of a table's layout, and
those a rules file adds, checked on the cells read; a failure says which cells and how they add up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from checker.model.tables import CellState, StatTable
from checker.parse.identity import Bound, Identity, Instance, Outcome, Ref, evaluate
from checker.rules.kinds.base import Param, kind
from checker.rules.kinds.suspect import Suspect, find_suspects
from checker.rules.kinds.table_names import (
    cell_name,
    col_label,
    fmt,
    layout_of,
    listing,
    row_label,
    table_name,
)
from checker.spec.layouts import binds_on, parse_identity, table_config

if TYPE_CHECKING:
    from checker.model.document import Document
    from checker.rules.context import Context
    from checker.rules.rule import Rule

ValueOf = Callable[[Ref], Decimal | None]

# Terms beyond this many on one side are named "the sum of the items", not one by one.
MAX_NAMED_TERMS = 3

# Why a cell leaves an identity unknown, as the I101 message says it; any other state: 缺失.
UNKNOWN_STATES: dict[str, str] = {CellState.BLANK: "空白", CellState.UNREAD: "未能读取", CellState.INVALID: "非数字"}


@kind(
    "table_identity",
    params={
        "relations": Param(list, default=["=", "=="]),
        "layout_identities": Param(bool, default=False),
        "identities": Param(list, default=[]),
    },
    validate=lambda params: _validate_identity_params(params),
)
def check_table_identity(doc: Document, rule: Rule, ctx: Context) -> None:
    for table in doc.stat_tables:
        layout = layout_of(table)
        unknown: list[str] = []
        value_of = _values(table)
        checked: list[tuple[Instance, Outcome]] = []
        for ident in _identities_for(rule, table):
            for inst in layout.instances(ident, table.rows):
                outcome = evaluate(inst, value_of)
                if outcome.status == "unknown":
                    if not _awaits_filling(table, outcome.unknown):
                        unknown.append(_why_unknown(table, outcome.unknown))
                else:
                    checked.append((inst, outcome))
        # a cell to change is named only for sums (T105); T106's bounds leave a range of values
        sums = all(inst.identity.expression.is_equality for inst, _ in checked)
        fails = any(outcome.status == "fails" for _, outcome in checked)
        suspects = find_suspects(checked, value_of, partial(_admits, table)) if sums and fails else {}
        for i, (inst, outcome) in enumerate(checked):
            if outcome.status == "fails":
                _report_failure(ctx, table, inst, outcome, value_of, _hint(table, suspects.get(i), inst))
        if unknown:
            reasons = sorted(set(unknown), key=unknown.index)
            ctx.cannot_judge(
                f"{table.slot}:cells",
                f"{table_name(table)}有{len(unknown)}处恒等式因单元格空白、缺失或未能读取而无法核对（{listing(reasons, '；')}）",
                f"{table_name(table)}: {len(unknown)} identity check(s) need cells that are blank, missing or unread",
                evidence={"unknown": reasons},
            )


def _identities_for(rule: Rule, table: StatTable) -> list[Identity]:
    layout = layout_of(table)
    relations = tuple(rule.params["relations"])
    out = (
        [i for i in layout.identities if i.expression.relation in relations] if rule.params["layout_identities"] else []
    )
    for ident in _extra_identities(rule):
        if layout.key in ident.tables or table.slot in ident.tables:
            out.append(ident)
    return out


def _values(table: StatTable) -> ValueOf:
    """table.value_of for a cell named by its Ref: asked for every cell of every identity."""
    rows = table.rows

    def value_of(ref: Ref) -> Decimal | None:
        row = rows.get(ref.row)
        cell = row.cells.get(ref.col) if row is not None else None
        return cell.number if cell is not None else None

    return value_of


def _awaits_filling(table: StatTable, refs: tuple[Ref, ...]) -> bool:
    """Every cell the identity lacks is a template slot (XX) not filled yet: H104 reports the slots,
    and the sum is checked once they are filled, so there is nothing to say here."""
    cells = [table.cell(ref.row, ref.col) for ref in refs]
    return all(cell is not None and cell.state == CellState.PLACEHOLDER for cell in cells)


def _why_unknown(table: StatTable, refs: tuple[Ref, ...]) -> str:
    ref = refs[0]
    cell = table.cell(ref.row, ref.col)
    state = UNKNOWN_STATES.get(cell.state, "缺失") if cell else "缺失"
    return f"{row_label(table, ref.row)}·{col_label(table, ref.row, ref.col)}{state}"


# -- the identities a rules file adds ------------------------------------------------------------

_EXTRA: dict[str, list[Identity]] = {}


def _parse_extra(nodes: list[Any]) -> list[Identity]:
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


def _validate_identity_params(params: dict[str, Any]) -> None:
    _parse_extra(params["identities"])


def _extra_identities(rule: Rule) -> list[Identity]:
    """Identities a rules file adds (a supervisor's own), parsed once per rule."""
    if not rule.params["identities"]:
        return []
    if rule.source not in _EXTRA:
        _EXTRA[rule.source] = _parse_extra(rule.params["identities"])
    return _EXTRA[rule.source]


# -- a failure, as a reviewer reads it ------------------------------------------------------------


def _side(table: StatTable, inst: Instance, side: list[Bound], value_of: ValueOf) -> tuple[str, str, list[str]]:
    """How one side of an identity reads: its cells (zh), (en), and the non-zero terms."""
    names_zh: list[str] = []
    names_en: list[str] = []
    terms: list[str] = []
    for sign, ref, constant in side:
        if ref is None:
            terms.append(("-" if sign < 0 else "") + fmt(constant if constant is not None else Decimal(0)))
            continue
        label = cell_name(table, inst, ref.row, ref.col)
        names_zh.append(label)
        names_en.append(f"{ref.row}:{ref.col}")
        v = value_of(ref)
        if v:
            terms.append(f"{'−' if sign < 0 else ''}{label} {fmt(v)}")
    if len(names_zh) > MAX_NAMED_TERMS:
        return "各项之和", "the sum of the items", terms
    return "＋".join(names_zh), " + ".join(names_en), terms


def _where(table: StatTable, inst: Instance) -> tuple[str, str]:
    """The row or column the instance is bound to, when the message must say it."""
    if "$r" in inst.binding:
        row = inst.binding["$r"]
        return f"“{row_label(table, row)}”行", f"row {row}"
    if "$c" in inst.binding and any(len(layout_of(table).columns_of(ref.row)) > 1 for ref in inst.cells):
        col = inst.binding["$c"]
        return f"“{col_label(table, inst.cells[0].row, col)}”列", f"column {col}"
    return "", ""


def _breakdown(inst: Instance, rhs_terms: list[str]) -> str:
    """The right side's non-zero terms added up, when it has more than one."""
    if len(inst.rhs) == 1:
        return ""
    parts = [t for t in rhs_terms if t]
    if not parts:
        return "各项均为0"
    return "＋".join(parts) + ("，其余各项为0" if len(parts) < len(inst.rhs) else "")


def _number(value: Decimal | None) -> str:
    return fmt(value) if value is not None else ""


def _report_failure(
    ctx: Context, table: StatTable, inst: Instance, outcome: Outcome, value_of: ValueOf, hint: _Hint | None
) -> None:
    lhs_zh, lhs_en, _ = _side(table, inst, inst.lhs, value_of)
    rhs_zh, rhs_en, rhs_terms = _side(table, inst, inst.rhs, value_of)
    where_zh, where_en = _where(table, inst)
    first = table.cell(inst.cells[0].row, inst.cells[0].col)
    at, end = (first.start, first.end) if first else (table.start, None)
    breakdown = _breakdown(inst, rhs_terms)
    cells = {f"{r.row}:{r.col}": _cell_value(value_of(r)) for r in inst.cells}
    ctx.report(
        at=at,
        end=end if end and end > at else None,
        key=f"{table.slot}:{inst.key}",
        table=table_name(table),
        where={"zh": where_zh, "en": where_en},
        identity=inst.identity.name,
        lhs={"zh": lhs_zh, "en": lhs_en},
        rhs={"zh": rhs_zh, "en": rhs_en},
        reported=_number(outcome.lhs),
        computed=_number(outcome.rhs),
        breakdown={"zh": f"（{breakdown}）" if breakdown else "", "en": f" ({breakdown})" if breakdown else ""},
        relation=inst.identity.expression.relation,
        hint={"zh": hint.zh, "en": hint.en} if hint else "",
        evidence={
            "identity": inst.identity.id,
            "expression": inst.identity.expression.text,
            "binding": dict(inst.binding),
            "lhs": _number(outcome.lhs),
            "rhs": _number(outcome.rhs),
            "cells": cells,
            **(hint.evidence if hint else {}),
        },
    )


def _cell_value(value: Decimal | None) -> str | None:
    return fmt(value) if value is not None else None


# -- the cell most likely wrong ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Hint:
    zh: str
    en: str
    evidence: dict[str, Any]


def _admits(table: StatTable, ref: Ref, value: Decimal) -> bool:
    """A value the cell may hold: a whole number, not negative, unless its column allows."""
    spec = layout_of(table).row(ref.row)
    col = next((c for c in spec.columns if c.key == ref.col), None) if spec else None
    signed, money = (col.signed, col.money) if col else (False, False)
    return (value >= 0 or signed) and (value == value.to_integral_value() or money)


def _full_name(table: StatTable, ref: Ref) -> str:
    columns = layout_of(table).columns_of(ref.row)
    if len(columns) == 1:
        return f"“{row_label(table, ref.row)}”"
    return f"“{row_label(table, ref.row)}·{col_label(table, ref.row, ref.col)}”"


def _hint(table: StatTable, suspect: Suspect | None, inst: Instance) -> _Hint | None:
    """What a failing identity says about its suspect: its cell and value, or that several cells
    would do equally well."""
    if suspect is None:
        return None
    if suspect.cell is not None and suspect.value is not None:
        name, now = _full_name(table, suspect.cell), _number(table.value_of(suspect.cell.row, suspect.cell.col))
        new, n = fmt(suspect.value), len(suspect.fixes)
        key = f"{suspect.cell.row}:{suspect.cell.col}"
        return _Hint(
            f"。最可能错的是{name}（现为{now}）：改为{new}" + (f"可使{n}处勾稽关系都成立" if n > 1 else "即可成立"),
            f"; the cell most likely wrong is {key} (now {now}): {new} would make {n} identit{'y' if n == 1 else 'ies'} hold",
            {"suspect": key, "suggested": new},
        )
    if not suspect.tied:
        return _Hint(
            "。只改一格不能使它成立而不破坏其他关系，可能有几格同时写错",
            "; no single cell can be changed to make it hold without breaking another: several cells may be wrong",
            {"suspect": None, "candidates": []},
        )
    tied = [ref for ref in suspect.tied if ref in inst.cells]
    names = listing([_full_name(table, ref) for ref in tied])
    keys = [f"{ref.row}:{ref.col}" for ref in tied]
    return _Hint(
        f"。改动{names}中任何一格都能使它成立，无法判断哪一格错，请逐格核对",
        f"; changing any one of {', '.join(keys)} would make it hold: which one is wrong cannot be told",
        {"suspect": None, "candidates": keys},
    )
