"""Kinds on the text of several reports: `copied_text` (Y103, this year's sentences against last
year's) and `foreign_text` (Y104, two agencies' reports alike; another province named as one's
own). Both run after every report of the run was checked (scope "batch")."""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from checker.cross.places import Mention, gazetteer, mentions
from checker.cross.similar import Corpus, plain
from checker.rules.kinds.base import Param, kind
from checker.rules.kinds.crossyear import pairs
from checker.rules.rule import Rule

if TYPE_CHECKING:
    from checker.cross.batch import Batch, CrossContext, Entry
    from checker.model.digest import Sentence

# Sentences shared by more reports than this are the region's template, not one report's copy.
COMMON = 10
# Marks that end a clause (a title's own commas are inside 《》 and rarely matter).
_CLAUSE_MARKS = "，,：:（("
# A place is quoted with this much of its sentence on either side.
CONTEXT = 20


def _own_sentences(entry: Entry, boilerplate: list[re.Pattern[str]], min_length: int) -> list[Sentence]:
    assert entry.digest is not None
    return [
        s
        for s in entry.digest.sentences
        if len(plain(s.text)) >= min_length and not any(p.search(s.text) for p in boilerplate)
    ]


@kind(
    "copied_text",
    params={
        "threshold": Param((int, float), default=0.6),
        "similarity": Param((int, float), default=0.85),
        "min_sentences": Param(int, default=8),
        "min_length": Param(int, default=8),
        "boilerplate_regex": Param(list, default=[]),
    },
    scope="batch",
)
def check_copied_text(batch: Batch, rule: Rule, ctx: CrossContext) -> None:
    params = rule.params
    boilerplate = [re.compile(p) for p in params["boilerplate_regex"]]
    for entry, last in pairs(batch, rule, ctx):
        assert last.digest is not None
        mine = _own_sentences(entry, boilerplate, params["min_length"])
        if len(mine) < params["min_sentences"]:
            continue  # too little own text to speak of a share
        earlier = Corpus(s.text for s in _own_sentences(last, boilerplate, params["min_length"]))
        copied = [s for s in mine if earlier.has_near(s.text, params["similarity"])]
        share = len(copied) / len(mine)
        if share > params["threshold"]:
            ctx.report(
                entry,
                key="copied",
                evidence={"previous": last.label, "copied": len(copied), "total": len(mine)},
                share=round(share * 100),
                copied=len(copied),
                total=len(mine),
                threshold=round(params["threshold"] * 100),
                previous=last.name,
            )


@kind(
    "foreign_text",
    params={
        "threshold": Param((int, float), default=0.8),
        "min_sentences": Param(int, default=10),
        "min_length": Param(int, default=15),
        "partner_regex": Param(str, default=""),
        "media_prefixes": Param(list, default=[]),
    },
    messages=("default", "place"),
    scope="batch",
)
def check_foreign_text(batch: Batch, rule: Rule, ctx: CrossContext) -> None:
    _alike(batch, rule, ctx)
    partner = re.compile(rule.params["partner_regex"]) if rule.params["partner_regex"] else None
    prefixes = tuple(str(p) for p in rule.params["media_prefixes"])
    for entry in batch.shown():
        if entry.digest is not None and entry.profile in rule.profiles:
            _foreign_places(entry, ctx, partner, prefixes)


def _alike(batch: Batch, rule: Rule, ctx: CrossContext) -> None:
    """Reports of two agencies whose sentences (numbers too) are mostly the same."""
    params = rule.params
    own: dict[int, set[str]] = {}
    holders: dict[str, list[int]] = {}
    for entry in batch.shown():
        if entry.digest is None or entry.agency_key is None or entry.profile not in rule.profiles:
            continue
        texts = {plain(s.text) for s in _own_sentences(entry, [], params["min_length"])}
        if len(texts) >= params["min_sentences"]:
            own[entry.index] = texts
            for text in texts:
                holders.setdefault(text, []).append(entry.index)
    shared: dict[tuple[int, int], int] = {}
    for indices in holders.values():
        if len(indices) <= COMMON:
            for pair in combinations(sorted(indices), 2):
                shared[pair] = shared.get(pair, 0) + 1
    for (i, j), count in shared.items():
        a, b = batch.entries[i], batch.entries[j]
        if batch.same_agency(a, b):
            continue  # one agency's years: Y103's
        if min(count / len(own[i]), count / len(own[j])) >= params["threshold"]:
            _report_alike(ctx, a, b, count, len(own[i]))
            _report_alike(ctx, b, a, count, len(own[j]))


def _report_alike(ctx: CrossContext, entry: Entry, other: Entry, count: int, total: int) -> None:
    ctx.report(
        entry,
        key=f"alike:{other.agency_key}",
        evidence={"other": other.label, "shared": count, "total": total},
        share=round(count / total * 100),
        copied=count,
        total=total,
        other=other.name,
        other_agency=other.agency or "",
    )


def _foreign_places(
    entry: Entry, ctx: CrossContext, partner: re.Pattern[str] | None, prefixes: tuple[str, ...]
) -> None:
    assert entry.digest is not None
    places = gazetteer()
    own_text = " ".join(x for x in (entry.agency, entry.row.parent if entry.row else None) if x)
    own = places.provinces_in(own_text)
    if own is None:
        return  # the report's own province is not known: nothing is foreign to it
    (own_code,) = own
    seen: set[str] = set()
    for sentence in entry.digest.sentences:
        for mention in mentions(places, sentence.text, prefixes):
            if own_code in mention.provinces or mention.name in own_text or mention.name in seen:
                continue
            if partner is not None and partner.search(_clause(sentence.text, mention.start)):
                continue
            seen.add(mention.name)
            _report_place(ctx, entry, sentence, mention, places.provinces[own_code][0], _province_names(mention))


def _clause(text: str, at: int) -> str:
    """The clause around an offset: what a partner word must be in to explain a place."""
    start = max(text.rfind(mark, 0, at) for mark in _CLAUSE_MARKS) + 1
    ends = [i for i in (text.find(mark, at) for mark in _CLAUSE_MARKS) if i >= 0]
    return text[start : min(ends, default=len(text))]


def _province_names(mention: Mention) -> str:
    places = gazetteer()
    return "、".join(places.provinces[c][0] for c in sorted(mention.provinces) if c in places.provinces)


def _report_place(
    ctx: CrossContext, entry: Entry, sentence: Sentence, mention: Mention, own: str, province: str
) -> None:
    text = sentence.text
    a, b = max(0, mention.start - CONTEXT), min(len(text), mention.start + len(mention.name) + CONTEXT + 10)
    context = ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")
    what = {
        "title": {"zh": "文件、标准或媒体", "en": "a document, standard or medium"},
        "standard": {"zh": "地方标准", "en": "a local standard"},
    }
    ctx.report(
        entry,
        key=f"place:{mention.name}",
        variant="place",
        location=sentence.location,
        excerpt=context,
        evidence={"place": mention.name, "provinces": sorted(mention.provinces), "own": own},
        own=own,
        province=province,
        what=what[mention.what],
        name=mention.quoted,
        context=context,
    )
