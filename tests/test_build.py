"""`factsheet build`, checked by reading the PDF back with real PDF libraries."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from conftest import SHIPPED, STYLES, run_cli
from factsheet import __version__

BASE14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}


def annotations_of(page: Any) -> list[Any]:
    """pypdf types page entries as generic PDF objects; these are arrays and dicts."""
    found: list[Any] = page["/Annots"]
    return found


def resources(page: Any) -> Any:
    return page["/Resources"]


@pytest.fixture(scope="module")
def shipped_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    result = run_cli("build", str(SHIPPED), "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


def add_facts(folder: Path, count: int, words: int, section: str = "chill-in-ties") -> None:
    lines = ["facts:"]
    for index in range(count):
        text = " ".join(f"word{index}x{n}" for n in range(words))
        lines += [
            f"  - id: extra-{index}",
            f"    section: {section}",
            "    date: 2023",
            f"    text: Extra fact {text}.",
            "    cite:",
            "      - source: sputnik-2025-10-24",
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


def test_headings_and_facts_in_reading_order(shipped_pdf: Path) -> None:
    text = " ".join(PdfReader(shipped_pdf).pages[0].extract_text().split())
    headings = [
        "Russia–Japan peace treaty",
        "Key dates",
        "The island dispute",
        "The chill in ties",
        "Current positions",
        "Sources",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    # Facts follow their section heading in date order.
    assert (
        text.index("1946 The dispute")
        < text.index("1951 In the 1951")
        < text.index("2016–2018 Talks")
        < text.index("The chill in ties")
    )
    assert text.index("Current positions") < text.index("Oct 2025 As of October 2025, Prime")


def test_every_citation_links_to_its_source_entry(shipped_pdf: Path) -> None:
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
    assert len(internal) >= 15, "every fact carries at least one linked citation"
    searcher = textpage.search("[1]")
    hits = []
    while (hit := searcher.get_next()) is not None:
        hits.append(hit)
    # The last "[1]" on the page is the entry in the sources list.
    _left, _bottom, _right, top = textpage.get_charbox(hits[-1][0])
    for label, dest_y in internal:
        # The linked text is the source's number, then its locator if it has one.
        assert re.fullmatch(r"\d+(: .+)?", label), label
        assert label.split(":")[0] == "1"
        assert top <= dest_y <= top + 12, (dest_y, top)


def test_fonts_are_embedded_truetype_only(shipped_pdf: Path) -> None:
    page = PdfReader(shipped_pdf).pages[0]
    fonts = resources(page)["/Font"]
    assert len(fonts) >= 2
    for font in fonts.values():
        font = font.get_object()
        assert not any(name in str(font["/BaseFont"]) for name in BASE14)
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_metadata_outline_and_language(shipped_pdf: Path) -> None:
    reader = PdfReader(shipped_pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Russia–Japan peace treaty"
    assert meta.author == "Research desk"
    assert meta.subject and "peace treaty" in meta.subject
    assert "The island dispute" in str(meta.get("/Keywords"))
    assert meta.creator == f"factsheet {__version__}"
    assert str(meta.get("/CreationDate")).startswith("D:20251024")
    root = reader.trailer["/Root"]
    assert isinstance(root, DictionaryObject)
    assert str(root["/Lang"]) == "en"
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles == ["The island dispute", "The chill in ties", "Current positions", "Sources"]


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


def test_source_date_epoch_sets_the_timestamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    target = tmp_path / "epoch.pdf"
    assert run_cli("build", str(SHIPPED), "-o", str(target)).exit_code == 0
    meta = PdfReader(target).metadata
    assert meta is not None
    assert str(meta.get("/CreationDate")).startswith("D:20260101")
    assert "checked 1 January 2026" in PdfReader(target).pages[0].extract_text()


def test_letter_paper_and_print_style(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    result = run_cli(
        "build", str(SHIPPED), "-o", str(target), "--paper", "letter", "--style", "print"
    )
    assert result.exit_code == 0, result.output
    page = PdfReader(target).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    fonts = " ".join(str(f.get_object()["/BaseFont"]) for f in resources(page)["/Font"].values())
    assert "DejaVuSerif" in fonts


def test_style_given_as_a_path(tmp_path: Path) -> None:
    style = tmp_path / "mine.yaml"
    style.write_text((STYLES / "print.yaml").read_text())
    target = tmp_path / "styled.pdf"
    assert run_cli("build", str(SHIPPED), "-o", str(target), "--style", str(style)).exit_code == 0
    assert target.is_file()


def test_unknown_style_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("build", str(SHIPPED), "-o", str(tmp_path / "x.pdf"), "--style", "nope")
    assert result.exit_code == 2
    assert "no style named 'nope'" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_markup_in_facts_prints_literally(tmp_path: Path, shipped_briefing: Path) -> None:
    hostile = '<a href="javascript:alert(1)">click</a> &amp; <b>bold</b> <font size=40>x'
    (shipped_briefing / "hostile.yaml").write_text(
        "facts:\n  - id: hostile\n    section: chill-in-ties\n    date: 2023\n"
        f"    text: '{hostile}'\n    cite:\n      - source: sputnik-2025-10-24\n",
        encoding="utf-8",
    )
    target = tmp_path / "hostile.pdf"
    result = run_cli("build", str(shipped_briefing), "-o", str(target))
    assert result.exit_code == 0, result.output
    page = PdfReader(target).pages[0]
    assert hostile in " ".join(page.extract_text().split())
    for annotation in annotations_of(page):
        link = annotation.get_object()
        if "/A" in link:
            assert str(link["/A"]["/URI"]).startswith("https://")


def test_type_shrinks_within_limits_before_failing(tmp_path: Path, shipped_briefing: Path) -> None:
    add_facts(shipped_briefing, 10, 30)
    target = tmp_path / "dense.pdf"
    result = run_cli("build", str(shipped_briefing), "-o", str(target))
    assert result.exit_code == 0, result.output
    body = float(re.search(r"body ([\d.]+) pt", result.output).group(1))  # type: ignore[union-attr]
    assert 7.5 <= body < 10
    assert len(PdfReader(target).pages) == 1


def test_overfull_briefing_fails_and_leaves_old_pdf_untouched(
    tmp_path: Path, shipped_briefing: Path
) -> None:
    target = tmp_path / "brief.pdf"
    assert run_cli("build", str(shipped_briefing), "-o", str(target)).exit_code == 0
    before = target.read_bytes()
    add_facts(shipped_briefing, 80, 40)
    result = run_cli("build", str(shipped_briefing), "-o", str(target))
    assert result.exit_code == 1
    assert "FS701" in result.output
    assert re.search(r"about \d+ mm too long", result.output)
    assert "chill-in-ties" in result.output  # the longest section is named
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf", "shipped"]


def test_invalid_briefing_is_refused_with_diagnostics(
    tmp_path: Path, shipped_briefing: Path
) -> None:
    sources = shipped_briefing / "sources.yaml"
    sources.write_text(sources.read_text().replace("id: sputnik-2025-10-24", "id: sputnik"))
    target = tmp_path / "refused.pdf"
    result = run_cli("build", str(shipped_briefing), "-o", str(target))
    assert result.exit_code == 1
    assert "FS202" in result.output
    assert "nothing was built" in result.output
    assert not target.exists()


def test_long_words_and_urls_wrap_inside_the_column(tmp_path: Path, shipped_briefing: Path) -> None:
    word = "Supercalifragilistic" * 8
    (shipped_briefing / "long.yaml").write_text(
        "facts:\n  - id: long-word\n    section: chill-in-ties\n    date: 2023\n"
        f"    text: A very long word {word} ends here.\n    cite:\n"
        "      - source: sputnik-2025-10-24\n",
        encoding="utf-8",
    )
    target = tmp_path / "long.pdf"
    assert run_cli("build", str(shipped_briefing), "-o", str(target)).exit_code == 0
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


def test_footer_checked_date_follows_the_latest_access(shipped_pdf: Path) -> None:
    text = " ".join(PdfReader(shipped_pdf).pages[0].extract_text().split())
    # The shipped source was accessed on 25 November 2026, after as_of (24 October 2025).
    assert "checked 25 November 2026" in text
    assert "As of 24 October 2025" in text


def test_timeline_says_when_it_is_not_to_scale(shipped_pdf: Path) -> None:
    text = " ".join(PdfReader(shipped_pdf).pages[0].extract_text().split())
    assert "Key dates · not to scale" in text


def test_uncited_sources_are_not_printed(tmp_path: Path, shipped_briefing: Path) -> None:
    sources = shipped_briefing / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + "  - id: never-cited\n    title: A source nobody cites\n    published: 2024-01-01\n"
        "    archive_url: https://example.org/archived\n",
        encoding="utf-8",
    )
    target = tmp_path / "uncited.pdf"
    result = run_cli("build", str(shipped_briefing), "-o", str(target))
    assert result.exit_code == 0, result.output
    text = PdfReader(target).pages[0].extract_text()
    assert "A source nobody cites" not in text
    assert "[2]" not in text


def test_a_refused_build_reports_the_real_counts_as_json(
    tmp_path: Path, shipped_briefing: Path
) -> None:
    import json

    sources = shipped_briefing / "sources.yaml"
    sources.write_text(sources.read_text().replace("id: sputnik-2025-10-24", "id: sputnik"))
    result = run_cli(
        "build", str(shipped_briefing), "-o", str(tmp_path / "x.pdf"), "--format", "json"
    )
    assert result.exit_code == 1
    document = json.loads(result.stderr[: result.stderr.rindex("}") + 1])
    assert document["summary"]["facts"] == 15
    assert document["summary"]["errors"] == len(document["diagnostics"]) > 0
    assert {d["code"] for d in document["diagnostics"]} == {"FS202"}
