"""The digests of a batch, kept out of memory: each report's digest packed into plain tuples (in
the worker, so that it travels as one bytes object and the parent never unpickles it on arrival),
written to a temporary file as it arrives, and read back only for the reports a rule across
documents compares. A batch of thousands of reports then holds its findings in memory, not the
tens of kilobytes of cells and sentences each report's digest takes as objects."""

from __future__ import annotations

import io
import pickle
import tempfile
from collections import OrderedDict
from decimal import Decimal
from typing import IO, Any

from checker.model.digest import CellRef, Digest, Sentence, TableDigest
from checker.model.findings import Location
from checker.model.result import DocumentResult

# Digests read back and kept: a report is compared with a few others (last year's, its
# departments'), and the rules visit the reports in batch order.
CACHED = 32


def _place(loc: Location) -> tuple[Any, ...]:
    return (
        loc.line,
        loc.column,
        loc.end_line,
        loc.end_column,
        loc.section,
        loc.table,
        loc.row,
        loc.column_key,
        loc.source,
    )


def pack(digest: Digest) -> bytes:
    """The digest as plain tuples, pickled: strings and numbers pickle and unpickle many times
    faster than the dataclasses, and take less room."""
    tables = tuple(
        (slot, table.layout, tuple((key, _number(c.value), _place(c.location)) for key, c in table.cells.items()))
        for slot, table in digest.tables.items()
    )
    sentences = tuple((s.text, _place(s.location)) for s in digest.sentences)
    return pickle.dumps((tables, sentences, digest.title), protocol=pickle.HIGHEST_PROTOCOL)


def packed_apart(result: DocumentResult) -> tuple[DocumentResult, bytes | None]:
    """The result without its digest, and the digest packed: what travels from a worker, and
    what the parent stores without unpacking it."""
    digest, result.digest = result.digest, None
    return result, pack(digest) if digest is not None else None


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)  # str and Decimal() give back the same digits and exponent


def unpack(data: bytes) -> Digest:
    tables, sentences, title = pickle.loads(data)  # noqa: S301 - written by this run's own workers
    return Digest(
        {slot: _table(layout, cells) for slot, layout, cells in tables},
        tuple(Sentence(text, Location(*place)) for text, place in sentences),
        title,
    )


def _table(layout: str, cells: tuple[tuple[str, str | None, tuple[Any, ...]], ...]) -> TableDigest:
    return TableDigest(
        layout,
        {key: CellRef(None if value is None else Decimal(value), Location(*place)) for key, value, place in cells},
    )


class DigestStore:
    """Packed digests by job index, in a temporary file deleted when closed (or at exit)."""

    def __init__(self) -> None:
        self._file: IO[bytes]
        try:
            self._file = tempfile.TemporaryFile(prefix="xxgk-digests-")
        except OSError:  # no temporary folder to write in: kept packed in memory, still a few times smaller
            self._file = io.BytesIO()
        self._spans: dict[int, tuple[int, int]] = {}
        self._cache: OrderedDict[int, Digest] = OrderedDict()
        self._tables: OrderedDict[tuple[int, str], TableDigest | None] = OrderedDict()  # read one by one

    def put(self, index: int, packed: bytes) -> None:
        self._file.seek(0, 2)
        at = self._file.tell()
        try:
            self._file.write(packed)
        except OSError:  # the temporary folder is full: what is there, and the rest, kept in memory
            self._file.seek(0)
            kept = io.BytesIO(self._file.read(at))
            self._file.close()
            self._file = kept
            self._file.seek(0, 2)
            self._file.write(packed)
        self._spans[index] = (at, len(packed))

    def __contains__(self, index: int) -> bool:
        return index in self._spans

    def get(self, index: int) -> Digest | None:
        if index in self._cache:
            self._cache.move_to_end(index)
            return self._cache[index]
        span = self._spans.get(index)
        if span is None:
            return None
        self._file.seek(span[0])
        digest = unpack(self._file.read(span[1]))
        self._cache[index] = digest
        if len(self._cache) > CACHED:
            self._cache.popitem(last=False)
        return digest

    def texts(self, index: int) -> tuple[str, ...] | None:
        """The digest's sentences' texts alone: read back several times faster than the digest,
        whose cells and sentences each need their Location made."""
        if index in self._cache:
            return tuple(s.text for s in self._cache[index].sentences)
        sentences = self._sentences(index)
        return None if sentences is None else tuple(text for text, _ in sentences)

    def sentence(self, index: int, at: int) -> Sentence | None:
        """One sentence of the digest, with its Location (a finding's), the rest left packed."""
        if index in self._cache:
            return self._cache[index].sentences[at]
        sentences = self._sentences(index)
        return None if sentences is None else Sentence(sentences[at][0], Location(*sentences[at][1]))

    def table(self, index: int, slot: str) -> TableDigest | None:
        """One table of the digest (None: the report has none of that slot), the rest left packed."""
        if index in self._cache:
            return self._cache[index].tables.get(slot)
        if (index, slot) in self._tables:
            self._tables.move_to_end((index, slot))
            return self._tables[index, slot]
        raw = self._raw(index)
        found = next((_table(layout, cells) for name, layout, cells in raw[0] if name == slot), None) if raw else None
        self._tables[index, slot] = found
        if len(self._tables) > 4 * CACHED:
            self._tables.popitem(last=False)
        return found

    def _sentences(self, index: int) -> tuple[tuple[str, tuple[Any, ...]], ...] | None:
        raw = self._raw(index)
        return None if raw is None else raw[1]

    def _raw(self, index: int) -> tuple[Any, ...] | None:
        span = self._spans.get(index)
        if span is None:
            return None
        self._file.seek(span[0])
        raw: tuple[Any, ...] = pickle.loads(self._file.read(span[1]))  # noqa: S301 - written by this run
        return raw

    def close(self) -> None:
        self._cache.clear()
        self._tables.clear()
        self._file.close()
