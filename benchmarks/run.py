"""Measure factsheet's speed and memory, with the floors of its stack beside it.

Run from the repository root:  python benchmarks/run.py [--runs N]

Prints one table: cold CLI runs (median of fresh processes, wall time and peak RSS),
validation throughput on generated briefings, and in-process render time. Floors are
measured in the same run so the figures can be compared on any machine.

python benchmarks/run.py --against REV [--briefing PATH] instead compares cold builds
with those of another git revision: REV's src/ and styles/ are exported with git archive
into a temporary folder, and fresh processes of the two alternate (old, new, new, old, …)
so that a machine that speeds up or slows down during the run affects both alike.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "facts" / "russia-japan-peace-treaty"
PYTHON = sys.executable
FLOOR_IMPORTS = (
    "import yaml, click\nfrom pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)\n"
)
FLOOR_REPORTLAB = textwrap.dedent("""
    from io import BytesIO
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph
    fonts = {fonts!r}
    for name, path in fonts.items():
        pdfmetrics.registerFont(TTFont(name, path))
    style = ParagraphStyle("b", fontName="regular", fontSize=10, leading=12.5)
    canvas = Canvas(BytesIO(), pagesize=A4, initialFontName="regular")
    text = "The four southern Kuril islands came under Soviet control in 1946. " * 3
    for column in range(2):
        y = 720
        for _ in range(9):
            para = Paragraph("<b>1946</b> " + text, style)
            _w, h = para.wrap(250, 1000)
            para.drawOn(canvas, 40 + column * 270, y - h)
            y -= h + 6
    canvas.save()
""")


def cold(command: Sequence[str], runs: int, cwd: Path) -> tuple[float, float]:
    """Median wall time (ms) and median peak RSS (MiB) of fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        times.append((time.perf_counter() - start) * 1000)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return statistics.median(times), statistics.median(peaks)


def generate(folder: Path, facts: int, files: int) -> Path:
    """A valid briefing of ``facts`` facts spread over ``files`` files."""
    briefing = folder / f"generated-{facts}"
    briefing.mkdir(parents=True)
    (briefing / "briefing.yaml").write_text(
        "title: Generated briefing\nas_of: 2025-10-24\nsections:\n"
        + "".join(f"  - id: s{i}\n    heading: Section {i}\n" for i in range(10))
    )
    (briefing / "sources.yaml").write_text(
        "sources:\n"
        + "".join(
            f"  - id: src-{i}\n    title: Source {i}\n    publisher: Publisher\n"
            f"    published: 2025-10-{i + 1:02d}\n    url: https://example.org/{i}\n"
            f"    accessed: 2025-11-01\n"
            for i in range(20)
        )
    )
    per_file = facts // files
    for number in range(files):
        lines = ["facts:"]
        for index in range(per_file):
            n = number * per_file + index
            lines += [
                f"  - id: fact-{n}",
                f"    section: s{n % 10}",
                f"    date: {1950 + n % 70}-{n % 12 + 1:02d}",
                f"    text: Fact number {n} says something dated and cited, in a few "
                "words of plain prose.",
                "    cite:",
                f"      - source: src-{n % 20}",
                "        locator: p. 1",
            ]
        (briefing / f"facts-{number:03d}.yaml").write_text("\n".join(lines) + "\n")
    return briefing


def best_of(runs: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def throughput(folder: Path, facts: int) -> float:
    from factsheet.validation import validate

    briefing = generate(folder, facts, 100)
    validate([briefing])  # warm: imports and model building are not throughput
    report = validate([briefing])
    assert report.facts == facts and report.ok, "generated briefing must be valid"
    return facts / best_of(3, lambda: validate([briefing]))


def floor_throughput(folder: Path) -> float:
    """Plain C loader plus a bare pydantic model: no checks, no locations."""
    import yaml
    from pydantic import BaseModel

    class Cite(BaseModel):
        source: str
        locator: str | None = None

    class Fact(BaseModel):
        id: str
        section: str
        date: str
        text: str
        cite: list[Cite]

    briefing = folder / "generated-10000"
    files = sorted(briefing.glob("facts-*.yaml"))

    def load() -> None:
        for path in files:
            for item in yaml.load(path.read_text(), Loader=yaml.CSafeLoader)["facts"]:
                item["date"] = str(item["date"])
                Fact.model_validate(item)

    return 10_000 / best_of(3, load)


def render_time() -> tuple[float, float]:
    from factsheet.render.content import page_content
    from factsheet.render.page import draw, fit
    from factsheet.validation import validate

    report = validate([SHIPPED])
    style = report.style
    assert style is not None
    bundle = report.briefings[0].bundle

    def render() -> None:
        content = page_content(bundle)
        draw(content, fit(content, style, "a4"), style, "a4", 0)

    first = best_of(1, render)
    return first * 1000, best_of(5, render) * 1000


def many_briefings(folder: Path, count: int = 20) -> Path:
    """``count`` copies of the shipped briefing under ``folder``/facts, for --all builds."""
    for index in range(count):
        shutil.copytree(SHIPPED, folder / "facts" / f"briefing-{index:02d}")
    return folder


def parallel_builds(folder: Path, runs: int) -> tuple[float, float]:
    """Median wall time (ms) of `build --all -j 1` and `-j 2`, alternating in one run."""
    command = [PYTHON, "-m", "factsheet", "build", "--all", "-o", "out/", "-j"]
    times: dict[str, list[float]] = {"1": [], "2": []}
    for run in range(runs):
        for jobs in ("1", "2") if run % 2 == 0 else ("2", "1"):
            times[jobs].append(cold([*command, jobs], 1, folder)[0])
    return statistics.median(times["1"]), statistics.median(times["2"])


def watch_latency(folder: Path, saves: int) -> float:
    """Median time from a save to the new PDF in place, with `factsheet watch` running."""
    briefing = folder / "facts" / SHIPPED.name
    pdf = folder / "output" / f"{SHIPPED.name}.pdf"
    process = subprocess.Popen(
        [PYTHON, "-m", "factsheet", "watch", str(briefing)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not pdf.exists():
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("factsheet watch wrote no PDF")
            time.sleep(0.01)
        time.sleep(0.3)  # the watcher is set up once the first build is done
        latencies = []
        facts = briefing / "briefing.yaml"
        for save in range(saves):
            before = pdf.stat().st_ino
            start = time.perf_counter()
            with facts.open("a", encoding="utf-8") as stream:
                stream.write(f"# save {save}\n")
            while pdf.stat().st_ino == before:  # the PDF is replaced by a rename
                if time.perf_counter() - start > 10:
                    raise SystemExit("factsheet watch did not rebuild within 10 s")
                time.sleep(0.0005)
            latencies.append((time.perf_counter() - start) * 1000)
            time.sleep(0.2)
        return statistics.median(latencies)
    finally:
        process.terminate()
        process.wait()


def export(revision: str, folder: Path) -> Path:
    """``revision``'s src/ and styles/ (styles sit beside src/ in a checkout) in ``folder``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "src", "styles"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(folder, filter="data")
        else:
            tar.extractall(folder)
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(folder / "src")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return folder / "src"


def timed(command: Sequence[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    elapsed = (time.perf_counter() - start) * 1000
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{completed.stderr.decode()}")
    return elapsed


def against(revision: str, runs: int, briefing: Path) -> None:
    """Median cold `factsheet build` of ``revision`` and of this checkout, interleaved."""
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(ROOT / "src")], check=True, stdout=subprocess.DEVNULL
    )
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        sources = {"old": export(revision, work / "old"), "new": ROOT / "src"}
        times: dict[str, list[float]] = {"old": [], "new": []}
        for run in range(runs):
            # old, new, then new, old: neither always goes first.
            for which in ("old", "new") if run % 2 == 0 else ("new", "old"):
                # One hash seed for both: string hashing changes dict layouts and timings.
                env = {**os.environ, "PYTHONPATH": str(sources[which]), "PYTHONHASHSEED": "0"}
                command = [PYTHON, "-m", "factsheet", "build", str(briefing), "-o", "out.pdf"]
                times[which].append(timed(command, work, env))
    old, new = statistics.median(times["old"]), statistics.median(times["new"])
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    print(f"cold `factsheet build {briefing.name}`, median of {runs} fresh processes each\n")
    print("| revision          | median   |\n| ----------------- | --------:|")
    print(f"| {revision[:17]:<17} | {old:5.1f} ms |")
    print(f"| this checkout     | {new:5.1f} ms |")
    print(f"| difference        | {new - old:+5.1f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="fresh processes per cold row")
    parser.add_argument(
        "--against",
        metavar="REV",
        help="compare cold builds with those of git revision REV (interleaved), and only that",
    )
    parser.add_argument(
        "--briefing",
        type=Path,
        default=SHIPPED,
        help="the briefing --against builds (default: the shipped one)",
    )
    args = parser.parse_args()
    if args.against:
        against(args.against, args.runs, args.briefing.resolve())
        return
    factsheet = [PYTHON, "-m", "factsheet"]
    # --version and --help are measured as users run them: the installed console script.
    script = Path(PYTHON).parent / "factsheet"
    launcher = [str(script)] if script.exists() else factsheet
    # An installed wheel has byte-code compiled by pip; give a source checkout the same.
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(ROOT / "src")], check=True, stdout=subprocess.DEVNULL
    )
    rows: list[tuple[str, str, str]] = []
    walls: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        shutil.copytree(SHIPPED, work / "facts" / SHIPPED.name)
        fonts = {
            face: str(ROOT / "src/factsheet/fonts" / f"DejaVuSansCondensed{suffix}.ttf")
            for face, suffix in (("regular", ""), ("bold", "-Bold"), ("italic", "-Oblique"))
        }
        (work / "floor_rl.py").write_text(FLOOR_REPORTLAB.format(fonts=fonts))
        (work / "floor_imports.py").write_text(FLOOR_IMPORTS)
        for label, command in (
            ("cold `factsheet --version`", [*launcher, "--version"]),
            ("cold `factsheet --help`", [*launcher, "--help"]),
            ("  floor: python -c 'import click'", [PYTHON, "-c", "import click"]),
            ("cold `factsheet validate` (shipped briefing)", [*factsheet, "validate", "-q"]),
            (
                "  floor: python + pydantic + PyYAML + click, first model",
                [PYTHON, "floor_imports.py"],
            ),
            ("cold `factsheet build` (shipped briefing)", [*factsheet, "build", "-o", "out.pdf"]),
            ("  floor: bare ReportLab two-column page, same fonts", [PYTHON, "floor_rl.py"]),
        ):
            wall, peak = cold(command, args.runs, work)
            walls[label] = wall
            rows.append((label, f"{wall:.0f} ms", f"{peak:.0f} MiB"))
        # The budgets: --version and --help within 1.3x of importing click, and validate
        # within 1.10x of its floor, compared in the same run.
        for measured, floor in (
            ("cold `factsheet --version`", "  floor: python -c 'import click'"),
            ("cold `factsheet --help`", "  floor: python -c 'import click'"),
            (
                "cold `factsheet validate` (shipped briefing)",
                "  floor: python + pydantic + PyYAML + click, first model",
            ),
        ):
            ratio = walls[measured] / walls[floor]
            rows.append((f"  ratio: {measured.removeprefix('cold ')} / floor", f"{ratio:.2f}x", ""))
        # 30,000 facts of about 16 values each stay inside a briefing's 600,000-value budget.
        for facts in (1_000, 10_000, 30_000):
            rate = throughput(work / "gen", facts)
            rows.append(
                (
                    f"validate throughput, {facts:,} facts in 100 files",
                    f"{rate:,.0f} facts/s",
                    f"{facts / rate * 1000:.0f} ms",
                )
            )
        rows.append(
            (
                "  floor: PyYAML C loader + bare pydantic model, 10,000 facts",
                f"{floor_throughput(work / 'gen'):,.0f} facts/s",
                "",
            )
        )
        one, two = parallel_builds(many_briefings(work / "many"), max(args.runs // 2, 3))
        rows.append(("cold `factsheet build --all -j 1` (20 briefings)", f"{one:.0f} ms", ""))
        rows.append(("cold `factsheet build --all -j 2` (20 briefings)", f"{two:.0f} ms", ""))
        rows.append(("  speed-up: -j 2 over -j 1", f"{one / two:.2f}x", ""))
        latency = watch_latency(work, max(args.runs, 5))
        rows.append(
            ("`factsheet watch`: a save to the new PDF (shipped briefing)", f"{latency:.0f} ms", "")
        )
        first, steady = render_time()
        rows.append(
            ("in-process render of one page (first, incl. font parsing)", f"{first:.0f} ms", "")
        )
        rows.append(("in-process render of one page (steady state)", f"{steady:.0f} ms", ""))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    print(f"cold rows: median of {args.runs} fresh processes\n")
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"| {'measure':<{widths[0]}} | {'figure':>{widths[1]}} | {'':>{widths[2]}} |")
    print(f"| {'-' * widths[0]} | {'-' * widths[1]}:| {'-' * widths[2]}:|")
    for label, figure, extra in rows:
        print(f"| {label:<{widths[0]}} | {figure:>{widths[1]}} | {extra:>{widths[2]}} |")


if __name__ == "__main__":
    main()
