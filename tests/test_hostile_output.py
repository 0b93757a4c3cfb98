"""Hostile output paths: what `build -o` (and every other writer) must never replace.

Part of the hostile corpus (see ``test_hostile.py``): each case names what it attacks, the
exact outcome (exit code and message), and checks that the victim is left exactly as it
was, link, device or file, and that no temporary file is left anywhere.

Writes that are refused never reach the disk, so no case here can harm the machine even if
the guard regressed: the devices written at are made in the test's own folder (a FIFO, and
a copy of /dev/null's device node when running as root), and /dev/null and /dev/stdout
themselves are only given to :func:`factsheet.files.check_target`, which writes nothing.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BASE, BASE_SOURCES, STYLES, copy_briefing, run_cli
from factsheet.building import build
from factsheet.errors import UsageError
from factsheet.files import FileProblem, Protected, check_target, write_atomically

SECONDS = 5.0


@dataclass(frozen=True)
class Victim:
    """What was at a path before the run: a link's target, a file's mode and bytes."""

    path: Path
    link: str | None
    mode: int
    data: bytes | None

    @classmethod
    def of(cls, path: Path) -> Victim:
        status = path.lstat()
        link = str(path.readlink()) if stat.S_ISLNK(status.st_mode) else None
        data = path.read_bytes() if stat.S_ISREG(status.st_mode) else None
        return cls(path, link, status.st_mode, data)

    def unchanged(self) -> bool:
        return Victim.of(self.path) == self


def temporary_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(".fs.") or p.suffix == ".tmp"]


# Each case: (set up in the working folder holding brief/, returning the -o argument,
# extra arguments, and the path that must stay as it was), the message expected.
Setup = Callable[[Path], tuple[str, list[str], Path]]
ATTACKS: dict[str, tuple[Setup, str]] = {}


def attack(name: str, message: str) -> Callable[[Setup], Setup]:
    def register(setup: Setup) -> Setup:
        ATTACKS[name] = (setup, message)
        return setup

    return register


@attack("link-to-a-shared-file", "is a link (links, devices, pipes and folders are not replaced)")
def _shared_link(work: Path) -> tuple[str, list[str], Path]:
    (work / "shared").mkdir()
    (work / "shared" / "latest.pdf").write_bytes(b"%PDF-1.7 someone else's\n")
    (work / "out.pdf").symlink_to("shared/latest.pdf")
    return "out.pdf", [], work / "out.pdf"


@attack("link-to-standard-output", "is a link (links, devices, pipes and folders are not replaced)")
def _fd_link(work: Path) -> tuple[str, list[str], Path]:
    (work / "stdout.pdf").symlink_to("/proc/self/fd/1")
    return "stdout.pdf", [], work / "stdout.pdf"


@attack("dangling-link", "is a link (links, devices, pipes and folders are not replaced)")
def _dangling(work: Path) -> tuple[str, list[str], Path]:
    (work / "out.pdf").symlink_to("nowhere/else.pdf")
    return "out.pdf", [], work / "out.pdf"


@attack("fifo", "is not a regular file (links, devices, pipes and folders are not replaced)")
def _fifo(work: Path) -> tuple[str, list[str], Path]:
    os.mkfifo(work / "pipe.pdf")
    return "pipe.pdf", [], work / "pipe.pdf"


@attack("device-node", "is not a regular file (links, devices, pipes and folders are not replaced)")
def _device(work: Path) -> tuple[str, list[str], Path]:
    if os.geteuid() != 0:
        pytest.skip("only root can make a device node; the FIFO case covers the rest")
    os.mknod(work / "null.pdf", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return "null.pdf", [], work / "null.pdf"


@attack("the-briefing-file", "is an input of this run; it is left as it is")
def _briefing_file(work: Path) -> tuple[str, list[str], Path]:
    return "brief/briefing.yaml", [], work / "brief" / "briefing.yaml"


@attack("a-fact-file", "is an input of this run; it is left as it is")
def _fact_file(work: Path) -> tuple[str, list[str], Path]:
    return "brief/facts.yaml", [], work / "brief" / "facts.yaml"


@attack("a-fact-file-by-another-path", "is an input of this run; it is left as it is")
def _fact_file_elsewhere(work: Path) -> tuple[str, list[str], Path]:
    (work / "same").symlink_to("brief", target_is_directory=True)
    return "same/../brief/facts.yaml", [], work / "brief" / "facts.yaml"


@attack("a-hard-link-to-a-fact-file", "is an input of this run; it is left as it is")
def _hard_link(work: Path) -> tuple[str, list[str], Path]:
    os.link(work / "brief" / "facts.yaml", work / "facts.pdf")
    return "facts.pdf", [], work / "brief" / "facts.yaml"


@attack("a-fact-file-read-through-a-link", "is an input of this run; it is left as it is")
def _linked_fact(work: Path) -> tuple[str, list[str], Path]:
    folder = work / "brief"
    (folder / "facts.yaml").rename(folder / "facts.txt")
    (folder / "facts.yaml").symlink_to("facts.txt")
    return "brief/facts.txt", [], folder / "facts.txt"


@attack("a-snapshot", "is an input of this run; it is left as it is")
def _snapshot(work: Path) -> tuple[str, list[str], Path]:
    folder = work / "brief"
    (folder / "snap.txt").write_text("Something happened in October 2025.\n", "utf-8")
    sources = (folder / "sources.yaml").read_text("utf-8")
    (folder / "sources.yaml").write_text(sources + "    snapshot: snap.txt\n", "utf-8")
    return "brief/snap.txt", [], folder / "snap.txt"


@attack("the-style", "is an input of this run; it is left as it is")
def _style(work: Path) -> tuple[str, list[str], Path]:
    (work / "st.yaml").write_text((STYLES / "default.yaml").read_text("utf-8"), "utf-8")
    return "st.yaml", ["--style", "st.yaml"], work / "st.yaml"


@attack("a-font-of-the-style", "is an input of this run; it is left as it is")
def _font(work: Path) -> tuple[str, list[str], Path]:
    fonts = Path(__file__).resolve().parent.parent / "src" / "factsheet" / "fonts"
    for face in ("", "-Bold", "-Oblique"):
        name = f"DejaVuSansCondensed{face}.ttf"
        (work / name).write_bytes((fonts / name).read_bytes())
    (work / "st.yaml").write_text((STYLES / "default.yaml").read_text("utf-8"), "utf-8")
    return "DejaVuSansCondensed.ttf", ["--style", "st.yaml"], work / "DejaVuSansCondensed.ttf"


@attack("a-new-yaml-file-in-the-briefing", "would be read as part of the briefing in its folder")
def _new_yaml(work: Path) -> tuple[str, list[str], Path]:
    return "brief/out.yaml", [], work / "brief"


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_build_never_writes_over(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_briefing(BASE, tmp_path / "brief")
    setup, message = ATTACKS[name]
    output, extra, victim_path = setup(tmp_path)
    victim = Victim.of(victim_path)
    listing = sorted(p.name for p in victim_path.iterdir()) if victim_path.is_dir() else None
    result = run_cli("build", "brief", "-o", output, *extra, within=SECONDS)
    assert result.exit_code == 2, result.output
    assert f"cannot write {output}: it {message}" in result.output, result.output
    assert victim.unchanged()
    if listing is not None:
        assert sorted(p.name for p in victim_path.iterdir()) == listing
    assert temporary_files(tmp_path) == []


@pytest.mark.parametrize("output", ["brief/output/brief.pdf", "brief/snapshots/brief.pdf"])
def test_a_pdf_in_a_subfolder_of_the_briefing_is_fine(
    output: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_briefing(BASE, tmp_path / "brief")
    result = run_cli("build", "brief", "-o", output, within=SECONDS)
    assert result.exit_code == 0, result.output
    assert (tmp_path / output).read_bytes().startswith(b"%PDF-")
    # ...and the briefing still validates: nothing it reads was added.
    assert run_cli("validate", "brief", within=SECONDS).exit_code == 0


def test_the_library_writes_no_file_named_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'-' means standard output on a command line; build() takes paths only, and says so."""
    monkeypatch.chdir(tmp_path)
    copy_briefing(BASE, tmp_path / "brief")
    with pytest.raises(UsageError, match="output '-' names standard output"):
        build("brief", output="-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief"]
    assert build("brief", output="./-").path == Path("-")  # a path that says it is one
    assert (tmp_path / "-").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout", "/dev/stderr", "/proc/self/fd/1"])
def test_system_devices_are_refused_before_anything_is_written(device: str) -> None:
    with pytest.raises(FileProblem) as refused:
        check_target(Path(device))
    assert refused.value.kind == "not-a-file"


def test_every_writer_refuses_a_new_yaml_file_beside_a_briefing(tmp_path: Path) -> None:
    """Unasked: a report or snapshot written there would become a fact file."""
    folder = copy_briefing(BASE, tmp_path / "brief")
    with pytest.raises(FileProblem) as refused:
        write_atomically(folder / "report.yml", b"facts: []\n")
    assert refused.value.kind == "input"
    assert sorted(p.name for p in folder.iterdir()) == [
        "briefing.yaml",
        "facts.yaml",
        "sources.yaml",
    ]
    # An existing file is replaced (that is how `factsheet snapshot` edits sources.yaml),
    # unless the writer names it as protected.
    write_atomically(folder / "sources.yaml", (folder / "sources.yaml").read_bytes())
    with pytest.raises(FileProblem):
        write_atomically(folder / "sources.yaml", b"", protected=Protected.of([], [folder]))


# Permissions: the umask decides for a new file, an existing file keeps its own (B13).


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_a_new_pdf_follows_the_umask(
    umask: int, mode: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_briefing(BASE, tmp_path / "brief")
    previous = os.umask(umask)
    try:
        result = run_cli("build", "brief", "-o", "out/brief.pdf", within=SECONDS)
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "out" / "brief.pdf").stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
def test_a_rebuilt_pdf_keeps_its_mode(
    mode: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_briefing(BASE, tmp_path / "brief")
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old")
    target.chmod(mode)
    previous = os.umask(0o022)
    try:
        result = run_cli("build", "brief", "-o", "brief.pdf", within=SECONDS)
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes().startswith(b"%PDF-")


# Failed writes leave nothing: no temporary file, no folder made on the way (B21).


def test_a_failed_write_removes_the_folders_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    copy_briefing(BASE, tmp_path / "brief")
    (tmp_path / "out").mkdir()

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    result = run_cli("build", "brief", "-o", "out/new/deeper/brief.pdf", within=SECONDS)
    assert result.exit_code == 2
    assert "cannot write out/new/deeper/brief.pdf: No space left on device" in result.output
    assert list((tmp_path / "out").iterdir()) == [], "the folders made for it are gone again"


def test_a_long_valid_file_name_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary file has a short name of its own, so any name the target may have works."""
    monkeypatch.chdir(tmp_path)
    copy_briefing(BASE, tmp_path / "brief")
    name = "b" * 251 + ".pdf"  # 255 bytes, the most a file name may have here
    result = run_cli("build", "brief", "-o", name, within=SECONDS)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["brief", name])


# Signals between writing the temporary file and renaming it (B10).

_KILLED_MID_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from factsheet import files

    def fsync_then_die(fd):
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))

    # The case is the default disposition; a run under nohup would inherit SIGHUP ignored,
    # and then factsheet rightly leaves it ignored.
    signal.signal(getattr(signal, sys.argv[2]), signal.SIG_DFL)

    os.fsync = fsync_then_die
    files.write_atomically(Path(sys.argv[1]), b"new")
    print("survived")
    """
)


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("existing", [True, False], ids=["replacing", "new"])
def test_a_terminating_signal_mid_write_leaves_no_temporary_file(
    name: str, existing: bool, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "brief.pdf"
    if existing:
        target.parent.mkdir()
        target.write_bytes(b"old")
    result = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_WRITE, str(target), name],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    number = getattr(signal, name)
    assert result.returncode == -number, result.stderr  # still ended by the signal itself
    assert "survived" not in result.stdout and "Traceback" not in result.stderr
    assert temporary_files(tmp_path) == []
    if existing:
        assert target.read_bytes() == b"old"
    else:
        assert not (tmp_path / "out").exists(), "the folder made for it is gone again"


def test_the_signal_handlers_are_restored_and_only_set_in_the_main_thread(tmp_path: Path) -> None:
    before = {signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    write_atomically(tmp_path / "a.pdf", b"a")
    assert {signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)} == before
    failures: list[BaseException] = []

    def in_a_thread() -> None:
        try:
            write_atomically(tmp_path / "b.pdf", b"b")
        except BaseException as error:
            failures.append(error)

    worker = threading.Thread(target=in_a_thread)
    worker.start()
    worker.join()
    assert failures == []
    assert (tmp_path / "b.pdf").read_bytes() == b"b"


# The files `factsheet new` writes (B22): whatever the folder is called, they are the
# commented example, clean as it is.


@pytest.mark.parametrize(
    "root",
    [
        "roots\nsources: 1",
        "roots\r\ntitle: hijacked",
        "roots\u2028x: 1",
        "roots\x85x: 1",
        "it's # not a comment",
        "spaced out/$HOME/`id`",
    ],
    ids=["newline", "crlf", "line-separator", "next-line", "quote-and-hash", "shell-syntax"],
)
def test_new_writes_a_clean_briefing_whatever_the_folder_is_called(
    root: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "demo", "--root", root, within=SECONDS)
    assert result.exit_code == 0, result.output
    folder = tmp_path / root / "demo"
    checked = run_cli("validate", "--strict", str(folder), within=SECONDS)
    assert checked.exit_code == 0, checked.output
    assert "0 errors, 0 warnings" in checked.output
    # The comment names the folder as one shell word, on its line.
    text = (folder / "briefing.yaml").read_text("utf-8")
    (line,) = [line for line in text.splitlines() if line.startswith("#   factsheet validate ")]
    word = line.removeprefix("#   factsheet validate ")
    echoed = subprocess.run(
        ["bash", "-c", f"printf %s {word}"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert echoed == f"{root}/demo"


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("victim", ["facts.yaml", "sources.yaml", "snapshot.txt"])
def test_a_report_file_never_replaces_an_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, victim: str
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = copy_briefing(BASE, tmp_path / "brief")
    (folder / "snapshot.txt").write_text("The words of the source.", "utf-8")
    (folder / "sources.yaml").write_text(BASE_SOURCES + "    snapshot: snapshot.txt\n", "utf-8")
    before = Victim.of(folder / victim)
    args = [command, "brief", "--format", "json", "--output-file", f"brief/{victim}"]
    if command == "build":
        args += ["-o", "out/brief.pdf"]
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    assert "left as it is" in result.output
    assert before.unchanged()


def test_writers_racing_to_make_one_folder_both_succeed(tmp_path: Path) -> None:
    """Parallel builds create one output folder at the same moment: neither may fail."""
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def write(number: int) -> None:
        start.wait()
        try:
            write_atomically(tmp_path / "a" / "b" / "c" / f"{number}.pdf", b"%PDF-")
        except BaseException as error:
            failures.append(error)

    for _ in range(20):
        for path in sorted(tmp_path.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert sorted(p.name for p in (tmp_path / "a/b/c").iterdir()) == [
            f"{n}.pdf" for n in range(8)
        ]
