"""The digest of a document (checker.model.digest) built in the worker, from the Document."""

from __future__ import annotations

import re

from checker.model.digest import CellRef, Digest, Sentence, TableDigest
from checker.model.document import Document
from checker.rules.context import location_at
from checker.rules.kinds.table_names import row_label, table_name

# A sentence ends at these; a line break ends one too (headings and list items stand alone).
_SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
# Shorter pieces are labels, numbers, fragments: nothing to compare.
MIN_SENTENCE = 6


def _tables(doc: Document) -> dict[str, TableDigest]:
    out: dict[str, TableDigest] = {}
    for table in doc.stat_tables:
        if table.slot in out:  # a second table of a slot (a copy, an annex) is not the report's
            continue
        cells = {}
        name = table_name(table)
        for row in table.rows.values():
            label = row_label(table, row.key)
            for col, cell in row.cells.items():
                at = cell.start if cell.end > cell.start else row.start
                where = location_at(doc, at, None, table=name, row=label, column_key=col)
                cells[f"{row.key}:{col}"] = CellRef(cell.number, where)
        out[table.slot] = TableDigest(table.layout, cells)
    return out


def _sentences(doc: Document) -> tuple[Sentence, ...]:
    text = doc.norm.text
    out = []
    for start, end in doc.prose_spans():
        pos = start
        for m in [*_SENTENCE_END.finditer(text, start, end), None]:
            stop = m.start() if m else end
            piece = text[pos:stop]
            stripped = piece.strip()
            if len(stripped) >= MIN_SENTENCE:
                at = pos + (len(piece) - len(piece.lstrip()))
                out.append(Sentence(stripped, location_at(doc, at, at + len(stripped))))
            if m is None:
                break
            pos = m.end()
    return tuple(out)


def digest_of(doc: Document) -> Digest:
    return Digest(_tables(doc), _sentences(doc), doc.meta.title)
