"""A small Python API: check a text or a file and get the findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from checker.ingest.pipeline import Overrides, document_from_text, read_document
from checker.model.document import Document
from checker.model.findings import Finding, sort_key
from checker.policy.policy import Policy, apply_policy
from checker.rules.engine import check_document
from checker.rules.rule import RuleSet
from checker.rules.ruleset import load_ruleset

_DEFAULT_RULES: RuleSet | None = None


def default_rules() -> RuleSet:
    global _DEFAULT_RULES
    if _DEFAULT_RULES is None:
        _DEFAULT_RULES = load_ruleset()
    return _DEFAULT_RULES


def parse_text(
    text: str,
    *,
    year: int | None = None,
    profile: str | None = None,
    agency: str | None = None,
    published: dt.date | None = None,
    path: str = "<text>",
) -> Document:
    return document_from_text(
        text, path, overrides=Overrides(year=year, agency=agency, published=published, profile=profile)
    )


def check_text(
    text: str,
    *,
    year: int | None = None,
    profile: str | None = None,
    agency: str | None = None,
    published: dt.date | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    rules: RuleSet | None = None,
    previous: str | None = None,
) -> list[Finding]:
    """A text's findings; `previous`: the text of the same agency's report of the year before,
    for the rules across years (Y101–Y103, Y107)."""
    doc = parse_text(text, year=year, profile=profile, agency=agency, published=published)
    last = parse_text(previous, path="<previous>") if previous is not None else None
    policy = Policy(select=tuple(select), ignore=tuple(ignore))
    return _check(doc, rules or default_rules(), policy, last)


def check_file(
    path: str | Path,
    *,
    select: tuple[str, ...] = (),
    rules: RuleSet | None = None,
    year: int | None = None,
    profile: str | None = None,
    agency: str | None = None,
    published: dt.date | None = None,
    previous: str | Path | None = None,
) -> list[Finding]:
    """A file's findings (txt, md, docx, html, pdf); UnreadableInput if it (or `previous`, last
    year's report of the same agency) is not a report."""
    doc = read_document(Path(path), Overrides(year=year, agency=agency, published=published, profile=profile))
    last = read_document(Path(previous)) if previous is not None else None
    policy = Policy(select=tuple(select))
    return _check(doc, rules or default_rules(), policy, last)


def _check(doc: Document, rules: RuleSet, policy: Policy, previous: Document | None = None) -> list[Finding]:
    """The document's own findings, and those of the rules across documents: against last
    year's report when given, else what one document alone can give (Y104's foreign places)."""
    from checker.cross.stage import check_alone

    own = apply_policy(check_document(doc, rules, policy), policy)
    return sorted([*own, *check_alone(doc, rules, policy, previous)], key=sort_key)
