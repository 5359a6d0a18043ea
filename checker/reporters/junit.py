"""`--format junit`: JUnit XML, which CI systems show as test results.

One <testsuite> per document (name = path) with the document's agency, year and profile as
properties; one <testcase> per finding (classname = code, name = code and place). A finding is a
<failure> exactly when it fails the run (its severity reaches --fail-on, default error; none with
--exit-zero), as every ruff diagnostic is a failure because every one fails ruff's run: a run
that exits 0 gives a report without failures, so Jenkins does not mark the build unstable. The
other findings (info, and warnings under the default --fail-on) are passing test cases that
carry their severity and message in <system-out>. A document without findings gets one passing
test case, so it is counted as checked. --statistics adds nothing: CI systems count the cases.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.model.findings import Finding
from checker.model.result import DocumentResult
from checker.policy.policy import fails
from checker.reporters import ReportOptions, document_fields, severity_label, where

# Characters XML 1.0 cannot carry even escaped (a form feed from a PDF page break, NUL from a
# broken file); ElementTree would write them and produce a file no parser reads.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CLEAN_CASE = {"zh": "未发现问题", "en": "no findings"}


def xml_text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def failure_text(finding: Finding, lang: str) -> str:
    lines = [finding.text(lang)]
    place = where(finding.location)
    if place:
        lines.append(("place: " if lang == "en" else "位置：") + place)
    if finding.location.section:
        lines.append(("section: " if lang == "en" else "部分：") + finding.location.section)
    if finding.excerpt:
        lines.append(("excerpt: " if lang == "en" else "原文：") + finding.excerpt)
    return "\n".join(lines)


def testcase(suite: ET.Element, finding: Finding, result: DocumentResult, lang: str) -> bool:
    """The finding's test case; True when it is a failure."""
    name = " ".join(part for part in (finding.code, where(finding.location)) if part)
    case = ET.SubElement(suite, "testcase", classname=finding.code, name=xml_text(name), file=xml_text(result.path))
    if finding.location.line is not None:
        case.set("line", str(finding.location.line))
    text = xml_text(failure_text(finding, lang))
    if fails(finding, result.policy):
        failure = ET.SubElement(case, "failure", type=finding.code, message=xml_text(finding.text(lang)))
        failure.text = text
        return True
    ET.SubElement(case, "system-out").text = f"[{severity_label(finding.severity, lang)}] {text}"
    return False


def testsuite(result: DocumentResult, lang: str) -> ET.Element:
    findings = result.findings
    suite = ET.Element("testsuite", name=xml_text(result.path), tests=str(max(1, len(findings))))
    properties = ET.SubElement(suite, "properties")
    for key, value in document_fields(result).items():
        if key != "path" and value is not None:
            ET.SubElement(properties, "property", name=key, value=xml_text(value))
    failures = sum(testcase(suite, f, result, lang) for f in findings)
    if not findings:
        ET.SubElement(suite, "testcase", classname="xxgk", name=CLEAN_CASE[lang], file=xml_text(result.path))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite


def render(results: list[DocumentResult], options: ReportOptions) -> str:
    suites = [testsuite(r, options.lang) for r in results]
    root = ET.Element(
        "testsuites",
        name="xxgk",
        tests=str(sum(int(s.get("tests", "0")) for s in suites)),
        failures=str(sum(int(s.get("failures", "0")) for s in suites)),
        errors="0",
    )
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
