"""`factsheet build`, checked by reading the PDF back with real PDF libraries."""

from __future__ import annotations

import re
import shutil
from itertools import pairwise
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from conftest import SHIPPED, STYLES, VALID, run_cli
from factsheet import __version__
from factsheet.bundle import Bundle
from factsheet.edtf import start_of
from factsheet.urls import link_target
from factsheet.validation import validate
from factsheet.wording import wording_for

ENGLISH = wording_for("en")
BASE14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}


def annotations_of(page: Any) -> list[Any]:
    """pypdf types page entries as generic PDF objects; these are arrays and dicts."""
    found: list[Any] = page["/Annots"]
    return found


def resources(page: Any) -> Any:
    return page["/Resources"]


def bundle_of(folder: Path) -> Bundle:
    """The briefing at ``folder`` as validation reads it: the YAML the page is built from."""
    [result] = validate([folder]).briefings
    return result.bundle


def squashed(text: str) -> str:
    """``text`` without white space: line breaks fall anywhere once a text is set."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def shipped() -> Bundle:
    return bundle_of(SHIPPED)


@pytest.fixture(scope="module")
def shipped_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    result = run_cli("build", str(SHIPPED), "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


def add_facts(folder: Path, count: int, words: int, section: str = "background") -> None:
    """Add ``count`` facts of ``words`` words each to the valid fixture briefing at ``folder``."""
    lines = ["facts:"]
    for index in range(count):
        text = " ".join(f"word{index}x{n}" for n in range(words))
        lines += [
            f"  - id: extra-{index}",
            f"    section: {section}",
            "    date: 2023",
            f"    text: Extra fact {text}.",
            "    cite:",
            "      - source: wire-2024",
        ]
    (folder / "extra.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_writes_exactly_one_page_and_reports_it(shipped_pdf: Path) -> None:
    reader = PdfReader(shipped_pdf)
    assert len(reader.pages) == 1
    assert shipped_pdf.read_bytes().startswith(b"%PDF-")


def test_default_output_path_is_output_briefing_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(SHIPPED, tmp_path / "facts" / SHIPPED.name)
    monkeypatch.chdir(tmp_path)
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / f"{SHIPPED.name}.pdf").is_file()
    assert f"output/{SHIPPED.name}.pdf" in result.output
    assert "1 page" in result.output


def test_headings_and_facts_in_reading_order(shipped_pdf: Path, shipped: Bundle) -> None:
    assert shipped.briefing is not None
    briefing = shipped.briefing.record
    text = squashed(PdfReader(shipped_pdf).pages[0].extract_text())
    sections = briefing.sections
    headings = [briefing.title, "Key dates", *(s.heading for s in sections), "Sources"]
    positions = [text.index(squashed(heading)) for heading in headings]
    assert positions == sorted(positions)
    # Each section runs from its heading to the next one (the last to "Sources").
    spans = dict(zip((s.id for s in sections), pairwise(positions[2:]), strict=True))
    parties = {party.id: party.name for party in briefing.parties}
    for section in sections:
        start, end = spans[section.id]
        placed = []
        for fact in (f.record for f in shipped.facts if f.record.section == section.id):
            # The fact is printed whole after its date, and the party it speaks for is named.
            said = f"{parties[fact.attributed_to]}:" if fact.attributed_to else ""
            at = text.index(squashed(f"{ENGLISH.date(fact.date, short=True)} {said} {fact.text}"))
            assert start < at < end, f"{fact.id} is not under {section.heading!r}"
            placed.append((at, start_of(fact.date).first()))
        assert placed, section.id
        # Facts follow their section heading in date order.
        starts = [day for _, day in sorted(placed)]
        assert starts == sorted(starts), section.id


def test_every_citation_links_to_its_source_entry(shipped_pdf: Path, shipped: Bundle) -> None:
    reader = PdfReader(shipped_pdf)
    page = reader.pages[0]
    document = pdfium.PdfDocument(shipped_pdf)
    textpage = document[0].get_textpage()
    internal = []
    for annotation in annotations_of(page):
        link = annotation.get_object()
        rect = [float(v) for v in link["/Rect"]]
        label = textpage.get_text_bounded(*rect).strip()
        if "/Dest" in link:
            internal.append((label, float(link["/Dest"][3])))
        else:
            uri = str(link["/A"]["/URI"])
            assert uri.startswith(("http://", "https://")), uri
    facts = [fact.record for fact in shipped.facts]
    citations = {(c.source, c.locator) for fact in facts for c in fact.cite}
    # A citation repeated word for word within a fact is printed, and linked, once.
    printed = sum(len({(c.source, c.locator) for c in fact.cite}) for fact in facts)
    assert len(internal) == printed, "every printed citation is linked"
    # Sources are numbered by their first citation in reading order.
    text = squashed(page.extract_text())
    numbers: dict[str, int] = {}
    for fact in sorted(facts, key=lambda fact: text.index(squashed(fact.text))):
        for citation in fact.cite:
            numbers.setdefault(citation.source, len(numbers) + 1)
    titles = {source.record.id: source.record.title for source in shipped.sources}
    source_of: dict[str, str] = {}
    tops: dict[str, float] = {}
    for source, number in numbers.items():
        # The last "[n]" on the page is the entry in the sources list, and it names its source.
        entry = text[text.rindex(f"[{number}]") :]
        assert squashed(titles[source]) in entry.split(f"[{number + 1}]")[0], (number, source)
        searcher = textpage.search(f"[{number}]")
        hits = []
        while (hit := searcher.get_next()) is not None:
            hits.append(hit)
        tops[str(number)] = textpage.get_charbox(hits[-1][0])[3]
        source_of[str(number)] = source
    for label, dest_y in internal:
        # The linked text is the source's number, then its locator if it has one.
        assert re.fullmatch(r"\d+(: .+)?", label), label
        number, _, locator = label.partition(": ")
        assert (source_of[number], locator or None) in citations, label
        top = tops[number]
        assert top <= dest_y <= top + 12, (label, dest_y, top)
    # Every cited source is the target of some citation.
    assert {label.partition(": ")[0] for label, _ in internal} == set(tops)


def test_fonts_are_embedded_truetype_only(shipped_pdf: Path) -> None:
    page = PdfReader(shipped_pdf).pages[0]
    fonts = resources(page)["/Font"]
    assert len(fonts) >= 2
    for font in fonts.values():
        font = font.get_object()
        assert not any(name in str(font["/BaseFont"]) for name in BASE14)
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_metadata_outline_and_language(shipped_pdf: Path, shipped: Bundle) -> None:
    assert shipped.briefing is not None
    briefing = shipped.briefing.record
    headings = [section.heading for section in briefing.sections]
    reader = PdfReader(shipped_pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == briefing.title
    assert meta.author == briefing.author
    assert meta.subject == briefing.subtitle
    keywords = str(meta.get("/Keywords"))
    assert all(heading in keywords for heading in headings), keywords
    assert meta.creator == f"factsheet {__version__}"
    as_of = briefing.as_of.first()
    assert str(meta.get("/CreationDate")).startswith(f"D:{as_of:%Y%m%d}")
    root = reader.trailer["/Root"]
    assert isinstance(root, DictionaryObject)
    assert str(root["/Lang"]) == briefing.language
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles == [*headings, "Sources"]


def test_two_builds_are_byte_identical_and_id_follows_content(
    tmp_path: Path, shipped_briefing: Path
) -> None:
    first, second, third = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    assert run_cli("build", str(shipped_briefing), "-o", str(first)).exit_code == 0
    assert run_cli("build", str(shipped_briefing), "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    briefing = shipped_briefing / "briefing.yaml"
    briefing.write_text(briefing.read_text().replace("Research desk", "Policy unit"))
    assert run_cli("build", str(shipped_briefing), "-o", str(third)).exit_code == 0
    assert PdfReader(first).trailer["/ID"] != PdfReader(third).trailer["/ID"]


def test_source_date_epoch_sets_the_timestamp_and_nothing_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023
    target = tmp_path / "epoch.pdf"
    assert run_cli("build", str(SHIPPED), "-o", str(target)).exit_code == 0
    meta = PdfReader(target).metadata
    assert meta is not None
    assert str(meta.get("/CreationDate")).startswith("D:20231114")
    text = " ".join(PdfReader(target).pages[0].extract_text().split())
    # The page says when its sources were checked, not when the file was made.
    assert "2023" not in text.split("checked")[-1]
    assert "checked 30 November 2026" in text


def test_letter_paper_and_print_style(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    result = run_cli(
        "build", str(VALID), "-o", str(target), "--paper", "letter", "--style", "print"
    )
    assert result.exit_code == 0, result.output
    page = PdfReader(target).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    fonts = " ".join(str(f.get_object()["/BaseFont"]) for f in resources(page)["/Font"].values())
    assert "DejaVuSerif" in fonts


@pytest.mark.parametrize("style", ["default", "print"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_shipped_briefing_fits_every_paper_and_style(
    paper: str, style: str, tmp_path: Path
) -> None:
    target = tmp_path / f"{paper}-{style}.pdf"
    result = run_cli("build", str(SHIPPED), "-o", str(target), "--paper", paper, "--style", style)
    assert result.exit_code == 0, result.output
    assert "1 page" in result.output
    assert len(PdfReader(target).pages) == 1


def test_style_given_as_a_path(tmp_path: Path) -> None:
    style = tmp_path / "mine.yaml"
    style.write_text((STYLES / "print.yaml").read_text())
    target = tmp_path / "styled.pdf"
    assert run_cli("build", str(VALID), "-o", str(target), "--style", str(style)).exit_code == 0
    assert target.is_file()


def test_unknown_style_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("build", str(SHIPPED), "-o", str(tmp_path / "x.pdf"), "--style", "nope")
    assert result.exit_code == 2
    assert "no style named 'nope'" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_markup_in_facts_prints_literally(tmp_path: Path, valid_briefing: Path) -> None:
    hostile = '<a href="javascript:alert(1)">click</a> &amp; <b>bold</b> <font size=40>x'
    (valid_briefing / "hostile.yaml").write_text(
        "facts:\n  - id: hostile\n    section: background\n    date: 2023\n"
        f"    text: '{hostile}'\n    cite:\n      - source: wire-2024\n",
        encoding="utf-8",
    )
    target = tmp_path / "hostile.pdf"
    result = run_cli("build", str(valid_briefing), "-o", str(target))
    assert result.exit_code == 0, result.output
    page = PdfReader(target).pages[0]
    assert hostile in " ".join(page.extract_text().split())
    # The only links out are the sources' own addresses: the markup made none.
    addresses = {
        link_target(url)
        for source in bundle_of(valid_briefing).sources
        for url in (source.record.url, source.record.archive_url)
        if url
    }
    for annotation in annotations_of(page):
        link = annotation.get_object()
        if "/A" in link:
            assert str(link["/A"]["/URI"]) in addresses, link["/A"]["/URI"]


def test_type_shrinks_within_limits_before_failing(tmp_path: Path, valid_briefing: Path) -> None:
    add_facts(valid_briefing, 10, 30)
    target = tmp_path / "dense.pdf"
    result = run_cli("build", str(valid_briefing), "-o", str(target))
    assert result.exit_code == 0, result.output
    body = float(re.search(r"body ([\d.]+) pt", result.output).group(1))  # type: ignore[union-attr]
    assert 7.5 <= body < 10
    assert len(PdfReader(target).pages) == 1


def test_overfull_briefing_fails_and_leaves_old_pdf_untouched(
    tmp_path: Path, valid_briefing: Path
) -> None:
    target = tmp_path / "brief.pdf"
    assert run_cli("build", str(valid_briefing), "-o", str(target)).exit_code == 0
    before = target.read_bytes()
    add_facts(valid_briefing, 80, 40)
    result = run_cli("build", str(valid_briefing), "-o", str(target))
    assert result.exit_code == 1
    assert "FS701" in result.output
    assert re.search(r"about \d+ mm too long", result.output)
    assert "Longest sections: background" in result.output  # the longest is named first
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["brief.pdf", VALID.name])


def test_invalid_briefing_is_refused_with_diagnostics(tmp_path: Path, valid_briefing: Path) -> None:
    sources = valid_briefing / "sources.yaml"
    sources.write_text(sources.read_text().replace("id: wire-2024", "id: wire"))
    target = tmp_path / "refused.pdf"
    result = run_cli("build", str(valid_briefing), "-o", str(target))
    assert result.exit_code == 1
    assert "FS202" in result.output
    assert "nothing was built" in result.output
    assert not target.exists()


def test_long_words_and_urls_wrap_inside_the_column(tmp_path: Path, valid_briefing: Path) -> None:
    word = "Supercalifragilistic" * 8
    (valid_briefing / "long.yaml").write_text(
        "facts:\n  - id: long-word\n    section: background\n    date: 2023\n"
        f"    text: A very long word {word} ends here.\n    cite:\n"
        "      - source: wire-2024\n",
        encoding="utf-8",
    )
    target = tmp_path / "long.pdf"
    assert run_cli("build", str(valid_briefing), "-o", str(target)).exit_code == 0
    document = pdfium.PdfDocument(target)
    page = document[0]
    width = page.get_width()
    textpage = page.get_textpage()
    for index in range(textpage.count_chars()):
        left, _bottom, right, _top = textpage.get_charbox(index)
        assert left >= 0 and right <= width, "text runs off the page"


def test_no_briefing_named_when_several_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("one", "two"):
        shutil.copytree(SHIPPED, tmp_path / "facts" / name)
    monkeypatch.chdir(tmp_path)
    result = run_cli("build")
    assert result.exit_code == 2
    assert "one, two" in result.output
    result = run_cli("build", "two")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "two.pdf").is_file()


def test_footer_checked_date_follows_the_latest_access(shipped_pdf: Path, shipped: Bundle) -> None:
    assert shipped.briefing is not None
    as_of = shipped.briefing.record.as_of
    accessed = [source.record.accessed for source in shipped.sources if source.record.accessed]
    latest = max(accessed, key=lambda day: day.last())
    # The shipped sources were last read after as_of: the footer follows the later day.
    assert latest.last() > as_of.last()
    text = " ".join(PdfReader(shipped_pdf).pages[0].extract_text().split())
    assert f"checked {ENGLISH.day(latest)}" in text
    assert f"As of {ENGLISH.day(as_of)}" in text


def test_timeline_says_when_it_is_not_to_scale(shipped_pdf: Path) -> None:
    text = " ".join(PdfReader(shipped_pdf).pages[0].extract_text().split())
    assert "Key dates · not to scale" in text


def test_uncited_sources_are_not_printed(tmp_path: Path, valid_briefing: Path) -> None:
    cited = {c.source for fact in bundle_of(valid_briefing).facts for c in fact.record.cite}
    sources = valid_briefing / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + "  - id: never-cited\n    title: A source nobody cites\n    published: 2024-01-01\n"
        "    archive_url: https://example.org/archived\n",
        encoding="utf-8",
    )
    target = tmp_path / "uncited.pdf"
    result = run_cli("build", str(valid_briefing), "-o", str(target))
    assert result.exit_code == 0, result.output
    text = PdfReader(target).pages[0].extract_text()
    assert "A source nobody cites" not in text
    assert f"[{len(cited)}]" in text
    assert f"[{len(cited) + 1}]" not in text


def test_a_refused_build_reports_the_real_counts_as_json(
    tmp_path: Path, valid_briefing: Path
) -> None:
    import json

    sources = valid_briefing / "sources.yaml"
    sources.write_text(sources.read_text().replace("id: wire-2024", "id: wire"))
    result = run_cli(
        "build", str(valid_briefing), "-o", str(tmp_path / "x.pdf"), "--format", "json"
    )
    assert result.exit_code == 1
    # A one-document format is printed alone on standard output, even for a refused build.
    document = json.loads(result.stdout)
    assert document["summary"]["facts"] == validate([VALID]).facts
    # The whole validation report: the errors that refused the build and the warnings.
    errors = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert document["summary"]["errors"] == len(errors) > 0
    assert document["summary"]["warnings"] == len(document["diagnostics"]) - len(errors)
    assert {d["code"] for d in errors} == {"FS202"}
