"""`--format csv-findings`: one row per finding (report, agency, year, code, name, severity,
section, place in words, message, excerpt, fingerprint), the list a supervisor sorts and sends
back to each agency. A format of its own rather than an option of `csv`: each format is one
table, so `-o`, the config's `format:` and every CSV reader work with it unchanged."""

from __future__ import annotations

from checker.model.result import DocumentResult
from checker.reporters import ReportOptions
from checker.reporters.csv_out import write_csv
from checker.reporters.tabular import FINDING_COLUMNS, finding_rows


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    return write_csv(FINDING_COLUMNS, finding_rows(results, options.lang), options.lang)
