"""Corpus runs from Python in one call: :func:`analyze_corpus` reads files,
directories, JSON lines and HTML pages as the command line does and yields
each article's result as soon as it is done."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence

from provenance import corpus
from provenance.config import Config, load_config
from provenance.inputs import read_articles
from provenance.records import ArticleResult

log = logging.getLogger("provenance")
Problem = corpus.Skipped | corpus.Failed


def analyze_corpus(inputs: str | os.PathLike | Sequence[str | os.PathLike], config: Config | None = None, *,
                   glob: str | None = None, force: bool = False, cache: bool = True,
                   batch_size: int = corpus.BATCH_SIZE, jobs: int = 1, threads: int | None = 1,
                   on_problem: Callable[[Problem], None] | None = None) -> Iterator[ArticleResult]:
    """Every article of ``inputs`` (files, directories, ``"-"`` for standard
    input; .txt, .html, .json, .jsonl) analysed, in input order, as a
    stream: memory stays bounded by ``batch_size``. An input that cannot be
    read or analysed is passed to ``on_problem`` (by default logged as a
    warning on the ``provenance`` logger) and the run goes on. The options
    are those of ``provenance analyze``: ``glob`` picks files in
    directories, ``force`` analyses text that does not look German,
    ``cache=False`` parses again, ``jobs`` worker processes, ``threads``
    torch threads each."""
    names = [os.fspath(inputs)] if isinstance(inputs, (str, os.PathLike)) else [os.fspath(i) for i in inputs]
    config = config or load_config()
    if not cache:
        config = corpus.with_cache(config, False)
    report = on_problem or (lambda problem: log.warning("%s", problem.reason))
    items = read_articles(names, glob=glob, limits=config.settings.limits)
    options = corpus.RunOptions(batch_size=batch_size, jobs=jobs, threads=threads, force=force)
    for outcome in corpus.run(items, config, options):
        if isinstance(outcome, ArticleResult):
            yield outcome
        else:
            report(outcome)
