"""Writing article results as they come: a text report, JSON or JSON lines,
to standard output or a file.

JSON lines go to the file line by line and flushed, so an interrupted run
leaves every finished article behind for ``--resume``. A JSON document or a
text report would mislead when cut short, so it is written to a temporary
file that replaces the target only once the run is complete.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Literal, Protocol, TextIO

from rich.console import Console

from provenance import report
from provenance.errors import ProvenanceError
from provenance.export import to_json
from provenance.records import ArticleResult

Format = Literal["text", "json", "jsonl"]


class OutputError(ProvenanceError):
    """The output cannot be written."""


class Writer(Protocol):
    def write(self, result: ArticleResult) -> None: ...

    def close(self) -> None:
        """Finish the output; a file target now holds it."""

    def discard(self) -> None:
        """Give up: a file target is left as it was before the run."""


def open_writer(format: Format, path: str | Path | None = None, resume: bool = False,
                stdout: TextIO | None = None) -> Writer:
    """A writer for ``format`` to ``path`` (standard output when None); fails
    at once, before any article is analysed, when ``path`` cannot be written."""
    if resume and (format != "jsonl" or path is None):
        raise OutputError("--resume needs --format jsonl and an output file (-o FILE)")
    if path is None:
        stream = stdout or sys.stdout
        return _writer(format, stream, lambda: stream.flush(), lambda: None)
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: cannot write (is a directory)")
    if format == "jsonl":
        return JsonLinesFile(path, append=resume)
    target = AtomicFile(path)
    return _writer(format, target.stream, target.commit, target.abandon)


def _writer(format: Format, stream: TextIO, close, discard) -> Writer:
    if format == "jsonl":
        return JsonLines(stream, close, discard)
    if format == "json":
        return JsonDocument(stream, close, discard)
    return TextReport(stream, close, discard)


class AtomicFile:
    """A temporary file beside ``path`` that replaces it on :meth:`commit`."""

    def __init__(self, path: Path):
        self.path = path
        try:
            fd, self.temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        self.stream: TextIO = os.fdopen(fd, "w", encoding="utf-8")

    def commit(self) -> None:
        try:
            self.stream.close()
            os.chmod(self.temporary, _file_mode(self.path))  # mkstemp's 0600 would hide it from others
            os.replace(self.temporary, self.path)
        except OSError as exc:
            self.abandon()
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def abandon(self) -> None:
        self.stream.close()
        Path(self.temporary).unlink(missing_ok=True)


def _file_mode(path: Path) -> int:
    """The mode ``path`` has, or the one a newly created file would get."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class JsonLines:
    """One compact JSON object per line, flushed after each article."""

    def __init__(self, stream: TextIO, close, discard):
        self.stream, self.close, self.discard = stream, close, discard

    def write(self, result: ArticleResult) -> None:
        self.stream.write(to_json(result, indent=None) + "\n")
        self.stream.flush()


class JsonLinesFile(JsonLines):
    """JSON lines straight into ``path``. A fresh run empties the file only
    when its first article is done, so a run that processes nothing leaves an
    earlier output alone; a resumed run appends."""

    def __init__(self, path: Path, append: bool):
        self.path, self.created = path, not path.exists()
        try:
            stream = path.open("a", encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        super().__init__(stream, stream.close, self._discard)
        self.empty_first, self.written = not append, False

    def _discard(self) -> None:
        self.stream.close()
        if self.created and not self.written:
            self.path.unlink(missing_ok=True)

    def write(self, result: ArticleResult) -> None:
        if self.empty_first:
            self.stream.truncate(0)
            self.empty_first = False
        self.written = True
        try:
            super().write(result)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None


class JsonDocument:
    """One article: its JSON object (as for a single file ever since); several:
    a JSON array of them. Only the first result waits, to learn which."""

    def __init__(self, stream: TextIO, close, discard):
        self.stream, self._close, self.discard = stream, close, discard
        self.first: ArticleResult | None = None
        self.count = 0

    def write(self, result: ArticleResult) -> None:
        self.count += 1
        if self.count == 1:
            self.first = result
            return
        if self.count == 2:
            self.stream.write("[\n" + _indented(self.first))
            self.first = None
        self.stream.write(",\n" + _indented(result))

    def close(self) -> None:
        if self.count == 1:
            self.stream.write(to_json(self.first) + "\n")
        elif self.count > 1:
            self.stream.write("\n]\n")
        self._close()


def _indented(result: ArticleResult) -> str:
    return "\n".join("  " + line for line in to_json(result).splitlines())


class TextReport:
    """The readable report of each article, one after another."""

    def __init__(self, stream: TextIO, close, discard):
        self.console = Console(file=stream)  # colours only on a terminal
        self.close, self.discard = close, discard

    def write(self, result: ArticleResult) -> None:
        report.render(result, self.console)


def done_ids(path: str | Path) -> frozenset[str]:
    """The ids of the articles already in a JSON lines output, for a resumed
    run. A last line cut off by an interrupted write is removed, so the lines
    appended next start on a line of their own."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return frozenset()
    except OSError as exc:
        raise OutputError(f"{path}: cannot read the output to resume ({exc.strerror or exc})") from None
    complete = data.rfind(b"\n") + 1
    if complete < len(data):
        try:
            with path.open("r+b") as file:
                file.truncate(complete)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    ids = set()
    for line in data[:complete].splitlines():
        try:
            ids.add(json.loads(line)["article"]["id"])
        except (ValueError, KeyError, TypeError):
            continue  # not one of our lines: it cannot name a finished article
    return frozenset(ids)
