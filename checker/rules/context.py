"""What a rule kind reports through: the document, the rule, and each finding with its place and excerpt."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from checker.model.document import Document
from checker.model.findings import Finding, Location
from checker.rules.rule import Rule

EXCERPT_WIDTH = 30


def document_id(doc: Document) -> str:
    """What identifies a report across edits: agency and year, else the file name."""
    from pathlib import PurePath

    if doc.meta.agency and doc.meta.year:
        return f"{doc.meta.agency}/{doc.meta.year}"
    return PurePath(doc.path).name


class Context:
    """What a rule kind reports through."""

    def __init__(self, doc: Document, rule: Rule, not_assessable: Rule | None = None):
        self.doc = doc
        self.rule = rule
        self.not_assessable = not_assessable  # the I101 rule, through which cannot_judge reports
        self.findings: list[Finding] = []
        self.doc_id = document_id(doc)

    def report(
        self,
        *,
        at: int | None = None,
        end: int | None = None,
        flow_at: int | None = None,
        flow_end: int | None = None,
        key: str,
        variant: str = "default",
        evidence: dict[str, Any] | None = None,
        severity: str | None = None,
        **values: Any,
    ) -> None:
        """Report a finding at a norm offset (at/end) or a flow offset (flow_at/flow_end)."""
        doc = self.doc
        if flow_at is not None:
            at = doc.flow_to_norm(flow_at)
            end = doc.flow_to_norm(flow_end) if flow_end is not None else None
        location = Location()
        excerpt = None
        if at is not None:
            line, col = doc.place(at)
            end_line = end_col = None
            if end is not None and end > at:
                end_line, end_col = doc.place(end)
            section = doc.section_at(at)
            top = _top_label(doc, at)
            location = Location(line, col, end_line, end_col, section=top, source=doc.source_at(at))
            excerpt = _excerpt(doc, at, end)
            values.setdefault("section", section.label if section else "前言")
        rule = self.rule
        self.findings.append(
            Finding(
                code=rule.code,
                name=rule.name,
                severity=severity or rule.severity_in(doc.profile),
                message=rule.message(variant, "zh", values),
                message_en=rule.message(variant, "en", values),
                location=location,
                evidence=MappingProxyType(dict(evidence or {})),
                excerpt=excerpt,
                key=key,
                document_id=self.doc_id,
                fix=rule.doc["fix"]["zh"],
                fix_en=rule.doc["fix"]["en"],
            )
        )

    def cannot_judge(
        self, key: str, reason_zh: str, reason_en: str, variant: str = "default", evidence: dict[str, Any] | None = None
    ) -> None:
        """Say that this rule could not judge the document (I101), instead of passing silently."""
        if self.not_assessable is None:
            return
        internal = Context(self.doc, self.not_assessable)
        internal.report(
            key=f"{self.rule.code}:{key}",
            variant=variant,
            evidence={"rule": self.rule.code, "reason": reason_en, **(evidence or {})},
            rule=self.rule.code,
            reason={"zh": reason_zh, "en": reason_en},
        )
        self.findings.extend(internal.findings)


def location_at(doc: Document, at: int, end: int | None = None, **where: str) -> Location:
    """The Location of a norm offset, as a finding there would have it (for what leaves the
    worker without the Document: the digest of cells and sentences)."""
    line, col = doc.place(at)
    end_line = end_col = None
    if end is not None and end > at:
        end_line, end_col = doc.place(end)
    return Location(line, col, end_line, end_col, section=_top_label(doc, at), source=doc.source_at(at), **where)


def _top_label(doc: Document, at: int) -> str:
    for s in doc.sections:
        if s.start <= at < s.end:
            return s.heading.marker.rstrip("、.") if s.heading else "前言"
    return "前言"


def _excerpt(doc: Document, at: int, end: int | None) -> str:
    """The original text around the finding, within its line: what the author will search for."""
    text = doc.text
    o_at = doc.norm.orig(at)
    o_end = doc.norm.orig(end) if end is not None and end > at else o_at
    line_start = max(text.rfind("\n", 0, o_at), text.rfind("\r", 0, o_at)) + 1
    line_end = len(text)
    for stop in ("\n", "\r"):
        i = text.find(stop, o_at)
        if 0 <= i < line_end:
            line_end = i
    a = max(line_start, o_at - EXCERPT_WIDTH)
    b = min(line_end, max(o_end, o_at) + EXCERPT_WIDTH)
    snippet = text[a:b].strip()
    return ("…" if a > line_start else "") + snippet + ("…" if b < line_end else "")
