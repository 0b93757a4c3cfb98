"""Snapshots as people have them (text, HTML, PDF), quote folding, and `factsheet snapshot`.

Every page is made here: an HTML page with entities and scripts, a PDF written by
ReportLab, and a local HTTP server on 127.0.0.1 that answers, fails, redirects or floods.
"""

from __future__ import annotations

import hashlib
import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest

from conftest import INVALID, copy_briefing, run_cli
from factsheet.capture import CaptureFailed, take_snapshot
from factsheet.errors import UsageError
from factsheet.snapshots import closest_passage, fold, fold_quote, html_text
from factsheet.validation import validate

QUOTED = INVALID / "FS505-empty-quote"  # a briefing with one quoted citation

HTML = """<!doctype html><html><head><title>Ministry</title>
<style>p { color: red } .hidden:after { content: "illegally occupied" }</style>
<script>var s = "the four islands are ours";</script></head>
<body><h1>Northern&nbsp;Territories</h1>
<p>The islands have been occupied &ndash; &ldquo;illegally&rdquo; &amp; without basis.</p>
<noscript>Enable scripts</noscript></body></html>"""


def briefing_with(tmp_path: Path, snapshot: str, quote: str, data: bytes) -> Path:
    folder = copy_briefing(QUOTED, tmp_path / "brief")
    (folder / "snapshots" / "report.txt").unlink()
    (folder / snapshot).write_bytes(data)
    sources = (folder / "sources.yaml").read_text("utf-8")
    (folder / "sources.yaml").write_text(sources.replace("snapshots/report.txt", snapshot))
    facts = (folder / "facts.yaml").read_text("utf-8")
    (folder / "facts.yaml").write_text(facts.replace("""quote: '""'""", f"quote: {quote!r}"))
    return folder


def codes(folder: Path) -> list[str]:
    return [d.code for d in validate(folder, today=None).diagnostics]


def test_html_text_keeps_what_a_browser_shows() -> None:
    text = html_text(HTML)
    assert "Northern\u00a0Territories" in text
    assert "occupied – “illegally” & without basis" in text
    assert "ours" not in text and "color" not in text and "Enable scripts" not in text


def test_a_quote_is_verified_in_an_html_snapshot(tmp_path: Path) -> None:
    folder = briefing_with(
        tmp_path, "snapshots/page.html", '"illegally" & without basis', HTML.encode()
    )
    report = validate(folder)
    assert report.diagnostics == [] and report.quotes.verified == 1


def test_text_of_a_script_is_not_quotable(tmp_path: Path) -> None:
    folder = briefing_with(tmp_path, "snapshots/page.html", "the four islands", HTML.encode())
    assert codes(folder) == ["FS501"]


def reportlab_pdf(text: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer, invariant=True)
    canvas.drawString(72, 720, text)
    canvas.save()
    return buffer.getvalue()


def test_a_quote_is_verified_in_a_pdf_snapshot(tmp_path: Path) -> None:
    pdf = reportlab_pdf("Talks on a peace treaty are suspended for now.")
    folder = briefing_with(tmp_path, "snapshots/page.pdf", "are suspended for now", pdf)
    report = validate(folder)
    assert report.diagnostics == [] and report.quotes.verified == 1


def test_a_damaged_pdf_snapshot_is_fs502(tmp_path: Path) -> None:
    folder = briefing_with(tmp_path, "snapshots/page.pdf", "anything", b"%PDF-1.4 broken")
    assert codes(folder) == ["FS502"]


def test_compatibility_forms_fold_nfkc(tmp_path: Path) -> None:
    folder = briefing_with(
        tmp_path, "snapshots/page.txt", "final word...", "The \ufb01nal word\u2026".encode()
    )
    assert codes(folder) == []
    assert fold("\ufb01\u2026") == "fi..."


def test_folding_a_pile_of_combining_marks_keeps_stream_safe_runs() -> None:
    pile = "a" + "\u0301" * 50_000 + "\u0316" * 50_000 + " end"
    folded = fold(pile)
    assert folded.endswith(" end") and len(folded) <= 1 + 30 + 4


def test_outer_quotation_marks_strip_in_pairs_only() -> None:
    assert fold_quote("“«'word'»”") == "word"
    assert fold_quote('"' * 100_001) == '"'
    assert fold_quote("'open") == "'open"


def test_the_hint_shows_the_closest_passage(tmp_path: Path) -> None:
    text = b"Before. The minister said the talks were over for now. After."
    folder = briefing_with(tmp_path, "snapshots/page.txt", "the talks were ower for now", text)
    [problem] = validate(folder).diagnostics
    assert problem.code == "FS501"
    assert "the talks were over for now" in problem.hint


def test_the_closest_passage_of_a_large_snapshot() -> None:
    text = "filler words " * 1_600_000 + "the one passage that matters here" + " tail" * 10
    assert len(text) > 20_000_000
    passage = closest_passage("the one passage that mattters here", fold(text))
    assert passage is not None and passage.startswith("the one passage that matters")
    assert closest_passage("nothing like it at all", "completely different") is None


def test_a_recorded_digest_that_matches_passes(tmp_path: Path) -> None:
    data = b"The minister said the talks were over.\n"
    folder = briefing_with(tmp_path, "snapshots/page.txt", "the talks were over", data)
    sources = (folder / "sources.yaml").read_text("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    (folder / "sources.yaml").write_text(sources + f'    snapshot_sha256: "{digest}"\n')
    assert codes(folder) == []
    (folder / "snapshots/page.txt").write_bytes(data + b" ")
    assert codes(folder) == ["FS504"]


# --- factsheet snapshot -------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/page":
            body = b"<html><body><p>The talks were over, the minister said.</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"y" * (1024 * 1024)
            try:
                for _ in range(30):
                    self.wfile.write(chunk)
            except OSError:
                pass
        else:
            self.send_error(404, "Not Found")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    folder = copy_briefing(QUOTED, tmp_path / "brief")
    shutil.rmtree(folder / "snapshots")
    (folder / "sources.yaml").write_text(
        "# Sources, one a record.\nsources:\n"
        "  - id: agency-2025  # the agency's report\n"
        "    title: Agency report\n"
        "    published: 2025-10-24\n"
        "    url: https://example.org/report\n"
        "    accessed: 2025-10-25\n"
        "    snapshot: old.txt\n"
        "# the end\n",
        "utf-8",
    )
    facts = (folder / "facts.yaml").read_text("utf-8")
    (folder / "facts.yaml").write_text(facts.replace("""quote: '""'""", "quote: talks were over"))
    return folder


def test_snapshot_fetches_stores_and_records(brief: Path, server: str) -> None:
    from datetime import date

    captured = take_snapshot(brief, "agency-2025", origin=f"{server}/page", today=date(2026, 1, 2))
    assert captured.path == brief / "snapshots" / "agency-2025.html"
    text = (brief / "sources.yaml").read_text("utf-8")
    assert "# Sources, one a record." in text and "# the agency's report" in text
    assert "# the end" in text
    assert 'snapshot: "snapshots/agency-2025.html"' in text
    assert f'snapshot_sha256: "{captured.sha256}"' in text
    assert "accessed: 2026-01-02" in text and "2025-10-25" not in text
    report = validate(brief)
    assert report.diagnostics == [] and report.quotes.verified == 1


def test_snapshot_from_a_local_file_keeps_accessed(brief: Path, tmp_path: Path) -> None:
    page = tmp_path / "saved.txt"
    page.write_text("Officials said the talks were over.", "utf-8")
    take_snapshot(brief, "agency-2025", origin=str(page))
    text = (brief / "sources.yaml").read_text("utf-8")
    assert "accessed: 2025-10-25" in text and validate(brief).ok


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/missing", "404"),
        ("/to-file", "file:///etc/passwd' is not allowed"),
        ("/slow", "within 0.5 s"),
        ("/huge", "larger than 20 MiB"),
    ],
)
def test_snapshot_failures_write_nothing(brief: Path, server: str, path: str, says: str) -> None:
    before = (brief / "sources.yaml").read_bytes()
    with pytest.raises(CaptureFailed, match=says):
        take_snapshot(brief, "agency-2025", origin=f"{server}{path}", timeout=0.5)
    assert (brief / "sources.yaml").read_bytes() == before
    assert not (brief / "snapshots").exists()


def test_snapshot_of_an_unknown_source_is_a_usage_error(brief: Path) -> None:
    with pytest.raises(UsageError, match="no source 'nope'"):
        take_snapshot(brief, "nope")


def test_snapshot_command(brief: Path, server: str) -> None:
    result = run_cli("snapshot", str(brief), "agency-2025", "--from", f"{server}/page")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "sha256 " in result.output
    failed = run_cli("snapshot", str(brief), "agency-2025", "--from", f"{server}/missing")
    assert failed.exit_code == 1 and "404" in failed.output and "Traceback" not in failed.output


def test_a_linked_snapshots_folder_cannot_carry_the_write_outside(
    brief: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (brief / "snapshots").symlink_to(elsewhere)
    page = tmp_path / "saved.txt"
    page.write_text("Officials said the talks were over.", "utf-8")
    before = (brief / "sources.yaml").read_bytes()
    with pytest.raises(UsageError, match="outside the briefing folder"):
        take_snapshot(brief, "agency-2025", origin=str(page))
    assert list(elsewhere.iterdir()) == []
    assert (brief / "sources.yaml").read_bytes() == before


def test_another_sources_snapshot_is_never_overwritten(brief: Path, tmp_path: Path) -> None:
    sources = (brief / "sources.yaml").read_text("utf-8")
    (brief / "sources.yaml").write_text(
        sources.replace("# the end\n", "")
        + "  - id: other\n    title: Other\n    published: 2025-10-24\n"
        "    url: https://example.org/other\n    accessed: 2025-10-25\n"
        "    snapshot: snapshots/agency-2025.txt\n",
        "utf-8",
    )
    (brief / "snapshots").mkdir()
    (brief / "snapshots" / "agency-2025.txt").write_text("the other source's words", "utf-8")
    page = tmp_path / "saved.txt"
    page.write_text("Officials said the talks were over.", "utf-8")
    with pytest.raises(CaptureFailed, match="input"):
        take_snapshot(brief, "agency-2025", origin=str(page))
    assert (brief / "snapshots" / "agency-2025.txt").read_text(
        "utf-8"
    ) == "the other source's words"


def test_a_url_with_a_non_ascii_path_is_fetched_in_its_ascii_form(brief: Path, server: str) -> None:
    # The local server knows only /page: the encoded path reaches it and 404s, which is a
    # clear failure; before, the raw path crashed the request.
    with pytest.raises(CaptureFailed, match="404"):
        take_snapshot(brief, "agency-2025", origin=f"{server}/päth", timeout=2)


def test_a_source_entry_with_a_complex_key_is_refused_not_crashed(
    brief: Path, tmp_path: Path
) -> None:
    sources = (brief / "sources.yaml").read_text("utf-8")
    (brief / "sources.yaml").write_text(
        sources.replace(
            "    title: Agency report\n", "    title: Agency report\n    ? [a]\n    : b\n"
        ),
        "utf-8",
    )
    page = tmp_path / "saved.txt"
    page.write_text("Officials said the talks were over.", "utf-8")
    with pytest.raises(UsageError, match="not plain text"):
        take_snapshot(brief, "agency-2025", origin=str(page))
