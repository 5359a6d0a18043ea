"""The issuing agency of a report: the names its title, archive fields, preamble, table caption
and signature give, in order of authority. The patterns are in rules/vocabulary/metadata.yaml."""

from __future__ import annotations

import re

from checker.model.document import Document
from checker.parse.literals import finditer_near
from checker.spec.metadata import MetaConfig, meta_config

# The preamble that names the agency ("由某某局编制") is the first paragraph; archive pages put
# navigation and a metadata table before it, which this window allows for.
PREAMBLE_WINDOW = 4000
# The signature block: the last few non-empty lines in the last characters of the text, each
# short (an agency name, a date), none a sentence.
SIGNATURE_AGENCY_WINDOW = 600
SIGNATURE_LINES = 4
SIGNATURE_LINE_MAX = 30
# Title lines (a year, 报告) are looked for up to the first section, or in this many characters.
TITLE_LINES_WINDOW = 3000

_SPACES = re.compile(r"\s+")
_TITLE_YEAR = re.compile(r"\d{4}年度?")
_TITLE_TOPIC = re.compile(r"政府信息公开|信息公开|政务公开")
_LATIN_PREFIX = re.compile(r"^.*[^\u4e00-\u9fff]")
_YEAR_IN_LINE = re.compile(r"\d{4}\s*年")
_MARKUP = "#>*_ "
_CLAUSE_MARK = re.compile(r"[。，,、；;！？!?]")


def clean_agency(name: str, cfg: MetaConfig) -> str | None:
    """A candidate as an agency name, or None when it does not read as one."""
    name = _SPACES.sub("", name)
    if re.search(r"[A-Za-z|]", name):
        # page chrome, a table cell or a mirror's spam glued before the name ("支持IPv6某市…局",
        # "标题|某街道办事处", "xxbet官网@:某镇")
        name = _LATIN_PREFIX.sub("", name)
    name = re.sub(r"^(关于|中共)", "", name)
    name = name.strip('“”"《》:：,，#*_>')
    suffix = cfg.suffix.search(name)
    if len(name) < 2 or not suffix or re.search(r"\d", name) or cfg.not_name.search(name):
        return None
    if suffix.start() == 0:
        return None  # a kind of body alone (办公厅, 镇), with no name before it
    return name


def _through_government(text: str, end: int) -> int:
    """The end of a name cut before 政府信息公开 inside 人民政府信息公开 (某镇人民|政府信息公开):
    a name does not end in 人民, it takes the 政府 back."""
    return end + 2 if text[:end].endswith("人民") and text.startswith("政府", end) else end


def agency_from_title(title: str, cfg: MetaConfig) -> str | None:
    """The agency a title names: before the year (某某局2023年度…), or between the year and the
    topic (2023年某某局政府信息公开…), or before the topic when there is no year."""
    t = _SPACES.sub("", title)
    m = _TITLE_YEAR.search(t)
    candidates = []
    if m:
        candidates.append(t[: m.start()])
        rest = t[m.end() :]
        cut = _TITLE_TOPIC.search(rest)
        if cut and cut.start() > 0:
            candidates.append(rest[: _through_government(rest, cut.start())])
    else:
        cut = _TITLE_TOPIC.search(t)
        if cut:
            candidates.append(t[: _through_government(t, cut.start())])
    for c in candidates:
        name = clean_agency(c, cfg)
        if name:
            return name
    return None


def agency_candidates(doc: Document, cfg: MetaConfig) -> list[tuple[str, str, int]]:
    """(name, source, offset) in order of authority: title, archive field, preamble, table
    caption, signature, the office to contact, a page field."""
    meta = doc.meta
    out: list[tuple[str, str, int]] = []
    name = agency_from_title(meta.title, cfg) if meta.title else None
    if name:
        out.append((name, "title", meta.title_span[0] if meta.title_span else 0))
    else:
        out += _title_line_agency(doc, cfg)
    if meta.archive.get("发布机构"):
        name = clean_agency(meta.archive["发布机构"], cfg)
        if name:
            out.append((name, "archive", 0))
    out += _preamble_agencies(doc, cfg)
    out += _caption_agency(doc, cfg)
    out += _signature_agencies(doc, cfg)
    out += _preamble_agencies(doc, cfg, cfg.contact, "contact")
    # a page field last: a site's "来源" may be the government that hosts a department's page
    out += _preamble_agencies(doc, cfg, (cfg.field,), "field")
    return out


def _title_line_agency(doc: Document, cfg: MetaConfig) -> list[tuple[str, str, int]]:
    """The agency of a title line with a year further down the opening, when the line taken for
    the title names none (page chrome such as "政府信息公开年报" reads as a title too)."""
    norm = doc.norm.text
    end = doc.sections[0].start if doc.sections else min(len(norm), TITLE_LINES_WINDOW)
    pos = 0
    for line in norm[:end].split("\n"):
        at, pos = pos, pos + len(line) + 1
        s = line.strip().strip(_MARKUP)
        if not _YEAR_IN_LINE.search(s) or not cfg.title_line.match(s) or cfg.not_title.search(s):
            continue
        name = agency_from_title(s, cfg)
        if name:
            return [(name, "title", at + line.find(s[:1]))]
    return []


def _preamble_agencies(
    doc: Document, cfg: MetaConfig, patterns: tuple[re.Pattern[str], ...] = (), source: str = "preamble"
) -> list[tuple[str, str, int]]:
    """The first name each preamble pattern finds."""
    flow = doc.flow.text
    preamble = flow[:PREAMBLE_WINDOW]
    out = []
    for pat in patterns or cfg.preamble:
        for m in finditer_near(pat, preamble):
            name = clean_agency(flow[m.start("name") : _through_government(flow, m.end("name"))], cfg)
            if name and not (source == "contact" and cfg.contact_other.search(name)):
                out.append((name, source, doc.flow_to_norm(m.start("name"))))
                break
    return out


def _caption_agency(doc: Document, cfg: MetaConfig) -> list[tuple[str, str, int]]:
    """The agency in the first statistics-table caption that names one."""
    for m in finditer_near(cfg.caption, doc.flow.text):
        name = clean_agency(m.group("name"), cfg)
        if name:
            return [(name, "caption", doc.flow_to_norm(m.start("name")))]
    return []


def _signature_agencies(doc: Document, cfg: MetaConfig) -> list[tuple[str, str, int]]:
    """The short lines of the signature block that read as agency names."""
    norm = doc.norm.text
    lines = [ln for ln in norm[-SIGNATURE_AGENCY_WINDOW:].split("\n") if ln.strip()][-SIGNATURE_LINES:]
    out = []
    for ln in lines:
        s = ln.strip()
        # a clause ("今年以来,我乡", the last words of a text cut off) is no name
        if len(s) <= SIGNATURE_LINE_MAX and not _CLAUSE_MARK.search(s) and not cfg.signature_date.match(s):
            name = clean_agency(s, cfg)
            if name:
                out.append((name, "signature", norm.rfind(s)))
    return out


def agency_kind(name: str | None) -> str:
    """'town', 'government', 'department' or 'unknown' (for the publication deadline)."""
    if not name:
        return "unknown"
    cfg = meta_config()
    if cfg.town.search(name):
        return "town"
    if cfg.government.search(name):
        return "government"
    return "department"
