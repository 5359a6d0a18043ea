"""`--format rich`: grouped by document and section, with the source excerpt and, the first time
a rule appears in a document, how to fix what it found. Lines follow the terminal's width and
wrap under their own indent (Chinese text has no spaces: rich folds it by display columns)."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from collections.abc import Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.model.findings import Finding
from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, line_col, severity_label, statistics, summary, where
from checker.reporters.cells import printable
from checker.reporters.wrap import wrap

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# Rules whose findings are many of one kind (every unfilled slot of a template): one entry per
# document, the places listed compactly. The JSON output keeps one finding per place.
GROUPED = frozenset({"H104"})
# The width when the output is not a terminal and COLUMNS is not set.
FALLBACK_WIDTH = 110

# A line to print: the text, its indent, and the further indent of its wrapped lines.
Line = tuple[Text, int, int]


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    buf = io.StringIO()
    width = options.width or shutil.get_terminal_size((FALLBACK_WIDTH, 24)).columns
    console = Console(
        file=buf,
        force_terminal=options.color,
        color_system="auto" if options.color else None,
        width=width,
        highlight=False,
        soft_wrap=False,
    )
    for r in results:
        for text, indent, hang in _document(r, options.lang):
            text.plain = printable(text.plain)  # the report's control characters shown, never run
            for line in wrap(text, width, indent, hang):
                console.print(line, soft_wrap=True)
        console.print()
    if options.statistics:
        console.print(_statistics(results, options.lang))
    for line in wrap(_summary(results, options.lang), width, 0):
        console.print(line, soft_wrap=True)
    return buf.getvalue()


def _document(r: DocumentResult, lang: str) -> list[Line]:
    en = lang == "en"
    head = Text(r.path, style="bold")
    if r.info:
        profile = "profile" if en else "格式"
        head.append(f"  {r.info.agency or '?'} · {r.info.year or '?'} · {profile} {r.info.profile}", style="dim")
    out: list[Line] = [(head, 0, 2)]
    if not r.findings:
        out.append((Text("✓ " + ("no findings" if en else "未发现问题"), style="green"), 2, 2))
    current: object = object()
    shown_fix: set[str] = set()
    groups = {code: [f for f in r.findings if f.code == code] for code in GROUPED}
    for f in r.findings:
        group = groups.get(f.code, [])
        if len(group) > 1 and f is not group[0]:
            continue
        if f.location.section != current:
            current = f.location.section
            if current:
                out.append((Text(f"{'section' if en else '部分'} {current}", style="bold dim"), 2, 2))
        out.extend(_group(group, lang) if len(group) > 1 else _finding(f, lang))
        if f.code not in shown_fix and f.fix_text(lang):
            shown_fix.add(f.code)
            label = "How to fix: " if en else "如何修改："
            out.append((Text("→ " + label + f.fix_text(lang), style="green"), 6, 2))
    return out


def _headline(f: Finding, lang: str, place: str, message: str) -> Text:
    text = Text()
    text.append(f"{f.code} {severity_label(f.severity, lang)}", style=STYLE[f.severity])
    if place:
        text.append(f" {place}", style="dim")
    text.append(f" {message}")
    return text


def _finding(f: Finding, lang: str) -> list[Line]:
    out: list[Line] = [(_headline(f, lang, where(f.location) or "-", f.text(lang)), 4, 2)]
    if f.excerpt:
        out.append((Text(f"│ {f.excerpt}", style="dim"), 6, 2))
    cell_at = f.evidence.get("cell_at")
    if isinstance(cell_at, Mapping):  # the table's number of a finding that compares text and table (X101)
        place = cell_at.get("source") or f"{cell_at.get('line')}:{cell_at.get('column')}"
        out.append(
            (Text(("│ the table's number at " if lang == "en" else "│ 表中的数在 ") + str(place), style="dim"), 6, 2)
        )
    return out


def _group(findings: list[Finding], lang: str) -> list[Line]:
    """Findings of one rule as one entry: "模板占位符未填写 23 处", then each text with its places."""
    first = findings[0]
    head = first.text(lang).split(":" if lang == "en" else "：", 1)[0]
    message = f"{head}: {len(findings)} places" if lang == "en" else f"{head} {len(findings)} 处"
    out: list[Line] = [(_headline(first, lang, "", message), 4, 2)]
    by_text: dict[str, list[str]] = {}
    for f in findings:
        text = str(f.evidence.get("text", ""))
        by_text.setdefault(text, []).append(f.location.source or line_col(f.location) or "-")
    counts = Counter({text: len(places) for text, places in by_text.items()})
    for text, _ in counts.most_common():
        places = by_text[text]
        count = f"{len(places)} places" if lang == "en" else f"{len(places)} 处"
        line = Text(f"“{text}” {count}：" if lang == "zh" else f"“{text}” {count}: ", style="bold")
        line.append(("、" if lang == "zh" else ", ").join(places), style="dim")
        out.append((line, 6, 2))
    return out


def _statistics(results: list[DocumentResult], lang: str) -> Table:
    table = Table(title="statistics" if lang == "en" else "按规则统计")
    for col in ("code", "name", "severity", "count"):
        table.add_column(col)
    for code, name, severity, n in statistics(results):
        table.add_row(code, name, severity, str(n))
    return table


def _summary(results: list[DocumentResult], lang: str) -> Text:
    s = summary(results)
    text = Text()
    if lang == "en":
        text.append(f"{s['documents']} document(s): ", style="bold")
        text.append(f"{s['errors']} error(s)", style="red")
        text.append(", ")
        text.append(f"{s['warnings']} warning(s)", style="yellow")
        text.append(", ")
        text.append(f"{s['infos']} info", style="cyan")
    else:
        text.append(f"共 {s['documents']} 份报告：", style="bold")
        text.append(f"错误 {s['errors']}", style="red")
        text.append("，")
        text.append(f"警告 {s['warnings']}", style="yellow")
        text.append("，")
        text.append(f"提示 {s['infos']}", style="cyan")
    return text
