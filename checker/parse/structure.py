"""Parse the token stream of a report into its section tree with the lark grammar."""

from __future__ import annotations

from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError
from lark.lexer import Lexer

from checker.model.document import Section
from checker.parse.segment import Segmented
from checker.spec.resources import grammar_text
from checker.spec.sections import StructureConfig, match_section


class _Pretokenized(Lexer):
    """The tokens are made by segment.py; the parser only arranges them."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, data):  # type: ignore[override]
        return iter(data)


@cache
def _parser() -> Lark:
    return Lark(grammar_text("structure.lark"), parser="lalr", lexer=_Pretokenized, propagate_positions=False)


def _build(tree: Tree, seg: Segmented) -> Section:
    level = 0 if tree.data == "front" else int(tree.data[-1])
    heading = None
    section = Section(None, level, start=0)
    last_end = None
    for child in tree.children:
        if isinstance(child, Token):
            if child.type.startswith("H") and heading is None:
                heading = seg.headings[child.start_pos]
                section.heading = heading
                section.start = child.start_pos
            last_end = child.end_pos
            if section.heading is None and section.start == 0 and not section.children:
                section.start = child.start_pos
        else:
            sub = _build(child, seg)
            section.children.append(sub)
            last_end = sub.end
    section.end = last_end if last_end is not None else section.start
    return section


def parse_structure(
    seg: Segmented, cfg: StructureConfig, text_length: int
) -> tuple[Section, list[Section], str | None]:
    """The front matter, the top-level sections, and a problem description if parsing failed."""
    problem = None
    try:
        tree = _parser().parse(seg.tokens)
    except LarkError as exc:  # the grammar accepts every sequence; this is a safety net
        problem = f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}"
        tree = Tree("start", [Tree("front", [t for t in seg.tokens if t.type in ("TEXT", "TABLE")])])
    front = Section(None, 0, 0)
    sections: list[Section] = []
    for child in tree.children:
        if child.data == "front":
            front = _build(child, seg)
            front.start = 0
        elif child.data == "section1":
            sections.append(_build(child, seg))
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
            found = match_section(sub.heading.title, cfg)
            if found:
                sub.key, sub.standard = found[0].key, found[1]
    return front, sections, problem


def _extend(children: list[Section], end: int) -> None:
    for i, c in enumerate(children):
        c.end = children[i + 1].start if i + 1 < len(children) else end
        _extend(c.children, c.end)
