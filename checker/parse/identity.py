"""Table identities: parsed from the expression language of grammars/identity.lark, bound to a
table layout, and evaluated on the cells read from a report."""

from __future__ import annotations

import fnmatch
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from typing import Any, NamedTuple

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from checker.spec.resources import grammar_cache, grammar_text

RELATIONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "=": operator.eq,
    "==": operator.eq,
    "<=": operator.le,
    "≤": operator.le,
    ">=": operator.ge,
    "≥": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}
SYMBOL = {"==": "=", "≤": "≤", "<=": "≤", "≥": "≥", ">=": "≥", "<": "<", ">": ">", "=": "="}


class IdentityError(ValueError):
    pass


class Ref(NamedTuple):
    """A cell by its row and column keys. A named tuple, not a dataclass: refs are dictionary keys
    for every identity checked and every suspect looked for, and a tuple hashes in C."""

    row: str
    col: str


@dataclass(frozen=True)
class Term:
    sign: int  # +1 or -1
    ref: Ref | None = None
    constant: Decimal | None = None


@dataclass(frozen=True)
class Expression:
    text: str
    lhs: tuple[Term, ...]
    relation: str
    rhs: tuple[Term, ...]

    @property
    def variables(self) -> set[str]:
        out = set()
        for term in (*self.lhs, *self.rhs):
            if term.ref:
                out |= {k for k in (term.ref.row, term.ref.col) if k.startswith("$")}
        return out

    @property
    def is_equality(self) -> bool:
        return self.relation in ("=", "==")


class _ToExpression(Transformer):
    def constant(self, items: list[Token]) -> Term:
        return Term(1, constant=Decimal(str(items[0])))

    def ref(self, items: list[Token]) -> Term:
        return Term(1, ref=Ref(str(items[0]), str(items[1])))

    def sum(self, items: list[Term | Token]) -> tuple[Term, ...]:
        terms: list[Term] = []
        sign = 1
        for item in items:
            if isinstance(item, Term):
                terms.append(Term(sign, item.ref, item.constant))
                sign = 1
            else:
                sign = -1 if str(item) == "-" else 1
        return tuple(terms)

    def start(self, items: list[Any]) -> tuple[tuple[Term, ...], str, tuple[Term, ...]]:
        return items[0], str(items[1]), items[2]


@cache
def _parser() -> Lark:
    return Lark(
        grammar_text("identity.lark"), parser="lalr", start=["start", "sum"], cache=grammar_cache("identity.lark")
    )


def parse_expression(text: str) -> Expression:
    try:
        tree = _parser().parse(text, start="start")
    except LarkError as exc:
        raise IdentityError(str(exc).splitlines()[0]) from None
    lhs, relation, rhs = _ToExpression().transform(tree)
    expr = Expression(text, lhs, relation, rhs)
    if expr.variables - {"$r", "$c"}:
        raise IdentityError(
            f"unknown variable {sorted(expr.variables - {'$r', '$c'})[0]}; use $r (each row) or $c (each column)"
        )
    return expr


def parse_sum(text: str) -> tuple[Term, ...]:
    """A sum of cells without a relation ("direct:total + after_review:total"): what a number
    of the narrative is compared with (rules/vocabulary/lexicon.yaml)."""
    try:
        tree = _parser().parse(text, start="sum")
    except LarkError as exc:
        raise IdentityError(str(exc).splitlines()[0]) from None
    terms = _ToExpression().transform(tree)
    if any(
        t.ref and (t.ref.row.startswith("$") or t.ref.col.startswith("$") or "*" in t.ref.row + t.ref.col)
        for t in terms
    ):
        raise IdentityError("a claim names concrete cells: no $r, $c or *")
    return terms


@dataclass(frozen=True)
class Identity:
    id: str
    name: dict[str, str]  # zh/en: what the identity says, for messages
    expression: Expression
    tables: tuple[str, ...]  # layout keys or table slots (二, 三, 四, 统计表) it applies to


Bound = tuple[int, Ref | None, Decimal | None]  # (sign, cell, constant): one term of an instance


@dataclass
class Instance:
    """An identity with its variables bound: concrete cells on each side."""

    identity: Identity
    binding: dict[str, str]
    lhs: list[Bound] = field(default_factory=list)
    rhs: list[Bound] = field(default_factory=list)

    @cached_property  # instances are kept with their layout and asked for their cells again and again
    def cells(self) -> list[Ref]:
        return [ref for _, ref, _ in (*self.lhs, *self.rhs) if ref is not None]

    @property
    def key(self) -> str:
        bound = ",".join(f"{k}={v}" for k, v in sorted(self.binding.items()))
        return f"{self.identity.id}[{bound}]" if bound else self.identity.id


def bind(
    identity: Identity,
    rows: Iterable[str],
    columns_of: Callable[[str], tuple[str, ...]],
    present: Callable[[str], bool],
) -> list[Instance]:
    """Every instance of the identity in a layout. `columns_of(row)` gives a row's columns;
    `present(row)` tells whether a row the layout declares optional was found (globs only sum
    rows that were found or are required; an explicit reference to an absent optional row makes
    the instance not apply)."""
    cells = _Cells(list(rows), columns_of, present)
    variables = identity.expression.variables
    row_values: list[str | None] = list(cells.rows) if "$r" in variables else [None]
    col_values: list[str | None] = list(cells.all_columns()) if "$c" in variables else [None]
    out = []
    for r in row_values:
        for c in col_values:
            binding = {k: v for k, v in (("$r", r), ("$c", c)) if v is not None}
            inst = cells.instance(identity, binding)
            if inst is not None and inst.cells:
                out.append(inst)
    return out


@dataclass(frozen=True)
class _Cells:
    """The rows and columns of a layout, as bind sees them."""

    rows: list[str]
    columns_of: Callable[[str], tuple[str, ...]]
    present: Callable[[str], bool]

    def all_columns(self) -> list[str]:
        """Every column of the layout, in the order the rows first name them."""
        return list(dict.fromkeys(c for r in self.rows for c in self.columns_of(r)))

    def instance(self, identity: Identity, binding: dict[str, str]) -> Instance | None:
        """The identity with these variables bound; None when it does not apply."""
        expr = identity.expression
        lhs = self._side(expr.lhs, binding)
        rhs = self._side(expr.rhs, binding) if lhs is not None else None
        if lhs is None or rhs is None:
            return None
        return Instance(identity, binding, lhs, rhs)

    def _side(self, terms: tuple[Term, ...], binding: dict[str, str]) -> list[Bound] | None:
        side: list[Bound] = []
        for term in terms:
            if term.ref is None:
                side.append((term.sign, None, term.constant))
                continue
            refs = self._refs(term.ref, binding)
            if refs is None:
                return None
            side.extend((term.sign, ref, None) for ref in refs)
        return side

    def _refs(self, ref: Ref, binding: dict[str, str]) -> list[Ref] | None:
        """The cells a reference names: every match of a glob among the rows present (possibly
        none), or the one cell it names; None when that cell is unknown or its row absent."""
        row_pat = binding.get(ref.row, ref.row)
        col_pat = binding.get(ref.col, ref.col)
        globbed = "*" in row_pat or "*" in col_pat
        row_matches, col_matches = _matcher(row_pat), _matcher(col_pat)
        matched = [
            Ref(row, col)
            for row in self.rows
            if row_matches(row) and (not globbed or self.present(row))
            for col in self.columns_of(row)
            if col_matches(col)
        ]
        if globbed:
            return matched
        if not matched or not self.present(matched[0].row):
            return None
        return matched


def _matcher(pattern: str) -> Callable[[str], bool]:
    """fnmatchcase(name, pattern) as a function of the name; a key without wildcards is the one name."""
    if any(ch in pattern for ch in "*?["):
        return lambda name: fnmatch.fnmatchcase(name, pattern)
    return pattern.__eq__


@dataclass(frozen=True)
class Outcome:
    status: str  # "holds", "fails", "unknown"
    lhs: Decimal | None = None
    rhs: Decimal | None = None
    unknown: tuple[Ref, ...] = ()  # cells without a value


def evaluate(inst: Instance, value_of: Callable[[Ref], Decimal | None]) -> Outcome:
    unknown = []
    totals = []
    for side in (inst.lhs, inst.rhs):
        total = Decimal(0)
        for sign, ref, constant in side:
            if ref is None:
                total += sign * (constant if constant is not None else Decimal(0))
                continue
            v = value_of(ref)
            if v is None:
                unknown.append(ref)
            else:
                total += sign * v
        totals.append(total)
    if unknown:
        return Outcome("unknown", unknown=tuple(unknown))
    holds = RELATIONS[inst.identity.expression.relation](totals[0], totals[1])
    return Outcome("holds" if holds else "fails", totals[0], totals[1])
