"""`--format junit`: JUnit XML, which CI systems show as test results.

One <testsuite> per document (name = path) with the document's agency, year and profile as
properties; one failing <testcase> per finding (classname = code, name = code and place);
a document without findings gets one passing test case, so it is counted as checked.
--statistics adds nothing: CI systems count the test cases themselves.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.reporters import document_fields, where

# Characters XML 1.0 cannot carry even escaped (a form feed from a PDF page break, NUL from a
# broken file); ElementTree would write them and produce a file no parser reads.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CLEAN_CASE = {"zh": "未发现问题", "en": "no findings"}


def xml_text(value) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def failure_text(finding, lang: str) -> str:
    lines = [finding.text(lang)]
    place = where(finding.location)
    if place:
        lines.append(("place: " if lang == "en" else "位置：") + place)
    if finding.location.section:
        lines.append(("section: " if lang == "en" else "部分：") + finding.location.section)
    if finding.excerpt:
        lines.append(("excerpt: " if lang == "en" else "原文：") + finding.excerpt)
    return "\n".join(lines)


def testsuite(result, lang: str) -> ET.Element:
    findings = result.findings
    suite = ET.Element(
        "testsuite",
        name=xml_text(result.path),
        tests=str(max(1, len(findings))),
        failures=str(len(findings)),
        errors="0",
        skipped="0",
    )
    properties = ET.SubElement(suite, "properties")
    for key, value in document_fields(result).items():
        if key != "path" and value is not None:
            ET.SubElement(properties, "property", name=key, value=xml_text(value))
    for f in findings:
        name = " ".join(part for part in (f.code, where(f.location)) if part)
        case = ET.SubElement(suite, "testcase", classname=f.code, name=xml_text(name), file=xml_text(result.path))
        if f.location.line is not None:
            case.set("line", str(f.location.line))
        failure = ET.SubElement(case, "failure", type=f.code, message=xml_text(f.text(lang)))
        failure.text = xml_text(failure_text(f, lang))
    if not findings:
        ET.SubElement(suite, "testcase", classname="xxgk", name=CLEAN_CASE[lang], file=xml_text(result.path))
    return suite


def render(results, options) -> str:
    suites = [testsuite(r, options.lang) for r in results]
    root = ET.Element(
        "testsuites",
        name="xxgk",
        tests=str(sum(int(s.get("tests")) for s in suites)),
        failures=str(sum(int(s.get("failures")) for s in suites)),
        errors="0",
    )
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
