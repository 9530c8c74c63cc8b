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

from provenance import analysis, config as config_module, corpus, evaluate as evaluation, export, learned, output, parsing, queries
from provenance.cache import ParseCache
from provenance.errors import InputError, ProvenanceError
from provenance.graph import corpus_graph
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
AttributionModelOption = Annotated[Optional[str], typer.Option("--attribution-model", help="A learned attribution model: a bundled one by name (news) or a directory 'provenance train' wrote; overrides attribution in default.yaml.")]
Force = Annotated[bool, typer.Option("--force", help="Analyse text that does not look German.")]


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
    attribution_model: AttributionModelOption = None,
) -> None:
    """Find every attributed claim, its source and its chain, per article."""
    try:
        config = corpus.with_cache(_config(config_dir), False) if no_cache else _config(config_dir)
        config = learned.with_model(config, attribution_model) if attribution_model else config
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


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file in the WIKINEWS quotation JSONL format.")],
    output: Annotated[Optional[Path], typer.Option("--json", help="Also write the figures as JSON here.")] = None,
    kinds: Annotated[Optional[Path], typer.Option("--kinds", help="Also score source kinds and anonymity against this label file (the format of dev-speaker-kinds.jsonl, scored as its SPEAKER-KINDS.md defines).")] = None,
    errors: Annotated[int, typer.Option(help="How many misses, false hits and source-kind errors to list.")] = 20,
    threads: Threads = 1,
    config_dir: ConfigDir = None,
    attribution_model: AttributionModelOption = None,
) -> None:
    """Score the engine against gold quotations: the official WIKINEWS metric (macro), token figures pooled (micro)."""
    try:
        labels = evaluation.load_kind_labels(kinds) if kinds else None
        config = _config(config_dir)
        config = learned.with_model(config, attribution_model) if attribution_model else config
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


Inputs = Annotated[list[str], typer.Argument(help="Article files (UTF-8 text).")]


@app.command("graph")
def graph_command(
    inputs: Inputs,
    output: Annotated[Path, typer.Option("--output", "-o", help=f"File to write; its extension picks the format: {', '.join(export.FORMATS)}.")],
    config_dir: ConfigDir = None,
) -> None:
    """One provenance graph across the articles, written as GraphML, GEXF, JSON, DOT, CSV, SVG/PNG, PROV or HTML."""
    try:
        export.check_target(output)
        config = _config(config_dir)
        graph = corpus_graph(_load_results(inputs, config), config)
        export.export(graph, output)
    except ProvenanceError as exc:
        _fail(str(exc))
    err.print(plain(f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)", keep=""),
              highlight=False, markup=False, soft_wrap=True)


@app.command("trace")
def trace_command(
    inputs: Inputs,
    claim: Annotated[Optional[str], typer.Option("--claim", help="Only claims containing this text.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only claims that passed through this source (an outlet by any alias).")] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="Only claims resting on an anonymous or unspecified origin.")] = False,
    config_dir: ConfigDir = None,
) -> None:
    """The chain of each matching claim, from the publisher down to its origin."""
    try:
        config = _config(config_dir)
        found = queries.trace(_load_results(inputs, config), claim=claim, source=source, anonymous=anonymous,
                              config=config)
    except ProvenanceError as exc:
        _fail(str(exc))
    queries.render_traces(found, Console())


@app.command("sources")
def sources_command(inputs: Inputs, config_dir: ConfigDir = None) -> None:
    """The sources across the articles, ranked by the claims that rest on them."""
    try:
        config = _config(config_dir)
        rows = queries.rank_sources(_load_results(inputs, config), config)
    except ProvenanceError as exc:
        _fail(str(exc))
    queries.render_sources(rows, Console())


@app.command("train")
def train_command(
    data: Annotated[list[Path], typer.Argument(help="Training data: WIKINEWS JSON/JSONL, provenance.article/1 JSON/JSONL (analyze output, corrected), or SpkAtt-2023 task-1 JSON files or directories.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory to write the model to.")],
    genre: Annotated[str, typer.Option("--genre", help="news or debate: what the model is for (its card says so).")] = "news",
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds (by article) for the thresholds and the calibration.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold split.")] = 13,
    threads: Threads = 1,
    config_dir: ConfigDir = None,
) -> None:
    """Train a learned attribution model over the rules; use it with analyze --attribution-model DIR."""
    try:
        parsing.limit_threads(threads)
        result = learned.training.train_to([str(p) for p in data], genre, output, _config(config_dir), folds, seed,
                                           log=lambda line: err.print(plain(line, keep=""), highlight=False))
    except (ProvenanceError, OSError) as exc:
        _fail(str(exc))
    Console().print(plain(f"wrote {output}: cross-validated official joint F1 {result.rules_cv.joint} (rules) -> "
                          f"{result.learned_cv.joint} (rules + learned)", keep=""), highlight=False)


@models_app.command("info")
def models_info(config_dir: ConfigDir = None, attribution_model: AttributionModelOption = None) -> None:
    """Which parser model is in use, where it lives, its scores, the attribution models, and the parse cache."""
    try:
        config = _config(config_dir)
        config = learned.with_model(config, attribution_model) if attribution_model else config
        settings = config.settings
        info = parsing.model_info(settings.model)
        info["attribution"] = learned.bundled.models_info(settings)
        info["cache"] = {"enabled": settings.cache.enabled, **ParseCache(settings.cache.dir).info()}
    except ProvenanceError as exc:
        _fail(str(exc))
    Console().print_json(visible_json(json.dumps(info, ensure_ascii=False)))


@models_app.command("download")
def models_download(
    directory: Annotated[Optional[Path], typer.Option("--dir", help="Where to put the official Stanza German models.")] = None,
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
