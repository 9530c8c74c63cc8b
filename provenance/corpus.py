"""Corpus runs: articles streamed through the analysis in bounded batches, a
bad article reported and skipped while every other result is kept.

:func:`run` yields each article's result, or why it was skipped or failed,
as soon as its batch is done, so the caller can write it out at once: memory
stays bounded by the batch size, not the corpus size.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn,
                           TimeRemainingColumn)
from rich.text import Text

from provenance import chunking, parsing
from provenance.analysis import Article, attribute
from provenance.config import CacheSettings, Config
from provenance.errors import InputError, ProvenanceError
from provenance.inputs import check_article, input_name
from provenance.records import ArticleResult, ParsedDocument


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input refused before analysis: unreadable, empty, binary, malformed,
    too long or not German. ``reason`` names the input."""

    reason: str


@dataclass(frozen=True, slots=True)
class Failed:
    """An article the analysis itself could not handle (a bug to report)."""

    id: str
    reason: str


Outcome = ArticleResult | Skipped | Failed


@dataclass(slots=True)
class Summary:
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    resumed: int = 0  # left out: already in the output
    words: int = 0  # of the processed articles, split at white space

    @property
    def done(self) -> int:
        return self.processed + self.skipped + self.failed + self.resumed

    def add(self, outcome: Outcome) -> None:
        if isinstance(outcome, Skipped):
            self.skipped += 1
        elif isinstance(outcome, Failed):
            self.failed += 1
        else:
            self.processed += 1
            self.words += len(outcome.text.split())

    def line(self) -> str:
        resumed = f", {self.resumed} already in the output" if self.resumed else ""
        return f"{self.processed} processed, {self.skipped} skipped, {self.failed} failed{resumed}"


# Articles parsed in one Stanza batch: the parses held in memory at once are
# bounded by it, not by the corpus (`benchmarks/corpus_run.py --batch-size N`
# measures the speed and memory of another size).
BATCH_SIZE = 16


@dataclass(frozen=True, slots=True)
class RunOptions:
    batch_size: int = BATCH_SIZE
    jobs: int = 1  # worker processes; each loads its own Stanza pipeline
    # torch threads per process; None leaves one process at torch's default
    # (a thread per core) and gives each worker an even share of the cores
    threads: int | None = None
    force: bool = False  # analyse text that does not look German
    done: frozenset[str] = frozenset()  # ids to leave out (a resumed run)
    keep_docs: bool = False  # yield Analysed (result and parse) instead of ArticleResult


def with_cache(config: Config, enabled: bool, directory: str | Path | None = None) -> Config:
    """``config`` with the parse cache switched on or off, or moved."""
    cache = CacheSettings(enabled=enabled, dir=str(directory) if directory else config.settings.cache.dir)
    return config.model_copy(update={"settings": config.settings.model_copy(update={"cache": cache})})


def run(items: Iterable[Article | InputError], config: Config, options: RunOptions = RunOptions(),
        summary: Summary | None = None) -> Iterator[Outcome]:
    """Analyse every article of ``items`` (as :func:`provenance.inputs.read_articles`
    yields them) in batches of ``options.batch_size``; outcomes come in input
    order, except that a refused input is reported at once. ``summary``, when
    given, is kept up to date."""
    summary = summary if summary is not None else Summary()
    work = _batches(items, config, options, summary)
    if options.jobs <= 1 and options.threads is not None:
        _limit_threads(options.threads)
    outcomes = (_serial(work, config, options.keep_docs) if options.jobs <= 1 else
                _parallel(work, config, options.jobs, options.threads, options.keep_docs))
    for outcome in outcomes:
        summary.add(outcome.result if isinstance(outcome, Analysed) else outcome)
        yield outcome


@dataclass(frozen=True, slots=True)
class Analysed:
    """A result with the parse it came from, for what needs the words
    (the lemmas of the claims that stories compare); see ``RunOptions.keep_docs``."""

    result: ArticleResult
    doc: ParsedDocument


def _limit_threads(threads: int) -> None:
    """Torch's thread count, without importing torch (over a second of
    start-up) when it is not loaded yet: a run whose parses are all cached
    never needs it, and torch takes its thread count from OMP_NUM_THREADS
    when it is first imported."""
    import sys

    if "torch" in sys.modules:
        parsing.limit_threads(threads)
    else:
        os.environ["OMP_NUM_THREADS"] = str(threads)


def analyze_batch(articles: Sequence[Article], config: Config) -> list[ArticleResult | Failed]:
    """One Stanza batch, then the rules article by article; whatever goes
    wrong with one article fails that article only."""
    return [o.result if isinstance(o, Analysed) else o for o in analyze_docs(articles, config)]


def analyze_docs(articles: Sequence[Article], config: Config) -> list[Analysed | Failed]:
    """:func:`analyze_batch`, each result with its parse."""
    try:
        docs = chunking.parse_texts([a.text for a in articles], config.settings)
    except ProvenanceError:
        raise  # a missing or broken model: no article can be analysed
    except Exception as exc:  # noqa: BLE001 - find the article at fault, keep the others
        if len(articles) > 1:
            # halves, each parsed as a batch and split again only where it fails: one bad
            # article among n costs 2·log2(n) more batches, not one batch per article
            middle = len(articles) // 2
            return analyze_docs(articles[:middle], config) + analyze_docs(articles[middle:], config)
        return [Failed(articles[0].id, f"{input_name(articles[0])}: parsing failed ({_describe(exc)})")]
    outcomes: list[Analysed | Failed] = []
    for doc, article in zip(docs, articles):
        try:
            outcomes.append(Analysed(attribute(doc, article, config), doc))
        except Exception as exc:  # noqa: BLE001 - a rule bug must not end the corpus run
            outcomes.append(Failed(article.id, f"{input_name(article)}: analysis failed ({_describe(exc)})"))
    return outcomes


def _describe(exc: BaseException) -> str:
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[0]}" if first else type(exc).__name__


def _batches(items: Iterable[Article | InputError], config: Config, options: RunOptions,
             summary: Summary) -> Iterator[list[Article] | Skipped]:
    """Articles grouped for parsing; refused inputs pass through as :class:`Skipped`."""
    batch: list[Article] = []
    for item in items:
        if isinstance(item, InputError):
            yield Skipped(str(item))
            continue
        if item.id in options.done:
            summary.resumed += 1
            continue
        try:
            check_article(item, config.settings.limits, options.force)
        except InputError as exc:
            yield Skipped(str(exc))
            continue
        batch.append(item)
        if len(batch) >= options.batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _serial(work: Iterable[list[Article] | Skipped], config: Config, keep_docs: bool = False) -> Iterator[Outcome]:
    for item in work:
        if isinstance(item, Skipped):
            yield item
        else:
            yield from analyze_docs(item, config) if keep_docs else analyze_batch(item, config)


def _parallel(work: Iterable[list[Article] | Skipped], config: Config, jobs: int,
              threads: int | None, keep_docs: bool = False) -> Iterator[Outcome]:
    """Batches spread over ``jobs`` processes, results still in input order;
    at most two batches per process are in flight, so memory stays bounded."""
    import multiprocessing

    # spawn, not fork: a forked copy of a process that has run torch can hang
    context = multiprocessing.get_context("spawn")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    queue: deque[Future | Skipped] = deque()
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=parsing.limit_threads,
                             initargs=(threads or max(1, cores // jobs),)) as pool:
        try:
            for item in work:
                queue.append(item if isinstance(item, Skipped) else pool.submit(analyze_docs if keep_docs else analyze_batch, item, config))
                while queue and (isinstance(queue[0], Skipped) or _in_flight(queue) > 2 * jobs):
                    yield from _take(queue.popleft())
            while queue:
                yield from _take(queue.popleft())
        except BrokenProcessPool:
            raise ProvenanceError("a worker process died (out of memory?); try fewer --jobs or a smaller --batch-size") from None
        finally:
            for item in queue:
                if isinstance(item, Future):
                    item.cancel()


def _in_flight(queue: deque[Future | Skipped]) -> int:
    return sum(1 for item in queue if isinstance(item, Future))


def _take(item: Future | Skipped) -> list[Outcome]:
    return [item] if isinstance(item, Skipped) else item.result()


# --- progress ------------------------------------------------------------------

# A run of this many articles is over before a bar would be read.
FEW_ARTICLES = 3


class WordsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.fields.get("words", 0) / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} words/s", style="progress.data.speed")


def track(outcomes: Iterable[Outcome], summary: Summary, console: Console,
          total: Callable[[], int | None]) -> Iterator[Outcome]:
    """``outcomes`` unchanged, with a progress bar (articles done, words per
    second, time left) on ``console`` when it is a terminal and the run is
    longer than a few articles. ``total`` is only asked when a bar could show."""
    count = total() if console.is_terminal else None
    if not console.is_terminal or (count is not None and count <= FEW_ARTICLES):
        yield from outcomes
        return
    columns = (TextColumn("articles"), BarColumn(), MofNCompleteColumn(), WordsPerSecond(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("articles", total=count, words=0)
        for outcome in outcomes:
            progress.update(task, completed=summary.done, words=summary.words)
            yield outcome
