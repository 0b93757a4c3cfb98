"""``build(briefing) -> BuildResult``: validate, fit, draw, and write the PDF atomically."""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from .choices import PAPERS
from .diagnostics import Location, Severity, diagnostic, plural
from .errors import InvalidData, UsageError
from .files import FileProblem, Protected, check_target, write_atomically
from .report import Report
from .validation import PathArg, resolve_briefing, validate
from .yaml_reader import iter_yaml_entries

OUTPUT_DIR = Path("output")


@dataclass(frozen=True)
class BuildResult:
    path: Path
    briefing_id: str
    body_size: float
    summary: str
    # The validation report the build rests on (warnings, counts), for reporters.
    report: Report | None = field(default=None, compare=False, repr=False)


LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last moment a PDF date can hold


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as reproducible-builds.org defines it; unset or empty means None."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > LAST_EPOCH:
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (at most {LAST_EPOCH}), "
            f"not {text[:40]!r}"
        )
    return int(text)


def output_target(output: PathArg | None, briefing_id: str) -> Path:
    """The PDF's path: ``output``, or output/<id>.pdf. ``"-"`` (standard output) is no path."""
    if output is None or str(output) == "":
        return OUTPUT_DIR / f"{briefing_id}.pdf"
    if os.fspath(output) == "-":
        raise UsageError(
            "output '-' names standard output, which build() does not write to; "
            "give a file path (./- is the file named '-')"
        )
    return Path(output)


def inputs_of(report: Report) -> Protected:
    """Every file the build read, and every file its briefings would read (any *.yaml in
    their folders): the PDF must never be written over one of them."""
    files: list[Path] = []
    folders: list[Path] = []
    if report.style is not None:
        style = report.style
        files += [style.path, *style.font_files.values(), *style.fallback_files]
    for result in report.briefings:
        bundle = result.bundle
        folders.append(bundle.folder)
        with suppress(OSError):
            files += iter_yaml_entries(bundle.folder)
        files += [bundle.folder / s.record.snapshot for s in bundle.sources if s.record.snapshot]
    return Protected.of(files, folders)


def _check_output(target: Path, protected: Protected) -> None:
    try:
        check_target(target, protected)
    except FileProblem as problem:
        raise UsageError(f"cannot write {target}: it {problem.reason}") from None


def build(
    briefing: PathArg | None = None,
    *,
    output: PathArg | None = None,
    paper: str = "a4",
    style: PathArg | None = None,
    ignore: str | Iterable[str] = (),
) -> BuildResult:
    """Build one briefing into a one-page PDF.

    Raises :class:`InvalidData` (with diagnostics) when validation finds errors or the
    content cannot fit, and :class:`UsageError` for bad arguments.
    """
    paper = paper.lower()
    if paper not in PAPERS:
        raise UsageError(f"paper must be a4 or letter, not {paper!r}")
    source_epoch = source_date_epoch()
    folder = resolve_briefing(briefing)
    report = validate([folder], style=style, ignore=ignore)
    if not report.ok:
        errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
        raise InvalidData(
            f"{report.briefings[0].bundle.id}: {plural(report.errors, 'error')} found; "
            "nothing was built",
            errors,
            report,
        )
    from .render.content import epoch_of, page_content
    from .render.page import DoesNotFit, draw, fit

    loaded_style = report.style
    assert loaded_style is not None  # validate() has reported any problem with it
    bundle = report.briefings[0].bundle
    target = output_target(output, bundle.id)
    protected = inputs_of(report)
    _check_output(target, protected)  # before the work of laying out a page it cannot write
    content = page_content(bundle)
    try:
        layout = fit(content, loaded_style, paper)
    except DoesNotFit as problem:
        longest = ", ".join(f"{name} ({height:.0f} mm)" for name, height in problem.longest)
        message = (
            f"{folder.name} does not fit on one {paper.upper()} page even at the "
            f"smallest legible sizes (body {problem.sizes.body:g} pt, sources "
            f"{problem.sizes.sources:g} pt): about {problem.over_mm:.0f} mm too long. "
            f"Longest sections: {longest or 'none'}"
        )
        where = Location(str(folder / "briefing.yaml"))
        does_not_fit = diagnostic("FS701", where, message)
        report.briefings[0].scope.add(does_not_fit)
        raise InvalidData(
            f"{folder.name}: does not fit on one page; nothing was built", [does_not_fit], report
        ) from None
    if source_epoch is not None:
        epoch = source_epoch
    else:
        assert bundle.briefing is not None
        epoch = epoch_of(bundle.briefing.record.as_of)
    data = draw(content, layout, loaded_style, paper, epoch, bundle.digest.digest())
    try:
        write_atomically(target, data, protected=protected)
    except FileProblem as problem:
        raise UsageError(f"cannot write {target}: it {problem.reason}") from None
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None
    summary = (
        f"1 page, {paper.upper()}, {plural(len(bundle.facts), 'fact')}, "
        f"{plural(len(bundle.sources), 'source')}, {plural(len(content.milestones), 'key date')}"
        f"; body {layout.sizes.body:g} pt"
    )
    return BuildResult(target, bundle.id, layout.sizes.body, summary, report)
