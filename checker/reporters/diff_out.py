"""`xxgk diff` rendered: text (rich, for a terminal), json (for programs), html (one
self-contained page, the two reports side by side).

JSON (schema 1):
    {"tool": "xxgk", "version": …, "schema": 1, "kind": "diff",
     "old": {path, agency, year, profile}, "new": {…},
     "summary": {sections_changed, paragraphs_changed, paragraphs_added, paragraphs_removed,
                 cells_changed, numbers_changed},
     "sections": [{key, label, status: same|changed|added|removed, changed}],
     "paragraphs": [{section, change: changed|added|removed, similarity,
                     old: {line, source, text} | null, new: … | null}],
     "cells": [{table, name, row, row_label, column, column_label,
                old: {value, state, raw, line} | null, new: … | null}],
     "numbers": [{section, context, old, new, old_line, new_line}]}
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import asdict
from difflib import SequenceMatcher
from html import escape
from typing import Any

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.table import Table

from checker import __version__
from checker.diff import CellChange, DocumentDiff, Paragraph, Side, cell_dict

STATUS = {
    "zh": {"same": "未变", "changed": "有改动", "added": "新增", "removed": "删去"},
    "en": {"same": "same", "changed": "changed", "added": "added", "removed": "removed"},
}
L = {
    "zh": {
        "title": "两份报告的差异",
        "old": "旧",
        "new": "新",
        "sections": "部分",
        "paragraphs": "段落",
        "cells": "统计表中不同的单元格",
        "numbers": "正文中改变的数字",
        "table": "表",
        "row": "行",
        "column": "列",
        "none": "无",
        "identical": "两份报告的正文和统计表相同",
        "summary": "部分改动 {sections_changed}，段落改动 {paragraphs_changed}、新增 {paragraphs_added}、删去 {paragraphs_removed}，单元格不同 {cells_changed}，数字改变 {numbers_changed}",
        "line": "第{n}行",
        "similarity": "相似度",
        "absent": "（无）",
    },
    "en": {
        "title": "Differences between two reports",
        "old": "old",
        "new": "new",
        "sections": "sections",
        "paragraphs": "paragraphs",
        "cells": "table cells that differ",
        "numbers": "numbers of the text that changed",
        "table": "table",
        "row": "row",
        "column": "column",
        "none": "none",
        "identical": "the two reports have the same text and tables",
        "summary": "sections changed {sections_changed}; paragraphs changed {paragraphs_changed}, added {paragraphs_added}, removed {paragraphs_removed}; cells differing {cells_changed}; numbers changed {numbers_changed}",
        "line": "line {n}",
        "similarity": "similarity",
        "absent": "(none)",
    },
}


# How a changed stretch is marked: an escaping function, then the old side's and the new side's brackets.
Marks = tuple[Callable[[str], str], tuple[str, str], tuple[str, str]]
_HTML_MARKS: Marks = (escape, ("<del>", "</del>"), ("<ins>", "</ins>"))
_RICH_MARKS: Marks = (rich_escape, ("[bold red strike]", "[/]"), ("[bold green underline]", "[/]"))


def _inline(old: str, new: str, marks: Marks = _HTML_MARKS) -> tuple[str, str]:
    """Both paragraphs escaped, what differs marked: deleted in the old, inserted in the new."""
    esc, (del_open, del_close), (ins_open, ins_close) = marks
    a, b = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        x, y = esc(old[i1:i2]), esc(new[j1:j2])
        if tag == "equal":
            a.append(x)
            b.append(y)
        else:
            if x:
                a.append(f"{del_open}{x}{del_close}")
            if y:
                b.append(f"{ins_open}{y}{ins_close}")
    return "".join(a), "".join(b)


def _labels(lang: str) -> dict[str, str]:
    return L["en" if lang == "en" else "zh"]


def as_json(diff: DocumentDiff) -> dict[str, Any]:
    def paragraph(p: Paragraph | None) -> dict[str, Any] | None:
        return {"line": p.line, "source": p.source, "text": p.text} if p else None

    return {
        "tool": "xxgk",
        "version": __version__,
        "schema": 1,
        "kind": "diff",
        "old": asdict(diff.old),
        "new": asdict(diff.new),
        "summary": diff.summary(),
        "sections": [asdict(s) for s in diff.sections],
        "paragraphs": [
            {
                "section": p.section,
                "change": p.change,
                "similarity": p.similarity,
                "old": paragraph(p.old),
                "new": paragraph(p.new),
            }
            for p in diff.paragraphs
        ],
        "cells": [
            {
                "table": c.table,
                "name": c.name,
                "row": c.row,
                "row_label": c.row_label,
                "column": c.column,
                "column_label": c.column_label,
                "old": cell_dict(c.old),
                "new": cell_dict(c.new),
            }
            for c in diff.cells
        ],
        "numbers": [asdict(n) for n in diff.numbers],
    }


def render_json(diff: DocumentDiff, lang: str) -> str:
    return json.dumps(as_json(diff), ensure_ascii=False, indent=2) + "\n"


def _value(cell: Any, absent: str) -> str:
    if cell is None:
        return absent
    if cell.value is not None:
        return str(cell.value)
    return cell.raw or cell.state


def _where(p: Paragraph, t: dict[str, str]) -> str:
    return p.source or t["line"].format(n=p.line)


def _side_line(side: Side) -> str:
    return " · ".join(str(x) for x in (side.path, side.agency, side.year) if x)


def render_text(diff: DocumentDiff, lang: str, color: bool = False) -> str:
    t = _labels(lang)
    status = STATUS["en" if lang == "en" else "zh"]
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, color_system="auto" if color else None, width=110, highlight=False
    )
    console.print(f"[bold red]--- {t['old']}[/] {rich_escape(_side_line(diff.old))}")
    console.print(f"[bold green]+++ {t['new']}[/] {rich_escape(_side_line(diff.new))}")
    console.print(t["summary"].format(**diff.summary()))
    if diff.identical:
        console.print(f"[green]{t['identical']}[/]")
        return buffer.getvalue()
    console.print(f"\n[bold]{t['sections']}[/]")
    for s in diff.sections:
        style = {"same": "dim", "changed": "yellow", "added": "green", "removed": "red"}[s.status]
        count = f" ({s.changed})" if s.changed and s.status == "changed" else ""
        console.print(f"  [{style}]{status[s.status]}[/] {rich_escape(s.label)}{count}")
    current = None
    for p in diff.paragraphs:
        if p.section != current:
            current = p.section
            console.print(f"\n[bold]{t['paragraphs']} · {rich_escape(p.section)}[/]")
        if p.old and p.new:  # what changed marked inside the line, as the html does
            old_marked, new_marked = _inline(p.old.text, p.new.text, _RICH_MARKS)
            console.print(f"[red]-[/] {_where(p.old, t)}: {old_marked}")
            console.print(f"[green]+[/] {_where(p.new, t)}: {new_marked}")
        elif p.old:
            console.print(f"[red]- {_where(p.old, t)}: {rich_escape(p.old.text)}[/]")
        elif p.new:
            console.print(f"[green]+ {_where(p.new, t)}: {rich_escape(p.new.text)}[/]")
    if diff.cells:
        table = Table(title=t["cells"], title_justify="left", show_lines=False)
        for head in (t["table"], t["row"], t["column"], t["old"], t["new"]):
            table.add_column(head)
        for c in diff.cells:
            table.add_row(c.name, c.row_label, c.column_label, _value(c.old, t["absent"]), _value(c.new, t["absent"]))
        console.print()
        console.print(table)
    if diff.numbers:
        console.print(f"\n[bold]{t['numbers']}[/]")
        for n in diff.numbers:
            console.print(f"  {rich_escape(n.section)} …{rich_escape(n.context)} [red]{n.old}[/] → [green]{n.new}[/]")
    return buffer.getvalue()


# -- html ---------------------------------------------------------------------------------------

STYLE = """
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222;line-height:1.5}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-top:2px solid #ccc;padding-top:.5em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:.25em .5em;vertical-align:top}th{background:#f4f4f4;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.ln{color:#888;font-size:.85em}
table.side td{width:50%;word-break:break-all}
del{background:#ffd7d5;text-decoration:line-through}ins{background:#ccf5d2;text-decoration:none}
.same{color:#888}.changed{color:#8a5a00}.added{color:#1b7a2e}.removed{color:#b00020}
"""


def _paragraph_cell(p: Paragraph | None, body: str, t: dict[str, str]) -> str:
    if p is None:
        return "<td></td>"
    return f'<td><span class="ln">{escape(_where(p, t))}</span> {body}</td>'


def _cell_row(c: CellChange, t: dict[str, str]) -> str:
    return (
        f"<tr><td>{escape(c.name)}</td><td>{escape(c.row_label)}</td><td>{escape(c.column_label)}</td>"
        f'<td class="n">{escape(_value(c.old, t["absent"]))}</td><td class="n">{escape(_value(c.new, t["absent"]))}</td></tr>'
    )


def render_html(diff: DocumentDiff, lang: str) -> str:
    t = _labels(lang)
    status = STATUS["en" if lang == "en" else "zh"]
    parts = [
        f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        f"<title>xxgk diff · {escape(t['title'])}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(t['title'])}</h1>",
        f'<p><span class="removed">{t["old"]}</span>：{escape(_side_line(diff.old))}<br>'
        f'<span class="added">{t["new"]}</span>：{escape(_side_line(diff.new))}</p>',
        f'<p class="summary">{escape(t["summary"].format(**diff.summary()))}</p>',
    ]
    if diff.identical:
        parts.append(f"<p>{escape(t['identical'])}</p>")
    rows = "".join(
        f'<tr><td>{escape(s.label)}</td><td class="{s.status}">{status[s.status]}</td><td class="n">{s.changed or ""}</td></tr>'
        for s in diff.sections
    )
    parts.append(f'<h2>{t["sections"]}</h2><table class="sections"><tbody>{rows}</tbody></table>')
    if diff.paragraphs:
        parts.append(
            f'<h2>{t["paragraphs"]}</h2><table class="side"><thead><tr><th>{t["old"]}</th><th>{t["new"]}</th></tr></thead><tbody>'
        )
        current = None
        for p in diff.paragraphs:
            if p.section != current:
                current = p.section
                parts.append(f'<tr><th colspan="2">{escape(p.section)}</th></tr>')
            old_html, new_html = _inline(p.old.text if p.old else "", p.new.text if p.new else "")
            parts.append(
                f'<tr class="{p.change}">{_paragraph_cell(p.old, old_html, t)}{_paragraph_cell(p.new, new_html, t)}</tr>'
            )
        parts.append("</tbody></table>")
    head = "".join(f"<th>{t[k]}</th>" for k in ("table", "row", "column", "old", "new"))
    cells = "".join(_cell_row(c, t) for c in diff.cells) or f'<tr><td colspan="5">{t["none"]}</td></tr>'
    parts.append(
        f'<h2>{t["cells"]}</h2><table class="cells"><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>'
    )
    numbers = (
        "".join(
            f'<tr><td>{escape(n.section)}</td><td>…{escape(n.context)}</td><td class="n"><del>{escape(n.old)}</del></td><td class="n"><ins>{escape(n.new)}</ins></td></tr>'
            for n in diff.numbers
        )
        or f'<tr><td colspan="4">{t["none"]}</td></tr>'
    )
    parts.append(f'<h2>{t["numbers"]}</h2><table class="numbers"><tbody>{numbers}</tbody></table>')
    parts.append("</body></html>\n")
    return "\n".join(parts)
