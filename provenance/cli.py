"""The command line: a thin skin over the library, with the same verbs."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from provenance import analysis, config as config_module, evaluate as evaluation, export, parsing, queries, report
from provenance.errors import InputError, ProvenanceError
from provenance.graph import corpus_graph
from provenance.inputs import read_articles
from provenance.records import ArticleResult

app = typer.Typer(help="Source attribution and claim provenance for German news.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
models_app = typer.Typer(help="The German parser model.", no_args_is_help=True)
app.add_typer(models_app, name="models")
err = Console(stderr=True)

ConfigDir = Annotated[Optional[Path], typer.Option("--config", help="Directory with default.yaml, cues.yaml, outlets.yaml, sources.yaml.")]


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _config(directory: Path | None) -> config_module.Config:
    return config_module.load_config(str(directory) if directory else None)


def _load_results(inputs: list[str], config: config_module.Config) -> list[ArticleResult]:
    """Analyse every readable input; each unreadable one is skipped with one
    line on stderr."""
    articles = []
    for item in read_articles(inputs):
        if isinstance(item, InputError):
            # escaped: a file name may hold "[", which rich reads as markup
            err.print(f"[yellow]skipped:[/] {escape(str(item))}", highlight=False, soft_wrap=True)
        else:
            articles.append(item)
    if not articles:
        raise InputError("no article could be read")
    return analysis.analyze_many(articles, config)


@app.command()
def analyze(
    files: Annotated[list[str], typer.Argument(help="Article files (UTF-8 text).")],
    format: Annotated[Format, typer.Option("--format", "-f", help="text report, json or jsonl.")] = Format.text,
    config_dir: ConfigDir = None,
) -> None:
    """Find every attributed claim, its source and its chain, per article."""
    try:
        config = _config(config_dir)
        articles, failed = [], 0
        for item in read_articles(files):
            if isinstance(item, InputError):
                err.print(f"[yellow]skipped:[/] {item}", highlight=False, soft_wrap=True)
                failed += 1
            else:
                articles.append(item)
        if not articles:
            _fail("no article could be read")
        results = analysis.analyze_many(articles, config)
    except ProvenanceError as exc:
        _fail(str(exc))
    console = Console()
    for result in results:
        if format is Format.text:
            report.render(result, console)
        elif format is Format.json:
            print(export.to_json(result))
        else:
            print(export.to_json(result, indent=None))
    if failed:
        err.print(f"{len(results)} processed, {failed} skipped")


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file in the WIKINEWS quotation JSONL format.")],
    output: Annotated[Optional[Path], typer.Option("--json", help="Also write the figures as JSON here.")] = None,
    errors: Annotated[int, typer.Option(help="How many misses and false hits to list.")] = 20,
    config_dir: ConfigDir = None,
) -> None:
    """Score the engine against gold quotations (SpkAtt-2023 metric)."""
    try:
        config = _config(config_dir)
        result = evaluation.evaluate(gold, lambda pairs: analysis.analyze_many(
            [analysis.Article(text, id) for text, id in pairs], config))
    except (ProvenanceError, ValueError) as exc:
        _fail(str(exc))
    evaluation.render(result, Console(), max_errors=errors)
    if output:
        output.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


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
    err.print(f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)",
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


@models_app.command("info")
def models_info(config_dir: ConfigDir = None) -> None:
    """Which parser model is in use, where it lives, and its scores."""
    try:
        info = parsing.model_info(_config(config_dir).settings.model)
    except ProvenanceError as exc:
        _fail(str(exc))
    Console().print_json(json.dumps(info, ensure_ascii=False))


@models_app.command("download")
def models_download(
    directory: Annotated[Optional[Path], typer.Option("--dir", help="Where to put the official Stanza German models.")] = None,
) -> None:
    """Fetch Stanza's official German models (needs internet)."""
    try:
        target = parsing.download_official(str(directory) if directory else None)
    except ProvenanceError as exc:
        _fail(str(exc))
    Console().print(f"official Stanza German models in {target}; set model.source: stanza and model.dir in configs/default.yaml")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
