"""`--format rich`: grouped by document and section, with the source excerpt."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, severity_label, statistics, summary, where

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=options.color,
        color_system="auto" if options.color else None,
        width=110,
        highlight=False,
    )
    en = options.lang == "en"
    for r in results:
        info = r.info
        head = f"[bold]{escape(r.path)}[/bold]"
        if info:
            head += f"  [dim]{escape(info.agency or '?')} · {info.year or '?'} · {'profile' if en else '格式'} {info.profile}[/dim]"
        console.print(head)
        if not r.findings:
            console.print("  [green]✓ " + ("no findings" if en else "未发现问题") + "[/green]")
        current = object()
        for f in r.findings:
            section = f.location.section
            if section != current:
                current = section
                if section:
                    console.print(f"  [bold dim]{'section' if en else '部分'} {escape(section)}[/bold dim]")
            loc = where(f.location) or "-"
            sev = severity_label(f.severity, options.lang)
            console.print(
                f"    [{STYLE[f.severity]}]{f.code} {sev}[/{STYLE[f.severity]}] [dim]{escape(loc)}[/dim] {escape(f.text(options.lang))}"
            )
            if f.excerpt:
                console.print(f"      [dim]│ {escape(f.excerpt)}[/dim]")
        console.print()
    if options.statistics:
        table = Table(title="statistics" if en else "按规则统计")
        for col in ("code", "name", "severity", "count"):
            table.add_column(col)
        for code, name, severity, n in statistics(results):
            table.add_row(code, name, severity, str(n))
        console.print(table)
    s = summary(results)
    if en:
        console.print(
            f"[bold]{s['documents']} document(s):[/bold] [red]{s['errors']} error(s)[/red], [yellow]{s['warnings']} warning(s)[/yellow], [cyan]{s['infos']} info[/cyan]"
        )
    else:
        console.print(
            f"[bold]共 {s['documents']} 份报告：[/bold][red]错误 {s['errors']}[/red]，[yellow]警告 {s['warnings']}[/yellow]，[cyan]提示 {s['infos']}[/cyan]"
        )
    return buf.getvalue()
