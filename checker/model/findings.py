"""Findings: what a rule reports, immutable once made."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Location:
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    section: str | None = None  # the top-level section, e.g. "三", or "前言"
    table: str | None = None
    row: str | None = None
    column_key: str | None = None
    # Where in the original document, in words, for inputs whose lines mean nothing to an author
    # (docx paragraphs, html blocks, pdf pages): "第12段", "表2 第3行第4列", "第3页".
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {"line": self.line, "column": self.column}
        if self.end_line is not None:
            out["end_line"], out["end_column"] = self.end_line, self.end_column
        for key in ("section", "table", "row", "column_key", "source"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str  # Chinese
    message_en: str
    location: Location = field(default_factory=Location)
    evidence: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    excerpt: str | None = None
    key: str = ""  # the semantic place, for the fingerprint: never a line number
    document_id: str = ""
    # What the author should change, in the author's words (the rule's doc.fix), Chinese and English.
    fix: str = ""
    fix_en: str = ""

    @property
    def fingerprint(self) -> str:
        raw = "\x1f".join((self.code, self.document_id, self.key))
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message

    def fix_text(self, lang: str = "zh") -> str:
        return self.fix_en if lang == "en" else self.fix

    def with_severity(self, severity: str) -> Finding:
        return replace(self, severity=severity)

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.text(lang),
            "location": self.location.as_dict(),
            "evidence": dict(self.evidence),
            "excerpt": self.excerpt,
            "fix": self.fix_text(lang),
            "fingerprint": self.fingerprint,
        }


def sort_key(f: Finding) -> tuple[int, int, str]:
    return (f.location.line or 0, f.location.column or 0, f.code)
