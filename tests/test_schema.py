"""The JSON Schemas shipped in the package, and every JSON output the
command line writes validated against them."""

import copy
import json

import jsonschema
import pytest
from typer.testing import CliRunner

import provenance
from provenance import queries, schemas
from provenance.cli import app

from corpus_helpers import GERMAN, GERMAN_2, PAGE, jsonl, write
from graph_corpus import SEED, hostile_article, two_reuters_articles


def invoke(*args, input=None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


@pytest.mark.parametrize("name", schemas.NAMES)
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    schema = provenance.schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == f"provenance.{name}/1"
    done = invoke("schema", name)
    assert done.exit_code == 0 and json.loads(done.stdout) == schema


def test_schema_command_defaults_to_the_article_and_refuses_others():
    assert json.loads(invoke("schema").stdout)["title"] == "provenance.article/1"
    done = invoke("schema", "graph")
    assert done.exit_code == 2 and "Traceback" not in done.output


def test_every_result_of_the_test_corpus_is_valid():
    for result in (*two_reuters_articles(), hostile_article()):
        schemas.validate(json.loads(provenance.to_json(result)))


@pytest.mark.parametrize("break_it", [
    lambda d: d.pop("chains"),
    lambda d: d["attributions"][0].update(form="rumour"),
    lambda d: d["sources"][0].update(kind="celebrity"),
    lambda d: d["chains"][0]["claim"].update(start=-1),
    lambda d: d["attributions"][0].update(confidence=1.5),
    lambda d: d["article"].update(colour="blue"),
])
def test_the_article_schema_refuses_what_is_not_an_article(break_it):
    document = json.loads(provenance.to_json(two_reuters_articles()[0]))
    broken = copy.deepcopy(document)
    break_it(broken)
    with pytest.raises(jsonschema.ValidationError):
        schemas.validate(broken, "article")


def test_analyze_json_and_jsonl_outputs_are_valid(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": GERMAN, "url": "https://x.de/a", "title": "T"},
                                           {"id": "b", "text": GERMAN_2}])
    page = write(tmp_path / "page.html", PAGE)
    array = invoke("analyze", feed, page, "-f", "json")
    assert array.exit_code == 0, array.output
    documents = json.loads(array.stdout)
    assert [d["article"]["id"] for d in documents] == ["a", "b", "page"]
    for document in documents:
        schemas.validate(document)
    lines = invoke("analyze", feed, "-f", "jsonl")
    for line in lines.stdout.splitlines():
        schemas.validate(json.loads(line))
    one = invoke("analyze", SEED, "-f", "json")
    schemas.validate(json.loads(one.stdout))


def test_trace_and_sources_json_outputs_are_valid(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "seed", "text": SEED.read_text(encoding="utf-8")}])
    traced = invoke("trace", feed, "--anonymous", "-f", "json")
    assert traced.exit_code == 0, traced.output
    document = json.loads(traced.stdout)
    schemas.validate(document)
    assert document["schema"] == queries.TRACES_SCHEMA and document["traces"]
    assert all(t["rests_on_no_one"] for t in document["traces"])
    ranked = invoke("sources", feed, "-f", "json", "-o", tmp_path / "sources.json")
    assert ranked.exit_code == 0 and ranked.stdout == ""
    document = json.loads((tmp_path / "sources.json").read_text(encoding="utf-8"))
    schemas.validate(document)
    assert [s["rank"] for s in document["sources"]] == list(range(1, len(document["sources"]) + 1))


def test_query_documents_of_two_articles_are_valid():
    results = two_reuters_articles()
    schemas.validate(queries.traces_document(queries.trace(results)))
    schemas.validate(queries.sources_document(queries.rank_sources(results)))
    with pytest.raises(jsonschema.ValidationError):
        schemas.validate({"schema": "provenance.traces/1", "traces": [{"article_id": "a"}]})
