"""Inputs that try to mislead: links out of the folder, bidi overrides, foreign hosts."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import FONTS, SHIPPED, STYLES, VALID, copy_briefing, run_cli
from factsheet.cli import _use_colour
from factsheet.urls import link_target
from factsheet.validation import discover, validate


def codes(folder: Path) -> list[tuple[str, str]]:
    return [(d.code, Path(d.location.file).name) for d in validate([folder]).diagnostics]


def test_a_fact_file_linking_outside_the_folder_is_refused_unread(
    shipped_briefing: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("facts:\n  - id: leaked\n", encoding="utf-8")
    (shipped_briefing / "linked.yaml").symlink_to(secret)
    found = validate([shipped_briefing])
    assert [(d.code, Path(d.location.file).name) for d in found.diagnostics] == [
        ("FS503", "linked.yaml")
    ]
    assert "leaked" not in {f.record.id for f in found.briefings[0].bundle.facts}


def test_bidirectional_override_in_text_is_refused(valid_briefing: Path) -> None:
    replace_in(valid_briefing, "outlook.yaml", "fell during", "fe\u202ell during")
    found = validate([valid_briefing]).diagnostics
    assert [d.code for d in found] == ["FS113"]
    assert "U+202E" in found[0].message


def test_the_same_briefing_named_twice_is_checked_once(
    shipped_briefing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(shipped_briefing.parent)
    assert discover(
        [shipped_briefing, Path(shipped_briefing.name), shipped_briefing / "sources.yaml"]
    ) == [shipped_briefing]


def test_unknown_key_suggests_the_documented_one(shipped_briefing: Path) -> None:
    facts = shipped_briefing / "current-positions.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("    text:", "    txet:", 1))
    unknown = [d for d in validate([shipped_briefing]).diagnostics if d.code == "FS110"]
    assert len(unknown) == 1
    assert unknown[0].hint == "Did you mean 'text'?"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("value", "colour"), [(None, True), ("", True), ("1", False)])
def test_no_color_counts_only_when_non_empty(
    value: str | None, colour: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", value)
    assert _use_colour(FakeTerminal()) is colour


def test_international_hosts_become_ascii_link_targets(
    valid_briefing: Path, tmp_path: Path
) -> None:
    target = tmp_path / "idn.pdf"
    result = run_cli("build", str(valid_briefing), "-o", str(target))
    assert result.exit_code == 0, result.output
    before = link_uris(target)
    url = "https://example.org/harbour-report"
    assert url in before
    replace_in(
        valid_briefing, "sources.yaml", f"url: {url}\n", "url: https://пример.рф/статья?id=1\n"
    )
    result = run_cli("build", str(valid_briefing), "-o", str(target))
    assert result.exit_code == 0, result.output
    page: Any = PdfReader(target).pages[0]
    uris = link_uris(target)
    # That one link, and only it, changed: to its ASCII form.
    idn = "https://xn--e1afmkfd.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F?id=1"
    assert uris == [idn if uri == url else uri for uri in before]
    assert all(uri.isascii() for uri in uris)
    assert "пример.рф/статья" in page.extract_text()


def link_uris(pdf: Path) -> list[str]:
    page: Any = PdfReader(pdf).pages[0]
    return [str(a.get_object()["/A"]["/URI"]) for a in page["/Annots"] if "/A" in a.get_object()]


def test_link_targets_refuse_what_validation_refuses() -> None:
    assert link_target("javascript:alert(1)") is None
    assert link_target("https://user:pw@example.org/") is None
    assert link_target("https://example.org/a b") is None
    assert link_target("https://example.org/ok?q=1#top") == "https://example.org/ok?q=1#top"


def replace_in(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_period_counts_from_its_start_for_the_future_rule(valid_briefing: Path) -> None:
    replace_in(valid_briefing, "background.yaml", '"2016/2018"', '"2016/2999"')
    assert validate([valid_briefing]).diagnostics == []
    replace_in(valid_briefing, "background.yaml", '"2016/2999"', '"2998/2999"')
    assert [d.code for d in validate([valid_briefing]).diagnostics] == ["FS306"]


def test_overlong_text_reports_characters_not_items(valid_briefing: Path) -> None:
    replace_in(valid_briefing, "background.yaml", "for later deals.", "x" * 2500)
    (found,) = validate([valid_briefing]).diagnostics
    assert found.code == "FS113"
    assert "characters; at most 2000 are allowed" in found.message


def test_yes_for_a_boolean_says_what_to_write(shipped_briefing: Path) -> None:
    replace_in(shipped_briefing, "current-positions.yaml", "key: true", "key: yes")
    (found,) = validate([shipped_briefing]).diagnostics
    assert found.code == "FS112"
    assert "expected true or false, got 'yes'" in found.message


def test_a_huge_unknown_key_is_cut_short_in_the_message(shipped_briefing: Path) -> None:
    replace_in(
        shipped_briefing, "briefing.yaml", "language: en", "language: en\n" + "k" * 1000 + ": 1"
    )
    (found,) = validate([shipped_briefing]).diagnostics
    assert found.code == "FS110"
    assert len(found.message) < 100


def test_a_space_without_a_glyph_is_reported(valid_briefing: Path) -> None:
    replace_in(valid_briefing, "background.yaml", "later deals", "later\u3000deals")
    found = validate([valid_briefing]).diagnostics
    assert [d.code for d in found] == ["FS601"]
    assert "U+3000" in found[0].message


def test_an_opentype_cff_font_is_refused_before_the_build(tmp_path: Path) -> None:
    fonts = FONTS
    data = bytearray((fonts / "DejaVuSansCondensed.ttf").read_bytes())
    data[:4] = b"OTTO"
    (tmp_path / "cff.otf").write_bytes(bytes(data))
    style = tmp_path / "cff.yaml"
    style.write_text(
        (STYLES / "default.yaml")
        .read_text()
        .replace("regular: DejaVuSansCondensed.ttf", "regular: cff.otf")
    )
    found = validate([SHIPPED], style=style).diagnostics
    assert [d.code for d in found] == ["FS602"]
    assert "not a TrueType font" in found[0].message


def test_a_folder_of_several_briefings_is_not_one_build(tmp_path: Path) -> None:
    for name in ("one", "two"):
        copy_briefing(SHIPPED, tmp_path / "many" / name)
    result = run_cli("build", str(tmp_path / "many"), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "holds 2 (one, two)" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_an_alias_on_a_key_is_refused(shipped_briefing: Path) -> None:
    replace_in(
        shipped_briefing, "briefing.yaml", "author: Research desk", "&who author: Research desk"
    )
    replace_in(shipped_briefing, "briefing.yaml", "audience: Public", "audience: *who")
    (found,) = validate([shipped_briefing]).diagnostics
    assert found.code == "FS105"
    assert (found.location.line, found.location.column) == (5, 11)


@pytest.mark.parametrize(("body", "ok"), [("6", False), ("7.6", True)])
def test_a_style_body_size_is_used_or_refused_never_overridden(
    body: str, ok: bool, tmp_path: Path
) -> None:
    style = tmp_path / "small.yaml"
    text = (STYLES / "default.yaml").read_text().replace("body: 10", f"body: {body}")
    style.write_text(text.replace("max_body: 11", f"max_body: {max(float(body), 7.5)}"))
    # The valid fixture fits at 11 pt, so a largest body size within the limits is used.
    result = run_cli("build", str(VALID), "--style", str(style), "-o", str(tmp_path / "s.pdf"))
    if ok:
        assert result.exit_code == 0, result.output
        assert f"body {body} pt" in result.output
    else:
        assert result.exit_code == 1
        assert "must not be below min_body" in result.output


def test_suggestions_come_from_the_record_that_holds_the_key(shipped_briefing: Path) -> None:
    replace_in(shipped_briefing, "current-positions.yaml", "    text:", "    titel:")
    replace_in(shipped_briefing, "current-positions.yaml", "      - source:", "      - sourc:")
    hints = {
        d.message: d.hint for d in validate([shipped_briefing]).diagnostics if d.code == "FS110"
    }
    assert hints["unknown key 'titel'"] != "Did you mean 'title'?"  # facts have no title
    assert hints["unknown key 'sourc'"] == "Did you mean 'source'?"  # inside a citation


def test_a_style_key_suggestion_comes_from_the_style(tmp_path: Path) -> None:
    style = tmp_path / "typo.yaml"
    style.write_text((STYLES / "default.yaml").read_text().replace("colours:", "colors:"))
    found = [d for d in validate([SHIPPED], style=style).diagnostics if d.code == "FS110"]
    assert [d.hint for d in found] == ["Did you mean 'colours'?"]
