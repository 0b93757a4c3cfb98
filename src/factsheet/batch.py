"""Several briefings built at once: planned, checked for clashes, built in parallel.

Each briefing is built by :func:`factsheet.building.build` in a worker process of its own
(layout is CPU-bound pure Python, so threads would take turns). A briefing that fails does
not stop the others; the results come back as plain data and are reported together.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .building import OUTPUT_DIR, build, inputs_of, source_date_epoch
from .bundle import briefing_id
from .errors import InvalidData, UsageError
from .files import Protected
from .report import BuildOutcome, Findings
from .styles import find_style
from .validation import PathArg, discover, resolve_briefing

STDOUT = "-"


@dataclass(frozen=True)
class Job:
    """One briefing to build, and where its PDF goes (``None``: standard output)."""

    folder: Path
    output: Path | None
    paper: str = "a4"
    style: str | None = None
    ignore: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return briefing_id(self.folder)


def names_folder(output: str) -> bool:
    """``-o`` names a folder when it ends with a slash or is an existing folder."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def plan(
    briefings: Sequence[PathArg],
    *,
    every: bool = False,
    root: PathArg | None = None,
    output: str | None = None,
    paper: str = "a4",
    style: str | None = None,
    ignore: frozenset[str] = frozenset(),
) -> list[Job]:
    """The builds asked for, each with its target; raises UsageError before anything is
    built when a briefing cannot be found or two would write the same file."""
    facts = Path(root) if root is not None else Path("facts")
    if every:
        if briefings:
            raise UsageError("name briefings or use --all, not both")
        if not facts.is_dir():
            raise UsageError(f"--all builds every briefing under {facts}/, which does not exist")
        folders = discover([facts])
    elif not briefings:
        folders = [resolve_briefing(None, facts)]
    else:
        folders = list(
            {f.resolve(): f for f in (resolve_briefing(b, facts) for b in briefings)}.values()
        )
    if output == STDOUT and len(folders) != 1:
        raise UsageError("-o - writes one PDF to standard output; name one briefing")
    jobs = [
        Job(folder, _target(folder, output, len(folders)), paper, style, ignore)
        for folder in folders
    ]
    _refuse_clashes(jobs)
    return jobs


def _target(folder: Path, output: str | None, count: int) -> Path | None:
    name = f"{briefing_id(folder)}.pdf"
    if output is None:
        return OUTPUT_DIR / name
    if output == STDOUT:
        return None
    if count > 1 or names_folder(output):
        return Path(output) / name
    return Path(output)


def _refuse_clashes(jobs: list[Job]) -> None:
    seen: dict[Path, Job] = {}
    for job in jobs:
        if job.output is None:
            continue
        key = _absolute(job.output)
        other = seen.get(key)
        if other is not None:
            raise UsageError(
                f"briefings {str(other.folder)!r} and {str(job.folder)!r} would both write "
                f"{job.output}; nothing was built (rename one folder, or build them apart)"
            )
        seen[key] = job


def _absolute(path: Path) -> Path:
    try:
        return Path(os.path.abspath(path))  # noqa: PTH100 - the target may not exist yet
    except OSError:  # the working folder is gone: a relative path is compared as written
        return Path(os.path.normpath(path))


def check_arguments(style: str | None) -> None:
    """Problems every build would share, found once before any starts (exit 2)."""
    source_date_epoch()
    find_style(style)


def run_job(job: Job) -> tuple[BuildOutcome, Findings, bytes | None]:
    """Build one briefing; its failure is the outcome, not an exception. With no output
    path, the PDF's bytes are returned for the caller to write to standard output."""
    outcome, findings, data, _inputs = _run(job)
    return outcome, findings, data


def _run(job: Job) -> tuple[BuildOutcome, Findings, bytes | None, Protected]:
    """:func:`run_job`, and the files the build read (see :func:`building.inputs_of`)."""
    path = str(job.folder)
    inputs = Protected.of(folders=[job.folder])
    try:
        if job.output is None:
            with tempfile.TemporaryDirectory(prefix="factsheet-") as scratch:
                result = build(
                    job.folder,
                    output=Path(scratch) / "page.pdf",
                    paper=job.paper,
                    style=job.style,
                    ignore=job.ignore,
                )
                data: bytes | None = result.path.read_bytes()
        else:
            result = build(
                job.folder, output=job.output, paper=job.paper, style=job.style, ignore=job.ignore
            )
            data = None
    except InvalidData as error:
        findings = error.report.findings() if error.report is not None else Findings()
        if error.report is not None:
            inputs |= inputs_of(error.report)
        outcome = BuildOutcome(job.id, path, ok=False, message=error.message)
        return outcome, findings, None, inputs
    except UsageError as error:
        outcome = BuildOutcome(job.id, path, ok=False, message=error.message, usage=True)
        return outcome, Findings(), None, inputs
    findings = result.report.findings() if result.report is not None else Findings()
    if result.report is not None:
        inputs |= inputs_of(result.report)
    where = STDOUT if job.output is None else str(result.path)
    outcome = BuildOutcome(
        job.id,
        path,
        ok=True,
        output=where,
        message=f"wrote {where}",
        details=result.summary,
        body_size=result.body_size,
    )
    return outcome, findings, data, inputs


def _warm(job: Job) -> None:
    """Import the renderer and read the style once, before the workers fork: each then
    starts with them in memory instead of paying for them again."""
    import gc

    from .collector import Collector
    from .render import page  # noqa: F401 - imported for the workers to inherit
    from .styles import load_style

    style = load_style(job.style, Collector().scope("style"))
    if style is not None:
        style.covered()
    gc.collect()
    gc.freeze()  # what the parent holds stays shared with the workers (copy-on-write)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Batch:
    """What :func:`run` did: the findings of all builds together, the PDF's bytes when the
    one job writes to standard output, and every file the builds read (which a report of
    the run must not replace)."""

    findings: Findings
    pdf: bytes | None
    inputs: Protected


def run(jobs: list[Job], workers: int | None = None) -> Batch:
    """Build every job, ``workers`` at a time (default: one per core), in job order."""
    count = min(workers or default_jobs(), len(jobs))
    if count <= 1:
        results = [_run(job) for job in jobs]
    else:
        # fork reuses the modules this process has already imported, which is most of a
        # build's start-up; where there is no fork, spawn still works.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":
            _warm(jobs[0])
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            results = list(pool.map(_run, jobs))
    findings = Findings.merge([found for _, found, _, _ in results])
    findings.builds = [outcome for outcome, _, _, _ in results]
    inputs = Protected()
    for *_, read in results:
        inputs |= read
    return Batch(findings, results[0][2] if len(results) == 1 else None, inputs)


__all__ = ["Batch", "Job", "check_arguments", "plan", "run", "run_job"]
