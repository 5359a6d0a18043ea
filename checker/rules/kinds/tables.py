"""Kinds over the statistics tables read by checker/parse/tables/: presence (T101), rows (T102),
cells (T103, T104) and layout version (F101). The identities (T105, T106) are in
table_identities.py."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.model.tables import Cell, CellState, StatRow, StatTable
from checker.parse.tables.reader import approximate_rows
from checker.rules.kinds.base import Param, kind
from checker.rules.kinds.cut import cut_rows, required_unread, tables_beyond
from checker.rules.kinds.table_names import col_label, listing, row_label, table_name
from checker.spec.layouts import SLOT_NAMES, table_config

if TYPE_CHECKING:
    from checker.model.document import Document
    from checker.rules.context import Context
    from checker.rules.rule import Rule

READING_PROBLEMS = {
    "ambiguous": ("数字粘连，可有多种拆分", "digits run together and can be split in more than one way"),
    "no_reading": (
        "数字粘连，没有一种拆分能满足本表的恒等式",
        "digits run together and no split satisfies the table's identities",
    ),
    "too_many_readings": ("数字粘连，可能的拆分过多", "digits run together with too many possible splits"),
    "too_many": ("数值个数多于列数", "more values than columns"),
}

# Candidate readings quoted for one unread row, and unread rows quoted in one I101 message.
READINGS_QUOTED = 3
UNREAD_ROWS_QUOTED = 4


def _section_span(doc: Document, slot: str) -> tuple[int, int] | None:
    for s in doc.sections:
        if s.key == slot and s.heading:
            return s.start, s.end
    return None


@kind(
    "table_missing",
    params={"references_regex": Param(str, default=""), "attachment_regex": Param(str, default="")},
    messages=("default", "referenced"),
)
def check_table_missing(doc: Document, rule: Rule, ctx: Context) -> None:
    if doc.table_problem:
        ctx.cannot_judge(
            "read",
            f"读取统计表时出错：{doc.table_problem}",
            f"reading the statistics tables failed: {doc.table_problem}",
        )
        return
    found = {t.slot for t in doc.stat_tables}
    missing = required_unread(doc)
    beyond = tables_beyond(doc, missing)  # in a text that stops mid-way; S101's I101 names them
    for slot in missing:
        if slot not in beyond:
            _missing_table(doc, ctx, slot)
    pattern = rule.params["references_regex"]
    if pattern and "统计表" not in found and not table_config().required.get(doc.profile) and not doc.truncated:
        _referenced(doc, ctx, pattern, rule.params["attachment_regex"])


def _referenced(doc: Document, ctx: Context, pattern: str, attachment: str) -> None:
    """A 2007-profile text that names its 统计表 and has none. A reference to an attachment
    ("详见附件", "附件:…统计表.xls") is H105's: the defect is the attachment left out, and one
    code reports it."""
    text = doc.norm.text
    for m in re.finditer(pattern, text):
        start = max(text.rfind(c, 0, m.start()) for c in "。\n") + 1
        stop = min((i for i in (text.find(c, m.end()) for c in "。\n") if i >= 0), default=len(text))
        if attachment and re.search(attachment, text[start:stop]):
            continue
        ctx.report(at=m.start(), end=m.end(), key="reference", variant="referenced", text=m.group(0))
        return


def _missing_table(doc: Document, ctx: Context, slot: str) -> None:
    """A required table not read: not there (T101), or there but unreadable (I101)."""
    span = _section_span(doc, slot)
    if slot in doc.tables_announced or (span and any(span[0] <= r.start < span[1] for r in doc.tables)):
        ctx.cannot_judge(
            f"table:{slot}",
            f"有表格像是{SLOT_NAMES[slot]}，但未能读出其中任何一行",
            f"a table looks like table {slot} but none of its rows could be read",
        )
        return
    ctx.report(
        at=span[0] if span else 0,
        end=None,
        key=f"table:{slot}",
        table=SLOT_NAMES[slot],
        title=_required_title(doc.profile, slot),
    )


def _required_title(profile: str, slot: str) -> str:
    cfg = table_config()
    keys = cfg.profiles.get(profile, {}).get(slot, ())
    return cfg.layouts[keys[0]].title.split("（")[0] if keys else slot


@kind("table_rows", messages=("default", "short"))
def check_table_rows(doc: Document, rule: Rule, ctx: Context) -> None:
    for table in doc.stat_tables:
        if table.expected_layout and _layout_shown(doc, table):
            continue  # in another year's layout, as F101 says: its rows are not that layout's to miss
        beyond, cut = cut_rows(doc, table)  # in a text that stops inside it; S101's I101 names them
        missing = [k for k in table.missing if k not in beyond]
        unmatched = [k for k in missing if k in table.labelled]
        if unmatched:
            ctx.cannot_judge(
                f"{table.slot}:unmatched",
                f"{table_name(table)}中有“{'、'.join(row_label(table, k) for k in unmatched)}”的行标签，"
                "但未能把它读成一行（标签与相邻行连在一起，或没有数字），无法判断是否缺行",
                f"{table_name(table)} has the label of {len(unmatched)} row(s) but they could not be read as rows; "
                "whether rows are missing cannot be told",
            )
            missing = [k for k in missing if k not in unmatched]
        if missing:
            labels = [row_label(table, k) for k in missing]
            ctx.report(
                at=table.start,
                key=f"{table.slot}:missing",
                table=table_name(table),
                count=len(labels),
                rows=listing(labels),
                evidence={"rows": missing},
            )
        _note_approximate(table, ctx)
        for row in table.rows.values():
            if row.problem == "short" and row.key != cut:
                ctx.report(
                    at=row.start,
                    end=row.end,
                    key=f"{table.slot}:{row.key}:short",
                    variant="short",
                    table=table_name(table),
                    row=row_label(table, row.key),
                    expected=len(row.cells),
                    evidence={"row": row.key},
                )


def _note_approximate(table: StatTable, ctx: Context) -> None:
    """Rows found by a label with a typo: read, and said once (I101), never a missing row."""
    rows = approximate_rows(table, table_config().layouts[table.layout])
    if rows:
        pairs = [(r.text, row_label(table, r.key)) for r in rows]
        ctx.cannot_judge(
            f"{table.slot}:approximate",
            f"{table_name(table)}的行名与统一格式不同，按最接近的行读取："
            + "；".join(f"“{t}”读作“{c}”" for t, c in pairs),
            f"{table_name(table)}: row labels unlike the unified form, read as the nearest row: "
            + "; ".join(f"'{t}' as '{c}'" for t, c in pairs),
            evidence={"rows": [r.key for r in rows]},
        )


@kind("table_cells", messages=("default", "negative", "decimal"))
def check_table_cells(doc: Document, rule: Rule, ctx: Context) -> None:
    for table in doc.stat_tables:
        unread = []
        for row in table.rows.values():
            if row.problem and row.problem != "short":
                unread.append(_unread(table, row))
                continue
            for cell in row.cells.values():
                if cell.state == CellState.INVALID:
                    _report_invalid(ctx, table, row, cell)
        if unread:
            quoted = unread[:UNREAD_ROWS_QUOTED]
            ctx.cannot_judge(
                f"{table.slot}:unread",
                f"{table_name(table)}有{len(unread)}行无法确定各单元格的值：" + "；".join(z for z, _ in quoted),
                f"{table_name(table)}: {len(unread)} row(s) could not be read: " + "; ".join(e for _, e in quoted),
                evidence={"rows": [z for z, _ in unread]},
            )


def _unread(table: StatTable, row: StatRow) -> tuple[str, str]:
    """Why a row's values could not be read, (zh, en), with the readings it might have."""
    zh, en = READING_PROBLEMS.get(row.problem or "", (row.problem, row.problem))
    readings = f"，可能的读法：{'；'.join(row.readings[:READINGS_QUOTED])}" if row.readings else ""
    return f"“{row_label(table, row.key)}”行“{row.raw}”{zh}{readings}", f"row '{row.key}' ({row.raw}): {en}"


def _report_invalid(ctx: Context, table: StatTable, row: StatRow, cell: Cell) -> None:
    """A cell that holds no valid count: a negative, a decimal, or not a number at all."""
    variant = "default"
    if cell.value is not None:
        variant = "negative" if cell.value < 0 else "decimal"
    ctx.report(
        at=cell.start,
        end=cell.end,
        key=f"{table.slot}:{row.key}:{cell.col}",
        variant=variant,
        table=table_name(table),
        row=row_label(table, row.key),
        column=col_label(table, row.key, cell.col),
        value=cell.raw,
        evidence={"row": row.key, "column": cell.col, "value": cell.raw},
    )


@kind("blank_cells")
def check_blank_cells(doc: Document, rule: Rule, ctx: Context) -> None:
    for table in doc.stat_tables:
        blanks = [
            (row, cell) for row in table.rows.values() for cell in row.cells.values() if cell.state == CellState.BLANK
        ]
        if not blanks:
            continue
        rows = list(dict.fromkeys(row_label(table, row.key) for row, _ in blanks))
        ctx.report(
            at=blanks[0][1].start,
            key=f"{table.slot}:blank",
            table=table_name(table),
            count=len(blanks),
            rows=listing(rows),
            evidence={"cells": [f"{r.key}:{c.col}" for r, c in blanks]},
        )


# F101 needs the layout shown by this many of its distinctive headers or rows in the table, or by
# another table of the report that shows the same year's layout that clearly: one row written
# the other year's way (a single （六）其他处理 row) is not another year's form.
MIN_LAYOUT_EVIDENCE = 2


def _evidence(doc: Document, table: StatTable) -> int:
    text = re.sub(r"\s+", "", doc.norm.text[table.start : table.end])
    return sum(1 for p in table_config().layouts[table.layout].detect if p.search(text))


def _layout_shown(doc: Document, table: StatTable) -> bool:
    cfg = table_config()
    fmt = cfg.layouts[table.layout].format
    return any(
        t.expected_layout and cfg.layouts[t.layout].format == fmt and _evidence(doc, t) >= MIN_LAYOUT_EVIDENCE
        for t in doc.stat_tables
    )


@kind("layout_version", messages=("default", "old_table"))
def check_layout_version(doc: Document, rule: Rule, ctx: Context) -> None:
    cfg = table_config()
    for table in doc.stat_tables:
        if table.slot == "统计表" and doc.profile != "2007":
            ctx.report(
                at=table.start, key="old-table", variant="old_table", year=doc.meta.year or "", profile=doc.profile
            )
            continue
        if table.expected_layout:
            used, own = cfg.layouts[table.layout], cfg.layouts[table.expected_layout]
            if not _layout_shown(doc, table):
                ctx.cannot_judge(
                    f"{table.slot}:layout",
                    f"{table_name(table)}只有一处写法与“{own.title}”不同而与“{used.title}”相同，"
                    "不足以认定采用了其他年度的格式，按后者读取",
                    f"{table_name(table)} differs from '{own.title}' in one place only, like '{used.title}': "
                    "not enough to say it follows another year's layout; read with the latter",
                    evidence={"used": used.key, "expected": own.key},
                )
                continue
            ctx.report(
                at=table.start,
                key=f"{table.slot}:layout",
                table=table_name(table),
                used=used.title,
                expected=own.title,
                year=doc.meta.year or "",
                evidence={"used": used.key, "expected": own.key},
            )
