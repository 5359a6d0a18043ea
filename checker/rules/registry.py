"""Every rule kind, by explicit import: once this module is imported, KINDS is complete.

A new kind is one module in ``checker/rules/kinds/``, added to the import below.
"""

from __future__ import annotations

from checker.rules.kinds import (
    claim_table,
    claims,
    crossdoc_text,
    crossyear,
    hygiene,
    metadata,
    narrative,
    patterns,
    region,
    sections,
    table_identities,
    tables,
)
from checker.rules.kinds.base import KINDS, Kind, Param, kind

KIND_MODULES = (
    claim_table,
    claims,
    crossdoc_text,
    crossyear,
    hygiene,
    metadata,
    narrative,
    patterns,
    region,
    sections,
    table_identities,
    tables,
)

__all__ = ["KINDS", "KIND_MODULES", "Kind", "Param", "kind"]
