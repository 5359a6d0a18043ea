"""`--format github`: GitHub Actions workflow commands, which become annotations on the files.

`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message` (warning, and
notice for info); a finding without a line is annotated on the file. The summary line (and the
counts by rule with --statistics) follow as plain log lines.
"""

from __future__ import annotations

from checker.model.findings import Finding
from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, relative_path, span, statistics_lines, summary_line
from checker.reporters.cells import printable

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """The message part, per GitHub's toolkit (`escapeData`)."""
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: str) -> str:
    """A property value, per GitHub's toolkit (`escapeProperty`): also `:` and `,`, which
    would otherwise end the value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str, lang: str) -> str:
    loc = finding.location
    properties = {"file": relative_path(path), **span(loc, ("line", "col", "endLine", "endColumn"))}
    title = f"{finding.code} {finding.name}"
    if loc.source:
        title += f" ({loc.source})"
    properties["title"] = title
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{COMMAND[finding.severity]} {props}::{escape_data(finding.text(lang))}"


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    lines = [annotation(f, r.path, options.lang) for r in results for f in r.findings]
    if options.statistics:
        lines.extend(statistics_lines(results))
    lines.append(summary_line(results, options.lang))
    return "\n".join(lines) + "\n"
