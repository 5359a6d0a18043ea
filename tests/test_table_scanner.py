"""The table text is read by one regex built from grammars/table.lark's terminals instead of the
LALR parser: it must give the very pieces the parser gives, on real tables and on any text."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from conftest import SHARED_CORPUS, TESTS
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token, Tree
from lark.exceptions import LarkError

from checker.ingest.pipeline import read_document
from checker.parse.tables.cells import _ODD_SPACE, TableTextError, _parser, _token_lines

Pieces = list[list[list[tuple[str, str, int, int]]]]


def by_parser(text: str) -> Pieces:
    """Lines of cells of pieces as the LALR parser reads them (what parse_cells did before)."""
    tree = _parser().parse(_ODD_SPACE.sub(" ", text))
    return [
        [
            [(t.type, str(t), t.start_pos or 0, t.end_pos or 0) for t in cast(list[Token], cell.children)]
            for cell in cast(list[Tree[Token]], line.children)
        ]
        for line in cast(list[Tree[Token]], tree.children)
    ]


def by_scanner(text: str) -> Pieces:
    return [
        [[(p.kind, p.text, p.start, p.end) for p in cell] for cell in line]
        for line in _token_lines(_ODD_SPACE.sub(" ", text), 0)
    ]


def table_texts() -> list[str]:
    files = sorted(SHARED_CORPUS.rglob("*.txt")) + sorted((TESTS / "wild").glob("*.txt"))
    out = []
    for f in files:
        doc = read_document(Path(f))
        out += [doc.norm.text[r.start : r.end] for r in doc.tables]
    return out


def test_the_pieces_of_every_real_table_are_the_parsers() -> None:
    texts = table_texts()
    if len(texts) < 50:
        pytest.skip("too few tables: ../shared/corpus is not beside this checkout")
    for text in texts:
        assert by_scanner(text) == by_parser(text)


def test_known_pieces() -> None:
    # checked by hand against the grammar: a year and a bracketed remark are labels, the item
    # number 2. backs off the digits before it, two spaces and a pipe separate cells
    text = "2024年(计1条)|00000002.其他  -5\n+3"
    assert by_scanner(text) == [
        [
            [("YEAR", "2024", 0, 4), ("TEXT", "年", 4, 5), ("PAREN", "(计1条)", 5, 10)],
            [("NUMBER", "0000000", 11, 18), ("ITEM", "2.", 18, 20), ("TEXT", "其他", 20, 22)],
            [("DASH", "-", 24, 25), ("NUMBER", "5", 25, 26)],
        ],
        [[("PLUS", "+", 27, 28), ("NUMBER", "3", 28, 29)]],
    ]


# The characters the grammar treats apart, and some it does not.
ALPHABET = "0123456789 .,、|()（）-—–~～/+\t\n\r\f\u3000\xa0年计其他规章XxＸ"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_any_text_reads_as_the_parser_reads_it(text: str) -> None:
    try:
        expected = by_parser(text)
    except LarkError:
        with pytest.raises(TableTextError):
            by_scanner(text)
        return
    assert by_scanner(text) == expected
