"""The command line: a thin skin over the library, with the same verbs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from provenance import config as config_module, corpus, output
from provenance.errors import InputError, ProvenanceError
from provenance.inputs import count_articles, read_articles
from provenance.records import ArticleResult
from provenance.safe_text import plain, visible_json

app = typer.Typer(help="Source attribution and claim provenance for German news.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
models_app = typer.Typer(help="The German parser model.", no_args_is_help=True)
app.add_typer(models_app, name="models")
err = Console(stderr=True)

ConfigDir = Annotated[Optional[Path], typer.Option("--config", help="Directory with default.yaml, cues.yaml, outlets.yaml, sources.yaml.")]
Threads = Annotated[int, typer.Option("--threads", min=1, help="Torch threads per parsing process; more than 1 pays only on an idle machine with many cores (see README).")]
Glob = Annotated[Optional[str], typer.Option("--glob", help="In directories, only files matching this pattern (recursive), e.g. '*.html'. Default: every .txt, .html, .htm, .json, .jsonl file.")]
Force = Annotated[bool, typer.Option("--force", help="Analyse text that does not look German.")]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def _fail(message: str, code: int = 1) -> None:
    # Text, not markup: a message names paths and ids, which may hold "[" or
    # control characters (made visible; newlines kept for messages of several lines)
    err.print(Text.assemble(("error:", "red"), " ", plain(message, keep="\n")), highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _config(directory: Path | None) -> config_module.Config:
    return config_module.load_config(str(directory) if directory else None)


def _results(inputs: list[str], config: config_module.Config, options: corpus.RunOptions = corpus.RunOptions(),
             glob: str | None = None) -> Iterator[ArticleResult]:
    """Every article of ``inputs`` analysed, as a stream: each refused or
    failed one is one line on stderr, a progress bar runs on a terminal, and a
    summary line ends a run of several articles."""
    summary = corpus.Summary()
    items = read_articles(inputs, glob=glob, limits=config.settings.limits)
    outcomes = corpus.run(items, config, options, summary)
    for outcome in corpus.track(outcomes, summary, err, lambda: count_articles(inputs, glob)):
        if isinstance(outcome, (ArticleResult, corpus.Analysed)):
            yield outcome
        else:
            label = "skipped" if isinstance(outcome, corpus.Skipped) else "failed"
            # Text, not markup: a file name may hold "[" or control characters
            err.print(Text.assemble((f"{label}:", "yellow"), " ", plain(outcome.reason, keep="")),
                      highlight=False, soft_wrap=True)
    if summary.done > 1 or summary.skipped or summary.failed:
        err.print(summary.line(), highlight=False, soft_wrap=True)
    if not summary.processed and not summary.resumed:
        raise InputError("no article could be read or analysed")


def _load_results(inputs: list[str], config: config_module.Config, *, glob: str | None = None,
                  force: bool = False) -> list[ArticleResult]:
    """Analyse every readable input (files, directories, ``-``); each one
    that cannot be read or analysed is skipped with one line on stderr."""
    return list(_results(inputs, config, corpus.RunOptions(force=force), glob))


@app.command()
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Articles: .txt (any encoding), .html/.htm, .jsonl/.json records, directories, or - for standard input.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="text report, json (one object, or an array for several articles) or jsonl.")] = Format.text,
    output_path: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output: jsonl article by article, text and json when complete.")] = None,
    glob: Glob = None,
    force: Force = False,
    resume: Annotated[bool, typer.Option("--resume", help="With --format jsonl -o FILE: leave out the articles whose ids FILE already holds, append the rest.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Parse every article again instead of using the parse cache (see 'provenance models info').")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles parsed in one Stanza batch; bounds memory.")] = corpus.BATCH_SIZE,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes, each with its own parser; see README for when it pays.")] = 1,
    threads: Threads = 1,
    config_dir: ConfigDir = None,
    engine: Annotated[Engine, typer.Option("--engine", help="local: this process (and --jobs); dask: partitions on a dask.distributed cluster (see README).")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="With --engine dask: the address of a running dask scheduler (tcp://HOST:8786); default a LocalCluster.")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="With --engine dask and no --scheduler: LocalCluster worker processes (one thread each).")] = 2,
    partition_size: Annotated[int, typer.Option("--partition-size", min=1, help="With --engine dask: articles (files or JSON lines) per task.")] = 16,
    store: Annotated[Optional[Path], typer.Option("--store", help="Also append the results to this DuckDB store (see README).")] = None,
    parquet: Annotated[Optional[Path], typer.Option("--parquet", help="Also write the results as a Parquet dataset in this directory (see README).")] = None,
) -> None:
    """Find every attributed claim, its source and its chain, per article."""
    if engine is Engine.dask or store is not None or parquet is not None:
        _analyze_corpus(inputs, format, output_path, glob, force, resume, no_cache, batch_size, jobs, threads,
                        config_dir, engine, scheduler, workers, partition_size, store, parquet)
        return
    try:
        config = corpus.with_cache(_config(config_dir), False) if no_cache else _config(config_dir)
        # checked and read before the writer opens the file: a refused --resume leaves it alone
        done = output.resume_ids(format.value, output_path) if resume else frozenset()
        writer = output.open_writer(format.value, output_path, resume)
        try:
            for result in _results(inputs, config, corpus.RunOptions(batch_size=batch_size, jobs=jobs, threads=threads, force=force, done=done), glob):
                writer.write(result)
        except BaseException:
            writer.discard()
            raise
        writer.close()
    except ProvenanceError as exc:
        _fail(str(exc))


def _analyze_corpus(inputs, format, output_path, glob, force, resume, no_cache, batch_size, jobs, threads,
                    config_dir, engine, scheduler, workers, partition_size, store, parquet) -> None:
    """analyze with --engine dask, --store or --parquet (provenance.engine)."""
    from provenance import engine as engines

    try:
        config = corpus.with_cache(_config(config_dir), False) if no_cache else _config(config_dir)
        if engine is Engine.dask:
            if output_path is not None and format is not Format.jsonl or output_path is None and format is Format.json:
                raise ProvenanceError("--engine dask writes --format jsonl (to -o FILE or standard output), "
                                      "--store and --parquet")
            targets = engines.Targets(jsonl=output_path if format is Format.jsonl else None,
                                      stdout=output_path is None and format is Format.jsonl,
                                      store=store, parquet=parquet)
            if output_path is None and format is Format.text and store is None and parquet is None:
                raise ProvenanceError("--engine dask needs --format jsonl, --store or --parquet")
            summary = engines.run(inputs, config, targets, engines.ClusterOptions(scheduler, workers), glob=glob,
                                  force=force, batch_size=batch_size, partition_size=partition_size,
                                  resume=resume, console=err)
            err.print(summary.line(), highlight=False, soft_wrap=True)
            if not summary.processed and not summary.resumed:
                raise InputError("no article could be read or analysed")
            return
        done = output.resume_ids(format.value, output_path) if resume else frozenset()
        writer = output.open_writer(format.value, output_path, resume)
        sink = engines.TableSink(config, store, parquet)
        try:
            options = corpus.RunOptions(batch_size=batch_size, jobs=jobs, threads=threads, force=force, done=done,
                                        keep_docs=True)
            for analysed in _results(inputs, config, options, glob):
                sink.add(analysed)
                writer.write(analysed.result)
        except BaseException:
            writer.discard()
            sink.close()
            raise
        sink.close()
        writer.close()
    except ProvenanceError as exc:
        _fail(str(exc))


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file in the WIKINEWS quotation JSONL format.")],
    output: Annotated[Optional[Path], typer.Option("--json", help="Also write the figures as JSON here.")] = None,
    kinds: Annotated[Optional[Path], typer.Option("--kinds", help="Also score source kinds and anonymity against this label file (the format of dev-speaker-kinds.jsonl, scored as its SPEAKER-KINDS.md defines).")] = None,
    errors: Annotated[int, typer.Option(help="How many misses, false hits and source-kind errors to list.")] = 20,
    threads: Threads = 1,
    config_dir: ConfigDir = None,
) -> None:
    """Score the engine against gold quotations: the official WIKINEWS metric (macro), token figures pooled (micro)."""
    from provenance import analysis, evaluate as evaluation, parsing

    try:
        labels = evaluation.load_kind_labels(kinds) if kinds else None
        config = _config(config_dir)
        parsing.limit_threads(threads)
        analysed = evaluation.analyze_gold(gold, lambda pairs: analysis.analyze_many(
            [analysis.Article(text, id) for text, id in pairs], config), labels)
        result = evaluation.score_results(analysed)
        kind_report = evaluation.score_kinds(labels, analysed) if labels is not None else None
    except (ProvenanceError, ValueError, OSError) as exc:
        _fail(str(exc))
    console = Console()
    evaluation.render(result, console, max_errors=errors)
    if kind_report is not None:
        evaluation.render_kinds(kind_report, console, max_errors=errors)
    if output:
        try:
            evaluation.write_json(output, result, kind_report)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")


Inputs = Annotated[Optional[list[str]], typer.Argument(help="Article files, directories, .jsonl records (as for analyze); or --store.")]
StorePath = Annotated[Optional[Path], typer.Option("--store", help="Answer from this DuckDB store (analyze --store) instead of analysing INPUTs.")]


def _from(inputs: list[str] | None, store: Path | None) -> None:
    if bool(inputs) == (store is not None):
        raise ProvenanceError("give either INPUT… or --store PATH")


@app.command("graph")
def graph_command(
    inputs: Inputs = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write; its extension picks the format: .graphml, .gexf, .json, .dot, .csv, .svg, .png, .provn, .provjson, .html.")] = ...,
    config_dir: ConfigDir = None,
    store: StorePath = None,
    with_stories: Annotated[bool, typer.Option("--stories", help="Add the stories as nodes linking their claims.")] = False,
) -> None:
    """One provenance graph across the articles, written as GraphML, GEXF, JSON, DOT, CSV, SVG/PNG, PROV or HTML."""
    from provenance import export
    from provenance.graph import corpus_graph

    try:
        _from(inputs, store)
        export.check_target(output)
        config = _config(config_dir)
        if store is not None:
            from provenance import store as stores

            with stores.open_for_queries(store) as db:
                graph = stores.graph(db, config)
                if with_stories:
                    from provenance import stories

                    stories.add_to_graph(graph, stories.find(db))
        elif with_stories:
            from provenance import stories

            with _memory_store(inputs, config) as db:
                from provenance import store as stores

                graph = stores.graph(db, config)
                stories.add_to_graph(graph, stories.find(db))
        else:
            graph = corpus_graph(_load_results(inputs, config), config)
        export.export(graph, output)
    except ProvenanceError as exc:
        _fail(str(exc))
    err.print(plain(f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)", keep=""),
              highlight=False, markup=False, soft_wrap=True)


@app.command("trace")
def trace_command(
    inputs: Inputs = None,
    claim: Annotated[Optional[str], typer.Option("--claim", help="Only claims containing this text.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only claims that passed through this source (an outlet by any alias).")] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="Only claims resting on an anonymous or unspecified origin.")] = False,
    config_dir: ConfigDir = None,
    store: StorePath = None,
) -> None:
    """The chain of each matching claim, from the publisher down to its origin."""
    from provenance import queries

    try:
        _from(inputs, store)
        config = _config(config_dir)
        if store is not None:
            from provenance import store as stores

            with stores.open_for_queries(store) as db:
                found = stores.trace(db, claim=claim, source=source, anonymous=anonymous, config=config)
        else:
            found = queries.trace(_load_results(inputs, config), claim=claim, source=source, anonymous=anonymous,
                                  config=config)
    except ProvenanceError as exc:
        _fail(str(exc))
    queries.render_traces(found, Console())


@app.command("sources")
def sources_command(inputs: Inputs = None, config_dir: ConfigDir = None, store: StorePath = None) -> None:
    """The sources across the articles, ranked by the claims that rest on them."""
    from provenance import queries

    try:
        _from(inputs, store)
        config = _config(config_dir)
        if store is not None:
            from provenance import store as stores

            with stores.open_for_queries(store) as db:
                rows = stores.rank_sources(db)
        else:
            rows = queries.rank_sources(_load_results(inputs, config), config)
    except ProvenanceError as exc:
        _fail(str(exc))
    queries.render_sources(rows, Console())


class StoryFormat(str, Enum):
    text = "text"
    json = "json"


def _memory_store(inputs: list[str], config: config_module.Config):
    """The inputs analysed into a store in memory (for stories from files)."""
    from provenance import engine as engines, store as stores

    db = stores.Store(":memory:")
    sink = engines.TableSink(config)
    sink.store, sink.batch = db, db.begin_batch()
    for analysed in _results(inputs, config, corpus.RunOptions(keep_docs=True)):
        sink.add(analysed)
    sink.flush()
    db.finish()
    return db


@app.command("stories")
def stories_command(
    inputs: Inputs = None,
    format: Annotated[StoryFormat, typer.Option("--format", "-f", help="text or json.")] = StoryFormat.text,
    config_dir: ConfigDir = None,
    store: StorePath = None,
) -> None:
    """The same claim across articles: stories with their outlets, origins, first appearance and flags."""
    from provenance import stories, store as stores

    try:
        _from(inputs, store)
        config = _config(config_dir)
        db = stores.open_for_queries(store) if store is not None else _memory_store(inputs, config)
        with db:
            found = stories.find(db)
    except ProvenanceError as exc:
        _fail(str(exc))
    if format is StoryFormat.json:
        typer.echo(stories.to_json(found))
    else:
        stories.render(found, Console())


@models_app.command("info")
def models_info(config_dir: ConfigDir = None) -> None:
    """Which parser model is in use, where it lives, its scores, and the parse cache."""
    from provenance import parsing
    from provenance.cache import ParseCache

    try:
        settings = _config(config_dir).settings
        info = parsing.model_info(settings.model)
        info["cache"] = {"enabled": settings.cache.enabled, **ParseCache(settings.cache.dir).info()}
    except ProvenanceError as exc:
        _fail(str(exc))
    Console().print_json(visible_json(json.dumps(info, ensure_ascii=False)))


@models_app.command("download")
def models_download(
    directory: Annotated[Optional[Path], typer.Option("--dir", help="Where to put the official Stanza German models.")] = None,
) -> None:
    """Fetch Stanza's official German models (needs internet)."""
    from provenance import parsing

    try:
        target = parsing.download_official(str(directory) if directory else None)
    except ProvenanceError as exc:
        _fail(str(exc))
    Console().print(plain(f"official Stanza German models in {target}; set model.source: stanza and model.dir in "
                          "configs/default.yaml", keep=""), highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
