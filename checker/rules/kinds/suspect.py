"""Which cell of a table is most likely wrong when its sums fail: among the cells whose change makes
a failing identity hold without breaking one that holds (and leaves a value the cell may hold), the
one that makes the most failing identities hold, and the value that would do it. When several cells
do equally well, there is no suspect: the table cannot tell which one is wrong."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from checker.parse.identity import Bound, Instance, Outcome, Ref, evaluate

ValueOf = Callable[[Ref], Decimal | None]
# Whether a cell may hold a value (a count is a whole number, not negative).
Admits = Callable[[Ref, Decimal], bool]


@dataclass(frozen=True)
class Suspect:
    """The outcome for one failing identity: one cell and its value, the cells that tie, or neither
    when no change of a single cell makes it hold without breaking another."""

    fixes: frozenset[int]  # the failing instances (indexes) the change makes hold
    cell: Ref | None = None  # None when several cells tie
    value: Decimal | None = None
    tied: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class _Change:
    ref: Ref
    value: Decimal
    fixes: frozenset[int]


def _coefficient(inst: Instance, ref: Ref) -> int:
    """How much the difference lhs − rhs moves when the cell grows by one."""

    def count(side: list[Bound]) -> int:
        return sum(sign for sign, r, _ in side if r == ref)

    return count(inst.lhs) - count(inst.rhs)


def _best_change(
    ref: Ref, checked: list[tuple[Instance, Outcome]], value_of: ValueOf, admits: Admits
) -> _Change | None:
    """The change of this cell that makes the most failing identities hold and breaks none."""
    current = value_of(ref)
    if current is None:
        return None
    targets: dict[Decimal, set[int]] = defaultdict(set)
    for i, (inst, outcome) in enumerate(checked):
        k = _coefficient(inst, ref)
        if outcome.status == "fails" and k and outcome.lhs is not None and outcome.rhs is not None:
            targets[current - (outcome.lhs - outcome.rhs) / k].add(i)
    for value, _ in sorted(targets.items(), key=lambda kv: -len(kv[1])):
        if not admits(ref, value):
            continue

        def patched(r: Ref, value: Decimal = value) -> Decimal | None:
            return value if r == ref else value_of(r)

        after = [evaluate(inst, patched).status if ref in inst.cells else o.status for inst, o in checked]
        if any(o.status == "holds" and a != "holds" for (_, o), a in zip(checked, after)):
            continue  # it would break a sum that holds
        fixed = frozenset(
            i for i, ((_, o), a) in enumerate(zip(checked, after)) if o.status == "fails" and a == "holds"
        )
        if fixed:
            return _Change(ref, value, fixed)
    return None


def find_suspects(checked: list[tuple[Instance, Outcome]], value_of: ValueOf, admits: Admits) -> dict[int, Suspect]:
    """For each failing identity (by index), the change that makes it hold and the most others with
    it: one cell and its value, the cells that do equally well, or none (no single cell will do)."""
    cells = list(dict.fromkeys(ref for inst, o in checked if o.status == "fails" for ref in inst.cells))
    changes = [c for ref in cells if (c := _best_change(ref, checked, value_of, admits)) is not None]
    out: dict[int, Suspect] = {}
    for i, (_, outcome) in enumerate(checked):
        if outcome.status != "fails":
            continue
        helping = [c for c in changes if i in c.fixes]
        if not helping:
            out[i] = Suspect(frozenset())  # no single cell will do: several may be wrong
            continue
        most = max(len(c.fixes) for c in helping)
        best = [c for c in helping if len(c.fixes) == most]
        if len(best) == 1:
            out[i] = Suspect(best[0].fixes, best[0].ref, best[0].value)
        else:
            out[i] = Suspect(frozenset().union(*(c.fixes for c in best)), tied=tuple(c.ref for c in best))
    return out
