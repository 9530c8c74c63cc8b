"""The JSON Schemas (draft 2020-12) of every JSON document ``provenance``
writes, shipped in the package: ``provenance.article/1`` (``analyze
--format json|jsonl``), ``provenance.traces/1`` (``trace --format json``)
and ``provenance.sources/1`` (``sources --format json``).
``provenance schema NAME`` prints one."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from provenance.errors import ProvenanceError

STATIC = Path(__file__).resolve().parent / "static"
NAMES = ("article", "traces", "sources")


@functools.cache
def _load(name: str) -> str:
    return (STATIC / f"provenance.{name}-1.schema.json").read_text(encoding="utf-8")


def schema(name: str = "article") -> dict:
    """The JSON Schema of ``provenance.{name}/1``, as a dict (a fresh copy)."""
    if name not in NAMES:
        raise ProvenanceError(f"no schema {name!r}; there are: {', '.join(NAMES)}")
    return json.loads(_load(name))


def schema_text(name: str = "article") -> str:
    schema(name)  # checks the name
    return _load(name)


def validate(document: object, name: str | None = None) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``document`` (one object,
    as parsed from JSON) follows its schema; ``name`` defaults to the one its
    ``schema`` field names. Needs jsonschema (a test dependency)."""
    import jsonschema

    if name is None:
        tag = document.get("schema", "") if isinstance(document, dict) else ""
        name = tag.removeprefix("provenance.").removesuffix("/1")
    jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker()).validate(document)
