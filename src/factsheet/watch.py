"""``factsheet watch``: rebuild a briefing on every save.

watchfiles (Rust's notify) reports changes to the briefing folder and the style; each
burst of changes starts one build. The PDF is written atomically by
:func:`factsheet.building.build`, and only after validation and layout succeed, so a save
that breaks the briefing leaves the last good PDF in place.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .batch import Job, names_folder, run_job
from .bundle import briefing_id
from .errors import UsageError
from .styles import find_style
from .validation import PathArg, as_codes, resolve_briefing

# watchfiles yields a burst of changes once STEP_MS pass without another, or DEBOUNCE_MS
# after the first (its defaults are 50 and 1,600 ms). An editor's save is a burst of one to
# three events within a millisecond or two, so a short step starts the build at once.
DEBOUNCE_MS = 50
STEP_MS = 5


def target_for(folder: Path, output: str | None) -> Path:
    name = f"{briefing_id(folder)}.pdf"
    if output is None:
        return Path("output") / name
    return Path(output) / name if names_folder(output) else Path(output)


def build_once(job: Job, echo: Callable[[str], None], colour: bool) -> bool:
    """One build, reported; True when the PDF was written."""
    from .reporters import render

    started = time.perf_counter()
    outcome, findings, _ = run_job(job)
    findings.builds = [outcome]
    elapsed = (time.perf_counter() - started) * 1000
    echo(render("text", findings, colour=colour, quiet=False) + f"  [{elapsed:.0f} ms]")
    return outcome.ok


def _relevant(changes: Iterable[tuple[object, str]], output: Path) -> bool:
    written = output.resolve()
    for _change, path in changes:
        candidate = Path(path)
        if candidate.name.startswith(".fs.") or candidate.resolve() == written:
            continue  # the build's own temporary file and PDF
        return True
    return False


def watch(
    briefing: PathArg | None,
    *,
    root: PathArg | None = None,
    output: str | None = None,
    paper: str = "a4",
    style: str | None = None,
    ignore: Iterable[str] = (),
    colour: bool = False,
    echo: Callable[[str], None] = print,
    stop: Callable[[], bool] | None = None,
) -> None:
    """Build now, then again after every change, until interrupted (or ``stop()``)."""
    try:
        import watchfiles
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise UsageError("factsheet watch needs the watchfiles package") from None
    folder = resolve_briefing(briefing, root)
    style_path = find_style(style)
    job = Job(folder, target_for(folder, output), paper, style, as_codes(ignore))
    assert job.output is not None
    echo(f"watching {folder} (Ctrl-C stops)")
    build_once(job, echo, colour)
    # Everything loaded so far (modules, fonts, caches) lives as long as the watch does;
    # taken out of the collector's view, it is not traversed again on every rebuild.
    gc.collect()
    gc.freeze()
    watched = [folder, style_path.parent]
    for changes in watchfiles.watch(
        *watched,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=None,
        rust_timeout=200 if stop else 5000,
        yield_on_timeout=stop is not None,
        raise_interrupt=False,
    ):
        if stop is not None and stop():
            return
        if changes and _relevant(changes, job.output):
            build_once(job, echo, colour)
