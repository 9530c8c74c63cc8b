"""The command line: a thin skin over the library, with the same verbs."""

from __future__ import annotations

import functools
import inspect
import io
import json
import sys
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from provenance import schemas as schema_module
from provenance import __version__, analysis, config as config_module, corpus, evaluate as evaluation, export, output, parsing, queries
from provenance.cache import ParseCache
from provenance.errors import InputError, ProvenanceError
from provenance.graph import at_level, corpus_graph
from provenance.inputs import count_articles, read_articles
from provenance.records import ArticleResult
from provenance.safe_text import plain, visible_json

app = typer.Typer(help="Source attribution and claim provenance for German news.", no_args_is_help=True,
                  pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]})
models_app = typer.Typer(help="The German parser model.", no_args_is_help=True)
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
Inputs = Annotated[list[str], typer.Argument(help=INPUTS_HELP, metavar="INPUT", show_default=False)]
Glob = Annotated[Optional[str], typer.Option("--glob", metavar="PATTERN", help="In directories, only files matching this pattern (recursive), e.g. '*.html'. Default: every .txt, .html, .htm, .json, .jsonl file.")]
Force = Annotated[bool, _flag("--force", help="Analyse text that does not look German.")]
NoCache = Annotated[bool, _flag("--no-cache", help="Parse every article again instead of using the parse cache (see 'provenance models info').")]
BatchSize = Annotated[int, typer.Option("--batch-size", min=1, help="Articles parsed in one Stanza batch; bounds memory.")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes, each with its own parser; see README for when it pays.")]


@dataclass(frozen=True, slots=True)
class Reading:
    """How a command reads and analyses its articles: the input options
    that ``analyze``, ``graph``, ``trace`` and ``sources`` share. A command
    gets one through :func:`reads_articles`; a new shared option is a field
    here and a parameter in ``_READING_PARAMETERS``."""

    inputs: list[str]
    glob: str | None = None
    force: bool = False
    no_cache: bool = False
    batch_size: int = corpus.BATCH_SIZE
    jobs: int = 1
    threads: int = 1
    config_dir: Path | None = None

    def config(self) -> config_module.Config:
        config = _config(self.config_dir)
        return corpus.with_cache(config, False) if self.no_cache else config

    def options(self, done: frozenset[str] = frozenset()) -> corpus.RunOptions:
        return corpus.RunOptions(batch_size=self.batch_size, jobs=self.jobs, threads=self.threads,
                                 force=self.force, done=done)

    def results(self, config: config_module.Config, done: frozenset[str] = frozenset()) -> Iterator[ArticleResult]:
        """Every article analysed, as a stream (see :func:`_results`)."""
        return _results(self.inputs, config, self.options(done), self.glob)


# name, annotation, default: the parameters :func:`reads_articles` adds, in this order
_READING_PARAMETERS: tuple[tuple[str, object, object], ...] = (
    ("glob", Glob, None),
    ("force", Force, False),
    ("no_cache", NoCache, False),
    ("batch_size", BatchSize, corpus.BATCH_SIZE),
    ("jobs", Jobs, 1),
    ("threads", Threads, 1),
    ("config_dir", ConfigDir, None),
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
    inputs = inspect.Parameter("inputs", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Inputs)
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
        if isinstance(outcome, ArticleResult):
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


@app.command()
@reads_articles
def analyze(
    reading: Reading,
    format: Annotated[Format, typer.Option("--format", "-f", help="text report; json (one object, or an array for several articles) or jsonl (schema: 'provenance schema'); csv or parquet: the flat table, one row per attribution (parquet needs -o FILE).")] = Format.text,
    output_path: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write here instead of standard output: jsonl article by article, the others when complete.")] = None,
    resume: Annotated[bool, _flag("--resume", help="With --format jsonl -o FILE: leave out the articles whose ids FILE already holds, append the rest.")] = False,
    full: Annotated[bool, _flag("--full", help="In the text report, every claim whole (each claim always shows its character offsets).")] = False,
) -> None:
    """Find every attributed claim, its source and its chain, per article."""
    try:
        config = reading.config()
        # checked and read before the writer opens the file: a refused --resume leaves it alone
        done = output.resume_ids(format.value, output_path) if resume else frozenset()
        writer = output.open_writer(format.value, output_path, resume, full=full)
        try:
            for result in reading.results(config, done):
                writer.write(result)
        except BaseException:
            writer.discard()
            raise
        writer.close()
    except ProvenanceError as exc:
        _fail(str(exc))


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file in the WIKINEWS quotation JSONL format.", metavar="GOLD.jsonl")],
    output: Annotated[Optional[Path], typer.Option("--json", metavar="FILE", help="Also write the figures as JSON here.")] = None,
    kinds: Annotated[Optional[Path], typer.Option("--kinds", metavar="FILE", help="Also score source kinds and anonymity against this label file (the format of dev-speaker-kinds.jsonl, scored as its SPEAKER-KINDS.md defines).")] = None,
    errors: Annotated[int, typer.Option("--errors", help="How many misses, false hits and source-kind errors to list.")] = 20,
    threads: Threads = 1,
    config_dir: ConfigDir = None,
) -> None:
    """Score the engine against gold quotations: the official WIKINEWS metric (macro), token figures pooled (micro)."""
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


class Level(str, Enum):
    claims = "claims"
    sources = "sources"


@app.command("graph")
@reads_articles
def graph_command(
    reading: Reading,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help=f"File to write; its extension picks the format: {', '.join(export.FORMATS)} (.csv: the edges, and the nodes in FILE.nodes.csv).")],
    level: Annotated[Level, typer.Option("--level", help="claims: articles, claims and sources, each chain hop by hop; sources: who cites whom, sources as nodes and citations and relays as edges weighted by claims.")] = Level.claims,
) -> None:
    """One provenance graph across the articles, written as GraphML, GEXF, JSON, DOT, CSV, SVG/PNG, PROV or HTML."""
    try:
        export.check_target(output)
        config = reading.config()
        graph = at_level(corpus_graph(list(reading.results(config)), config), level.value)
        export.export(graph, output)
    except ProvenanceError as exc:
        _fail(str(exc))
    companion = export.companion_path(output)
    also = f" and {companion} (nodes)" if companion else ""
    err.print(plain(f"wrote {output}{' (edges)' if companion else ''}{also}: {queries.count(graph.number_of_nodes(), 'node')}, "
                    f"{queries.count(graph.number_of_edges(), 'edge')}", keep=""),
              highlight=False, markup=False, soft_wrap=True)


@app.command("trace")
@reads_articles
def trace_command(
    reading: Reading,
    claim: Annotated[Optional[str], typer.Option("--claim", metavar="TEXT", help="Only claims containing this text.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", metavar="NAME", help="Only claims that passed through this source (an outlet by any alias).")] = None,
    anonymous: Annotated[bool, _flag("--anonymous", help="Only claims resting on an anonymous or unspecified origin, or on none.")] = False,
    format: Annotated[QueryFormat, typer.Option("--format", "-f", help="text: a tree per article; json: schema provenance.traces/1; csv: one row per claim.")] = QueryFormat.text,
    output_path: QueryOutput = None,
) -> None:
    """The chain of each matching claim, from the publisher down to its origin."""
    try:
        output.check_writable(output_path)
        config = reading.config()
        found = queries.trace(list(reading.results(config)), claim=claim, source=source, anonymous=anonymous,
                              config=config)
        if format is QueryFormat.json:
            output.write_document(queries.json_text(queries.traces_document(found)), output_path)
        elif format is QueryFormat.csv:
            output.write_document(queries.csv_text(queries.TRACE_COLUMNS, queries.trace_rows(found)), output_path)
        else:
            _render_to(output_path, lambda console: queries.render_traces(found, console))
    except ProvenanceError as exc:
        _fail(str(exc))


def _render_to(path: Path | None, draw: Callable[[Console], None]) -> None:
    """A rich rendering to standard output, or as plain text to ``path``."""
    if path is None:
        draw(Console())
        return
    console = Console(record=True, file=io.StringIO(), width=120)
    draw(console)
    output.write_document(console.export_text(), path)


@app.command("sources")
@reads_articles
def sources_command(
    reading: Reading,
    format: Annotated[QueryFormat, typer.Option("--format", "-f", help="text: a table; json: schema provenance.sources/1; csv: one row per source.")] = QueryFormat.text,
    output_path: QueryOutput = None,
) -> None:
    """The sources across the articles, ranked by the claims that rest on them."""
    try:
        output.check_writable(output_path)
        config = reading.config()
        rows = queries.rank_sources(list(reading.results(config)), config)
        if format is QueryFormat.json:
            output.write_document(queries.json_text(queries.sources_document(rows)), output_path)
        elif format is QueryFormat.csv:
            output.write_document(queries.csv_text(queries.SOURCE_COLUMNS, queries.source_rows(rows)), output_path)
        else:
            _render_to(output_path, lambda console: queries.render_sources(rows, console))
    except ProvenanceError as exc:
        _fail(str(exc))


class SchemaName(str, Enum):
    article = "article"
    traces = "traces"
    sources = "sources"


@app.command("schema")
def schema_command(
    name: Annotated[SchemaName, typer.Argument(help="article: analyze --format json|jsonl; traces: trace --format json; sources: sources --format json.")] = SchemaName.article,
) -> None:
    """Print the JSON Schema of a JSON output (default: provenance.article/1)."""
    sys.stdout.write(schema_module.schema_text(name.value))


@models_app.command("info")
def models_info(config_dir: ConfigDir = None) -> None:
    """Which parser model is in use, where it lives, its scores, and the parse cache."""
    try:
        settings = _config(config_dir).settings
        info = parsing.model_info(settings.model)
        info["cache"] = {"enabled": settings.cache.enabled, **ParseCache(settings.cache.dir).info()}
    except ProvenanceError as exc:
        _fail(str(exc))
    Console().print_json(visible_json(json.dumps(info, ensure_ascii=False)))


@models_app.command("download")
def models_download(
    directory: Annotated[Optional[Path], typer.Option("--dir", metavar="DIR", help="Where to put the official Stanza German models.")] = None,
) -> None:
    """Fetch Stanza's official German models (needs internet)."""
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
