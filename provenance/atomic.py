"""Writing files so that a failure (full disk, a kill, a read-only place)
leaves the previous content intact and no temporary file behind.

A file is written to a temporary file beside it, named after the target and
the writing process, and renamed over the target in one step once complete.
The temporary files of a process that was killed before it could remove them
are removed by the next write to the same place.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

from provenance.errors import ProvenanceError

# A temporary file whose writer no longer runs, or older than this, is stale.
STALE_SECONDS = 3600


class OutputError(ProvenanceError):
    """The output cannot be written."""


def cannot_write(path: Path | str, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write ({exc.strerror or exc})")


def temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def temporary_name(path: Path) -> Path:
    """A fresh temporary file beside ``path``: ``.NAME.PID.RANDOM.tmp``."""
    return path.with_name(f"{temporary_prefix(path)}{os.getpid()}.{secrets.token_hex(6)}.tmp")


def remove_stale(directory: Path, prefix: str = "", pattern: str = "*.tmp") -> int:
    """Remove the files ``prefix`` + ``pattern`` in ``directory`` whose
    writer (the process id after ``prefix``) no longer runs, or that are
    older than :data:`STALE_SECONDS`; how many were removed."""
    try:
        candidates = list(directory.glob(f"{_glob_escape(prefix)}{pattern}"))
    except (OSError, ValueError):
        return 0
    removed, now = 0, time.time()
    for path in candidates:
        try:
            old = now - path.stat().st_mtime > STALE_SECONDS
        except OSError:
            continue
        pid = path.name[len(prefix):].split(".")[0] if path.name.startswith(prefix) else ""
        # a name without a pid (an older version's) goes only once it is old
        if old or (pid.isdigit() and not _running(int(pid))):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or no pid we can judge: leave it
    return True


def check_writable(path: str | Path) -> None:
    """Fail now, before any work, when ``path`` cannot be written: it is a
    directory, its directory is missing or read-only. A device or pipe
    (``/dev/stdout``, ``/dev/full``) is written straight and fails on writing."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: cannot write (is a directory)")
    if path.exists() and not path.is_file():
        return
    target = path.resolve()
    probe = temporary_name(target)
    try:
        with open(probe, "xb"):
            pass
    except OSError as exc:
        raise cannot_write(path, exc) from None
    with contextlib.suppress(OSError):
        probe.unlink()


def _read_umask() -> int:
    # os.umask only reads by setting: done once, at import, not while threads write
    umask = os.umask(0)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def file_mode(path: Path) -> int:
    """The mode ``path`` has, or the one a newly created file would get."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_UMASK


def write_atomic(path: str | Path, data: bytes) -> Path:
    """``data`` into ``path`` in one step: complete or not at all (the
    previous content intact, no temporary file left). A device or pipe is
    written straight."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: cannot write (is a directory)")
    if path.exists() and not path.is_file():
        try:
            with open(path, "wb") as out:
                out.write(data)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        return path
    target = path.resolve()  # through a symbolic link to the file it names
    remove_stale(target.parent, temporary_prefix(target))
    tmp = temporary_name(target)
    try:
        with open(tmp, "xb") as out:
            out.write(data)
        os.chmod(tmp, file_mode(target))  # a new file gets the mode any file would
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise cannot_write(path, exc) from None
    return path
