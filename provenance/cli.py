"""The command line: a thin skin over the library, with the same verbs."""

from __future__ import annotations

import functools
import inspect
import io
import json
import os
import sys
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.core
from rich.console import Console
from rich.text import Text

from provenance import schemas as schema_module
from provenance import __version__, atomic, config as config_module, corpus, output
from provenance.errors import InputError, ProvenanceError
from provenance.inputs import count_articles, read_articles
from provenance.output import ReportingConsole
from provenance.records import ArticleResult
from provenance.safe_text import csv_text, plain, visible_json

class _FlagsShownAsFlags:
    """Help that shows a flag as a flag: typer would print ``<bool>`` beside
    its own ``--help`` and completion options (ours get ``metavar=""``)."""

    def get_params(self, ctx):  # typer's own click: its types are not the click package's
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params


class _Group(_FlagsShownAsFlags, typer.core.TyperGroup):
    pass


class _Command(_FlagsShownAsFlags, typer.core.TyperCommand):
    pass


app = typer.Typer(help="Source attribution and claim provenance for German news.", no_args_is_help=True,
                  pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]}, cls=_Group)
models_app = typer.Typer(help="The German parser model.", no_args_is_help=True, cls=_Group)
app.add_typer(models_app, name="models")
err = Console(stderr=True)


def _flag(*names: str, help: str) -> typer.models.OptionInfo:
    """A boolean option shown as the flag it is (typer would show ``<bool>``)."""
    return typer.Option(*names, help=help, metavar="")


ConfigDir = Annotated[Optional[Path], typer.Option("--config", metavar="DIR", help="Directory with default.yaml, cues.yaml, outlets.yaml, sources.yaml (default: the bundled configs/).")]
Threads = Annotated[int, typer.Option("--threads", min=1, help="Torch threads per parsing process; more than 1 pays only on an idle machine with many cores (see README).")]

# --- the input options every command that reads articles shares --------------

INPUTS_HELP = ("Articles: .txt (UTF-8 or a legacy encoding), .html/.htm pages, .json/.jsonl records "
               "(one article each, with 'text' and optional 'id', 'url', 'title', 'published', 'publisher'), "
               "directories (searched recursively), or - for standard input.")
Inputs = Annotated[Optional[list[str]], typer.Argument(help=INPUTS_HELP, metavar="INPUT", show_default=False)]
Glob = Annotated[Optional[str], typer.Option("--glob", metavar="PATTERN", help="In directories, only files matching this pattern (recursive), e.g. '*.html'. Default: every .txt, .html, .htm, .json, .jsonl file.")]
Force = Annotated[bool, _flag("--force", help="Analyse text that does not look German.")]
NoCache = Annotated[bool, _flag("--no-cache", help="Parse every article again instead of using the parse cache (see 'provenance models info').")]
BatchSize = Annotated[int, typer.Option("--batch-size", min=1, help="Articles parsed in one Stanza batch; bounds memory.")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes, each with its own parser; see README for when it pays.")]
AttributionModelOption = Annotated[Optional[str], typer.Option("--attribution-model", metavar="NAME|DIR", help="A learned attribution model: a bundled one by name (news) or a directory 'provenance train' wrote; overrides attribution in default.yaml.")]

class GenreChoice(str, Enum):
    auto = "auto"
    news = "news"
    debate = "debate"


GenreOption = Annotated[Optional[GenreChoice], typer.Option("--genre", help="news, debate (parliamentary speeches) or auto: told per article by its form (default: the configuration's, auto).")]


@dataclass(frozen=True, slots=True)
class Reading:
    """How a command reads and analyses its articles: the input options
    that ``analyze``, ``graph``, ``trace`` and ``sources`` share. A command
    gets one through :func:`reads_articles`; a new shared option is a field
    here and a parameter in ``_READING_PARAMETERS``."""

    inputs: list[str] | None
    glob: str | None = None
    force: bool = False
    no_cache: bool = False
    batch_size: int = corpus.BATCH_SIZE
    jobs: int = 1
    threads: int = 1
    config_dir: Path | None = None
    attribution_model: str | None = None
    genre: GenreChoice | None = None

    def config(self) -> config_module.Config:
        return _configured(self.config_dir, self.attribution_model, self.genre, cache=not self.no_cache)

    def options(self, done: frozenset[str] = frozenset(), keep_docs: bool = False) -> corpus.RunOptions:
        return corpus.RunOptions(batch_size=self.batch_size, jobs=self.jobs, threads=self.threads,
                                 force=self.force, done=done, keep_docs=keep_docs)

    def results(self, config: config_module.Config, done: frozenset[str] = frozenset(),
                keep_docs: bool = False) -> Iterator[ArticleResult]:
        """Every article analysed, as a stream (see :func:`_results`);
        with ``keep_docs`` as :class:`corpus.Analysed` (result and parse)."""
        if not self.inputs:
            raise ProvenanceError("no INPUT given (files, directories or - for standard input)")
        return _results(self.inputs, config, self.options(done, keep_docs), self.glob)


# name, annotation, default: the parameters :func:`reads_articles` adds, in this order
_READING_PARAMETERS: tuple[tuple[str, object, object], ...] = (
    ("glob", Glob, None),
    ("force", Force, False),
    ("no_cache", NoCache, False),
    ("batch_size", BatchSize, corpus.BATCH_SIZE),
    ("jobs", Jobs, 1),
    ("threads", Threads, 1),
    ("config_dir", ConfigDir, None),
    ("attribution_model", AttributionModelOption, None),
    ("genre", GenreOption, None),
)


def reads_articles(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the shared input arguments and options: its own
    parameter ``reading: Reading`` is replaced by ``INPUT...`` (first) and the
    options of :class:`Reading` (last), so every command that reads articles
    reads them the same way and documents them alike."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for name, p in signature.parameters.items() if name != "reading"]
    hints = {k: v for k, v in typing.get_type_hints(command, include_extras=True).items() if k != "reading"}
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
             for name, annotation, default in _READING_PARAMETERS]
    # optional for typer: a command that can answer from --store checks that one of the two is given
    inputs = inspect.Parameter("inputs", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=Inputs)
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]

    @functools.wraps(command)
    def wrapper(**kwargs: object) -> None:
        shared = {name: kwargs.pop(name) for name, _, _ in _READING_PARAMETERS}
        command(reading=Reading(kwargs.pop("inputs"), **shared), **kwargs)  # type: ignore[arg-type]

    del wrapper.__wrapped__  # typer must see the new signature, not the command's
    wrapper.__signature__ = signature.replace(parameters=[inputs, *own, *added])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {"inputs": Inputs, **hints, **{n: a for n, a, _ in _READING_PARAMETERS}}
    return wrapper


def _version(value: bool) -> None:
    if value:
        Console().print(f"provenance {__version__}", highlight=False, markup=False)
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", metavar="", is_eager=True, callback=_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Source attribution and claim provenance for German news."""


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class QueryFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


QueryOutput = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write here instead of standard output (replaced only when complete).")]


def _fail(message: str, code: int = 1) -> None:
    # Text, not markup: a message names paths and ids, which may hold "[" or
    # control characters (made visible; newlines kept for messages of several lines)
    err.print(Text.assemble(("error:", "red"), " ", plain(message, keep="\n")), highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _warn(message: str) -> None:
    # Text, not markup: the message names a file
    err.print(Text.assemble(("warning:", "yellow"), " ", plain(message, keep="")), highlight=False, soft_wrap=True)


def _check_outputs(*paths: Path | None) -> None:
    """Every output path a command will write, checked before any analysis:
    a missing or read-only directory fails now, not after the work."""
    for path in paths:
        if path is not None:
            atomic.check_writable(path)


def _to_stdout(render) -> None:
    """Run ``render``, which prints to standard output: a reader that went
    away (``| head``) or a full disk behind a redirection is one line."""
    try:
        render()
        sys.stdout.flush()
    except OSError as exc:
        _stdout_gone()
        _fail(f"standard output: cannot write ({exc.strerror or exc})")


def _config(directory: Path | None) -> config_module.Config:
    return config_module.load_config(str(directory) if directory else None)


def _configured(directory: Path | None, attribution_model: str | None = None, genre_choice: GenreChoice | None = None,
                cache: bool = True) -> config_module.Config:
    """The configuration with what the command line overrides: the attribution
    model, the genre, the parse cache."""
    config = _config(directory)
    if attribution_model:
        from provenance import learned

        config = learned.with_model(config, attribution_model)
    if genre_choice is not None:
        from provenance import genre

        config = genre.with_genre(config, genre_choice.value)
    return config if cache else corpus.with_cache(config, False)


def _results(inputs: list[str], config: config_module.Config, options: corpus.RunOptions = corpus.RunOptions(),
             glob: str | None = None) -> Iterator[ArticleResult]:
    """Every article of ``inputs`` analysed, as a stream: each refused or
    failed one is one line on stderr, a progress bar runs on a terminal, and a
    summary line ends a run of several articles."""
    summary = corpus.Summary()
    items = read_articles(inputs, glob=glob, limits=config.settings.limits, warn=_warn)
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


@app.command(cls=_Command)
@reads_articles
def analyze(
    reading: Reading,
    format: Annotated[Format, typer.Option("--format", "-f", help="text report; json (one object, or an array for several articles) or jsonl (schema: 'provenance schema'); csv or parquet: the flat table, one row per attribution (parquet needs -o FILE).")] = Format.text,
    output_path: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write here instead of standard output: jsonl article by article, the others when complete.")] = None,
    resume: Annotated[bool, _flag("--resume", help="With --format jsonl -o FILE: leave out the articles whose ids FILE already holds, append the rest.")] = False,
    full: Annotated[bool, _flag("--full", help="In the text report, every claim whole (each claim always shows its character offsets).")] = False,
    engine: Annotated[Engine, typer.Option("--engine", help="local: this process (and --jobs); dask: partitions on a dask.distributed cluster (see README).")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", metavar="ADDRESS", help="With --engine dask: the address of a running dask scheduler (tcp://HOST:8786); default a LocalCluster.")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="With --engine dask and no --scheduler: LocalCluster worker processes (one thread each).")] = 2,
    partition_size: Annotated[int, typer.Option("--partition-size", min=1, help="With --engine dask: articles (files or JSON lines) per task.")] = 16,
    store: Annotated[Optional[Path], typer.Option("--store", metavar="PATH", help="Also append the results to this DuckDB store (see README).")] = None,
    parquet: Annotated[Optional[Path], typer.Option("--parquet", metavar="DIR", help="Also write the results as a Parquet dataset in this directory (see README).")] = None,
) -> None:
    """Find every attributed claim, its source and its chain, per article."""
    try:
        _check_outputs(output_path, store)
        if parquet is not None:
            from provenance.tables import claim_dataset

            claim_dataset(parquet)  # before any work: a directory of other files is refused, never cleared
        config = reading.config()
        if engine is Engine.dask:
            _analyze_distributed(reading, config, format, output_path, resume, scheduler, workers, partition_size,
                                 store, parquet)
            return
        # checked and read before the writer opens the file: a refused --resume leaves it alone
        done = output.resume_ids(format.value, output_path) if resume else frozenset()
        writer = output.open_writer(format.value, output_path, resume, full=full)
        sink = None
        if store is not None or parquet is not None:
            from provenance import engine as engines

            sink = engines.TableSink(config, store, parquet)
        try:
            for analysed in reading.results(config, done, keep_docs=sink is not None):
                if sink is not None:
                    sink.add(analysed)  # the tables need the parse too
                    analysed = analysed.result
                writer.write(analysed)
        except BaseException:
            writer.discard()
            if sink is not None:
                sink.close()
            raise
        if sink is not None:
            sink.close()
        writer.close()
    except ProvenanceError as exc:
        _fail(str(exc))


def _analyze_distributed(reading: Reading, config: config_module.Config, format: Format, output_path: Path | None,
                         resume: bool, scheduler: str | None, workers: int, partition_size: int,
                         store: Path | None, parquet: Path | None) -> None:
    """analyze --engine dask (provenance.engine): JSON lines, a store and a dataset."""
    from provenance import engine as engines

    # any other format would be written nowhere
    if format not in (Format.jsonl, Format.text) or format is Format.text and (
            output_path is not None or store is None and parquet is None):
        raise ProvenanceError("--engine dask writes --format jsonl (to -o FILE or standard output), "
                              "--store and --parquet")
    if not reading.inputs:
        raise ProvenanceError("no INPUT given (files, directories or - for standard input)")
    if reading.jobs != 1:
        _warn("--jobs is for the local engine; a distributed run has --workers")
    targets = engines.Targets(jsonl=output_path if format is Format.jsonl else None,
                              stdout=output_path is None and format is Format.jsonl, store=store, parquet=parquet)
    summary = engines.run(reading.inputs, config, targets,
                          engines.ClusterOptions(scheduler, workers, threads=reading.threads),
                          glob=reading.glob, force=reading.force, batch_size=reading.batch_size,
                          partition_size=partition_size, resume=resume, console=err)
    err.print(summary.line(), highlight=False, soft_wrap=True)
    if not summary.processed and not summary.resumed:
        raise InputError("no article could be read or analysed")


class Split(str, Enum):
    all = "all"
    tuning = "tuning"
    held_out = "held-out"


@app.command("eval", cls=_Command)
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file in the WIKINEWS quotation JSONL format, or SpkAtt-2023 task-1 JSON (a speech or a directory of speeches; told apart by shape).", metavar="GOLD")],
    output: Annotated[Optional[Path], typer.Option("--json", metavar="FILE", help="Also write the figures as JSON here.")] = None,
    kinds: Annotated[Optional[Path], typer.Option("--kinds", metavar="FILE", help="Also score source kinds and anonymity against this label file (the format of dev-speaker-kinds.jsonl, scored as its SPEAKER-KINDS.md defines).")] = None,
    errors: Annotated[int, typer.Option("--errors", min=0, help="How many misses, false hits and source-kind errors to list.")] = 20,
    split: Annotated[Split, typer.Option("--split", help="SpkAtt only: all speeches, the tuning ones or the fixed 20 held-out ones (provenance/spkatt.py HELD_OUT).")] = Split.all,
    threads: Threads = 1,
    config_dir: ConfigDir = None,
    genre_choice: GenreOption = None,
    attribution_model: AttributionModelOption = None,
) -> None:
    """Score the engine against gold quotations: the official WIKINEWS metric (macro), token figures pooled (micro);
    on SpkAtt-2023 speeches also that task's metric (cue, roles, joint)."""
    from provenance import analysis, evaluate as evaluation, genre, parsing, spkatt

    spkatt_scores = None
    try:
        _check_outputs(output)
        labels = evaluation.load_kind_labels(kinds) if kinds else None
        config = _configured(config_dir, attribution_model, genre_choice)
        parsing.limit_threads(threads)
        if not gold.exists():
            raise InputError(f"{gold}: cannot read (no such file or directory)")
        if spkatt.looks_like_spkatt(gold):
            speeches = spkatt.select(spkatt.load_speeches([gold]), Split(split).value)
            analysed = spkatt.analyze_speeches(speeches, lambda articles: analysis.analyze_many(articles, config))
            spkatt_scores = evaluation.score_spkatt_results(analysed)
        else:
            if Split(split) is not Split.all:
                raise ProvenanceError("--split chooses SpkAtt-2023 speeches; this gold file is WIKINEWS")
            analysed = evaluation.analyze_gold(gold, lambda pairs: analysis.analyze_many(
                [analysis.Article(text, id) for text, id in pairs], config), labels)
        if not analysed:
            raise InputError(f"{gold}: no gold article in it")
        result = evaluation.score_results(analysed)
        kind_report = evaluation.score_kinds(labels, analysed) if labels is not None else None
    except (ProvenanceError, ValueError, OSError) as exc:
        _fail(str(exc))
    console = ReportingConsole()
    if spkatt_scores is not None:
        _to_stdout(lambda: evaluation.render_spkatt(spkatt_scores, console))
    _to_stdout(lambda: evaluation.render(result, console, max_errors=errors))
    if kind_report is not None:
        _to_stdout(lambda: evaluation.render_kinds(kind_report, console, max_errors=errors))
    if output:
        try:
            # what ran is said for speeches; WIKINEWS figures keep their JSON as it was
            about = ({"genre": config.settings.genre, "genres": genre.genres_used(analysed)}
                     if spkatt_scores is not None else None)
            evaluation.write_json(output, result, kind_report, spkatt_scores, about)
        except ProvenanceError as exc:
            _fail(str(exc))


class Level(str, Enum):
    claims = "claims"
    sources = "sources"


StorePath = Annotated[Optional[Path], typer.Option("--store", metavar="PATH", help="Answer from this DuckDB store (analyze --store) instead of analysing INPUTs.")]


def _from(inputs: list[str] | None, store: Path | None) -> None:
    if bool(inputs) == (store is not None):
        raise ProvenanceError("give either INPUT… or --store PATH")


@app.command("graph", cls=_Command)
@reads_articles
def graph_command(
    reading: Reading,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="File to write; its extension picks the format: .graphml, .gexf, .json, .dot, .csv (the edges, and the nodes in FILE.nodes.csv), .svg, .png, .provn, .provjson, .html.")],
    level: Annotated[Level, typer.Option("--level", help="claims: articles, claims and sources, each chain hop by hop; sources: who cites whom, sources as nodes and citations and relays as edges weighted by claims.")] = Level.claims,
    store: StorePath = None,
    with_stories: Annotated[bool, _flag("--stories", help="Add the stories as nodes linking their claims.")] = False,
) -> None:
    """One provenance graph across the articles, written as GraphML, GEXF, JSON, DOT, CSV, SVG/PNG, PROV or HTML."""
    from provenance import export, queries
    from provenance.graph import at_level, corpus_graph

    try:
        _from(reading.inputs, store)
        if with_stories and level is Level.sources:
            raise ProvenanceError("--stories shows stories linking claims: it needs --level claims")
        export.check_target(output)
        _check_outputs(output, export.companion_path(output))
        config = reading.config()
        if store is not None:
            from provenance import store as stores

            with stores.open_for_queries(store) as db:
                graph = stores.graph(db, config)
                if with_stories:
                    from provenance import stories

                    stories.add_to_graph(graph, stories.find(db))
        elif with_stories:
            from provenance import stories, store as stores

            with _memory_store(reading, config) as db:
                graph = stores.graph(db, config)
                stories.add_to_graph(graph, stories.find(db))
        else:
            graph = corpus_graph(list(reading.results(config)), config)
        graph = at_level(graph, level.value)
        export.export(graph, output)
    except ProvenanceError as exc:
        _fail(str(exc))
    companion = export.companion_path(output)
    also = f" and {companion} (nodes)" if companion else ""
    err.print(plain(f"wrote {output}{' (edges)' if companion else ''}{also}: {queries.count(graph.number_of_nodes(), 'node')}, "
                    f"{queries.count(graph.number_of_edges(), 'edge')}", keep=""),
              highlight=False, markup=False, soft_wrap=True)


@app.command("trace", cls=_Command)
@reads_articles
def trace_command(
    reading: Reading,
    claim: Annotated[Optional[str], typer.Option("--claim", metavar="TEXT", help="Only claims containing this text.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", metavar="NAME", help="Only claims that passed through this source (an outlet by any alias).")] = None,
    anonymous: Annotated[bool, _flag("--anonymous", help="Only claims resting on an anonymous or unspecified origin, or on none.")] = False,
    format: Annotated[QueryFormat, typer.Option("--format", "-f", help="text: a tree per article; json: schema provenance.traces/1; csv: one row per claim.")] = QueryFormat.text,
    output_path: QueryOutput = None,
    store: StorePath = None,
) -> None:
    """The chain of each matching claim, from the publisher down to its origin."""
    from provenance import queries

    try:
        output.check_writable(output_path)
        _from(reading.inputs, store)
        config = reading.config()
        if store is not None:
            from provenance import store as stores

            with stores.open_for_queries(store) as db:
                found = stores.trace(db, claim=claim, source=source, anonymous=anonymous, config=config)
        else:
            found = queries.trace(list(reading.results(config)), claim=claim, source=source, anonymous=anonymous,
                                  config=config)
        if format is QueryFormat.json:
            _write_document(queries.json_text(queries.traces_document(found)), output_path)
        elif format is QueryFormat.csv:
            _write_document(csv_text(queries.TRACE_COLUMNS, queries.trace_rows(found)), output_path)
        else:
            _render_to(output_path, lambda console: queries.render_traces(found, console))
    except ProvenanceError as exc:
        _fail(str(exc))


def _write_document(text: str, path: Path | None) -> None:
    """A finished JSON or CSV answer to ``path`` (atomically) or to standard output."""
    if path is None:
        _to_stdout(lambda: sys.stdout.write(text))
    else:
        output.write_document(text, path)


def _render_to(path: Path | None, draw: Callable[[Console], None]) -> None:
    """A rich rendering to standard output, or as plain text to ``path``."""
    if path is None:
        _to_stdout(lambda: draw(ReportingConsole()))
        return
    console = ReportingConsole(record=True, file=io.StringIO(), width=120)
    draw(console)
    output.write_document(console.export_text(), path)


@app.command("sources", cls=_Command)
@reads_articles
def sources_command(
    reading: Reading,
    format: Annotated[QueryFormat, typer.Option("--format", "-f", help="text: a table; json: schema provenance.sources/1; csv: one row per source.")] = QueryFormat.text,
    output_path: QueryOutput = None,
    store: StorePath = None,
) -> None:
    """The sources across the articles, ranked by the claims that rest on them."""
    from provenance import queries

    try:
        output.check_writable(output_path)
        _from(reading.inputs, store)
        config = reading.config()
        if store is not None:
            from provenance import store as stores

            with stores.open_for_queries(store) as db:
                rows = stores.rank_sources(db)
        else:
            rows = queries.rank_sources(list(reading.results(config)), config)
        if format is QueryFormat.json:
            _write_document(queries.json_text(queries.sources_document(rows)), output_path)
        elif format is QueryFormat.csv:
            _write_document(csv_text(queries.SOURCE_COLUMNS, queries.source_rows(rows)), output_path)
        else:
            _render_to(output_path, lambda console: queries.render_sources(rows, console))
    except ProvenanceError as exc:
        _fail(str(exc))


class SchemaName(str, Enum):
    article = "article"
    traces = "traces"
    sources = "sources"


@app.command("schema", cls=_Command)
def schema_command(
    name: Annotated[SchemaName, typer.Argument(help="article: analyze --format json|jsonl; traces: trace --format json; sources: sources --format json.")] = SchemaName.article,
) -> None:
    """Print the JSON Schema of a JSON output (default: provenance.article/1)."""
    _to_stdout(lambda: sys.stdout.write(schema_module.schema_text(name.value)))


class StoryFormat(str, Enum):
    text = "text"
    json = "json"


def _memory_store(reading: Reading, config: config_module.Config):
    """The inputs analysed into a store in memory (for stories from files)."""
    from provenance import engine as engines, store as stores

    db = stores.Store(":memory:")
    sink = engines.TableSink(config)
    sink.store, sink.batch = db, db.begin_batch()
    for analysed in reading.results(config, keep_docs=True):
        sink.add(analysed)
    sink.flush()
    db.finish()
    return db


@app.command("stories", cls=_Command)
@reads_articles
def stories_command(
    reading: Reading,
    format: Annotated[StoryFormat, typer.Option("--format", "-f", help="text or json.")] = StoryFormat.text,
    store: StorePath = None,
) -> None:
    """The same claim across articles: stories with their outlets, origins, first appearance and flags."""
    from provenance import stories, store as stores

    try:
        _from(reading.inputs, store)
        config = reading.config()
        db = stores.open_for_queries(store) if store is not None else _memory_store(reading, config)
        with db:
            found = stories.find(db)
    except ProvenanceError as exc:
        _fail(str(exc))
    if format is StoryFormat.json:
        _to_stdout(lambda: typer.echo(stories.to_json(found)))
    else:
        _to_stdout(lambda: stories.render(found, ReportingConsole()))


@app.command("train", cls=_Command)
def train_command(
    data: Annotated[list[Path], typer.Argument(help="Training data: WIKINEWS JSON/JSONL, provenance.article/1 JSON/JSONL (analyze output, corrected), or SpkAtt-2023 task-1 JSON files or directories.", metavar="DATA", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="Directory to write the model to.")],
    genre: Annotated[str, typer.Option("--genre", help="news or debate: what the model is for (its card says so).")] = "news",
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds (by article) for the thresholds and the calibration.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold split.")] = 13,
    threads: Threads = 1,
    config_dir: ConfigDir = None,
) -> None:
    """Train a learned attribution model over the rules; use it with analyze --attribution-model DIR."""
    from provenance import genre as genre_module, learned, parsing

    try:
        parsing.limit_threads(threads)
        # a debate model learns over the debate rule families, as it will run
        result = learned.training.train_to([str(p) for p in data], genre, output,
                                           genre_module.genre_config(_config(config_dir), genre), folds, seed,
                                           log=lambda line: err.print(plain(line, keep=""), highlight=False))
    except (ProvenanceError, OSError) as exc:
        _fail(str(exc))
    _to_stdout(lambda: ReportingConsole().print(plain(
        f"wrote {output}: cross-validated official joint F1 {result.rules_cv.joint} (rules) -> "
        f"{result.learned_cv.joint} (rules + learned)", keep=""), highlight=False))


@models_app.command("info", cls=_Command)
def models_info(config_dir: ConfigDir = None, attribution_model: AttributionModelOption = None) -> None:
    """Which parser model is in use, where it lives, its scores, the attribution models, and the parse cache."""
    from provenance import learned, parsing
    from provenance.cache import ParseCache

    try:
        config = _config(config_dir)
        config = learned.with_model(config, attribution_model) if attribution_model else config
        settings = config.settings
        info = parsing.model_info(settings.model)
        info["attribution"] = learned.bundled.models_info(settings)
        info["cache"] = {"enabled": settings.cache.enabled, **ParseCache(settings.cache.dir).info()}
    except ProvenanceError as exc:
        _fail(str(exc))
    _to_stdout(lambda: ReportingConsole().print_json(visible_json(json.dumps(info, ensure_ascii=False))))


@models_app.command("download", cls=_Command)
def models_download(
    directory: Annotated[Optional[Path], typer.Option("--dir", metavar="DIR", help="Where to put the official Stanza German models.")] = None,
) -> None:
    """Fetch Stanza's official German models (needs internet)."""
    from provenance import parsing

    try:
        target = parsing.download_official(str(directory) if directory else None)
    except ProvenanceError as exc:
        _fail(str(exc))
    _to_stdout(lambda: ReportingConsole().print(plain(
        f"official Stanza German models in {target}; set model.source: stanza and model.dir in "
        "configs/default.yaml", keep=""), highlight=False))


def main() -> None:
    """The ``provenance`` command: whatever goes wrong ends in one line and a
    non-zero exit, never a traceback; a closed standard output (``| head``)
    is that one line too (:func:`_to_stdout`), and exit code 1."""
    try:
        app()
    except BrokenPipeError:
        _stdout_gone()
        raise SystemExit(1) from None
    except Exception as exc:  # noqa: BLE001 - a bug, still reported in one line
        err.print(Text.assemble(("error:", "red"), " ", plain(f"internal error ({type(exc).__name__}: {exc}); "
                                                              "please report it", keep="")), highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
    finally:
        _flush_stdout()


def _flush_stdout() -> None:
    """Flush standard output now, so that a reader that went away does not
    make Python print a traceback of its own at exit."""
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        _stdout_gone()


def _stdout_gone() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
