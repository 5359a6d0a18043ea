"""What lies beyond the cut of a text that stops mid-way (Document.truncated): the sections after
the last one present, the tables of those sections and of the section the text stops in, the rows
of a table the text stops in. Those parts are not missing from the report, they are missing from
the text: the structure and table kinds leave them to the one I101 that says the text looks cut
(reported by S101's kind), and still report what is missing before the cut."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.parse.truncation import ends_signed, rows_beyond
from checker.spec.layouts import SLOT_NAMES, table_config
from checker.spec.sections import compact, structure_config

if TYPE_CHECKING:
    from checker.model.document import Document, Heading, Section
    from checker.model.tables import StatTable

TAIL_QUOTED = 20  # the words quoted where the text begins
REASONS = {
    "sentence": ("句子没有写完", "a sentence is left unfinished"),
    "heading": ("停在一个标题上，其下没有正文", "it stops on a heading with no text under it"),
    "table": ("停在统计表中间", "it stops inside a statistics table"),
    "opening": (
        "停在第一部分“总体情况”中，其后没有落款，也还没有统计表",
        "it stops, unsigned, inside the first section, before any table",
    ),
}


def is_cut(doc: Document, section: Section) -> bool:
    """The heading the text stops on: cut, maybe mid-word, so not a heading of the report."""
    t = doc.truncated
    return t is not None and section.heading is not None and section.heading.start == t.heading


def unified(doc: Document) -> dict[str, tuple[Section, Heading]]:
    """The recognised unified sections (a key is only given to a heading), first occurrence of each key."""
    found: dict[str, tuple[Section, Heading]] = {}
    for s in doc.sections or (doc.root.children if doc.root else []):
        if s.key and s.heading and s.key not in found and not is_cut(doc, s):
            found[s.key] = (s, s.heading)
    return found


def sections_beyond(doc: Document) -> list[str]:
    """The unified sections missing from a cut text after the last one the text reached: the last
    heading present, or the last statistics table begun (table 三 stands in section 三)."""
    if not end_unknown(doc) or doc.profile == "2007":
        return []
    keys = [spec.key for spec in structure_config().sections]
    present = unified(doc)
    reached = set(present) | ({t.slot for t in doc.stat_tables} | doc.tables_announced) & set(keys)
    return beyond_last(keys, reached)


# What a report's opening says of itself: a preamble cites the regulation or names the report
# (not "公开年报" among the categories of information disclosed).
_PREAMBLE = re.compile(r"条例|本(?:年度)?(?:报告|年报)|年度报告")


def sections_before(doc: Document) -> list[str]:
    """The unified sections missing from a text that begins mid-way (a page of a paged copy, an
    excerpt): it has no title, no preamble before its first heading, and that heading is a later
    section ("四、…"). The sections numbered before it are then before the start of the text, not
    missing from the report. A text with its title or preamble begins where the report begins."""
    begun = begun_at(doc)
    if doc.profile == "2007" or begun is None:
        return []
    keys = [spec.key for spec in structure_config().sections]
    present = unified(doc)
    return [k for k in keys[: begun - 1] if k not in present]


def begun_at(doc: Document) -> int | None:
    """The number of the first top-level heading of a text that begins mid-way (no title, no
    preamble before that heading, numbered after 一), in any format; None for a text that begins
    where a report begins."""
    if doc.meta.title:
        return None
    tops = [s for s in doc.sections if s.heading is not None]
    if not tops or tops[0].heading is None or tops[0].heading.number <= 1:
        return None
    if _PREAMBLE.search(compact(doc.norm.text[: tops[0].start])):
        return None
    return tops[0].heading.number


def beginning_reason(doc: Document, before: list[str]) -> tuple[str, str]:
    """The I101 reason for a text that begins mid-way: where it begins, what could not be checked
    (the unified sections' keys, or the names of the 2007 format's items)."""
    head = compact(doc.norm.text.lstrip().split("\n", 1)[0])[:TAIL_QUOTED]
    if doc.profile == "2007":  # the 第三十二条 items, named
        zh, en = "、".join(before), f"{len(before)} item(s) of art. 32"
    else:
        tables = [s for s in table_config().required.get(doc.profile, ()) if s in before]
        zh = "、".join(before) + "部分" + ("；" + "、".join(SLOT_NAMES[s] for s in tables) if tables else "")
        en = "sections " + ", ".join(before) + ("; tables " + ", ".join(tables) if tables else "")
    return (
        f"文本从“{head}”开始，没有标题和前言，第一个标题已是后面的部分，像是从中途开始的副本；开始之前的部分无法检查：{zh}",
        f"the text begins at '{head}', without title or preamble, its first heading a later section, and "
        f"looks like a copy begun mid-way; the parts before its start could not be checked: {en}",
    )


def end_unknown(doc: Document) -> bool:
    """Whether the text may stop before the report does: it looks cut at its end, or it is a
    fragment that begins mid-way (a copy of part of a page), whose end says nothing either."""
    return doc.truncated is not None or (begun_at(doc) is not None and not ends_signed(doc))


def beyond_last(order: list[str], reached: set[str]) -> list[str]:
    """The keys after the last one reached, in order."""
    last = max((order.index(k) for k in reached), default=-1)
    return [k for k in order[last + 1 :] if k not in reached]


def cut_section(doc: Document) -> str | None:
    """The unified section the text stops in: None when it stops on a heading of its own."""
    t = doc.truncated
    if t is None:
        return None
    tops = doc.sections or (doc.root.children if doc.root else [])
    inside = [s for s in tops if s.heading and s.start <= t.at]
    if not inside or is_cut(doc, inside[-1]):
        return None
    return inside[-1].key


def tables_beyond(doc: Document, missing: list[str]) -> list[str]:
    """Of the required tables not read, those whose place is outside the text: in a section after
    the cut or later in the section the text stops in, or in a section before the start of a text
    that begins mid-way."""
    before = set(sections_before(doc))
    return [slot for slot in missing if slot in before or slot in _tables_after_cut(doc, missing)]


def _tables_after_cut(doc: Document, missing: list[str]) -> list[str]:
    if not end_unknown(doc):
        return []
    later = set(sections_beyond(doc)) | {cut_section(doc)}
    return [slot for slot in missing if slot in later]


def table_at_cut(doc: Document) -> StatTable | None:
    """The statistics table the text stops in."""
    t = doc.truncated
    if t is None or t.table is None:
        return None
    region = next((r for r in doc.tables if r.start == t.table), None)
    if region is None:
        return None
    inside = [s for s in doc.stat_tables if s.start <= region.end and s.end >= region.start]
    return max(inside, key=lambda s: s.start) if inside else None


def cut_rows(doc: Document, table: StatTable) -> tuple[list[str], str | None]:
    """The rows of the table the text stops in that come after the cut, and the row the cut
    falls in (its values cut short), if any."""
    if table is not table_at_cut(doc):
        return [], None
    rows = sorted(table.rows.values(), key=lambda r: r.start)
    short = rows[-1].key if rows and rows[-1].problem == "short" else None
    return rows_beyond(table), short


def later_parts(doc: Document, items: list[str]) -> tuple[str, str]:
    """The parts beyond the cut, in words (zh, en): sections or 2007 items, tables, table rows."""
    zh: list[str] = []
    en: list[str] = []
    sections = sections_beyond(doc)
    if sections:
        zh.append("、".join(sections) + "部分")
        en.append("sections " + ", ".join(sections))
    if items:
        zh.append("、".join(items))
        en.append(f"{len(items)} item(s) of art. 32")
    tables = _tables_after_cut(doc, required_unread(doc))
    if tables:
        zh.append("、".join(SLOT_NAMES[s] for s in tables))
        en.append("tables " + ", ".join(tables))
    at_cut = table_at_cut(doc)
    if at_cut is not None:
        rows, short = cut_rows(doc, at_cut)
        count = len(rows) + (short is not None)
        if count:
            zh.append(f"{SLOT_NAMES[at_cut.slot]}中断处及其后的{count}行")
            en.append(f"{count} row(s) of table {at_cut.slot} from the cut on")
    if not zh:
        return "其后的内容（如落款）", "what follows it (such as the signature)"
    return "；".join(zh), "; ".join(en)


def truncation_reason(doc: Document, items: list[str]) -> tuple[str, str] | None:
    """The I101 reason for a cut text: where it stops, why it looks cut, what could not be checked."""
    t = doc.truncated
    if t is None:
        return _fragment_reason(doc, items) if end_unknown(doc) else None
    why_zh, why_en = REASONS[t.reason]
    parts_zh, parts_en = later_parts(doc, items)
    return (
        f"文本在“{t.tail}”处中断（{why_zh}），像是不完整的副本；中断之后的部分无法检查：{parts_zh}",
        f"the text stops at '{t.tail}' ({why_en}) and looks cut off; the parts after the cut could not be "
        f"checked: {parts_en}",
    )


def _fragment_reason(doc: Document, items: list[str]) -> tuple[str, str] | None:
    """The I101 reason for the end of a text that begins mid-way: the parts after the last one it
    reached may be beyond the fragment, as those before its first are."""
    if not items and not sections_beyond(doc) and not _tables_after_cut(doc, required_unread(doc)):
        return None
    parts_zh, parts_en = later_parts(doc, items)
    return (
        f"文本从中途开始（没有标题和前言），是报告的片段，其结尾之后是否还有内容无法判断；最后一个部分之后的内容无法检查：{parts_zh}",
        f"the text begins mid-way (no title or preamble) and is a fragment of a report; whether the report goes on "
        f"after its end cannot be told, and the parts after its last one could not be checked: {parts_en}",
    )


def required_unread(doc: Document) -> list[str]:
    """The tables the report's format requires that were not read."""
    read = {t.slot for t in doc.stat_tables}
    return [s for s in table_config().required.get(doc.profile, ()) if s not in read]
