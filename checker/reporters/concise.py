"""`--format concise`: one line per finding, always `path:line:col: CODE [severity] message`.

Editors and CI problem matchers read that prefix, so it never changes shape: a finding about
the whole document is placed at 1:1, one without a column at column 1. The place in the
original document (第12段, 第3页), for docx, html and pdf input, follows the message."""

from __future__ import annotations

from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, severity_label, statistics_lines, summary_line
from checker.reporters.cells import printable


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    lines = []
    for r in results:
        for f in r.findings:
            loc = f.location
            source = f" ({loc.source})" if loc.source else ""
            lines.append(
                f"{r.path}:{loc.line or 1}:{loc.column or 1}: {f.code} [{severity_label(f.severity, options.lang)}]"
                f" {f.text(options.lang)}{source}"
            )
    if options.statistics:
        lines.extend(statistics_lines(results))
    lines.append(summary_line(results, options.lang))
    return printable("\n".join(lines) + "\n")
