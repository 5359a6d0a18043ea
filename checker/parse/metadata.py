"""Read a report's metadata: title, agency, statistics period, report year, dates.

Each is one step below, in the order ``read_metadata`` takes them (the year needs the title and
the period). The patterns are in rules/vocabulary/metadata.yaml (``checker.spec.metadata``);
the windows below say how far into the text each thing is looked for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from checker.model.document import Dated, Document, Metadata
from checker.parse.agency import agency_candidates
from checker.parse.numerals import date_number
from checker.spec.metadata import MetaConfig, meta_config

# -- windows: where in the text each thing stands ----------------------------------------------

# Without a heading found, the title is looked for in the opening characters of the text, among
# its first non-empty lines; a sentence (a line with 。) ends the search: the body has begun.
TITLE_WINDOW = 3000
TITLE_MAX_LINES = 8
# A title may be broken over two lines, the agency on the first; that line is short.
TITLE_PREFIX_MAX = 30
# The signature date is the last date of the report, within its last characters.
SIGNATURE_DATE_WINDOW = 400
# "统计期限为…": the range follows the phrase within a clause.
PERIOD_AFTER_PHRASE = 40
# Without the phrase, a range 1月1日至12月31日 in the opening of the text (preamble or the first
# section) is the period; later ranges are about other things (a campaign, a deadline).
PERIOD_FALLBACK_WINDOW = 5000
# Without a heading found, a page date (发布日期: 2022-01-20) is looked for in the page header.
PAGE_HEAD_WINDOW = 1500
# A year outside these bounds (exclusive) is a misreading, not a report year.
YEAR_BOUNDS = (1990, 2100)
# Statements of the agency's own work that give the year are looked for in the opening.
YEAR_BODY_WINDOW = 4000
# The sources of the year, most trusted first.
YEAR_SOURCES = ("title", "period", "body")

_SPACES = re.compile(r"\s+")
_MARKUP = "#>*_ "  # Markdown around a title line: '# 标题', '**标题**'
_ARCHIVE_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CLAUSE_END = re.compile(r"[。,，;；]")
_MENTION = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def read_metadata(doc: Document) -> Metadata:
    """Fill ``doc.meta`` from the text (and the archive fields the segmenter found)."""
    cfg = meta_config()
    meta = doc.meta
    found = find_title(doc, cfg)
    if found:
        meta.title, meta.title_span = found
    meta.agencies.extend(agency_candidates(doc, cfg))
    if meta.agencies:
        meta.agency, meta.agency_source = meta.agencies[0][0], meta.agencies[0][1]
    read_period(doc, cfg)
    read_year(doc, cfg)
    read_dates(doc, cfg)
    return meta


# -- title ---------------------------------------------------------------------------------------


def _strip_markup(line: str) -> str:
    return line.strip().lstrip(_MARKUP).rstrip("*_ ")


def find_title(doc: Document, cfg: MetaConfig) -> tuple[str, tuple[int, int]] | None:
    """The title and its span: the archive's 标题, else the first line that reads as a title
    among the opening lines (joined to the line before it when that one is its first part)."""
    if doc.meta.archive.get("标题"):
        return doc.meta.archive["标题"], (0, 0)
    text = doc.norm.text
    end = doc.sections[0].start if doc.sections else min(len(text), TITLE_WINDOW)
    pos = doc.root.start if doc.root else 0
    seen = 0
    prev: tuple[int, int] | None = None
    for line in text[pos:end].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        s = _strip_markup(line)
        if not s:
            continue
        seen += 1
        if seen > TITLE_MAX_LINES or "。" in s:
            break
        if cfg.title_line.match(s) and not cfg.not_title.search(s):
            start = a + len(line) - len(line.lstrip())
            return _joined(text, prev, s, b, cfg) or (s, (start, b))
        prev = (a, b)
    return None


def _joined(
    text: str, prev: tuple[int, int] | None, title: str, end: int, cfg: MetaConfig
) -> tuple[str, tuple[int, int]] | None:
    """The title with the line before it, when that line is its first part: short, not page
    furniture, not a title of its own."""
    if prev is None:
        return None
    raw = text[prev[0] : prev[1]]
    first = _strip_markup(raw)
    if len(first) > TITLE_PREFIX_MAX or cfg.not_title.search(first) or "报告" in first:
        return None
    return first + title, (prev[0] + len(raw) - len(raw.lstrip()), end)


# -- statistics period ---------------------------------------------------------------------------


def read_period(doc: Document, cfg: MetaConfig) -> None:
    """The period after the phrase 统计期限 (the phrase alone: stated, unreadable), else the
    first range from 1 January to December in the opening of the text."""
    meta = doc.meta
    flow = doc.flow.text
    garbled: tuple[int, int] | None = None
    for m in cfg.period_phrase.finditer(flow):
        meta.period_stated = True
        end = min(len(flow), m.end() + PERIOD_AFTER_PHRASE)
        r = _first_range(cfg, flow, m.end(), end)
        if r:
            _set_period(doc, meta, r)
            break
        if meta.period_span is None:
            meta.period_span = (doc.flow_to_norm(m.start()), doc.flow_to_norm(m.end()))
        if garbled is None:
            garbled = _garbled_range(cfg, flow, m.end(), end)
    if meta.period_start is not None:
        return
    head = flow[:PERIOD_FALLBACK_WINDOW]
    ranges = sorted((r for pat in cfg.date_ranges for r in pat.finditer(head)), key=lambda r: r.start())
    for r in ranges:
        if date_number(r.group("m1")) == 1 and date_number(r.group("d1")) == 1 and date_number(r.group("m2")) == 12:
            meta.period_stated = True
            _set_period(doc, meta, r)
            return
    if garbled:
        # A period whose digits ran together: stated, with wrong dates (M102 quotes it).
        meta.period_span = (doc.flow_to_norm(garbled[0]), doc.flow_to_norm(garbled[1]))
        meta.period_text = flow[garbled[0] : garbled[1]]


def _garbled_range(cfg: MetaConfig, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a period right after the phrase that no range pattern reads: from a start
    to an end (至 or a dash inside it, or ten digits and more run together)."""
    g = cfg.period_garbled.match(text, start, end)
    if not g:
        return None
    quoted = g.group("text")
    digits = sum(ch.isdigit() for ch in quoted)
    if digits >= 6 and (re.search(r"\d\D*(?:至|到|-|—|~|–)", quoted) or re.search(r"\d{10}", quoted)):
        return g.start("text"), g.end("text")
    return None


def _first_range(cfg: MetaConfig, text: str, start: int, end: int) -> re.Match[str] | None:
    found = [m for m in (pat.search(text, start, end) for pat in cfg.date_ranges) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _set_period(doc: Document, meta: Metadata, r: re.Match[str]) -> None:
    """The period a range states; a date that does not exist (2月30日) is marked, and the
    year's first or last day stands for it."""
    y1 = date_number(r.group("y1"))
    y2 = date_number(r.group("y2")) if r.group("y2") else y1
    meta.period_start = safe_date(y1, date_number(r.group("m1")), date_number(r.group("d1")))
    meta.period_end = safe_date(y2, date_number(r.group("m2")), date_number(r.group("d2")))
    meta.period_span = (doc.flow_to_norm(r.start()), doc.flow_to_norm(r.end()))
    meta.period_text = _SPACES.sub("", r.group(0))  # a number per line reads as one range
    if meta.period_start is None or meta.period_end is None:
        first, last = safe_date(y1, 1, 1), safe_date(y2, 12, 31)
        if first is None or last is None:  # a year no calendar has (0000年): stated, not read (M102 quotes it)
            meta.period_start = meta.period_end = None
            meta.period_text = r.group(0)
            return
        meta.period_start = meta.period_start or first
        meta.period_end = meta.period_end or last
        meta.period_text = r.group(0) + "（日期无效）"


# -- report year ---------------------------------------------------------------------------------


def read_year(doc: Document, cfg: MetaConfig) -> None:
    """The year each source states (title, period, body), and the report year: that of the most
    trusted source with a plausible year."""
    meta = doc.meta
    if meta.title:
        y = cfg.year_title.search(_SPACES.sub("", meta.title))
        if y:
            meta.years["title"] = (int(y.group(1)), meta.title_span[0] if meta.title_span else 0)
    if meta.period_start and meta.period_span:
        meta.years["period"] = (meta.period_start.year, meta.period_span[0])
    for pat in cfg.year_body:
        y = pat.search(doc.flow.text)
        if y:
            meta.years["body"] = (int(y.group(1)), doc.flow_to_norm(y.start(1)))
            break
    else:
        body = _year_of_statements(doc, cfg)
        if body:
            meta.years["body"] = body
    low, high = YEAR_BOUNDS
    for source in YEAR_SOURCES:
        if source in meta.years and low < meta.years[source][0] < high:
            meta.year, meta.year_source = meta.years[source][0], source
            break


def stated_years(doc: Document, cfg: MetaConfig) -> dict[int, int]:
    """The years the opening states of the agency's own work (year -> offset of the first), not
    counting a year's plans (2020年，我局将…)."""
    head = doc.flow.text[:YEAR_BODY_WINDOW]
    found: dict[int, int] = {}
    for pat in cfg.year_statement:
        for m in pat.finditer(head):
            clause = _CLAUSE_END.split(head[m.end() : m.end() + 30], maxsplit=1)[0]
            if cfg.year_forward.search(clause):
                continue
            y = int(m.group(1))
            found[y] = min(found.get(y, m.start(1)), m.start(1))
    return found


def _year_of_statements(doc: Document, cfg: MetaConfig) -> tuple[int, int] | None:
    """(year, offset) when every statement names one year and no other year is mentioned more
    often in the opening; None when they disagree or there are none (M103 says which)."""
    found = stated_years(doc, cfg)
    if len(found) != 1:
        return None
    ((year, at),) = found.items()
    mentions = Counter(int(y) for y in _MENTION.findall(doc.flow.text[:YEAR_BODY_WINDOW]))
    if any(n > mentions[year] for n in mentions.values()):
        return None
    return year, doc.flow_to_norm(at)


# -- dates ---------------------------------------------------------------------------------------


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def read_dates(doc: Document, cfg: MetaConfig) -> None:
    """The publication date (archive 发布时间, else a page date in the header, else the signature
    date) and the signature date (the last date line at the end)."""
    meta = doc.meta
    meta.published = _archive_date(meta) or _page_date(doc, cfg)
    meta.signature = _signature_date(doc, cfg)
    if meta.published is None and meta.signature is not None:
        meta.published = meta.signature


def stated_publication(doc: Document, cfg: MetaConfig) -> Dated | None:
    """The publication date the report states of itself (本报告于…前在…公布), if any."""
    m = cfg.published_statement.search(doc.flow.text)
    d = safe_date(*map(int, m.groups())) if m else None
    if m is None or d is None:
        return None
    return Dated(d, doc.flow_to_norm(m.start(1)), doc.flow_to_norm(m.end(3)), "statement")


def _archive_date(meta: Metadata) -> Dated | None:
    m = _ARCHIVE_DATE.match(meta.archive.get("发布时间", ""))
    d = safe_date(*map(int, m.groups())) if m else None
    return Dated(d, 0, 0, "archive") if d else None


def _page_date(doc: Document, cfg: MetaConfig) -> Dated | None:
    norm = doc.norm.text
    head = norm[: doc.sections[0].start] if doc.sections else norm[:PAGE_HEAD_WINDOW]
    m = cfg.page_date.search(head)
    d = safe_date(*map(int, m.groups())) if m else None
    return Dated(d, m.start(1), m.end(3), "page") if m and d else None


def _signature_date(doc: Document, cfg: MetaConfig) -> Dated | None:
    norm = doc.norm.text
    found = None
    for m in cfg.signature_date.finditer(norm, max(0, len(norm) - SIGNATURE_DATE_WINDOW)):
        d = safe_date(date_number(m.group(1)), date_number(m.group(2)), date_number(m.group(3)))
        if d:
            found = Dated(d, m.start(1), m.end(3), "signature")
    return found
