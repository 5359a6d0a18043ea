"""What the table tests share: every identity of a table's layout, evaluated on its cells."""

from __future__ import annotations

from checker.parse.identity import bind, evaluate
from checker.spec.layouts import table_config


def identity_outcomes(tbl) -> dict[str, list[str]]:
    """Each identity of the table's layout, bound to the rows found, evaluated on the cells."""
    layout = table_config().layouts[tbl.layout]

    def value_of(ref):
        cell = tbl.cell(ref.row, ref.col)
        return cell.value if cell is not None and cell.state == "number" else None

    out: dict[str, list[str]] = {}
    for ident in layout.identities:
        for inst in bind(ident, [r.key for r in layout.rows], layout.columns_of, layout.present(set(tbl.rows))):
            out.setdefault(ident.id, []).append(evaluate(inst, value_of).status)
    return out
