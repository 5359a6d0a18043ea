"""Kinds on a region's manifest (--manifest): `region_sum` (Y105, a government's tables against
the sum of its departments') and `region_missing` (Y106, agencies listed without a report)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from checker.cross.cells import cell_label, table_label
from checker.rules.kinds.base import Param, kind
from checker.rules.kinds.table_names import fmt, listing
from checker.rules.rule import Rule

if TYPE_CHECKING:
    from checker.cross.batch import Batch, CrossContext, Entry


def _departments(batch: Batch, government: Entry) -> list[Entry]:
    """The reports the manifest lists under this government for its year."""
    assert government.row is not None
    return [
        e
        for e in batch.entries
        if e.row is not None
        and e is not government
        and e.row.year == government.row.year
        and batch.names.same(e.row.parent, government.row.agency)
    ]


@kind(
    "region_sum",
    params={"cells": Param(list, required=True), "tables": Param(list, default=["三", "四"])},
    scope="batch",
)
def check_region_sum(batch: Batch, rule: Rule, ctx: CrossContext) -> None:
    for government in batch.shown():
        if government.row is None or not government.row.covers or not government.has_digest:
            continue
        if government.profile not in rule.profiles:
            continue
        departments = _departments(batch, government)
        if not departments:
            continue
        lacking = [d.row.agency or d.label for d in departments if not d.has_digest and d.row is not None]
        if lacking:
            ctx.cannot_judge(
                government,
                "departments",
                f"清单所列部门{listing(lacking)}的报告缺少或无法读取，不能与部门报告之和比较",
                f"the reports of {len(lacking)} department(s) of the manifest are missing or unreadable",
            )
            continue
        for slot in rule.params["tables"]:
            _compare(ctx, government, departments, str(slot), rule.params["cells"])


def _compare(ctx: CrossContext, government: Entry, departments: list[Entry], slot: str, cells: list[str]) -> None:
    table = government.table(slot)
    if table is None:
        return
    for key in cells:
        cell = table.cells.get(key)
        if cell is None or cell.value is None:
            continue
        parts: list[tuple[str, Decimal]] = []
        unread = []
        for d in departments:
            theirs = d.table(slot)
            value = theirs.value(key) if theirs else None
            name = d.agency or d.label
            if value is None:
                unread.append(name)
            else:
                parts.append((name, value))
        if unread:
            ctx.cannot_judge(
                government,
                f"{slot}:{key}",
                f"{table_label(slot)['zh']}“{cell_label(table.layout, key)}”：{listing(unread)}的报告中没有这一数值，无法与部门之和比较",
                f"table {slot} {key}: {len(unread)} department report(s) lack this figure",
            )
            continue
        total = sum((v for _, v in parts), Decimal(0))
        if total != cell.value:
            ctx.report(
                government,
                key=f"sum:{slot}:{key}",
                location=cell.location,
                evidence={"cell": key, "reported": str(cell.value), "sum": str(total), "departments": len(parts)},
                table=table_label(slot),
                cell=cell_label(table.layout, key),
                reported=fmt(cell.value),
                expected=fmt(total),
                count=len(parts),
                parts=" + ".join(f"{name}{fmt(v)}" for name, v in parts),
            )


@kind("region_missing", scope="batch")
def check_region_missing(batch: Batch, rule: Rule, ctx: CrossContext) -> None:
    for entry in batch.shown():
        row = entry.row
        if row is None or not (entry.missing or entry.result.info is None):
            continue
        if row.path is None:
            why = {"zh": "（清单未填写文件）", "en": " (no file in the manifest)"}
        elif not row.exists():
            why = {"zh": f"（文件不存在：{row.path}）", "en": f" (no such file: {row.path})"}
        else:
            why = {"zh": "（文件无法作为年报读取）", "en": " (the file cannot be read as a report)"}
        ctx.report(
            entry,
            key=f"missing:{row.agency}:{row.year}",
            evidence={"line": row.line, "agency": row.agency, "year": row.year},
            line=row.line,
            agency=row.agency or "",
            year=row.year or "",
            why=why,
        )
