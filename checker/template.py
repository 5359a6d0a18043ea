"""`xxgk init`: a blank report in a profile's exact structure, as Markdown or Word.

The sections come from rules/vocabulary/sections.yaml and the tables from rules/vocabulary/layouts.yaml,
so the template and the checker cannot disagree. Every place the author must fill holds a
placeholder that H104 (placeholder-left) reports until it is filled: 【此处填写：…】 in the text,
XX in a table cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from checker.errors import UsageError
from checker.spec.layouts import Layout, RowSpec, table_config
from checker.spec.loader import load_yaml
from checker.spec.resources import vocabulary_dir
from checker.spec.sections import structure_config

CELL = "XX"
SUFFIXES = (".md", ".docx")
NUMERALS = "一二三四五六七八九十"

# Header words of the official tables that are not row or column labels, so tables.yaml does
# not carry them.
T2_CONTENT = "信息内容"
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_ORGANISATIONS = "法人或其他组织"
T3_RESULTS = "三、本年度办理结果"
OLD_INDICATOR = "统计指标"

FORMAT_NOTICE = {
    "2021": "和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）",
    "2019": "和《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）",
    "2007": "",
}


def fill(what: str) -> str:
    return f"【此处填写：{what}】"


@dataclass
class Grid:
    """A table as rows of cell texts; merges are (top, left, bottom, right), inclusive, and the
    text of a merged range is in its top-left cell."""

    cells: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # title | heading | paragraph | table
    text: str = ""
    grid: Grid | None = None


# -- tables from the layouts -------------------------------------------------------------------


def _t2_grids(layout: Layout) -> list[Grid]:
    """Table 二 is one small table per article item, each under its caption."""
    raw = load_yaml(vocabulary_dir() / "layouts.yaml")["layouts"][layout.key]["blocks"]
    grids = []
    for block in raw:
        rows = [_row(layout, r["key"]) for r in block["rows"]]
        columns = rows[0].columns
        cells = [[block["caption"]] + [""] * len(columns), [T2_CONTENT, *(c.label for c in columns)]]
        cells += [[r.label, *([CELL] * len(columns))] for r in rows]
        grids.append(Grid(cells, [(0, 0, 0, len(columns))]))  # the caption spans the table
    return grids


def _row(layout: Layout, key: str) -> RowSpec:
    row = layout.row(key)
    if row is None:
        raise KeyError(f"layouts.yaml: block row {key} is not a row of {layout.key}")
    return row


def _t3_grid(layout: Layout) -> Grid:
    columns = layout.rows[0].columns
    width = 3 + len(columns)
    last = width - 1
    cells = [
        [T3_NOTE, "", "", T3_APPLICANTS] + [""] * (len(columns) - 1),
        ["", "", "", columns[0].label, T3_ORGANISATIONS] + [""] * (len(columns) - 3) + [columns[-1].label],
        ["", "", "", ""] + [c.label for c in columns[1:-1]] + [""],
    ]
    merges = [(0, 0, 2, 2), (0, 3, 0, last), (1, 3, 2, 3), (1, 4, 1, last - 1), (1, last, 2, last)]
    start = len(cells)
    body = [(bool(re.match(f"[{NUMERALS}]、", spec.label)), *spec.label.partition(" ")[::2]) for spec in layout.rows]
    for i, (top_level, group, item) in enumerate(body):
        r = start + i
        if top_level:
            cells.append([layout.rows[i].label, "", ""] + [CELL] * len(columns))
            merges.append((r, 0, r, 2))
            continue
        first_result = i == 0 or body[i - 1][0]
        first_of_group = first_result or body[i - 1][1] != group
        cells.append(
            [T3_RESULTS if first_result else "", group if first_of_group else "", item] + [CELL] * len(columns)
        )
        if not item:
            merges.append((r, 1, r, 2))
    # the results block, and each group of results with items, are one cell down the rows they head
    for column, key in (
        (0, lambda i: None if body[i][0] else T3_RESULTS),
        (1, lambda i: None if body[i][0] or not body[i][2] else body[i][1]),
    ):
        for value, group_rows in groupby(range(len(body)), key):
            run = list(group_rows)
            if value is not None and len(run) > 1:
                merges.append((start + run[0], column, start + run[-1], column))
    return Grid(cells, merges)


def _t4_grid(layout: Layout) -> Grid:
    """One data row under a three-level header: the kind of case, the route to court, the result."""
    columns = [c.label for c in layout.rows[0].columns]
    n = len(columns)
    tops = [spec.label.partition("·") for spec in layout.rows]
    width = n * len(tops)
    cells = [[""] * width, [""] * width, columns * len(tops), [CELL] * width]
    merges = []
    i = 0
    while i < len(tops):
        j = i
        while j + 1 < len(tops) and tops[j + 1][0] == tops[i][0]:
            j += 1
        cells[0][i * n] = tops[i][0]
        if tops[i][2]:
            merges.append((0, i * n, 0, (j + 1) * n - 1))
            for k in range(i, j + 1):
                cells[1][k * n] = tops[k][2]
                merges.append((1, k * n, 1, (k + 1) * n - 1))
        else:
            merges.append((0, i * n, 1, (j + 1) * n - 1))
        i = j + 1
    return Grid(cells, merges)


def _old_grid(layout: Layout) -> Grid:
    columns = layout.rows[0].columns
    cells = [[OLD_INDICATOR, *(c.label for c in columns)]]
    cells += [[spec.label, *([CELL] * len(columns))] for spec in layout.rows]
    return Grid(cells)


def _grids(slot: str, layout: Layout) -> list[Grid]:
    if slot == "二":
        return _t2_grids(layout)
    if slot == "三":
        return [_t3_grid(layout)]
    if slot == "四":
        return [_t4_grid(layout)]
    return [_old_grid(layout)]


def _own_layout(profile: str, slot: str) -> Layout:
    return table_config().layouts[table_config().profiles[profile][slot][0]]


# -- the report --------------------------------------------------------------------------------


def blank_report(year: int, agency: str, profile: str) -> list[Block]:
    title = f"{agency}{year}年政府信息公开工作年度报告"
    preamble = (
        f"本报告由{agency}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）{FORMAT_NOTICE[profile]}要求编制。"
        f"本报告所列数据统计期限为{fill(f'统计期限，如{year}年1月1日至{year}年12月31日')}。"
        f"本报告电子版可在{fill('网站名称')}查阅或下载。如对本报告有疑问，请与{fill('联系部门及电话')}联系。"
    )
    blocks = [Block("title", title), Block("paragraph", preamble)]
    signature = [Block("paragraph", agency), Block("paragraph", fill(f"发布日期，如{year + 1}年1月20日"))]
    if profile == "2007":
        headings = ["概述"] + [
            re.sub(r"^（[一二三四五六七八九十]+）", "", item.item) for item in structure_config().items_2007
        ]
        for i, heading in enumerate(headings):
            blocks += [Block("heading", f"{NUMERALS[i]}、{heading}"), Block("paragraph", fill(heading))]
        blocks.append(Block("heading", f"附：{agency}{year}年政府信息公开情况统计表"))
        blocks += [Block("table", grid=g) for g in _grids("统计表", _own_layout(profile, "统计表"))]
        return blocks + signature
    slots = set(table_config().required[profile])
    for spec in structure_config().sections:
        blocks.append(Block("heading", f"{spec.key}、{spec.canonical}"))
        if spec.key in slots:
            blocks += [Block("table", grid=g) for g in _grids(spec.key, _own_layout(profile, spec.key))]
        else:
            blocks.append(Block("paragraph", fill(spec.canonical)))
    return blocks + signature


# -- rendering ---------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind == "table" and b.grid is not None:
            rows = b.grid.cells
            out.append("| " + " | ".join(map(_md_cell, rows[0])) + " |")
            out.append("|" + "---|" * len(rows[0]))
            out += ["| " + " | ".join(map(_md_cell, r)) + " |" for r in rows[1:]]
            out.append("")
        elif b.kind == "paragraph":
            out.append(b.text)
        else:
            if out and out[-1] != "":
                out.append("")
            out.append(b.text)
            if b.kind == "title":
                out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def to_docx(blocks: list[Block], path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for b in blocks:
        if b.kind == "title":
            document.add_heading(b.text, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "heading":
            document.add_heading(b.text, level=1)
        elif b.kind == "paragraph":
            document.add_paragraph(b.text)
        elif b.grid is not None:
            grid = b.grid
            table = document.add_table(rows=len(grid.cells), cols=len(grid.cells[0]))
            table.style = "Table Grid"
            for top, left, bottom, right in grid.merges:
                table.cell(top, left).merge(table.cell(bottom, right))
            covered = {
                (r, c)
                for top, left, bottom, right in grid.merges
                for r in range(top, bottom + 1)
                for c in range(left, right + 1)
                if (r, c) != (top, left)
            }
            for r, row in enumerate(grid.cells):
                for c, text in enumerate(row):
                    if (r, c) not in covered:
                        table.cell(r, c).text = text
            document.add_paragraph()
    document.save(str(path))


def write_template(path: Path, year: int, agency: str, profile: str, force: bool = False) -> None:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f"不支持的输出类型“{suffix or path.name}”：-o 须以 .md 或 .docx 结尾 / unsupported output type '{suffix or path.name}': -o must end in .md or .docx"
        )
    if path.exists() and not force:
        raise UsageError(f"文件已存在：{path}（加 --force 覆盖） / file exists: {path} (use --force to overwrite)")
    if not agency.strip():
        raise UsageError("--agency 不能为空 / --agency must not be empty")
    blocks = blank_report(year, agency.strip(), profile)
    try:
        if suffix == ".md":
            path.write_text(to_markdown(blocks), encoding="utf-8")
        else:
            to_docx(blocks, path)
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{exc.strerror} / cannot write {path}: {exc.strerror}") from exc
