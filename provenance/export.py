"""Article results as JSON (schema ``provenance.article/1``)."""

from __future__ import annotations

import json

from provenance.records import ArticleResult, Attribution, Source, Span

SCHEMA = "provenance.article/1"


def span(s: Span | None) -> dict | None:
    return None if s is None else {"text": s.text, "start": s.start, "end": s.end}


def _source(s: Source) -> dict:
    return {"id": s.id, "name": s.name, "kind": s.kind, "anonymous": s.anonymous,
            "descriptor": s.descriptor, "affiliation": s.affiliation,
            "mentions": [span(m) for m in s.mentions]}


def _attribution(a: Attribution) -> dict:
    source = None
    if a.source is not None or a.source_id is not None:
        source = {**(span(a.source) or {"text": None, "start": None, "end": None}), "source_id": a.source_id}
    return {
        "id": a.id, "form": a.form, "medium": a.medium,
        "cue": None if a.cue is None else {"text": a.cue.text, "spans": [span(s) for s in a.cue.spans]},
        "source": source, "claim": span(a.claim), "frame": span(a.frame), "addressee": span(a.addressee),
        "via": a.via, "rule": a.rule, "confidence": a.confidence, "evidence": a.evidence,
    }


def to_dict(result: ArticleResult) -> dict:
    publisher = None
    if result.publisher is not None:
        publisher = {"name": result.publisher.name, "evidence": span(result.publisher.evidence)}
    return {
        "schema": SCHEMA,
        "article": {"id": result.id, "path": result.path, "language": result.language,
                    "publisher": publisher, "model": result.model, **(
                        {"metadata": dict(result.metadata)} if result.metadata else {})},
        "sources": [_source(s) for s in result.sources],
        "attributions": [_attribution(a) for a in result.attributions],
        "chains": [{"claim": span(c.claim), "attributions": list(c.attributions), "path": list(c.path)}
                   for c in result.chains],
    }


def to_json(result: ArticleResult, indent: int | None = 2) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=indent)
