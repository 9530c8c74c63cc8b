"""provenance: who is said to have said what in German news, and through whom."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("provenance")
except _metadata.PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"

from provenance.analysis import Article, analyze, analyze_many, attribute
from provenance.config import Config, load_config
from provenance.errors import ConfigError, InputError, ModelError, ProvenanceError
from provenance.export import to_dict, to_json
from provenance import export  # a callable module: provenance.export(graph, path) writes a graph file
from provenance.graph import article_graph, chains, corpus_graph, source_graph
from provenance.parsing import parse, parse_many
from provenance.reading import analyze_corpus
from provenance.records import (
    ArticleResult, Attribution, Chain, Cue, Entity, ParsedDocument, Publisher, Sentence, Source, Span, Token, Word,
)
from provenance.schemas import schema
from provenance.table import attribution_rows, to_dataframe

__all__ = [
    "Article", "ArticleResult", "Attribution", "Chain", "Config", "ConfigError", "Cue", "Entity", "InputError",
    "ModelError", "ParsedDocument", "ProvenanceError", "Publisher", "Sentence", "Source", "Span", "Token",
    "Word", "__version__", "analyze", "analyze_corpus", "analyze_many", "article_graph", "attribute",
    "attribution_rows", "chains", "corpus_graph", "export", "load_config", "parse", "parse_many", "schema",
    "source_graph", "to_dataframe", "to_dict", "to_json",
]
