"""`validate --check-links` (FS215 dead-link) against a local server on 127.0.0.1 only."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import BASE_FACTS, TODAY, run_cli
from factsheet import linkcheck
from factsheet.validation import validate


class Handler(BaseHTTPRequestHandler):
    active = 0
    most = 0
    lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _answer(self, head: bool) -> None:
        with Handler.lock:
            Handler.active += 1
            Handler.most = max(Handler.most, Handler.active)
        try:
            path = self.path
            if path.startswith("/slow"):
                time.sleep(0.25)
            if path == "/hang":
                time.sleep(3)
            if path == "/gone":
                self.send_response(404)
            elif path == "/no-head" and head:
                self.send_response(405)
            elif path == "/moved":
                self.send_response(301)
                self.send_header("Location", "/ok")
            elif path == "/to-file":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
            else:
                self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        finally:
            with Handler.lock:
                Handler.active -= 1

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.active = Handler.most = 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def briefing_with_links(folder: Path, links: list[tuple[str, str | None]]) -> Path:
    """The base briefing with one source per (url, archive_url), all cited."""
    sources, cites = ["sources:"], []
    for index, (url, archive) in enumerate(links):
        sources += [
            f"  - id: s{index}",
            f"    title: Source {index}",
            "    published: 2025-10-24",
            f"    url: {url}",
            "    accessed: 2025-10-25",
        ]
        if archive:
            sources.append(f"    archive_url: {archive}")
        cites.append(f"      - source: s{index}")
    (folder / "sources.yaml").write_text("\n".join(sources) + "\n", encoding="utf-8")
    facts = BASE_FACTS.replace("      - source: agency\n", "\n".join(cites) + "\n")
    (folder / "facts.yaml").write_text(facts, encoding="utf-8")
    return folder


def test_dead_links_are_fs215_with_their_status(server: str, base_briefing: Path) -> None:
    briefing_with_links(
        base_briefing,
        [
            (f"{server}/ok", f"{server}/gone"),
            (f"{server}/no-head", None),
            (f"{server}/moved", None),
            (f"{server}/gone", None),
        ],
    )
    result = run_cli("validate", str(base_briefing), "--check-links", "--format", "json")
    assert result.exit_code == 0  # a warning: a site may be down for an hour
    found = [(d["code"], d["line"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [
        ("FS215", 7, "archive_url answered 404"),
        ("FS215", 21, "url answered 404"),
    ]
    assert run_cli("validate", str(base_briefing), "--check-links", "--strict").exit_code == 1
    # Without the option, nothing is requested.
    assert run_cli("validate", str(base_briefing)).stdout.endswith("0 errors, 0 warnings\n")


def test_no_answer_and_a_redirect_to_another_scheme_are_dead(
    server: str, base_briefing: Path
) -> None:
    briefing_with_links(base_briefing, [(f"{server}/hang", None), (f"{server}/to-file", None)])
    started = time.perf_counter()
    report = validate([base_briefing], today=TODAY)
    bundle = report.briefings[0].bundle
    found = list(linkcheck.check(bundle, timeout=0.5))
    assert time.perf_counter() - started < 2.5  # the timeout, not the server, decides
    messages = sorted(d.message for d in found)
    assert messages[0].startswith("url did not answer:")
    assert messages[1].startswith("url did not answer:")
    assert "redirect" in messages[1]


def test_requests_run_concurrently_but_at_most_per_host_limit(
    server: str, base_briefing: Path
) -> None:
    briefing_with_links(base_briefing, [(f"{server}/slow/{n}", None) for n in range(8)])
    bundle = validate([base_briefing], today=TODAY).briefings[0].bundle
    started = time.perf_counter()
    assert list(linkcheck.check(bundle, per_host=2)) == []
    elapsed = time.perf_counter() - started
    assert Handler.most == 2
    assert elapsed < 8 * 0.25  # not one after another


def test_an_exception_excuses_a_known_dead_link(server: str, base_briefing: Path) -> None:
    briefing_with_links(base_briefing, [(f"{server}/gone", None)])
    sources = base_briefing / "sources.yaml"
    sources.write_text(
        sources.read_text() + '    ignore: {dead-link: "taken down; the archive is enough"}\n'
    )
    result = run_cli("validate", str(base_briefing), "--check-links")
    assert result.stdout.endswith("0 errors, 0 warnings (1 excused by records' ignore:)\n")
