"""The issuing agency of a report: the names its title, archive fields, preamble, table caption
and signature give, in order of authority. The patterns are in rules/vocabulary/metadata.yaml."""

from __future__ import annotations

import re

from checker.model.document import Document
from checker.spec.metadata import MetaConfig, meta_config

# The preamble that names the agency ("由某某局编制") is the first paragraph; archive pages put
# navigation and a metadata table before it, which this window allows for.
PREAMBLE_WINDOW = 4000
# The signature block: the last few non-empty lines in the last characters of the text, each
# short (an agency name, a date), none a sentence.
SIGNATURE_AGENCY_WINDOW = 600
SIGNATURE_LINES = 4
SIGNATURE_LINE_MAX = 30

_SPACES = re.compile(r"\s+")
_TITLE_YEAR = re.compile(r"\d{4}年度?")
_TITLE_TOPIC = re.compile(r"政府信息公开|信息公开|政务公开")


def clean_agency(name: str, cfg: MetaConfig) -> str | None:
    """A candidate as an agency name, or None when it does not read as one."""
    name = _SPACES.sub("", name)
    name = re.sub(r"^(关于|中共)", "", name)
    name = name.strip('“”"《》:：,，#*_>')
    if len(name) < 2 or not cfg.suffix.search(name) or re.search(r"\d", name):
        return None
    return name


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
            candidates.append(rest[: cut.start()])
    else:
        cut = _TITLE_TOPIC.search(t)
        if cut:
            candidates.append(t[: cut.start()])
    for c in candidates:
        name = clean_agency(c, cfg)
        if name:
            return name
    return None


def agency_candidates(doc: Document, cfg: MetaConfig) -> list[tuple[str, str, int]]:
    """(name, source, offset) in order of authority: title, archive field, preamble, table
    caption, signature."""
    meta = doc.meta
    out: list[tuple[str, str, int]] = []
    if meta.title:
        name = agency_from_title(meta.title, cfg)
        if name:
            out.append((name, "title", meta.title_span[0] if meta.title_span else 0))
    if meta.archive.get("发布机构"):
        name = clean_agency(meta.archive["发布机构"], cfg)
        if name:
            out.append((name, "archive", 0))
    out += _preamble_agencies(doc, cfg)
    out += _caption_agency(doc, cfg)
    out += _signature_agencies(doc, cfg)
    return out


def _preamble_agencies(doc: Document, cfg: MetaConfig) -> list[tuple[str, str, int]]:
    """The first name each preamble pattern finds."""
    flow = doc.flow.text
    out = []
    for pat in cfg.preamble:
        for m in pat.finditer(flow[:PREAMBLE_WINDOW]):
            name = clean_agency(m.group("name"), cfg)
            if name:
                out.append((name, "preamble", doc.flow_to_norm(m.start("name"))))
                break
    return out


def _caption_agency(doc: Document, cfg: MetaConfig) -> list[tuple[str, str, int]]:
    """The agency in the first statistics-table caption that names one."""
    for m in cfg.caption.finditer(doc.flow.text):
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
        if len(s) <= SIGNATURE_LINE_MAX and "。" not in s and not cfg.signature_date.match(s):
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
