"""Property-based hostile input: random YAML-ish text, random bytes and well-formed briefings
full of wrong values, each run through `validate` and `build` on the command line.

For every input: the exit code is 0, 1 or 2; there is no traceback; exit 1 comes with at
least one rule code; a build that succeeds writes a one-page PDF, and a build that fails
writes nothing at all. The examples are derandomised, so a CI run tests the same inputs
every time (and the example database is off, so nothing carries over between runs).
"""

from __future__ import annotations

import codecs
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import BASE, copy_briefing, run_cli

RULE_CODE = re.compile(r"\bFS\d{3}\b")
FILES = ["briefing.yaml", "sources.yaml", "facts.yaml", "more.yaml"]
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@contextmanager
def briefing(files: dict[str, bytes]) -> Iterator[tuple[Path, Path]]:
    """The base briefing with ``files`` written over it, and an empty output folder."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = copy_briefing(BASE, Path(temporary) / "brief")
        for name, data in files.items():
            (folder / name).write_bytes(data)
        yield folder, Path(temporary) / "out"


def check_both_commands(files: dict[str, bytes]) -> None:
    with briefing(files) as (folder, out):
        as_json = run_cli("validate", "--format", "json", str(folder))
        code = as_json.exit_code
        report = json.loads(as_json.stdout)
        assert code == (0 if report["ok"] else 1)
        if code == 1:
            assert any(RULE_CODE.fullmatch(d["code"]) for d in report["diagnostics"])
        for item in report["diagnostics"]:
            assert item["line"] >= 0 and item["column"] >= 0
            assert item["line"] > 0 or item["column"] == 0

        as_text = run_cli("validate", str(folder))
        assert as_text.exit_code == code
        if code == 1:
            assert RULE_CODE.search(as_text.stdout)

        target = out / "brief.pdf"
        built = run_cli("build", str(folder), "-o", str(target))
        build_code, errors = built.exit_code, built.stderr
        event(f"validate {code}, build {build_code}")
        if build_code == 0:
            assert code == 0, "build wrote a PDF for a briefing validate refuses"
            assert sorted(out.iterdir()) == [target], "a temporary file was left behind"
            assert len(PdfReader(target).pages) == 1
        else:
            assert build_code == 1
            assert RULE_CODE.search(errors)
            assert code == 1 or "FS701" in errors, "build refused a valid briefing"
            assert not out.exists() or not any(out.iterdir()), "a failed build left files"


# Random YAML-ish text: the tokens that make YAML (and this format) interesting.
TOKENS = [
    "facts:", "sources:", "title:", "sections:", "as_of:", "- ", "  ", "    ", "\n", "\n",
    "id: ", "section: main", "text: ", "date: ", "cite:", "source: agency", "key: ", "label: ",
    "url: ", "snapshot: ", "heading: ", "2025", "2025-10-24", "2025-02-29", "0000", "9999-12-31",
    "1956", "yes", "no", "null", "~", "true", "1.5", "1_000", "0x10", "[", "]", "{", "}", ", ",
    ": ", "&a ", "*a", "<<: ", "!!str ", "!!python/object/apply:os.system ", "!x ", "? ", "|",
    ">", "'", '"', "# c", "%YAML 1.1", "---", "...", "\t", "\\", "@", "`", "=", "\u202e",
    "\x00", "\x07", "é", "\ufeff", "\u2028", "javascript:alert(1)", "../x", "/etc/passwd",
    "<a href='x'>", "&amp;", ") Tj (", "W" * 80,
]  # fmt: skip
yamlish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@SETTINGS
@given(name=st.sampled_from(FILES), text=yamlish)
def test_random_yaml_text(name: str, text: str) -> None:
    check_both_commands({name: text.encode("utf-8")})


BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]


@settings(SETTINGS, max_examples=120)
@given(name=st.sampled_from(FILES), bom=st.sampled_from(BOMS), data=st.binary(max_size=300))
def test_random_bytes(name: str, bom: bytes, data: bytes) -> None:
    check_both_commands({name: bom + data})


# Well-formed briefings whose values come from pools of valid-but-hostile values (markup,
# long words, extreme dates, odd but valid URLs) and of wrong ones, written as raw YAML so that
# YAML's own typing (yes, 1956, 2025-10-24) comes along. Each example has a level of mischief:
# 0 keeps the structure and the values valid, 1 lets values go wrong, 2 the structure too.
Pool = tuple[list[str], list[str]]  # (valid, wrong)
TEXTS: Pool = (
    [
        '"Something happened."',
        "\"<b>bold</b> &amp; <a href='javascript:x'>) Tj (</a>\"",
        '"' + "W" * 250 + '"',
        '"' + "word " * 50 + '"',
        r'"tab\there \\ (x) % <<>>"',
        "'quoted ''twice'''",
        '"Łódź Ωμέγα Одеса"',
    ],
    [
        "1956", "yes", "null", "[a, b]", "{a: b}", "2025-10-24", "''", r'"a\u202eb"', r'"a\0b"',
        r'"\e[31m"', '"' + "word " * 500 + '"', '"😀"', "&t shared", "*t", "!!str text",
    ],
)  # fmt: skip
DATES: Pool = (
    ["2025-10", "2025", "2024-02-29", "0000", "1900", "2000-02-29", "2020/2025-10-24"],
    [
        "2025-02-29", "1900-02-29", "0000-01-01", "9999-12-31", "2025/2024", "true", "4.5",
        "[2025]", "'2025-1-5'", "1_000", "-0001", "2025-10-24T10:00:00", "2026-01",
    ],
)  # fmt: skip
URLS: Pool = (
    [
        "https://example.org/report", "http://localhost", "http://localhost:8080/x",
        "https://example.org/" + "a" * 1900, "https://пример.рф/статья", "http://[::1]/",
        "https://example.org/<script>)>>", "HTTPS://EXAMPLE.ORG/",
    ],
    [
        "javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "vbscript:x",
        "https://user:pw@example.org/", "'https://a b/'", r'"https://\u0435xample.org/"',
        r'"https://example.org/\u202egnp"', "https://example.org/" + "a" * 1990, "42", "[x]",
    ],
)  # fmt: skip
BOOLS: Pool = (["true", "false", "TRUE", "False"], ["yes", "1", "'true'", "null", "[true]"])
INTS: Pool = (["400", "1", "1000000"], ["0", "-1", "4.5", "'400'", "1_000", "1000001", "yes"])
SNAPSHOTS: Pool = ([], ["../x.txt", "/etc/passwd", "/dev/zero", "missing.txt", ".", r'"a\0b"'])
BAD_IDS = ["Bad_Id", "42", "yes", "''", r'"a\u202eb"', "x" * 90, "other"]
LABELS = ["Short label", "W" * 60, "W" * 61, "yes", '"<i>x</i> &amp;"']


def mapping(entries: list[str], indent: int, item: bool = False) -> str:
    """YAML lines for ``entries`` at ``indent``; as a list item when ``item``."""
    if not entries:
        return " " * indent + "- {}\n" if item else ""
    lines = []
    for index, entry in enumerate(entries):
        lead = " " * indent + ("- " if item and index == 0 else "  " if item else "")
        lines.append(lead + entry + "\n")
    return "".join(lines)


@st.composite
def hostile_briefing(draw: st.DrawFn) -> dict[str, bytes]:
    level = draw(st.integers(0, 2))

    def fields(*spec: tuple[str, Pool | str]) -> list[str]:
        """``key: value`` entries; at level 2 some are left out, doubled or misspelt."""
        entries = []
        for key, pool in spec:
            if isinstance(pool, str):  # a name that must match: an id, a section, a source
                choices = [pool] if level == 0 else [pool, pool, *BAD_IDS]
            else:
                choices = pool[0] + pool[1] if level else pool[0]
            if not choices:
                continue
            value = draw(st.sampled_from(choices))
            mischief = draw(st.integers(0, 9)) if level == 2 else 9
            if mischief == 0:
                continue
            if mischief == 1:
                entries += [f"{key}: {value}", f"{key}: {value}"]
            elif mischief == 2:
                entries.append(f"{key}x: {value}")
            else:
                entries.append(f"{key}: {value}")
        return entries

    top = fields(("title", TEXTS), ("subtitle", TEXTS))
    top += ["as_of: 2025-10-24"] if level == 0 else fields(("as_of", DATES))
    section = fields(("id", "main"), ("heading", TEXTS), ("max_age_days", INTS))
    briefing_yaml = mapping(top, 0) + "sections:\n" + mapping(section, 2, True)
    source = fields(
        ("id", "agency"), ("title", TEXTS), ("publisher", TEXTS), ("url", URLS),
        ("archive_url", URLS), ("note", TEXTS), ("snapshot", SNAPSHOTS),
    )  # fmt: skip
    if level == 0:
        source += ["published: 2025-10-24", "accessed: 2025-10-25"]
    else:
        source += fields(("published", DATES), ("accessed", DATES))
    sources_yaml = "sources:\n" + mapping(source, 2, True)
    facts_yaml = "facts:\n"
    for number in range(draw(st.integers(1, 4))):
        entries = fields(
            ("id", f"fact-{number}"), ("section", "main"), ("date", DATES), ("text", TEXTS),
            ("key", BOOLS),
        )  # fmt: skip
        if draw(st.booleans()):
            entries.append(f"label: {draw(st.sampled_from(LABELS))}")
        cite = fields(("source", "agency"), ("locator", TEXTS), ("quote", TEXTS))
        facts_yaml += mapping([*entries, "cite:"], 2, True) + mapping(cite, 6, True)
    return {
        "briefing.yaml": briefing_yaml.encode(),
        "sources.yaml": sources_yaml.encode(),
        "facts.yaml": facts_yaml.encode(),
    }


@settings(SETTINGS, max_examples=250)
@given(files=hostile_briefing())
def test_wellformed_briefings_with_hostile_values(files: dict[str, bytes]) -> None:
    check_both_commands(files)
