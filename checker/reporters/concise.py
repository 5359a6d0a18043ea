"""`--format concise`: one line per finding, path:line:col: CODE [severity] message."""
from __future__ import annotations

from ..findings import SEVERITY_ZH
from . import statistics, summary


def render(results, options) -> str:
    lines = []
    en = options.lang == "en"
    for r in results:
        for f in r.findings:
            loc = f.location
            where = f"{r.path}:{loc.line}:{loc.column}" if loc.line else r.path
            sev = f.severity if en else SEVERITY_ZH[f.severity]
            lines.append(f"{where}: {f.code} [{sev}] {f.text(options.lang)}")
    if options.statistics:
        for code, name, severity, n in statistics(results):
            lines.append(f"{n:5d}  {code}  {name}")
    s = summary(results)
    if en:
        lines.append(f"{s['documents']} document(s): {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info")
    else:
        lines.append(f"共 {s['documents']} 份报告：错误 {s['errors']}，警告 {s['warnings']}，提示 {s['infos']}")
    return "\n".join(lines) + "\n"
