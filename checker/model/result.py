"""What checking one file gives: its findings, with what the reporters need to know of it.

A worker process sends this back, not the Document: the document's metadata is a few fields,
and its text travels only when a reporter shows it (`--format html`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.model.document import Document
from checker.model.findings import Finding
from checker.policy.policy import Policy


@dataclass(frozen=True)
class DocumentInfo:
    """What the reporters read of a document that could be read."""

    year: int | None = None
    profile: str | None = None
    agency: str | None = None
    published: str | None = None  # ISO date
    encoding: str | None = None
    # The decoded text's lines (without line ends), for reporters that show the text; None when
    # the run did not ask for it.
    lines: tuple[str, ...] | None = None

    @classmethod
    def of(cls, doc: Document, keep_text: bool = True) -> DocumentInfo:
        meta = doc.meta
        return cls(
            year=meta.year,
            profile=doc.profile,
            agency=meta.agency,
            published=str(meta.published.value) if meta.published else None,
            encoding=doc.encoding,
            lines=tuple(line.removesuffix("\r") for line in doc.text.split("\n")) if keep_text else None,
        )


@dataclass
class DocumentResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    info: DocumentInfo | None = None  # None: the file could not be read as a report (I102)
    policy: Policy = field(default_factory=Policy)  # the policy this file was checked under
    document_id: str = ""  # the identity its fingerprints are made with
    baselined: frozenset[str] = frozenset()  # fingerprints of findings the baseline hid

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        info = self.info or DocumentInfo()
        return {
            "path": self.path,
            "year": info.year,
            "profile": info.profile,
            "agency": info.agency,
            "published": info.published,
            "encoding": info.encoding,
            "findings": [f.as_dict(lang) for f in self.findings],
        }
