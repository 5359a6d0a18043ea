"""Breakdowns of the narrative: a total followed by its parts.

Three shapes are read, in this order within a passage:
- a passage that opens with 其中/含 continues the total that closed the one before;
- a count followed by a marker (其中, 含, 分别为, 包括…) and a list of counts;
- a total named but not stated: 在“门户网站主动公开的信息”中，A n条；B m条.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from checker.model.document import Document
from checker.parse.narrative.claims import BRACKETED, Passage, narrative
from checker.parse.narrative.quantities import Quantity
from checker.spec.lexicon import ClaimsConfig, claims_config

# The total closes its passage: after it come at most a closing bracket and the full stop.
_CLOSING_CHARS = 2
# A list under a named total has at least two parts; one number is just a number.
_MIN_NAMED_PARTS = 2
# A list in another unit than its total's ends once this many parts were in the total's unit.
_PARTS_IN_HEAD_UNIT = 2
# A part that says it includes more than its name ("网站(含转发)319条", "办结45件(包括上年结转)")
# may count what its total leaves out: such parts above their total are not a contradiction.
_INCLUSIVE = re.compile(r"\((?:含|包括|包含)[^()]*\)\s*$")
_INCLUSIVE_AFTER = re.compile(r"^\s*\((?:含|包括|包含)")
_INCLUSIVE_REACH = 12


@dataclass
class Breakdown:
    passage: Passage
    parts: list[Quantity]
    whole: bool  # the text says the parts are the whole (分别为, 包括, or a part named 其他…)
    head: Quantity | None = None  # the total stated before the marker …
    named: str | None = None  # … or the total named but not stated: 在“门户网站主动公开的信息”中
    marker_at: int = 0

    @property
    def parts_sum(self) -> Decimal:
        return sum((q.value for q in self.parts), Decimal(0))

    @property
    def inclusive(self) -> bool:
        """Some part says it includes more than its name (含转发, 包括上年结转)."""
        text, start = self.passage.text, self.passage.start
        for q in self.parts:
            before = text[max(0, q.start - start - _INCLUSIVE_REACH) : q.start - start]
            if _INCLUSIVE.search(before) or _INCLUSIVE_AFTER.match(text[q.end - start :]):
                return True
        return False


def _gap(passage: Passage, a: int, b: int) -> str:
    return passage.text[a - passage.start : b - passage.start]


def _counts(qs: list[Quantity]) -> list[Quantity]:
    return [q for q in qs if q.unit_class == "count"]


def _depth(passage: Passage, at: int) -> int:
    """How many brackets are open at flow offset `at` of the passage: a count in brackets after an
    item ("86条(其中12条…)", "177件(含结转的3件)") qualifies that item; it is not an item of the list."""
    depths = _depths(passage.text)
    return depths[len(passage.text[: at - passage.start])]


@lru_cache(maxsize=64)
def _depths(text: str) -> tuple[int, ...]:
    """The open brackets before each offset of a text, computed once per passage (not once per
    quantity, which made a long passage quadratic)."""
    out = [0]
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        out.append(depth)
    return tuple(out)


def _outside_brackets(text: str) -> str:
    """The text with its bracketed remarks blanked out (innermost first), offsets kept."""
    while True:
        masked = BRACKETED.sub(lambda m: " " * len(m.group(0)), text)
        if masked == text:
            return text
        text = masked


def _next_at_depth(passage: Passage, i: int) -> int | None:
    """The index of the next quantity at the depth of quantity i (those in brackets skipped); None
    when the text leaves i's brackets first or has no such quantity."""
    qs = passage.quantities
    depth = _depth(passage, qs[i].start)
    for k in range(i + 1, len(qs)):
        d = _depth(passage, qs[k].start)
        if d == depth:
            return k
        if d < depth:
            return None
    return None


@dataclass(frozen=True)
class _Lists:
    """Reads the list of parts that follows a marker in one passage."""

    passage: Passage
    lefts: dict[int, str]  # the clause before each quantity, by its start
    cfg: ClaimsConfig

    def parts(
        self, start_index: int, head_unit: str | None = None, across_sentences: bool = False
    ) -> tuple[list[Quantity], bool | None]:
        """The parts of the list that starts at the passage's quantity `start_index`, and whether
        the text says they are the whole (a part named 其他…, and no 等 after the last one); None when
        the list ends at a total word inside an item's own words ("…目录共162条"), so that it may go on
        and nothing can be said of the whole."""
        qs = self.passage.quantities
        parts: list[Quantity] = []
        other = False
        first_dimension: int | None = None
        previous_end = qs[start_index].start
        depth = _depth(self.passage, qs[start_index].start)
        for i in range(start_index, len(qs)):
            q = qs[i]
            if parts and not across_sentences and ";" in _outside_brackets(_gap(self.passage, previous_end, q.start)):
                break
            role = self._role(q, depth)
            if role == "end":
                break
            if role == "skip":
                continue
            previous_end = q.end
            if self._other_unit(q, parts, head_unit):
                break
            left = self.lefts[q.start]
            dimension = next((k for k, d in enumerate(self.cfg.dimensions) if d.search(left)), None)
            after = _next_at_depth(self.passage, i)
            following = [qs[after]] if after is not None else []
            if parts and self._ends_before(q, left, (first_dimension, dimension), following):
                stop = self.cfg.stop.search(left)
                if stop and left[: stop.start()].strip(",:;、 "):
                    return parts, None
                break
            if not parts:
                first_dimension = dimension
            parts.append(q)
            other = other or bool(self.cfg.other_part.search(left.removeprefix("其中")))
        if parts and self.open_after(parts[-1]):
            other = False
        return parts, other

    def _role(self, q: Quantity, depth: int) -> str:
        """Whether q is an item of a list at bracket depth `depth` ("item"), a remark to skip ("skip"),
        or where the list ends ("end")."""
        d = _depth(self.passage, q.start)
        if d < depth:
            return "end"  # the list was in brackets, and they closed
        left = self.lefts[q.start]
        if d > depth and self.cfg.stop.search(left):
            return "end"  # a remark that changes the item before ("(同时撤销2条)"): the sum is not plain
        if d > depth or q.unit_class != "count" or self.cfg.change.search(left):
            return "skip"  # a remark on the item before, or a change against last year: not an item
        return "item"

    def open_after(self, last: Quantity) -> bool:
        """The list ends with 等: its parts are examples, not the whole."""
        return self.cfg.open_end.search(_gap(self.passage, last.end, self.passage.end)) is not None

    def _other_unit(self, q: Quantity, parts: list[Quantity], head_unit: str | None) -> bool:
        """ "解读12篇，其中图解6篇、视频3篇、文字3篇，回应关切15次": a count of other things ends the list."""
        if head_unit is None or q.unit == head_unit:
            return False
        in_head_unit = sum(1 for x in parts if x.unit == head_unit)
        return q.unit in self.cfg.entity_units or in_head_unit >= _PARTS_IN_HEAD_UNIT

    def _ends_before(
        self, q: Quantity, left: str, dimensions: tuple[int | None, int | None], following: list[Quantity]
    ) -> bool:
        """The list ends before q: a word that starts another statement (另, 此外, 办结…), a part of
        another dimension (自然人… then 予以公开…), or q is a new total with parts of its own."""
        if self.cfg.stop.search(left):
            return True
        first, this = dimensions
        if first is not None and this is not None and first != this:
            return True
        if not following:
            return False
        gap = _outside_brackets(_gap(self.passage, q.end, following[0].start))
        return bool(self.cfg.part_marker.search(gap) or self.cfg.whole_marker.search(gap))


def _same_kind(head: Quantity, parts: list[Quantity]) -> bool:
    """Parts count what their total counts: most of them in its unit ("热点31次，其中发布会4次，
    解读稿件18篇，回应16次" mixes 篇 in; "信息620余条，其中行政许可3152件次…处罚决定214件" counts
    other things)."""
    return 2 * sum(1 for q in parts if q.unit == head.unit) >= len(parts)


def _continued(lists: _Lists, previous: Passage | None) -> Breakdown | None:
    """其中… opening a passage: the parts of the total that closed the previous one, when that
    sentence has one total only."""
    passage = lists.passage
    counts = _counts(passage.quantities)
    if previous is None or not counts or len(_counts(previous.quantities)) != 1:
        return None
    if not lists.cfg.continues.match(passage.text.lstrip()):
        return None
    head = previous.quantities[-1]
    if head.unit_class != "count" or len(_gap(previous, head.end, previous.end)) > _CLOSING_CHARS:
        return None
    parts, other = lists.parts(passage.quantities.index(counts[0]), head.unit)
    if not parts or not _same_kind(head, parts):
        return None
    return Breakdown(passage, parts, bool(other), head=head, marker_at=passage.start)


def _marked(lists: _Lists) -> list[Breakdown]:
    """A count, a marker (其中, 分别为…) in the same clause, and its parts."""
    passage, cfg = lists.passage, lists.cfg
    qs = passage.quantities
    out = []
    for i, head in enumerate(qs[:-1]):
        if head.unit_class != "count":
            continue
        for first, gap in _lists_after(passage, i):
            whole = cfg.whole_marker.search(gap)
            marker = whole or cfg.part_marker.search(gap)
            if marker is None or cfg.stop.search(gap[: marker.start()]) or ";" in gap[: marker.start()]:
                continue
            parts, other = lists.parts(first, head.unit)
            if parts and _same_kind(head, parts):
                says_whole = other is not None and ((whole is not None and not lists.open_after(parts[-1])) or other)
                out.append(Breakdown(passage, parts, says_whole, head=head, marker_at=head.end + marker.start()))
    return out


def _lists_after(passage: Passage, i: int) -> list[tuple[int, str]]:
    """Where lists of parts of quantity i may start, with the text between: in a bracket opened right
    after it ("2602条(其中…)"), and at the next quantity outside any bracket ("177件(含…3件),其中…")."""
    qs = passage.quantities
    out = []
    gap = _gap(passage, qs[i].end, qs[i + 1].start)
    if _depth(passage, qs[i + 1].start) > _depth(passage, qs[i].start):
        out.append((i + 1, gap[gap.rfind("(") :]))
    after = _next_at_depth(passage, i)
    if after is not None:
        out.append((after, _outside_brackets(_gap(passage, qs[i].end, qs[after].start))))
    return out


def _named(lists: _Lists) -> list[Breakdown]:
    """在“…”中: the parts of a total the text names without a number; they may run over ；."""
    passage = lists.passage
    qs = passage.quantities
    out = []
    for m in lists.cfg.named_whole.finditer(passage.text):
        at = passage.start + m.end()
        first = next((k for k, q in enumerate(qs) if q.start >= at), None)
        if first is None or "," in _gap(passage, at, qs[first].start):
            continue
        parts, _ = lists.parts(first, across_sentences=True)
        if len(parts) < _MIN_NAMED_PARTS:
            continue
        marker_at = passage.start + m.start()
        # 在全年主动公开的2949条信息中: the total is stated inside the name.
        inside = [q for q in qs[:first] if q.start >= passage.start + m.start(1) and q.unit_class != "percent"]
        if len(inside) == 1:
            out.append(Breakdown(passage, parts, False, head=inside[0], marker_at=marker_at))
        else:
            out.append(Breakdown(passage, parts, False, named=m.group(1), marker_at=marker_at))
    return out


def breakdowns(doc: Document) -> list[Breakdown]:
    """The breakdowns of a document, computed once."""
    cached: list[Breakdown] | None = doc.__dict__.get("_breakdowns")
    if cached is not None:
        return cached
    cfg = claims_config()
    story = narrative(doc)
    lefts = {c.quantity.start: c.left for c in story.claims}
    out: list[Breakdown] = []
    previous: Passage | None = None
    for passage in story.passages:
        lists = _Lists(passage, lefts, cfg)
        continued = _continued(lists, previous)
        if continued is not None:
            out.append(continued)
        out.extend(_marked(lists))
        out.extend(_named(lists))
        previous = passage
    doc.__dict__["_breakdowns"] = out
    return out


def cross_cutting(doc: Document, b: Breakdown, head: Quantity) -> bool:
    """Parts of two dimensions ("856条，其中规范性文件3条，通过网站公开712条，通过微信公开144条",
    "326条，其中通过门户网站公开326条，通过政务微信公开205条"): one part is the whole, or
    leaving out one or two parts of another dimension makes the rest add up to the total."""
    cfg = claims_config()
    values = [q.value for q in b.parts]
    if head.value in values:
        return True
    lefts = {c.quantity.start: c.left for c in narrative(doc).claims}
    other = [cfg.other_dimension.search(lefts[q.start]) is not None for q in b.parts]
    total, n = sum(values, Decimal(0)), len(values)
    if not b.whole and _categories_fit(cfg, b, lefts, head):
        return True
    for i in range(n):
        if other[i] and total - values[i] == head.value:
            return True
        for j in range(i + 1, n):
            if other[i] and other[j] and total - values[i] - values[j] == head.value:
                return True
    return False


def _categories_fit(cfg: ClaimsConfig, b: Breakdown, lefts: dict[int, str], head: Quantity) -> bool:
    """Categories with a medium of publication among them (其中机构信息0条，工作信息469条…，政务微博
    公开42条): the medium counts their items again, so the categories need only not exceed the total."""
    media = [q for q in b.parts if cfg.channel.search(lefts[q.start])]
    rest = [q for q in b.parts if q not in media]
    if not media or len(rest) < 2 or any(cfg.other_dimension.search(lefts[q.start]) for q in rest):
        return False
    return sum((q.value for q in rest), Decimal(0)) <= head.value
