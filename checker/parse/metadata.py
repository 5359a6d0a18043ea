"""Read a report's metadata: title, agency, report year, statistics period, dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from checker.model.document import Dated, Document, Metadata
from checker.spec.loader import load_yaml
from checker.spec.resources import vocabulary_dir

_CN_YEAR = str.maketrans("〇零一二三四五六七八九○O", "0012345678900")


@dataclass(frozen=True)
class MetaConfig:
    title_line: re.Pattern
    not_title: re.Pattern
    date_ranges: tuple[re.Pattern, ...]
    period_phrase: re.Pattern
    year_title: re.Pattern
    year_body: tuple[re.Pattern, ...]
    page_date: re.Pattern
    signature_date: re.Pattern
    suffix: re.Pattern
    preamble: tuple[re.Pattern, ...]
    caption: re.Pattern
    town: re.Pattern
    government: re.Pattern


@cache
def meta_config() -> MetaConfig:
    d = load_yaml(vocabulary_dir() / "metadata.yaml")
    m = re.MULTILINE
    return MetaConfig(
        title_line=re.compile(d["title"]["line"]),
        not_title=re.compile(d["title"]["not_title"]),
        date_ranges=tuple(re.compile(p) for p in d["date_ranges"]),
        period_phrase=re.compile(d["period_phrase"]),
        year_title=re.compile(d["year"]["title"]),
        year_body=tuple(re.compile(p, m) for p in d["year"]["body"]),
        page_date=re.compile(d["published"]["page"], m),
        signature_date=re.compile(d["published"]["signature"], m),
        suffix=re.compile(d["agency"]["suffix"] + "$"),
        preamble=tuple(re.compile(p, m) for p in d["agency"]["preamble"]),
        caption=re.compile(d["agency"]["caption"]),
        town=re.compile(d["agency"]["town"]),
        government=re.compile(d["agency"]["government"]),
    )


def cn_int(text: str) -> int:
    text = text.translate(_CN_YEAR) if re.fullmatch(r"[〇零一二三四五六七八九○O\d]{4}", text) else text
    if text.isdigit():
        return int(text)
    from checker.parse.segment import cn_number

    return cn_number(text)


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _title(doc: Document, cfg: MetaConfig) -> tuple[str, tuple[int, int]] | None:
    if doc.meta.archive.get("标题"):
        return doc.meta.archive["标题"], (0, 0)
    text = doc.norm.text
    end = doc.sections[0].start if doc.sections else min(len(text), 3000)
    pos = doc.root.start if doc.root else 0
    seen = 0
    prev: tuple[int, int] | None = None
    for line in text[pos:end].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        s = line.strip().lstrip("#>*_ ").rstrip("*_ ")
        if not s:
            continue
        seen += 1
        if seen > 8 or "。" in s:
            break
        if cfg.title_line.match(s) and not cfg.not_title.search(s):
            start = a + len(line) - len(line.lstrip())
            if prev is not None:
                pa, pb = prev
                ptext = text[pa:pb].strip().lstrip("#>*_ ").rstrip("*_ ")
                if len(ptext) <= 30 and not cfg.not_title.search(ptext) and "报告" not in ptext:
                    return ptext + s, (pa + len(text[pa:pb]) - len(text[pa:pb].lstrip()), b)
            return s, (start, b)
        prev = (a, b)
    return None


def _clean_agency(name: str, cfg: MetaConfig) -> str | None:
    name = re.sub(r"\s+", "", name)
    name = re.sub(r"^(关于|中共)", "", name)
    name = name.strip('“”"《》:：,，#*_>')
    if len(name) < 2 or not cfg.suffix.search(name) or re.search(r"\d", name):
        return None
    return name


def _agency_from_title(title: str, cfg: MetaConfig) -> str | None:
    t = re.sub(r"\s+", "", title)
    m = re.search(r"\d{4}年度?", t)
    candidates = []
    if m:
        candidates.append(t[: m.start()])
        rest = t[m.end() :]
        cut = re.search(r"政府信息公开|信息公开|政务公开", rest)
        if cut and cut.start() > 0:
            candidates.append(rest[: cut.start()])
    else:
        cut = re.search(r"政府信息公开|信息公开|政务公开", t)
        if cut:
            candidates.append(t[: cut.start()])
    for c in candidates:
        name = _clean_agency(c, cfg)
        if name:
            return name
    return None


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


def read_metadata(doc: Document) -> Metadata:
    cfg = meta_config()
    meta = doc.meta
    flow = doc.flow.text
    norm = doc.norm.text

    found = _title(doc, cfg)
    if found:
        meta.title, meta.title_span = found

    # Agency candidates, in order of authority.
    if meta.title:
        name = _agency_from_title(meta.title, cfg)
        if name:
            meta.agencies.append((name, "title", meta.title_span[0] if meta.title_span else 0))
    if meta.archive.get("发布机构"):
        name = _clean_agency(meta.archive["发布机构"], cfg)
        if name:
            meta.agencies.append((name, "archive", 0))
    for pat in cfg.preamble:
        for m in pat.finditer(flow[:4000]):
            name = _clean_agency(m.group("name"), cfg)
            if name:
                meta.agencies.append((name, "preamble", doc.flow_to_norm(m.start("name"))))
                break
    for m in cfg.caption.finditer(flow):
        name = _clean_agency(m.group("name"), cfg)
        if name:
            meta.agencies.append((name, "caption", doc.flow_to_norm(m.start("name"))))
            break
    tail_lines = [ln for ln in norm[-600:].split("\n") if ln.strip()][-4:]
    for ln in tail_lines:
        s = ln.strip()
        if len(s) <= 30 and "。" not in s and not cfg.signature_date.match(s):
            name = _clean_agency(s, cfg)
            if name:
                meta.agencies.append((name, "signature", norm.rfind(s)))
    if meta.agencies:
        meta.agency, meta.agency_source = meta.agencies[0][0], meta.agencies[0][1]

    # Statistics period.
    for m in cfg.period_phrase.finditer(flow):
        meta.period_stated = True
        window_end = min(len(flow), m.end() + 40)
        r = _first_range(cfg, flow, m.end(), window_end)
        if r:
            _set_period(doc, meta, r)
            break
        if meta.period_span is None:
            meta.period_span = (doc.flow_to_norm(m.start()), doc.flow_to_norm(m.end()))
    if meta.period_start is None:
        ranges = sorted((r for pat in cfg.date_ranges for r in pat.finditer(flow[:5000])), key=lambda r: r.start())
        for r in ranges:
            if cn_int(r.group("m1")) == 1 and cn_int(r.group("d1")) == 1 and cn_int(r.group("m2")) == 12:
                meta.period_stated = True
                _set_period(doc, meta, r)
                break

    # Report year.
    if meta.title:
        y = cfg.year_title.search(re.sub(r"\s+", "", meta.title))
        if y:
            meta.years["title"] = (int(y.group(1)), meta.title_span[0] if meta.title_span else 0)
    if meta.period_start:
        meta.years["period"] = (meta.period_start.year, meta.period_span[0])
    for pat in cfg.year_body:
        y = pat.search(flow)
        if y:
            meta.years["body"] = (int(y.group(1)), doc.flow_to_norm(y.start(1)))
            break
    for source in ("title", "period", "body"):
        if source in meta.years and 1990 < meta.years[source][0] < 2100:
            meta.year, meta.year_source = meta.years[source][0], source
            break

    # Publication and signature dates.
    if meta.archive.get("发布时间"):
        m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", meta.archive["发布时间"])
        if m:
            d = safe_date(*map(int, m.groups()))
            if d:
                meta.published = Dated(d, 0, 0, "archive")
    head = norm[: doc.sections[0].start] if doc.sections else norm[:1500]
    m = cfg.page_date.search(head)
    if m and meta.published is None:
        d = safe_date(*map(int, m.groups()))
        if d:
            meta.published = Dated(d, m.start(1), m.end(3), "page")
    tail_start = max(0, len(norm) - 400)
    for m in cfg.signature_date.finditer(norm, tail_start):
        d = safe_date(cn_int(m.group(1)), cn_int(m.group(2)), cn_int(m.group(3)))
        if d:
            meta.signature = Dated(d, m.start(1), m.end(3), "signature")
    if meta.published is None and meta.signature is not None:
        meta.published = meta.signature
    return meta


def _first_range(cfg: MetaConfig, text: str, start: int, end: int) -> re.Match | None:
    found = [m for m in (pat.search(text, start, end) for pat in cfg.date_ranges) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _set_period(doc: Document, meta: Metadata, r: re.Match) -> None:
    y1 = cn_int(r.group("y1"))
    y2 = cn_int(r.group("y2")) if r.group("y2") else y1
    meta.period_start = safe_date(y1, cn_int(r.group("m1")), cn_int(r.group("d1")))
    meta.period_end = safe_date(y2, cn_int(r.group("m2")), cn_int(r.group("d2")))
    meta.period_span = (doc.flow_to_norm(r.start()), doc.flow_to_norm(r.end()))
    meta.period_text = r.group(0)
    if meta.period_start is None or meta.period_end is None:
        meta.period_start = meta.period_start or dt.date(y1, 1, 1)
        meta.period_end = meta.period_end or dt.date(y2, 12, 31)
        meta.period_text = r.group(0) + "（日期无效）"
