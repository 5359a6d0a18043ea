"""lark's basic lexer, lighter: the same tokens, found by lark's own compiled scanner in the same
order, each made with its offsets only. The structure reader reads a token's type, text and
offsets, never its line and column, and counting those is most of what lark's lexer does per
token. Given to lark as its BasicLexer (the `_plugins` option, lark's hook for replacing its
parts: lark-cython plugs in the same way), so the grammar, its cache and the parser are lark's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lark.exceptions import UnexpectedCharacters
from lark.lexer import BasicLexer, LexerState, Token


class OffsetLexer(BasicLexer):
    def lex(self, state: LexerState, parser_state: Any) -> Iterator[Token]:
        scanner = self.scanner
        compiled = getattr(scanner, "_mres", None)
        if self.callback or self.ignore_types or not compiled or len(compiled) != 1:
            # terminal callbacks, ignored terminals, a scanner in several parts: lark's own way
            yield from super().lex(state, parser_state)
            return
        scan = compiled[0]
        # lark 1.2 lexes a TextSlice (text, start, end); lark 1.1 the text itself
        source: Any = state.text
        text: str = getattr(source, "text", source)
        end: int = getattr(source, "end", len(text))
        pos = state.line_ctr.char_pos
        while pos < end:
            m = scan.match(text, pos, end)
            if m is None:
                line = text.count("\n", 0, pos) + 1
                raise UnexpectedCharacters(
                    text,
                    pos,
                    line,
                    pos - text.rfind("\n", 0, pos),
                    allowed=scanner.allowed_types,
                    state=parser_state,
                    terminals_by_name=self.terminals_by_name,
                )
            token = Token(m.lastgroup, m.group(0), start_pos=pos, end_pos=m.end())
            pos = m.end()
            state.last_token = token
            yield token
