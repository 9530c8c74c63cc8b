"""The command line: a thin skin over the library, with the same verbs."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from provenance import analysis, config as config_module, evaluate as evaluation, export, parsing, report
from provenance.errors import InputError, ProvenanceError
from provenance.inputs import read_articles

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
        result = evaluation.evaluate(gold, lambda text, id: analysis.analyze(text, id=id, config=config))
    except (ProvenanceError, ValueError) as exc:
        _fail(str(exc))
    evaluation.render(result, Console(), max_errors=errors)
    if output:
        output.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


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
