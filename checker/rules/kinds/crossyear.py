"""Kinds across years: a report's figures against the same agency's report of the year before.

`year_relation` (Y101, Y102): a cell of this year's table equals a sum of last year's and this
year's cells (carry-over, running totals). `figure_jump` (Y107): a headline figure grew fivefold
or fell to a fifth. Both run after every report of the run was checked (scope "batch")."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from checker.cross.cells import Term, bindings, cell_label, parse_term, sum_terms, table_label
from checker.rules.kinds.base import Param, kind
from checker.rules.kinds.table_names import fmt, listing
from checker.rules.rule import Rule

if TYPE_CHECKING:
    from checker.cross.batch import Batch, CrossContext, Entry
    from checker.model.digest import TableDigest


def _validate_relations(params: dict[str, Any]) -> None:
    for relation in params["relations"]:
        if not isinstance(relation, dict) or not {"table", "cell"} <= set(relation):
            raise ValueError(("relations 的每项须有 table 和 cell", "each relation needs table and cell"))
        for text in [relation["cell"], *relation.get("previous", []), *relation.get("current", [])]:
            parse_term(text)


def pairs(batch: Batch, rule: Rule, ctx: CrossContext) -> list[tuple[Entry, Entry]]:
    """The shown reports with last year's; I101 for each that expects last year's and lacks it."""
    out = []
    for entry in batch.shown():
        previous = batch.previous.get(entry.index)
        if previous is None or not entry.has_digest or entry.profile not in rule.profiles:
            continue
        if previous.entry is None:
            if entry.index not in batch.lack_noted:
                batch.lack_noted.add(entry.index)
                ctx.cannot_judge(
                    entry,
                    "previous",
                    f"{previous.reason_zh}，与上年比较的规则（Y101—Y103、Y107）都未核对",
                    f"{previous.reason_en}; the rules comparing with last year (Y101-Y103, Y107) were not applied",
                )
        else:
            out.append((entry, previous.entry))
    return out


@kind(
    "year_relation",
    params={"relations": Param(list, required=True)},
    validate=_validate_relations,
    scope="batch",
)
def check_year_relation(batch: Batch, rule: Rule, ctx: CrossContext) -> None:
    for entry, last in pairs(batch, rule, ctx):
        for relation in rule.params["relations"]:
            _relation(ctx, entry, last, relation)


def _tables(entry: Entry, last: Entry, relation: dict[str, Any]) -> tuple[TableDigest | None, TableDigest | None]:
    slot = relation["table"]
    return entry.table(slot), last.table(slot)


def _relation(ctx: CrossContext, entry: Entry, last: Entry, relation: dict[str, Any]) -> None:
    this, before = _tables(entry, last, relation)
    layouts = tuple(relation.get("layouts") or ())
    if this is None or (layouts and this.layout not in layouts):
        return  # this year's report has no such table: nothing this relation says
    slot = relation["table"]
    if before is None or (layouts and before.layout not in layouts):
        ctx.cannot_judge(
            entry,
            f"{slot}:{relation['cell']}",
            f"上年报告 {last.label} 没有可比的{table_label(slot)['zh']}，{table_label(slot)['zh']}与上年的衔接无法核对",
            f"last year's report {last.label} has no comparable table {slot}; the link with last year was not checked",
        )
        return
    parts = [("previous", before, parse_term(t)) for t in relation.get("previous", [])]
    parts += [("current", this, parse_term(t)) for t in relation.get("current", [])]
    comparison = _Comparison(ctx, entry, last, slot, this, parse_term(relation["cell"]), parts)
    for row, col in bindings(comparison.target, this, tuple(relation.get("rows") or ())):
        comparison.compare(row, col)
    if not comparison.checked and comparison.unread:
        ctx.cannot_judge(
            entry,
            f"{slot}:{relation['cell']}",
            f"{table_label(slot)['zh']}与上年报告的衔接无法核对：{listing(comparison.unread)}没有数值",
            f"the link of table {slot} with last year's was not checked: {len(comparison.unread)} cell(s) hold no number",
        )


@dataclass
class _Comparison:
    """One relation between this year's table and last year's, cell by cell."""

    ctx: CrossContext
    entry: Entry
    last: Entry
    slot: str
    this: TableDigest
    target: Term
    parts: list[tuple[str, TableDigest, Term]]  # (previous or current, table, term)
    checked: int = 0
    unread: list[str] = field(default_factory=list)

    def compare(self, row: str, col: str) -> None:
        key = self.target.bind(row, col)
        cell = self.this.cells[key]
        expected = sum_terms(self.parts, row, col)
        if cell.value is None or expected.value is None:
            self.unread.extend(expected.unread or (f"本年“{cell_label(self.this.layout, key)}”",))
            return
        self.checked += 1
        if cell.value == expected.value:
            return
        self.ctx.report(
            self.entry,
            key=key,
            location=cell.location,
            evidence={
                "cell": key,
                "reported": str(cell.value),
                "expected": str(expected.value),
                "previous": self.last.label,
            },
            table=table_label(self.slot),
            cell=cell_label(self.this.layout, key),
            reported=fmt(cell.value),
            expected=fmt(expected.value),
            formula=expected.text,  # zh and en
            previous=self.last.name,
        )


# -- figure_jump ----------------------------------------------------------------------------------


def _validate_figures(params: dict[str, Any]) -> None:
    for figure in params["figures"]:
        if not isinstance(figure, dict) or not {"name", "reads"} <= set(figure):
            raise ValueError(("figures 的每项须有 name 和 reads", "each figure needs name and reads"))
        for terms in figure["reads"].values():
            for text in terms:
                parse_term(text)


def _figure(entry: Entry, figure: dict[str, Any]) -> tuple[Decimal, str] | None:
    """The figure's value in this report, from the first table of `reads` it has, and the table."""
    for slot, terms in figure["reads"].items():
        table = entry.table(slot)
        if table is None:
            continue
        summed = sum_terms([("current", table, parse_term(t)) for t in terms], "", "")
        return (summed.value, slot) if summed.value is not None else None
    return None


@kind(
    "figure_jump",
    params={
        "figures": Param(list, required=True),
        "factor": Param((int, float), default=5),
        "minimum": Param(int, default=10),
    },
    validate=_validate_figures,
    scope="batch",
)
def check_figure_jump(batch: Batch, rule: Rule, ctx: CrossContext) -> None:
    factor = Decimal(str(rule.params["factor"]))
    for entry, last in pairs(batch, rule, ctx):
        for figure in rule.params["figures"]:
            now, before = _figure(entry, figure), _figure(last, figure)
            if now is None or before is None or max(now[0], before[0]) < rule.params["minimum"]:
                continue
            a, b = before[0], now[0]
            if b >= a * factor or b * factor <= a:
                ctx.report(
                    entry,
                    key=f"jump:{figure['name']}",
                    variant="up" if b > a else "down",
                    evidence={"figure": figure["name"], "previous": str(a), "current": str(b)},
                    figure=figure["name"],
                    before=fmt(a),
                    now=fmt(b),
                    previous=last.name,
                )
