"""Corpus runs on Dask (``analyze --engine dask``): partitions of the inputs
analysed by worker processes, on this machine (a LocalCluster of N
single-threaded workers) or on an existing cluster (``--scheduler ADDRESS``).

The client never holds the corpus. It plans partitions from file names and
sizes only: groups of files (a directory is its files), and JSON lines files
cut into ranges of lines (the client reads the file once to find where every
N-th line begins, keeping only those offsets). Each task reads its own
partition from the shared file system, analyses it, and writes its results
under the run's work directory, atomically (temporary name, then rename):

    WORK/plan.json                  the partitions (checked on --resume)
    WORK/jsonl/part-NNNNNN.jsonl    the articles, as --format jsonl writes them
    WORK/TABLE/part-NNNNNN.parquet  the tables of provenance.tables (--parquet, --store)
    WORK/done/part-NNNNNN.json      written last: the partition is complete

A task that fails is retried (``RETRIES``); a task on a worker that dies is
redone on another by the scheduler. Since a partition's files are replaced
whole and only a ``done`` marker counts, a redone partition is written once,
never twice, and nothing is lost. ``--resume`` skips partitions already
done. The client then joins the parts in partition order (the input order)
into ``-o FILE``, loads them into the store, and removes the work directory
unless it is the ``--parquet`` dataset.

Each worker loads the configuration and the parser once (a worker plugin)
and runs torch with one thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from provenance.errors import InputError, ProvenanceError

PARTITION_SIZE = 16  # articles (files, or JSON lines) per task
RETRIES = 2  # a failed task runs this many more times
PLUGIN_NAME = "provenance"
PARTITION_SHIFT = 24  # ord = partition << 24 | place in the partition


class EngineError(ProvenanceError):
    """The distributed run cannot start or finish."""


@dataclass(frozen=True, slots=True)
class Partition:
    """A piece of the inputs one task reads: files (path, article id), or
    lines of one JSON lines file (byte range, number of its first line)."""

    index: int
    files: tuple[tuple[str, str], ...] = ()
    path: str | None = None  # JSON lines file
    stem: str = ""
    start: int = 0
    end: int = 0
    first_line: int = 1

    @property
    def name(self) -> str:
        return f"part-{self.index:06d}"


def plan(inputs: Sequence[str], glob: str | None = None, size: int = PARTITION_SIZE
         ) -> tuple[list[Partition], list[str]]:
    """The partitions of ``inputs`` and the errors found while listing them."""
    from provenance.inputs import STDIN, files, kind_of

    partitions: list[Partition] = []
    errors: list[str] = []
    group: list[tuple[str, str]] = []

    def flush() -> None:
        if group:
            partitions.append(Partition(len(partitions), files=tuple(group)))
            group.clear()

    for name in inputs:
        if name == STDIN:
            raise EngineError("--engine dask reads files and directories, not standard input")
        for found in files(name, glob):
            if isinstance(found, InputError):
                errors.append(str(found))
                continue
            path, id = found
            if kind_of(path) == "jsonl" and path.is_file():
                flush()
                for start, end, first in _line_ranges(path, size):
                    partitions.append(Partition(len(partitions), path=str(path), stem=id,
                                                start=start, end=end, first_line=first))
                continue
            group.append((str(path), id))
            if len(group) >= size:
                flush()
    flush()
    return partitions, errors


def _line_ranges(path: Path, size: int) -> Iterator[tuple[int, int, int]]:
    """(byte start, byte end, first line number) of every ``size`` non-blank
    lines of ``path``, read as a stream."""
    start, offset, count, first, number = 0, 0, 0, 1, 0
    with path.open("rb") as lines:
        for line in lines:
            number += 1
            offset += len(line)
            if line.strip():
                count += 1
            if count >= size:
                yield start, offset, first
                start, count, first = offset, 0, number + 1
    if count or start == 0:
        yield start, offset, first


def partition_items(partition: Partition, limits) -> Iterator:
    """The articles (or input errors) of one partition, read by the worker."""
    from provenance.inputs import jsonl_articles, read_file, record_limit

    if partition.path is None:
        for path, id in partition.files:
            yield from read_file(Path(path), id, limits)
        return
    try:
        with open(partition.path, "rb") as file:
            file.seek(partition.start)
            data = file.read(partition.end - partition.start)
    except OSError as exc:
        yield InputError(f"{partition.path}: cannot read ({exc.strerror or exc})")
        return
    yield from jsonl_articles(data.splitlines(keepends=True), partition.path, partition.stem,
                              limit=record_limit(limits), first=partition.first_line)


@dataclass(slots=True)
class PartitionReport:
    """What a task returns (small): ids in order, counts, messages."""

    index: int
    ids: list[str] = field(default_factory=list)
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    resumed: int = 0
    words: int = 0
    messages: list[tuple[str, str]] = field(default_factory=list)  # (skipped|failed, reason)


@dataclass(frozen=True, slots=True)
class Job:
    """What every task of a run needs to know."""

    work: str  # the work directory (shared storage on a real cluster)
    jsonl: bool = True
    tables: bool = False
    batch_size: int = 16
    force: bool = False
    done: frozenset[str] = frozenset()


# --- on the worker ---------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _worker_config():
    config = _WORKER.get("config")
    if config is None:
        raise EngineError("the provenance worker plugin is not loaded on this worker")
    return config


def run_partition(partition: Partition, job: Job) -> PartitionReport:
    """Analyse one partition and write its parts (a dask task; also callable
    in-process). Writing the same partition twice replaces it whole."""
    from provenance import corpus
    from provenance.export import to_json
    from provenance.tables import RowBuffer, article_rows, write_parquet

    config = _worker_config()
    if "error" in _WORKER:
        raise EngineError(str(_WORKER["error"]))
    work = Path(job.work)
    report = PartitionReport(partition.index)
    summary = corpus.Summary()
    options = corpus.RunOptions(batch_size=job.batch_size, force=job.force, done=job.done, keep_docs=True)
    buffer = RowBuffer() if job.tables else None
    signature = None
    if job.tables:
        from provenance.stories import signature
    lines: list[str] = []
    items = partition_items(partition, config.settings.limits)
    for place, outcome in enumerate(corpus.run(items, config, options, summary)):
        if isinstance(outcome, corpus.Analysed):
            result = outcome.result
            report.ids.append(result.id)
            if job.jsonl:
                lines.append(to_json(result, indent=None) + "\n")
            if buffer is not None:
                ord = (partition.index << PARTITION_SHIFT) | len(report.ids) - 1
                buffer.add(article_rows(result, outcome.doc, config, ord, signature))
        elif isinstance(outcome, corpus.Skipped):
            report.messages.append(("skipped", outcome.reason))
        else:
            report.messages.append(("failed", outcome.reason))
    report.processed, report.skipped, report.failed = summary.processed, summary.skipped, summary.failed
    report.resumed, report.words = summary.resumed, summary.words
    if job.jsonl:
        _atomic_write(work / "jsonl" / f"{partition.name}.jsonl", "".join(lines))
    if buffer is not None:
        write_parquet(buffer.tables(), work, partition.name)
    # ASCII JSON: an id from a file name that is not UTF-8 holds lone surrogates, which only escaped can be written
    _atomic_write(work / "done" / f"{partition.name}.json", json.dumps(asdict(report)))
    return report


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- on the client ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    scheduler: str | None = None  # address of an existing scheduler; None: a LocalCluster
    workers: int = 2  # LocalCluster worker processes (one thread each)
    memory_limit: str = "3GB"  # per LocalCluster worker; a worker above it is restarted
    threads: int = 1  # torch threads of each worker's parser (--threads)


def connect(options: ClusterOptions):
    """A dask client, and the LocalCluster it owns (None for an existing one)."""
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        if options.scheduler:
            return Client(options.scheduler, timeout="30s"), None
        cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", memory_limit=options.memory_limit,
                               silence_logs=logging.ERROR)
        return Client(cluster), cluster
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"cannot reach the dask scheduler {options.scheduler or '(local)'}: {exc}") from None


def _fingerprint(partitions: Sequence[Partition], job: Job) -> str:
    data = json.dumps([asdict(p) for p in partitions] + [job.jsonl, job.tables, job.batch_size, job.force])
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def prepare(work: Path, partitions: Sequence[Partition], job: Job, resume: bool) -> set[int]:
    """The indexes of partitions already done (on ``resume``); a fresh run
    starts from an empty work directory."""
    fingerprint = _fingerprint(partitions, job)
    plan_file = work / "plan.json"
    if resume and plan_file.is_file():
        if json.loads(plan_file.read_text(encoding="utf-8")).get("fingerprint") != fingerprint:
            raise EngineError(f"{work}: --resume: the inputs or options differ from the interrupted run")
        done = set()
        for marker in (work / "done").glob("part-*.json"):
            done.add(int(marker.stem.removeprefix("part-")))
        return done
    for sub in ("jsonl", "done", *_table_dirs()):
        shutil.rmtree(work / sub, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    _atomic_write(plan_file, json.dumps({"fingerprint": fingerprint, "partitions": len(partitions)}))
    return set()


def _table_dirs() -> tuple[str, ...]:
    from provenance.tables import TABLES

    return TABLES


def execute(partitions: Sequence[Partition], job: Job, options: ClusterOptions, skip: set[int],
            on_report: Callable[[PartitionReport], None], config) -> None:
    """Run every partition not in ``skip`` on the cluster; ``on_report`` is
    called as each finishes (in any order)."""
    from distributed import as_completed

    todo = [p for p in partitions if p.index not in skip]
    if not todo:
        return
    client, cluster = connect(options)
    try:
        from provenance.dask_plugin import ProvenancePlugin

        client.register_plugin(ProvenancePlugin(config, options.threads), name=PLUGIN_NAME)
        futures = client.map(run_partition, todo, job=job, retries=RETRIES, pure=False,
                             key=[f"provenance-{p.name}-{_fingerprint([p], job)[:12]}" for p in todo])
        for future in as_completed(futures):
            try:
                report = future.result()
            except ProvenanceError:
                raise
            except Exception as exc:  # noqa: BLE001 - one line for the user
                raise EngineError(f"a partition failed after {RETRIES + 1} tries: "
                                  f"{type(exc).__name__}: {exc}") from None
            on_report(report)
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def read_report(work: Path, partition: Partition) -> PartitionReport:
    data = json.loads((work / "done" / f"{partition.name}.json").read_text(encoding="utf-8"))
    data["messages"] = [tuple(m) for m in data["messages"]]
    return PartitionReport(**data)


def repeated_ids(work: Path, partitions: Sequence[Partition]) -> Iterator[tuple[int, int, int]]:
    """(partition, place, n) of every article whose id is the n-th of the
    run with that id, n ≥ 2 (renamed ``x~2``, ``x~3``, as one local run names
    them), in run order. The ids of the ``done`` markers go, one partition at a
    time, into DuckDB, which finds the repeated ones with bounded memory (it
    spills to the work directory): the client never holds the run's ids, so
    its memory does not grow with the corpus."""
    if not partitions:
        return
    import pyarrow as pa

    from provenance.store import connect_bounded

    db = connect_bounded(":memory:", work / "duckdb.tmp")
    try:
        db.execute("CREATE TABLE ids (part BIGINT, place BIGINT, id BLOB)")
        for partition in partitions:
            report = read_report(work, partition)
            # as UTF-8 bytes: an id from a file name that is not UTF-8 holds lone surrogates
            db.register("incoming", pa.table({
                "part": pa.array([partition.index] * len(report.ids), pa.int64()),
                "place": pa.array(range(len(report.ids)), pa.int64()),
                "id": pa.array([i.encode("utf-8", "surrogatepass") for i in report.ids], pa.binary())}))
            db.execute("INSERT INTO ids SELECT * FROM incoming")
            db.unregister("incoming")
        cursor = db.execute("""
            SELECT part, place, n FROM (
                SELECT part, place, row_number() OVER (PARTITION BY id ORDER BY part, place) AS n FROM ids)
            WHERE n > 1 ORDER BY part, place""")
        while rows := cursor.fetchmany(10000):
            yield from rows
    finally:
        db.close()


def join_jsonl(work: Path, partitions: Sequence[Partition], out,
               renamed: Iterable[tuple[int, int, int]] = ()) -> int:
    """Copy the partitions' lines to ``out`` in partition order, streaming;
    the articles in ``renamed`` (from :func:`repeated_ids`, in the same
    order) get their id with ``~n``."""
    from provenance.store import _record_json

    pending = iter(renamed)
    next_rename = next(pending, None)
    count = 0
    for partition in partitions:
        path = work / "jsonl" / f"{partition.name}.jsonl"
        with path.open(encoding="utf-8") as lines:
            for place, line in enumerate(lines):
                if next_rename is not None and next_rename[:2] == (partition.index, place):
                    data = json.loads(line)
                    data["article"]["id"] = f"{data['article']['id']}~{next_rename[2]}"
                    line = _record_json(data) + "\n"
                    next_rename = next(pending, None)
                out.write(line)
                count += 1
    return count


@dataclass(frozen=True, slots=True)
class Targets:
    """Where a distributed run's results go."""

    jsonl: Path | None = None  # -o FILE with --format jsonl
    stdout: bool = False  # JSON lines to standard output
    store: Path | None = None
    parquet: Path | None = None


def work_directory(targets: Targets) -> tuple[Path, bool]:
    """The run's work directory and whether it is to be kept (the Parquet dataset)."""
    if targets.parquet is not None:
        return targets.parquet, True
    anchor = targets.jsonl or targets.store
    if anchor is not None:
        return anchor.with_name(f".{anchor.name}.parts"), False
    return Path(tempfile.mkdtemp(prefix="provenance-run-")), False


def run(inputs: Sequence[str], config, targets: Targets, cluster: ClusterOptions = ClusterOptions(), *,
        glob: str | None = None, force: bool = False, batch_size: int = 16, partition_size: int = PARTITION_SIZE,
        resume: bool = False, console=None, stdout=None):
    """A whole distributed run: plan, analyse on the cluster, then join the
    parts into the targets. Returns the run's :class:`provenance.corpus.Summary`;
    each skipped or failed input is printed on ``console`` as it is known."""
    import sys

    from provenance import corpus, output

    partitions, errors = plan(inputs, glob, partition_size)
    summary = corpus.Summary()
    for reason in errors:
        _message(console, "skipped", reason)
        summary.skipped += 1
    if targets.parquet is not None:
        from provenance.tables import claim_dataset

        claim_dataset(targets.parquet)  # the work directory: cleared below, so it must be ours
    work, keep = work_directory(targets)
    append_to = None
    if resume and targets.jsonl is not None and not (work / "plan.json").is_file():
        # the earlier run finished: its output holds what is done
        done = output.done_ids(targets.jsonl)
        append_to = targets.jsonl if done else None
    else:
        done = frozenset()
    job = Job(str(work.resolve()), jsonl=targets.jsonl is not None or targets.stdout,
              tables=targets.store is not None or targets.parquet is not None,
              batch_size=batch_size, force=force, done=done)
    skip = prepare(work, partitions, job, resume)

    # the client keeps counts only, nothing per article: its memory stays
    # flat whatever the corpus size (the ids are in the done markers)
    def take(report: PartitionReport) -> None:
        for label, reason in report.messages:
            _message(console, label, reason)
        summary.processed += report.processed
        summary.skipped += report.skipped
        summary.failed += report.failed
        summary.resumed += report.resumed
        summary.words += report.words

    for partition in partitions:
        if partition.index in skip:
            report = read_report(work, partition)
            summary.resumed += report.processed + report.resumed
    with _progress(console, len(partitions), len(skip)) as advance:
        def on_report(report: PartitionReport) -> None:
            take(report)
            advance(summary)

        execute(partitions, job, cluster, skip, on_report, config)
    if job.jsonl:
        if targets.stdout:
            join_jsonl(work, partitions, stdout or sys.stdout, repeated_ids(work, partitions))
        else:
            _write_jsonl(work, partitions, targets.jsonl, repeated_ids(work, partitions), append_to)
    if targets.store is not None:
        load_store(targets.store, work, partitions)  # renames repeated ids itself, in SQL
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        for sub in ("done", "jsonl", "duckdb.tmp"):
            shutil.rmtree(work / sub, ignore_errors=True)
        (work / "plan.json").unlink(missing_ok=True)
    return summary


def _write_jsonl(work: Path, partitions, target: Path, renamed, append_to: Path | None) -> None:
    if append_to is not None:
        with append_to.open("a", encoding="utf-8") as out:
            join_jsonl(work, partitions, out, renamed)
        return
    target = target.resolve() if target.exists() else target
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            join_jsonl(work, partitions, out, renamed)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load_store(path: Path, work: Path, partitions: Sequence[Partition]) -> None:
    """Append every partition's Parquet parts to the store, as one batch:
    one INSERT per table over all the parts, streamed by DuckDB within its
    memory limit (a statement per part made the client's memory grow with
    the store, and the load slow), then repeated ids renamed in SQL."""
    from provenance.store import Store

    parts = [p.name for p in partitions if (work / "articles" / f"{p.name}.parquet").is_file()]
    with Store(path) as store:
        batch = store.begin_batch()
        if parts:
            store.append_parquet(batch, work, parts)
            store.rename_repeated(batch)
        store.finish()


def _message(console, label: str, reason: str) -> None:
    if console is None:
        return
    from rich.text import Text

    from provenance.safe_text import plain

    console.print(Text.assemble((f"{label}:", "yellow"), " ", plain(reason, keep="")), highlight=False,
                  soft_wrap=True)


class _progress:
    """A progress bar over partitions (articles done, words/s, time left)
    on a terminal; nothing otherwise."""

    def __init__(self, console, total: int, done: int):
        self.console, self.total, self.done = console, total, done
        self.progress = None

    def __enter__(self):
        if self.console is None or not self.console.is_terminal or self.total - self.done <= 1:
            return lambda summary: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from provenance.corpus import WordsPerSecond

        self.progress = Progress(TextColumn("partitions"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[articles]} articles"), WordsPerSecond(),
                                 TimeRemainingColumn(), console=self.console, transient=True)
        self.progress.__enter__()
        task = self.progress.add_task("partitions", total=self.total, completed=self.done, words=0, articles=0)

        def advance(summary) -> None:
            self.progress.update(task, advance=1, words=summary.words, articles=summary.processed)

        return advance

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exc)


class TableSink:
    """The tables of a local run (``--engine local`` with ``--store`` or
    ``--parquet``): rows gathered from each analysed article and written
    every ``every`` articles, so memory stays bounded."""

    def __init__(self, config, store: Path | None = None, parquet: Path | None = None, every: int = 1000):
        from provenance.tables import RowBuffer

        self.config, self.every = config, every
        self.buffer, self.ord, self.parts = RowBuffer(), 0, 0
        self.store = self.batch = None
        self.parquet = parquet
        if parquet is not None:
            from provenance.tables import claim_dataset

            claim_dataset(parquet)  # refuses a directory of someone else's files before clearing anything
            for sub in _table_dirs():
                shutil.rmtree(parquet / sub, ignore_errors=True)
        if store is not None:
            from provenance.store import Store

            self.store = Store(store)
            self.batch = self.store.begin_batch()

    def add(self, analysed) -> None:
        from provenance.stories import signature
        from provenance.tables import article_rows

        self.buffer.add(article_rows(analysed.result, analysed.doc, self.config, self.ord, signature))
        self.ord += 1
        if self.buffer.articles >= self.every:
            self.flush()

    def flush(self) -> None:
        if not self.buffer.articles:
            return
        tables = self.buffer.tables()
        if self.parquet is not None:
            from provenance.tables import write_parquet

            write_parquet(tables, self.parquet, f"part-{self.parts:06d}")
            self.parts += 1
        if self.store is not None:
            self.store.append(self.batch, tables)
        self.buffer.clear()

    def close(self) -> None:
        self.flush()
        if self.store is not None:
            self.store.finish()
            self.store.close()
