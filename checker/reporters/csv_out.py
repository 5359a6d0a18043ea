"""`--format csv`: one row per document, for supervisors who open a batch in a spreadsheet.

Columns: path, agency, year, profile, errors, warnings, infos, one count per category letter
(S M F T X Y H I, see CATEGORIES), `other` for a user's rules with another letter, and total.
The header is English like every machine key, so scripts can rely on it in either --lang.
The text starts with a UTF-8 byte order mark: without it Excel reads UTF-8 as the local code
page and the agencies' names come out garbled. --statistics adds nothing (a second table would
break every CSV reader)."""

from __future__ import annotations

import csv
import io

from checker.model.result import DocumentResult
from checker.reporters import (
    CATEGORIES,
    OTHER_CATEGORY,
    SEVERITY_COUNT_KEY,
    ReportOptions,
    category_counts,
    document_fields,
    severity_counts,
)

FIELDS = ("path", "agency", "year", "profile", *SEVERITY_COUNT_KEY.values(), *CATEGORIES, OTHER_CATEGORY, "total")
BOM = "\ufeff"


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in results:
        writer.writerow(
            {
                **document_fields(r),
                **severity_counts(r.findings),
                **category_counts(r.findings),
                "total": len(r.findings),
            }
        )
    return BOM + buffer.getvalue()
