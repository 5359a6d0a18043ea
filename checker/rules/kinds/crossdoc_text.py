"""Kinds on the text of several reports: `copied_text` (Y103, this year's sentences against last
year's) and `foreign_text` (Y104, two agencies' reports alike; another province named as one's
own). Both run after every report of the run was checked (scope "batch")."""

from __future__ import annotations

import re
from collections import OrderedDict
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
# Last years' sentences kept indexed for Y103.
CORPORA = 16
# Marks that end a clause (a title's own commas are inside 《》 and rarely matter).
_CLAUSE_MARKS = "，,：:（("
# A place is quoted with this much of its sentence on either side.
CONTEXT = 20


def _own_sentences(texts: tuple[str, ...], boilerplate: list[re.Pattern[str]], min_length: int) -> list[str]:
    return [t for t in texts if len(plain(t)) >= min_length and not any(p.search(t) for p in boilerplate)]


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
    # Last year's sentences, indexed once per report compared with: in a batch, the reports one
    # report is last year's for usually follow one another.
    corpora: OrderedDict[int, Corpus] = OrderedDict()
    for entry, last in pairs(batch, rule, ctx):
        mine = _own_sentences(entry.texts, boilerplate, params["min_length"])
        if len(mine) < params["min_sentences"]:
            continue  # too little own text to speak of a share
        earlier = corpora.pop(last.index, None) or _corpus(last, boilerplate, params["min_length"])
        corpora[last.index] = earlier
        if len(corpora) > CORPORA:
            corpora.popitem(last=False)
        copied = [s for s in mine if earlier.has_near(s, params["similarity"])]
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


def _corpus(last: Entry, boilerplate: list[re.Pattern[str]], min_length: int) -> Corpus:
    return Corpus(_own_sentences(last.texts, boilerplate, min_length))


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
    partner = re.compile(rule.params["partner_regex"]) if rule.params["partner_regex"] else None
    prefixes = tuple(str(p) for p in rule.params["media_prefixes"])
    alike = _Alike(rule.params["min_length"], rule.params["min_sentences"])
    for entry in batch.shown():  # each digest read once, for both checks
        if not entry.has_digest or entry.profile not in rule.profiles:
            continue
        texts = entry.texts
        if entry.agency_key is not None:
            alike.add(entry.index, texts)
        _foreign_places(entry, texts, ctx, partner, prefixes)
    alike.report(batch, ctx, rule.params["threshold"])


class _Alike:
    """Reports of two agencies whose sentences (numbers too) are mostly the same. Each report's
    sentences are counted, and each sentence's reports noted up to one more than COMMON: what the
    batch keeps grows with its different sentences, not with its reports."""

    def __init__(self, min_length: int, min_sentences: int):
        self.min_length = min_length
        self.min_sentences = min_sentences
        self.own: dict[int, int] = {}  # entry -> how many different sentences of its own it has
        self.holders: dict[str, list[int]] = {}  # sentence -> the entries that have it

    def add(self, index: int, sentences: tuple[str, ...]) -> None:
        texts = {p for p in map(plain, sentences) if len(p) >= self.min_length}
        if len(texts) < self.min_sentences:
            return
        self.own[index] = len(texts)
        for text in texts:
            holders = self.holders.setdefault(text, [])
            if len(holders) <= COMMON:
                holders.append(index)

    def report(self, batch: Batch, ctx: CrossContext, threshold: float) -> None:
        shared: dict[tuple[int, int], int] = {}
        for indices in self.holders.values():
            if len(indices) <= COMMON:
                for pair in combinations(sorted(indices), 2):
                    shared[pair] = shared.get(pair, 0) + 1
        for (i, j), count in shared.items():
            a, b = batch.entries[i], batch.entries[j]
            if batch.same_agency(a, b):
                continue  # one agency's years: Y103's
            if min(count / self.own[i], count / self.own[j]) >= threshold:
                _report_alike(ctx, a, b, count, self.own[i])
                _report_alike(ctx, b, a, count, self.own[j])


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
    entry: Entry, texts: tuple[str, ...], ctx: CrossContext, partner: re.Pattern[str] | None, prefixes: tuple[str, ...]
) -> None:
    places = gazetteer()
    own_text = " ".join(x for x in (entry.agency, entry.row.parent if entry.row else None) if x)
    own = places.provinces_in(own_text)
    if own is None:
        return  # the report's own province is not known: nothing is foreign to it
    (own_code,) = own
    seen: set[str] = set()
    for i, text in enumerate(texts):
        for mention in mentions(places, text, prefixes):
            if own_code in mention.provinces or mention.name in own_text or mention.name in seen:
                continue
            if partner is not None and partner.search(_clause(text, mention.start)):
                continue
            seen.add(mention.name)
            sentence = entry.sentence(i)  # its location: read back only for what is reported
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
