"""A copy of a Word draft with each finding as a Word comment (批注), where the author works.

`annotate_docx` takes the original file's bytes and the findings of that file and returns new
bytes: the same document with one comment per finding, author "xxgk", anchored on the paragraph
or table cell the finding points at (on the finding's own words where they stand once in one run
of the paragraph: that run is split, nothing shown changes). The place is found by reading the
copy again with the Word reader (checker/ingest/formats/docx.py), which gives, for each line of
the checked text, the w:p or w:tc it came from; a finding's line and column pick the element. A finding without a place
(a missing section, the year) goes on the first paragraph, the title. The comment says the
message, how to fix it (the rule's `fix`, where its doc has one) and the rule's code.

Inputs other than Word (.pdf, .html, text) have no comments to carry: `write_annotated` writes
the HTML report for them instead.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker.errors import UsageError
from checker.ingest.pipeline import WORD_SUFFIXES
from checker.model.findings import SEVERITY_ZH, Finding
from checker.model.result import DocumentResult
from checker.reporters import ReportOptions, localized

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.run import Run
    from lxml.etree import _Element as Element

    from checker.rules.rule import RuleSet

AUTHOR = "xxgk"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LABELS = {
    "zh": {"fix": "如何修改：", "rule": "规则"},
    "en": {"fix": "How to fix: ", "rule": "rule"},
}


def comment_text(finding: Finding, rules: RuleSet | None, lang: str = "zh") -> str:
    """The message, how to fix it when the rule's doc says, and the rule's code."""
    labels = LABELS["en" if lang == "en" else "zh"]
    severity = finding.severity if lang == "en" else SEVERITY_ZH.get(finding.severity, finding.severity)
    lines = [f"[{severity}] {finding.text(lang)}"]
    rule = rules.find(finding.code) if rules is not None else None
    fix = localized(rule.doc.get("fix"), lang) if rule is not None else ""
    if fix:
        lines.append(labels["fix"] + fix)
    lines.append(f"{labels['rule']} {finding.code} {finding.name}")
    return "\n".join(lines)


@dataclass
class _Anchors:
    """Per line of the checked text (0-based), the source spans' start columns and elements."""

    starts: list[tuple[int, ...]]
    elements: list[tuple[Element | None, ...]]

    def at(self, line: int | None, column: int | None) -> Element | None:
        """The element a 1-based line and column came from; a line without one (an imported web
        page, a footnote) takes the nearest line above that has one; no line: the title."""
        if line is None or not 1 <= line <= len(self.elements):
            return self._first()
        index = line - 1
        chosen = 0
        for i, start in enumerate(self.starts[index]):
            if column is not None and start <= column - 1:
                chosen = i
        element = self.elements[index][chosen] if self.elements[index] else None
        while element is None and index > 0:
            index -= 1
            element = next((e for e in self.elements[index] if e is not None), None)
        return element if element is not None else self._first()

    def _first(self) -> Element | None:
        return next((e for line in self.elements for e in line if e is not None), None)


def _quoted(lines: list[str], finding: Finding) -> str | None:
    """The text a finding's span covers, when it lies on one line."""
    loc = finding.location
    if loc.line is None or loc.column is None or loc.end_column is None or loc.end_line not in (None, loc.line):
        return None
    if not 1 <= loc.line <= len(lines):
        return None
    text = lines[loc.line - 1][loc.column - 1 : loc.end_column - 1]
    return text if text.strip() else None


def _split_out(paragraph: Element, text: str) -> Element | None:
    """The run holding exactly `text`, split out of the one plain run (its formatting only, one
    w:t) that holds it, when the paragraph's runs hold it once; else None (the whole paragraph)."""
    runs = list(paragraph.iterchildren(W + "r"))
    texts = ["".join(t.text or "" for t in r.iterchildren(W + "t")) for r in runs]
    if "".join(texts).count(text) != 1:
        return None
    for run, run_text in zip(runs, texts):
        plain = all(child.tag in (W + "rPr", W + "t") for child in run) and len(run.findall(W + "t")) == 1
        if run_text.count(text) != 1 or not plain:
            continue
        before, after = run_text.split(text, 1)
        for piece, place in ((before, run.addprevious), (after, run.addnext)):
            if piece:
                copy = deepcopy(run)
                _set_text(copy, piece)
                place(copy)
        _set_text(run, text)
        return run
    return None


def _set_text(run: Element, text: str) -> None:
    t = run.find(W + "t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _runs(element: Element, document: DocxDocument, quoted: str | None) -> list[Run]:
    """The runs a comment spans: the finding's own words where they stand in one run of the
    paragraph, else the paragraph's (or the cell's paragraphs') own runs; an empty paragraph or
    cell gets an empty run to carry the comment, which changes nothing shown."""
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    paragraphs = [element] if element.tag == W + "p" else list(element.iter(W + "p"))
    exact = _split_out(element, quoted) if quoted and element.tag == W + "p" else None
    if exact is not None:
        return [Run(exact, Paragraph(element, document._body))]
    runs = [r for p in paragraphs for r in p.iterchildren(W + "r")]
    if runs:
        return [Run(r, Paragraph(r.getparent(), document._body)) for r in (runs[0], runs[-1])]
    return [Paragraph(paragraphs[0], document._body).add_run()]


def annotate_docx(data: bytes, findings: Sequence[Finding], rules: RuleSet | None = None, lang: str = "zh") -> bytes:
    """The .docx with one comment per finding, anchored where the finding points."""
    from checker.ingest.formats.docx import open_docx, read_anchored

    document = open_docx(data)
    sourced, elements = read_anchored(document)
    anchors = _Anchors([tuple(start for start, _ in spans) for spans in sourced.sources.lines], elements)
    lines = sourced.text.split("\n")
    initials = "xxgk"
    for finding in findings:
        element = anchors.at(finding.location.line, finding.location.column)
        if element is None or next(element.iter(W + "p"), None) is None:
            continue  # never for a file the checker read: it has a paragraph, and a cell holds one
        document.add_comment(
            _runs(element, document, _quoted(lines, finding)),
            text=comment_text(finding, rules, lang),
            author=AUTHOR,
            initials=initials,
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- the command line's --annotate ---------------------------------------------------------------


def check_target(paths: Sequence[str], target: str | None) -> Path | None:
    """The one input file --annotate works on (None without --annotate); refuses several inputs,
    a directory, standard input and a target that is the input itself (the original is never touched)."""
    if target is None:
        return None
    if len(paths) != 1 or paths[0] == "-" or Path(paths[0]).is_dir():
        raise UsageError(
            "--annotate 只能用于检查一个文件（不能是多个文件、目录或标准输入） / --annotate works on exactly one file"
        )
    source = Path(paths[0])
    written = Path(target)
    if written.resolve() == source.resolve() or (written.exists() and written.samefile(source)):
        raise UsageError(
            f"--annotate 不能覆盖被检查的原文件 {target}，请另给一个文件名 / --annotate would overwrite the input {target}"
        )
    return source


def write_annotated(results: list[DocumentResult], source: Path | None, target: str | None, lang: str = "zh") -> None:
    """After `xxgk check --annotate`: the copy written, and what was written said on stderr."""
    if source is not None and target and results:
        click.echo(annotated_copy(results[0], source, Path(target), lang), err=True)


def annotated_copy(result: DocumentResult, source: Path, target: Path, lang: str = "zh") -> str:
    """Write the annotated copy of a Word file, or, for any other input (or a Word file that could
    not be read), the HTML report, at `target` (its suffix .html where it was a Word one). What
    was written, as a line for the user."""
    from checker.reporters import render_text

    if source.suffix.lower() in WORD_SUFFIXES and result.info is not None:
        from checker.api import default_rules

        _write(target, annotate_docx(source.read_bytes(), result.findings, default_rules(), lang))
        return f"xxgk: 已写出带批注的副本 {target}（{len(result.findings)} 条批注） / wrote the annotated copy {target}"
    html_target = target.with_suffix(".html") if target.suffix.lower() in WORD_SUFFIXES else target
    _write(html_target, render_text("html", [result], ReportOptions(lang=lang, color=False)).encode("utf-8"))
    return (
        f"xxgk: {source.name} 不是可读的 Word 文件，问题标注在网页报告 {html_target} 中 / "
        f"{source.name} is not a readable Word file: wrote the HTML report {html_target}"
    )


def _write(target: Path, data: bytes) -> None:
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"无法写入 {target}：{exc.strerror} / cannot write {target}: {exc.strerror}") from None
