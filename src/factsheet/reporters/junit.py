"""JUnit XML: a test suite per briefing, a failing test case per error.

Most CI systems (GitLab, Jenkins, Azure Pipelines, CircleCI) show this as test results.
A briefing without errors is one passing case; warnings are passing cases whose output
says what they warn of, so that they are seen without failing the run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..diagnostics import Diagnostic, Severity
from ..report import Findings
from .common import shown_location, unsurrogate

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", unsurrogate(text))


def _case(suite: ET.Element, name: str, classname: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", name=_xml(name), classname=_xml(classname))


def _diagnostic_case(suite: ET.Element, item: Diagnostic, classname: str) -> bool:
    case = _case(
        suite, f"{item.code} {item.rule.name} at {shown_location(item.location)}", classname
    )
    text = f"{shown_location(item.location)}: {item.message}\nhint: {item.hint}"
    if item.severity is Severity.ERROR:
        failure = ET.SubElement(case, "failure", message=_xml(item.message), type=item.code)
        failure.text = _xml(text)
        return True
    ET.SubElement(case, "system-out").text = _xml(f"warning: {text}")
    return False


def _suite(root: ET.Element, name: str, items: list[Diagnostic], passing: str) -> ET.Element:
    suite = ET.SubElement(root, "testsuite", name=_xml(name))
    classname = f"factsheet.{name}"
    failures = sum(_diagnostic_case(suite, item, classname) for item in items)
    if not any(item.severity is Severity.ERROR for item in items):
        _case(suite, passing, classname)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return suite


def render(findings: Findings, *, colour: bool = False, quiet: bool = False) -> str:
    root = ET.Element("testsuites", name="factsheet")
    if findings.style_diagnostics:
        _suite(root, "style", list(findings.style_diagnostics), "style is valid")
    builds = {build.id: build for build in findings.builds or []}
    ids = [briefing.id for briefing in findings.briefings]
    for briefing in findings.briefings:
        items = [d for d in briefing.diagnostics if not (quiet and d.severity is Severity.WARNING)]
        # Two briefings of one name in different folders are told apart by their path.
        name = briefing.id if ids.count(briefing.id) == 1 else briefing.path
        suite = _suite(root, name, items, f"{briefing.id} validates")
        build = builds.pop(briefing.id, None)
        if build is not None:
            case = _case(suite, f"build {briefing.id}", f"factsheet.{briefing.id}")
            if not build.ok:
                failure = ET.SubElement(case, "failure", message=_xml(build.message), type="build")
                failure.text = _xml(build.message)
                suite.set("failures", str(int(suite.get("failures", "0")) + 1))
            suite.set("tests", str(len(suite)))
    for build in builds.values():  # refused before validation (a usage problem)
        suite = ET.SubElement(root, "testsuite", name=_xml(build.id), tests="1", failures="1")
        suite.set("errors", "0")
        case = _case(suite, f"build {build.id}", f"factsheet.{build.id}")
        ET.SubElement(case, "failure", message=_xml(build.message), type="build")
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
