"""What checking one file gives: its findings, with what the reporters need to know of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.model.document import Document
from checker.model.findings import Finding
from checker.policy.policy import Policy


@dataclass
class DocumentResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    policy: Policy = field(default_factory=Policy)  # the policy this file was checked under
    document_id: str = ""  # the identity its fingerprints are made with
    baselined: frozenset[str] = frozenset()  # fingerprints of findings the baseline hid

    def as_dict(self, lang: str = "zh") -> dict:
        meta = self.document.meta if self.document else None
        return {
            "path": self.path,
            "year": meta.year if meta else None,
            "profile": self.document.profile if self.document else None,
            "agency": meta.agency if meta else None,
            "published": str(meta.published.value) if meta and meta.published else None,
            "encoding": self.document.encoding if self.document else None,
            "findings": [f.as_dict(lang) for f in self.findings],
        }
