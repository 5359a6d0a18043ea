"""The section tree of a report, from the parse tree of grammars/structure.lark."""

from __future__ import annotations

from lark import Token, Tree

from checker.model.document import Heading, Section
from checker.parse.numerals import marker_number
from checker.parse.segment import Segmented, end_of, start_of
from checker.spec.sections import SectionSpec, StructureConfig, compact, match_section

_BLOCKS = ("TEXT", "TABLE")  # what a section's text ends with before the extension below


def _heading(tree: Tree, level: int) -> Heading:
    mark, title = tree.children
    assert isinstance(mark, Token) and isinstance(title, Token)
    return Heading(
        level,
        marker_number(mark),
        compact(mark),
        title.strip().rstrip("*_ "),
        start_of(mark),
        end_of(title),
        title.type == "INLINE_TITLE",
    )


def _last_end(tree: Tree) -> int | None:
    ends = [end_of(t) for t in tree.children if isinstance(t, Token) and t.type in _BLOCKS]
    return ends[-1] if ends else None


def _build(tree: Tree) -> Section:
    level = 0 if tree.data == "front" else int(tree.data[-1])
    section = Section(None, level, start=0)
    last_end = None
    for child in tree.children:
        if isinstance(child, Token):
            if child.type in _BLOCKS:
                last_end = end_of(child)
        elif child.data.startswith("heading"):
            section.heading = _heading(child, level)
            section.start = section.heading.start
            last_end = section.heading.end
        elif child.data == "table":
            last_end = _last_end(child) or last_end
        else:
            sub = _build(child)
            section.children.append(sub)
            last_end = sub.end
    section.end = last_end if last_end is not None else section.start
    return section


def parse_structure(
    seg: Segmented, cfg: StructureConfig, text_length: int
) -> tuple[Section, list[Section], str | None]:
    """The front matter, the top-level sections, and a problem description if parsing failed."""
    front = Section(None, 0, 0)
    sections: list[Section] = []
    for child in seg.tree.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "front":
            front = _build(child)
            front.start = 0
        elif child.data == "section1":
            sections.append(_build(child))
    if not sections and seg.signature:
        front.end = seg.signature[1]  # a report without headings: its preamble ends with its signature
    # A section runs to the start of the next one at its level or above.
    _extend(front.children, front.end if not sections else sections[0].start)
    if sections:
        front.end = sections[0].start
    for i, s in enumerate(sections):
        s.end = sections[i + 1].start if i + 1 < len(sections) else text_length
        _extend(s.children, s.end)
    # The unified sections are the top-level ones (or, in a report without 一、 headings,
    # the （一） ones).
    candidates = sections or front.children
    for sub in candidates:
        if sub.heading:
            found = match_section(sub.heading.title, cfg) or _near_canonical(sub.heading.title, cfg)
            if found:
                sub.key, sub.standard = found[0].key, found[1]
    return front, sections, seg.problem


# A unified title this long, written with one character missing, added or changed, is still
# that title ("二、主动公升政府信息情况", "一、总体请况"): recognised, as non-standard wording (S106).
NEAR_MIN_CHARS = 4


def _near_canonical(title: str, cfg: StructureConfig) -> tuple[SectionSpec, bool] | None:
    t = compact(title).rstrip("。:;,，")
    for spec in cfg.sections:
        if len(spec.canonical) >= NEAR_MIN_CHARS and _one_edit(t, spec.canonical):
            return spec, False
    return None


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by at most one character inserted, deleted or replaced."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    rest = a[i + 1 :] if len(a) == len(b) else a[i:]
    return rest == b[i + 1 :]


def _extend(children: list[Section], end: int) -> None:
    for i, c in enumerate(children):
        c.end = children[i + 1].start if i + 1 < len(children) else end
        _extend(c.children, c.end)
