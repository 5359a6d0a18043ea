"""`--format concise`: one line per finding, path:line:col: CODE [severity] message.

The place in the original document (第12段) follows the `path:line:col:` prefix, so editors and
problem matchers that read that prefix still work."""

from __future__ import annotations

from checker.reporters import severity_label, statistics_lines, summary_line


def render(results, options) -> str:
    lines = []
    for r in results:
        for f in r.findings:
            loc = f.location
            head = f"{r.path}:{loc.line}:{loc.column}" if loc.line else r.path
            source = f" ({loc.source})" if loc.source else ""
            lines.append(
                f"{head}:{source} {f.code} [{severity_label(f.severity, options.lang)}] {f.text(options.lang)}"
            )
    if options.statistics:
        lines.extend(statistics_lines(results))
    lines.append(summary_line(results, options.lang))
    return "\n".join(lines) + "\n"
