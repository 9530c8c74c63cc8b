"""Writing article results as they come: a text report, JSON or JSON lines,
the flat table of attributions as CSV or Parquet, to standard output or a
file.

JSON lines go to the file line by line and flushed, so an interrupted run
leaves every finished article behind for ``--resume``. A JSON document or a
text report would mislead when cut short, so it is written to a temporary
file that replaces the target only once the run is complete.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path
from typing import Literal, TextIO

from rich.console import Console

from provenance import report, table
from provenance.atomic import OutputError, cannot_write, file_mode, remove_stale, temporary_name, temporary_prefix
from provenance.atomic import check_writable as atomic_check
from provenance.export import SCHEMA, to_json
from provenance.records import ArticleResult

Format = Literal["text", "json", "jsonl", "csv", "parquet"]


class Target:
    """Where output goes: a stream, and what finishing or giving up means."""

    def __init__(self, stream: TextIO, name: str):
        self.stream, self.name = stream, name

    def start(self) -> None:
        """Called before the first article is written."""

    def commit(self) -> None:
        self.stream.flush()

    def abandon(self) -> None:
        try:
            self.stream.flush()
        except (OSError, ValueError):
            pass  # the reader went away (a closed pipe): already reported


class Device(Target):
    """A path that is no regular file (``/dev/stdout``, a named pipe):
    written straight; there is nothing to replace or empty."""

    def __init__(self, path: Path):
        super().__init__(_open_text(path, "w"), str(path))

    def commit(self) -> None:
        self.stream.close()

    def abandon(self) -> None:
        try:
            self.stream.close()
        except OSError:
            pass  # the device refuses the rest (a full disk): already reported


class AtomicFile(Target):
    """A temporary file beside ``path`` that replaces it on :meth:`commit`."""

    def __init__(self, path: Path):
        self.path = path
        # the temporary file names its writer, so one a killed run left is removed now
        remove_stale(path.parent, temporary_prefix(path))
        self.temporary = str(temporary_name(path))
        try:
            stream = open(self.temporary, "x", encoding="utf-8")
        except OSError as exc:
            raise cannot_write(path, exc) from None
        super().__init__(stream, str(path))

    def commit(self) -> None:
        try:
            self.stream.close()  # a full disk may fail only here, on the last flush
            os.chmod(self.temporary, file_mode(self.path))  # as any new file would get
            os.replace(self.temporary, self.path)
        except OSError:
            Path(self.temporary).unlink(missing_ok=True)
            raise

    def abandon(self) -> None:
        try:
            self.stream.close()  # may fail to flush (a full disk): the file goes all the same
        except OSError:
            pass
        Path(self.temporary).unlink(missing_ok=True)


class GrowingFile(Target):
    """``path`` written in place, so that whatever is done survives an
    interruption. A fresh run empties the file only when its first article is
    done, so a run that processes nothing leaves an earlier output alone; a
    resumed run appends."""

    def __init__(self, path: Path, append: bool):
        self.path, self.append, self.created, self.started = path, append, not path.exists(), False
        super().__init__(_open_text(path, "a"), str(path))

    def start(self) -> None:
        self.started = True
        if not self.append:
            self.stream.truncate(0)

    def commit(self) -> None:
        self.stream.close()

    def abandon(self) -> None:
        self.stream.close()
        if self.created and not self.started:
            self.path.unlink(missing_ok=True)


def _open_text(path: Path, mode: str):
    try:
        return path.open(mode, encoding="utf-8")
    except OSError as exc:
        raise cannot_write(path, exc) from None


class Writer:
    """Writes each article as it comes; :meth:`close` finishes the output,
    :meth:`discard` gives up and leaves a file target as it was."""

    def __init__(self, target: Target):
        self.target, self.count = target, 0

    def write(self, result: ArticleResult) -> None:
        try:
            if not self.count:
                self.target.start()
            self.count += 1
            self._write(result)
        except OSError as exc:
            raise cannot_write(self.target.name, exc) from None

    def close(self) -> None:
        try:
            self._finish()
            self.target.commit()
        except OSError as exc:
            self.target.abandon()
            raise cannot_write(self.target.name, exc) from None

    def discard(self) -> None:
        self.target.abandon()

    def _write(self, result: ArticleResult) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        pass


class JsonLines(Writer):
    """One compact JSON object per line, flushed after each article."""

    def _write(self, result: ArticleResult) -> None:
        self.target.stream.write(to_json(result, indent=None) + "\n")
        self.target.stream.flush()


class JsonDocument(Writer):
    """One article: its JSON object (as for a single file ever since); several:
    a JSON array of them. Only the first result waits, to learn which."""

    first: ArticleResult | None = None

    def _write(self, result: ArticleResult) -> None:
        if self.count == 1:
            self.first = result
            return
        if self.count == 2:
            self.target.stream.write("[\n" + _indented(self.first))
            self.first = None
        self.target.stream.write(",\n" + _indented(result))

    def _finish(self) -> None:
        if self.count == 1:
            self.target.stream.write(to_json(self.first) + "\n")
        elif self.count > 1:
            self.target.stream.write("\n]\n")


def _indented(result: ArticleResult) -> str:
    return "\n".join("  " + line for line in to_json(result).splitlines())


class ReportingConsole(Console):
    """A console whose closed pipe is an error like any other write error
    (rich would exit quietly), so the command says it in one line."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


class TextReport(Writer):
    """The readable report of each article, one after another."""

    full = False  # whole claims (report.render's ``full``)

    def __init__(self, target: Target):
        super().__init__(target)
        self.console = ReportingConsole(file=target.stream)  # colours only on a terminal

    def _write(self, result: ArticleResult) -> None:
        report.render(result, self.console, full=self.full)


class CsvTable(Writer):
    """The flat table of attributions (:mod:`provenance.table`), one row per
    attribution, article by article; the header even when no article has
    an attribution."""

    def _write(self, result: ArticleResult) -> None:
        if self.count == 1:
            self.target.stream.write(table.csv_header())
        self.target.stream.write(table.csv_lines(table.attribution_rows([result])))

    def _finish(self) -> None:
        if self.count == 0:
            self.target.stream.write(table.csv_header())


class ParquetTable(Writer):
    """The flat table of attributions as Parquet, one row group per batch of
    articles, in the temporary file that replaces the target when complete."""

    ROWS_PER_GROUP = 10_000

    def __init__(self, target: Target):
        if not isinstance(target, AtomicFile):
            raise OutputError("--format parquet needs an output file (-o FILE.parquet)")
        super().__init__(target)
        import pyarrow.parquet as pq

        self.target.stream.close()  # pyarrow writes the temporary file itself, in binary
        self.rows: list[dict] = []
        self.writer = pq.ParquetWriter(target.temporary, table.arrow_schema())

    def _write(self, result: ArticleResult) -> None:
        self.rows.extend(table.attribution_rows([result]))
        if len(self.rows) >= self.ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        from provenance.safe_text import arrow_table

        if self.rows:
            self.writer.write_table(arrow_table(self.rows, table.arrow_schema()))
            self.rows = []

    def _finish(self) -> None:
        self._flush()
        self.writer.close()

    def discard(self) -> None:
        self.writer.close()
        super().discard()


WRITERS: dict[str, type[Writer]] = {"jsonl": JsonLines, "json": JsonDocument, "text": TextReport,
                                    "csv": CsvTable, "parquet": ParquetTable}


def open_writer(format: Format, path: str | Path | None = None, resume: bool = False,
                stdout: TextIO | None = None, full: bool = False) -> Writer:
    """A writer for ``format`` to ``path`` (standard output when None); fails
    at once, before any article is analysed, when ``path`` cannot be written.
    JSON lines grow in place (see :class:`GrowingFile`); JSON and text are
    written to a temporary file that replaces ``path`` when complete."""
    _check_resume(format, path, resume)
    if path is None:
        target = Target(stdout or sys.stdout, "standard output")
    else:
        path = Path(path)
        if path.is_dir():
            raise OutputError(f"{path}: cannot write (is a directory)")
        if path.exists() and not path.is_file():
            target: Target = Device(path)
        else:  # through a symbolic link to the file it names, which is what gets replaced
            path = path.resolve()
            target = GrowingFile(path, append=resume) if format == "jsonl" else AtomicFile(path)
    writer = WRITERS[format](target)
    if isinstance(writer, TextReport):
        writer.full = full
    return writer


def _check_resume(format: Format, path: str | Path | None, resume: bool) -> None:
    if resume and (format != "jsonl" or path is None):
        raise OutputError("--resume needs --format jsonl and an output file (-o FILE)")


# How every line of a JSON lines output begins (``schema`` is the first key):
# a last line cut off by an interrupted write is a prefix of a line like it.
_RECORD_START = json.dumps({"schema": SCHEMA}, ensure_ascii=False)[:-1].encode()


def resume_ids(format: Format, path: str | Path | None) -> frozenset[str]:
    """The ids already in the output of a resumed run, after checking that
    the run can resume at all, so that a refused ``--resume`` leaves ``path``
    exactly as it was."""
    _check_resume(format, path, True)
    return done_ids(path)  # type: ignore[arg-type]  # checked above: not None


def done_ids(path: str | Path) -> frozenset[str]:
    """The ids of the articles already in a JSON lines output, for a resumed
    run. A last line cut off by an interrupted write is removed, so the lines
    appended next start on a line of their own. A file that is not such an
    output (another format, another program's lines) is refused before
    anything in it changes: appending to it would spoil it."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise OutputError(f"{path}: --resume needs a regular output file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return frozenset()
    except OSError as exc:
        raise OutputError(f"{path}: cannot read the output to resume ({exc.strerror or exc})") from None
    complete = data.rfind(b"\n") + 1
    ids: set[str] = set()
    for number, line in enumerate(data[:complete].splitlines(), 1):
        if not line.strip():
            continue
        article_id = _record_id(line)
        if article_id is None:
            raise _not_ours(path, number)
        ids.add(article_id)
    torn = data[complete:]
    if torn.strip() and not (torn.startswith(_RECORD_START) or _RECORD_START.startswith(torn)):
        raise _not_ours(path, data.count(b"\n") + 1)
    if complete < len(data):
        try:
            with path.open("r+b") as file:
                file.truncate(complete)
        except OSError as exc:
            raise cannot_write(path, exc) from None
    return frozenset(ids)


def _record_id(line: bytes) -> str | None:
    """The article id of one line of our JSON lines output, None if the line is none."""
    try:
        record = json.loads(line)
        article_id = record["article"]["id"] if record.get("schema") == SCHEMA else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return article_id if isinstance(article_id, str) else None


def _not_ours(path: Path, line: int) -> OutputError:
    return OutputError(f"{path}:{line}: not a line of provenance JSON lines output; "
                       "--resume appends only to the output of an earlier --format jsonl run")


def write_document(text: str, path: str | Path | None = None, stdout: TextIO | None = None) -> None:
    """A finished document (a JSON or CSV answer to a query) to ``path``,
    atomically, or to standard output when None."""
    if path is None:
        stream = stdout or sys.stdout
        stream.write(text)
        stream.flush()
        return
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: cannot write (is a directory)")
    target: Target = Device(path) if path.exists() and not path.is_file() else AtomicFile(path.resolve())
    try:
        target.stream.write(text)
        target.commit()
    except OSError as exc:
        target.abandon()
        raise cannot_write(path, exc) from None


def check_writable(path: str | Path | None) -> None:
    """Fail at once, before any article is analysed, when ``path`` cannot be
    written (:func:`provenance.atomic.check_writable`); None is standard output."""
    if path is not None:
        atomic_check(path)
