"""Kinds for metadata: statistics period, report year, dates, agency."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from checker.model.document import Document, Metadata
from checker.parse.agency import agency_kind
from checker.parse.metadata import stated_publication, stated_years
from checker.rules.kinds.base import Param, kind
from checker.spec.metadata import meta_config

if TYPE_CHECKING:
    from checker.rules.context import Context
    from checker.rules.rule import Rule


@kind("period_missing", messages=("default", "empty"))
def check_period_missing(doc: Document, rule: Rule, ctx: Context) -> None:
    meta = doc.meta
    if meta.period_start is not None or _garbled_period(meta):
        return  # read, or stated with wrong dates (M102)
    if meta.period_stated and meta.period_span:
        ctx.report(at=meta.period_span[0], end=meta.period_span[1], key="period", variant="empty")
    elif doc.truncated is not None and _numbered_parts(doc) < _PARTS_BEFORE_PERIOD_IS_MISSED:
        ctx.cannot_judge(
            "period-cut",
            "文本在第一部分中途中断，统计期限可能写在中断处之后",
            "the text stops within its first part; the statistics period may be stated beyond the cut",
        )
    else:
        ctx.report(key="period")


# The period is stated in the preamble or the overview: a cut text that reached a second numbered
# part without stating it has missed it; one cut before may state it further on.
_PARTS_BEFORE_PERIOD_IS_MISSED = 2


def _numbered_parts(doc: Document) -> int:
    return sum(1 for s in doc.sections if s.heading is not None and s.heading.level == 1)


def _period(meta: Metadata) -> tuple[dt.date, dt.date, tuple[int, int]] | None:
    """The statistics period read (start, end, span); the reader sets all three or none."""
    if meta.period_start is None or meta.period_end is None or meta.period_span is None:
        return None
    return meta.period_start, meta.period_end, meta.period_span


def _garbled_period(meta: Metadata) -> str | None:
    """The text of a period stated with dates no pattern reads (digits run together)."""
    if meta.period_start is None and meta.period_text and meta.period_span:
        return meta.period_text
    return None


@kind("period_range", messages=("default", "garbled"))
def check_period_range(doc: Document, rule: Rule, ctx: Context) -> None:
    meta = doc.meta
    garbled = _garbled_period(meta)
    if garbled and meta.period_span:
        ctx.report(
            at=meta.period_span[0],
            end=meta.period_span[1],
            key="period",
            variant="garbled",
            evidence={"stated": garbled},
            stated=garbled,
        )
        return
    period = _period(meta)
    if period is None or meta.year is None:
        return
    start, end, span = period
    want_start, want_end = dt.date(meta.year, 1, 1), dt.date(meta.year, 12, 31)
    if start.year != end.year == meta.year or start.year == end.year != meta.year:
        # a period of another year: M104 reports the contradiction between years
        if start.year != meta.year and end.year != meta.year:
            return
    if (start, end) != (want_start, want_end) or "日期无效" in (meta.period_text or ""):
        ctx.report(
            at=span[0],
            end=span[1],
            key="period",
            evidence={"stated": meta.period_text, "expected": f"{want_start}..{want_end}"},
            stated=meta.period_text,
            year=meta.year,
        )


@kind("report_year", messages=("default", "disagree"))
def check_report_year(doc: Document, rule: Rule, ctx: Context) -> None:
    meta = doc.meta
    if meta.year_source == "option":
        return
    if meta.year is None:
        stated = sorted(stated_years(doc, meta_config()))
        if len(stated) > 1:
            # statements of the agency's own work name more than one year: not guessed between
            years = "、".join(f"{y}年" for y in stated)
            ctx.report(key="year", variant="disagree", evidence={"years": stated}, years=years)
        else:
            ctx.report(key="year")


_GARBLED_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\1?\d{1,4}年(?!\d)")
_PLAN = re.compile(
    r"((?:19|20)\d{2})年(?:度)?(?:政府信息公开|政务公开)?(?:工作)?(?:思路|打算|计划|安排|重点工作|工作重点|工作要点)"
)


# The section that says what comes next ("五、存在的主要问题及改进情况", "下一步工作计划"), and a
# sentence in it planning for a year: the year, an optional subject, then 将/拟/力争 and a verb
# ("将政务公开纳入考核" uses 将 as a preposition: a past deed, not a plan).
_CLAUSE = re.compile(r"[^。，,;；:：\n]+")
_FORWARD_SECTION = re.compile(r"改进|下一步|计划|打算|思路|展望")
_PLAN_SENTENCE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})年度?[,，]?(?:[^\W\d将拟]{1,10}?)?(?:将|拟|力争)"
    r"(?:从|进一步|继续|重点|着力|持续|围绕|坚持|不断|切实|加大|加强|全面|深入|大力|强化|完善|做好|抓好|积极)"
)


@kind(
    "year_consistency",
    params={"plan_headings": Param(bool, default=True), "plan_sentences": Param(bool, default=True)},
    messages=("default", "garbled", "plan", "plan_sentence"),
)
def check_year_consistency(doc: Document, rule: Rule, ctx: Context) -> None:
    year = doc.meta.year
    if year is None:
        return
    _title_against_period(doc.meta, ctx)
    _garbled_years(doc, ctx)
    if rule.params["plan_headings"]:
        _plans_for_past_years(doc, year, ctx)
    if rule.params["plan_sentences"]:
        _plan_sentences_for_past_years(doc, year, ctx)


def _plan_sentences_for_past_years(doc: Document, year: int, ctx: Context) -> None:
    """In the section on what comes next, a plan for the report's year or an earlier one (2021年将
    从以下方面进行改进 in the 2021 report: last year's text left as it was). A section whose heading
    names the year is the heading's finding (plan_headings)."""
    norm = doc.norm.text
    for s in doc.all_sections():
        if not s.heading or not _FORWARD_SECTION.search(s.heading.title) or _PLAN.search(s.heading.title):
            continue
        end = s.children[0].start if s.children else s.end
        for m in _PLAN_SENTENCE.finditer(norm, s.body_start, end):
            if int(m.group(1)) > year:
                continue
            clause = _CLAUSE.match(norm, m.start(), min(end, m.start() + 40))
            quoted = clause.group(0) if clause else m.group(0)
            ctx.report(
                at=m.start(),
                end=m.start() + len(quoted),
                key=f"plan-sentence:{quoted}",
                variant="plan_sentence",
                evidence={"plan_year": int(m.group(1)), "report_year": year},
                text=quoted,
                plan_year=int(m.group(1)),
                year=year,
            )


def _title_against_period(meta: Metadata, ctx: Context) -> None:
    """The title's year and a period within one year that disagree."""
    title = meta.years.get("title")
    period_year = meta.years.get("period")
    period = _period(meta)
    if not (title and period_year and period and title[0] != period_year[0]):
        return
    start, end, span = period
    if start.year == end.year:
        ctx.report(
            at=span[0],
            end=span[1],
            key="title-vs-period",
            evidence={"title_year": title[0], "period_year": period_year[0]},
            title_year=title[0],
            period_year=period_year[0],
        )


def _garbled_years(doc: Document, ctx: Context) -> None:
    """A year with digits run into it (20212021年, 202112年)."""
    for m in _GARBLED_YEAR.finditer(doc.flow.text):
        if len(m.group(0)) - 1 > 4:
            ctx.report(
                flow_at=m.start(),
                flow_end=m.end(),
                key=f"garbled:{m.group(0)}",
                variant="garbled",
                evidence={"text": m.group(0)},
                text=m.group(0),
            )


def _plans_for_past_years(doc: Document, year: int, ctx: Context) -> None:
    """A heading that plans the work of the report's year or an earlier one (a template left as it was)."""
    for s in doc.all_sections():
        if not s.heading:
            continue
        p = _PLAN.search(s.heading.title)
        if p and int(p.group(1)) <= year and _is_forward(s.heading.title):
            ctx.report(
                at=s.start,
                end=s.heading.end,
                key=f"plan:{s.heading.title}",
                variant="plan",
                evidence={"heading_year": int(p.group(1)), "report_year": year},
                heading=s.label,
                plan_year=int(p.group(1)),
                year=year,
            )


def _is_forward(title: str) -> bool:
    """A plan for the future, not an account of how last plan went (…计划完成情况)."""
    if re.search(r"完成|落实|执行|进展|回顾|总结|情况", title):
        return False
    return bool(re.search(r"思路|打算|计划|安排", title))


@kind("deadline", params={"deadlines": Param(dict, required=True)})
def check_deadline(doc: Document, rule: Rule, ctx: Context) -> None:
    meta = doc.meta
    if meta.year is None:
        return  # M103 says the year is unknown
    if meta.published is None:
        ctx.cannot_judge(
            "published",
            "未找到发布日期（页面发布时间或落款日期），无法核对发布期限；可用 --published 指定",
            "no publication date (page date or signature) found, so the deadline was not checked; use --published",
        )
        return
    agency = agency_kind(meta.agency)
    table = rule.params["deadlines"].get(doc.profile, {})
    month_day = table.get(agency)
    if month_day is None:
        ctx.cannot_judge(
            "agency-kind",
            f"“{meta.agency}”的发布期限由地方规定（条例第四十九条未规定乡镇），未检查",
            f"the deadline for {meta.agency} is set locally (art. 49 does not cover townships); not checked",
        )
        return
    month, day = (int(x) for x in str(month_day).split("-"))
    deadline = dt.date(meta.year + 1, month, day)
    if meta.published.value > deadline:
        at = meta.published.start if meta.published.end > meta.published.start else None
        ctx.report(
            at=at,
            end=meta.published.end if at is not None else None,
            key="deadline",
            evidence={
                "published": str(meta.published.value),
                "deadline": str(deadline),
                "source": meta.published.source,
                "agency_kind": agency,
            },
            published=str(meta.published.value),
            deadline=str(deadline),
            source=_SOURCE_LABELS.get(
                meta.published.source, {"zh": meta.published.source, "en": meta.published.source}
            ),
        )


_SOURCE_LABELS = {
    "archive": {"zh": "页面发布时间", "en": "page publication time"},
    "page": {"zh": "页面日期", "en": "page date"},
    "signature": {"zh": "落款日期", "en": "signature date"},
    "statement": {"zh": "正文所写发布日期", "en": "publication date stated in the text"},
    "option": {"zh": "--published", "en": "--published"},
    "manifest": {"zh": "清单所列发布日期", "en": "publication date in the manifest"},
}


@kind("date_order")
def check_date_order(doc: Document, rule: Rule, ctx: Context) -> None:
    meta = doc.meta
    if meta.year is None:
        return
    period_end = meta.period_end or dt.date(meta.year, 12, 31)
    stated = stated_publication(doc, meta_config())
    for dated in {id(d): d for d in (meta.published, meta.signature, stated) if d is not None}.values():
        if dated.value < period_end:
            at = dated.start if dated.end > dated.start else None
            ctx.report(
                at=at,
                end=dated.end if at is not None else None,
                key=f"date:{dated.source}",
                evidence={"date": str(dated.value), "period_end": str(period_end)},
                date=str(dated.value),
                period_end=str(period_end),
            )


@kind("agency", messages=("default", "conflict"))
def check_agency(doc: Document, rule: Rule, ctx: Context) -> None:
    meta = doc.meta
    if meta.agency_source == "option":
        return
    if not meta.agency:
        if doc.truncated is not None:
            ctx.cannot_judge(
                "agency-cut",
                "文本在中途中断，没有读到落款，发布机关可能写在中断处之后",
                "the text stops mid-way before any signature; the agency may be named beyond the cut",
            )
        else:
            ctx.report(key="agency")
        return
    authors = [(n, src, at) for n, src, at in meta.agencies if src in ("title", "signature", "preamble")]
    first = authors[0] if authors else None
    for name, _src, at in authors[1:]:
        if first and _different_place(first[0], name):
            ctx.report(
                at=at,
                end=at + len(name),
                key=f"conflict:{first[0]}:{name}",
                variant="conflict",
                evidence={"first": first[0], "second": name},
                first=first[0],
                second=name,
            )
            return


_PLACE = re.compile(r"^(.{2,10}?(?:省|自治区|市|自治州|州|盟|县|区|旗|镇|乡|街道))")


def _different_place(a: str, b: str) -> bool:
    """Two agency names that name different places (安顺市… vs 哈尔滨市…); an
    abbreviation without a place (市安监局) contradicts nothing."""
    if a in b or b in a:
        return False
    pa, pb = _PLACE.match(a), _PLACE.match(b)
    if not pa or not pb:
        return False
    x, y = pa.group(1), pb.group(1)
    # 赤水镇人民政府 and 漳平市赤水镇 name one place, the second with its county in front.
    return not (x.startswith(y) or y.startswith(x) or x in b or y in a)
