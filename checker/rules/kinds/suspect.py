"""Which cell of a table is most likely wrong when its sums fail: among the cells whose change makes
a failing identity hold without breaking one that holds (and leaves a value the cell may hold), the
one that makes the most failing identities hold, and the value that would do it. When several cells
do equally well, there is no suspect: the table cannot tell which one is wrong."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from checker.parse.identity import Instance, Outcome, Ref

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


def _coefficients(inst: Instance) -> Counter[Ref]:
    """How much the difference lhs − rhs moves when each cell grows by one."""
    out: Counter[Ref] = Counter()
    for side, factor in ((inst.lhs, 1), (inst.rhs, -1)):
        for sign, ref, _ in side:
            if ref is not None:
                out[ref] += factor * sign
    return out


def _best_change(
    ref: Ref,
    current: Decimal,
    sums: list[tuple[Counter[Ref], Decimal]],
    involved: list[tuple[int, int]],
    admits: Admits,
) -> _Change | None:
    """The change of this cell that makes the most failing sums hold and breaks none. A sum holds
    when its difference lhs − rhs is 0; changing the cell by δ moves that difference by k·δ, for
    the sums i the cell is `involved` in with coefficient k."""
    targets: dict[Decimal, set[int]] = defaultdict(set)
    for i, k in involved:
        if sums[i][1]:
            targets[current - sums[i][1] / k].add(i)
    for value, _ in sorted(targets.items(), key=lambda kv: -len(kv[1])):
        if not admits(ref, value):
            continue
        after = {i: sums[i][1] + k * (value - current) for i, k in involved}
        if any(not sums[i][1] and moved for i, moved in after.items()):
            continue  # it would break a sum that holds
        return _Change(ref, value, frozenset(i for i, moved in after.items() if sums[i][1] and not moved))
    return None


def _suspect_of(helping: list[_Change]) -> Suspect:
    """Among the changes that make one identity hold, the one that makes the most hold."""
    if not helping:
        return Suspect(frozenset())  # no single cell will do: several may be wrong
    most = max(len(c.fixes) for c in helping)
    best = [c for c in helping if len(c.fixes) == most]
    if len(best) == 1:
        return Suspect(best[0].fixes, best[0].ref, best[0].value)
    return Suspect(frozenset().union(*(c.fixes for c in best)), tied=tuple(c.ref for c in best))


def _changes(checked: list[tuple[Instance, Outcome]], value_of: ValueOf, admits: Admits) -> list[_Change] | None:
    """The best change of each cell of a failing identity, where it has one; None when an identity
    has no value on a side (nothing can be said then)."""
    sums = [(_coefficients(inst), o.lhs - o.rhs) for inst, o in checked if o.lhs is not None and o.rhs is not None]
    if len(sums) != len(checked):
        return None
    cells = dict.fromkeys(ref for inst, o in checked if o.status == "fails" for ref in inst.cells)
    involved: dict[Ref, list[tuple[int, int]]] = {}  # the sums each cell moves, in order
    for i, (coefficients, _) in enumerate(sums):
        for ref, k in coefficients.items():
            if k:
                involved.setdefault(ref, []).append((i, k))
    changes = []
    for ref in cells:
        current = value_of(ref)
        change = _best_change(ref, current, sums, involved.get(ref, []), admits) if current is not None else None
        if change is not None:
            changes.append(change)
    return changes


def find_suspects(checked: list[tuple[Instance, Outcome]], value_of: ValueOf, admits: Admits) -> dict[int, Suspect]:
    """For each failing identity (by index), the change that makes it hold and the most others with
    it: one cell and its value, the cells that do equally well, or none (no single cell will do)."""
    changes = _changes(checked, value_of, admits)
    if changes is None:
        return {}
    return {
        i: _suspect_of([c for c in changes if i in c.fixes])
        for i, (_, outcome) in enumerate(checked)
        if outcome.status == "fails"
    }
